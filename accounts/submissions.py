"""A double click does nothing twice (issue 9.4).

A form that creates something carries a one-time token (:class:`SubmitTokenField`, a
hidden field with a fresh UUID each time the form is drawn). :func:`submit_once` claims
the token in the database in the same transaction as the work: the first submit inserts
the claim and acts; a second submit with the same token, even one running at the same
moment, waits on the unique constraint, finds the claim and gets the first result's URL.
If the work fails (a validation error), the claim is rolled back with it, so the form can
be corrected and sent again with the same token.

A service whose work is one INSERT takes the claim itself (:class:`Claim`,
:func:`insert_claimed`): the claim and the row are then one statement, atomic without a
transaction of its own, so the form's usual path costs no BEGIN and COMMIT."""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django import forms
from django.db import connection, models, transaction
from django.utils import timezone

from .models import FormSubmission, User

if TYPE_CHECKING:
    from django.http import QueryDict

TOKEN_FIELD = "submit_token"  # noqa: S105  # a form field's name, not a secret

# Claims older than this are deleted; a form resent later than this acts again.
KEEP_CLAIMS = datetime.timedelta(days=7)


class SubmitTokenField(forms.UUIDField):
    widget = forms.HiddenInput

    def __init__(self) -> None:
        # A callable initial: every drawing of the form gets its own token.
        super().__init__(required=False, initial=uuid.uuid4)


@dataclass(frozen=True)
class Submitted:
    url: str
    first: bool  # False: this submit repeated an earlier one, nothing was done


@dataclass(frozen=True)
class Claim:
    """A form's one-time token, for a service to claim with its own writes."""

    user: User
    token: uuid.UUID
    url: str  # the result's URL, known before acting


class AlreadySubmitted(Exception):  # noqa: N818  # a repeat, not an error
    """The token was claimed by an earlier submit; `url` is that submit's result."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def token_from(data: "QueryDict") -> uuid.UUID | None:
    try:
        return uuid.UUID(data.get(TOKEN_FIELD, ""))
    except (TypeError, ValueError):
        return None


def earlier_result(*, user: User, data: "QueryDict") -> str | None:
    """The result URL of an earlier submit of this very form, if there was one: checked
    before the form is validated, because a repeat may no longer validate (the first
    submit made the company a duplicate of itself, or the contact a colleague's)."""
    token = token_from(data)
    if token is None:
        return None
    return (
        FormSubmission.objects.filter(user=user, token=token)
        .values_list("result_url", flat=True)
        .first()
    )


def submit_once(
    *, user: User, token: uuid.UUID | None, act: Callable[[], str], url: str | None = None
) -> Submitted:
    """Run ``act`` (which does the work and returns the URL of its result) once per
    token. Without a token (a client that sends none) it simply acts. ``url``: the
    result's URL when it is known before acting, claimed with the token at once."""
    if token is None:
        return Submitted(url=act(), first=True)
    with transaction.atomic():
        claim = _claim(user=user, token=token, url=url or "")
        if claim is None:
            # A concurrent first submit has committed by now (the insert waited for it).
            return Submitted(url=_earlier_url(user, token), first=False)
        result = act()
        if result != url:
            FormSubmission.objects.filter(pk=claim).update(result_url=result)
    return Submitted(url=result, first=True)


def claim_or_raise(claim: Claim) -> None:
    """Claim the token in the caller's transaction, before its writes (a concurrent
    repeat waits here for the first to commit); AlreadySubmitted when it was claimed."""
    if _claim(user=claim.user, token=claim.token, url=claim.url) is None:
        raise AlreadySubmitted(_earlier_url(claim.user, claim.token))


def insert_claimed(instance: models.Model, claim: Claim) -> None:
    """Insert the new, validated `instance` and claim the token in one statement:
    ``WITH claim AS (INSERT ... ON CONFLICT DO NOTHING RETURNING id) INSERT INTO <table>
    SELECT ... FROM claim``. One statement is atomic by itself, so the row and its claim
    are written together or not at all, in or out of a transaction. A concurrent repeat
    waits on the claim's unique key as in submit_once, then inserts nothing and raises
    AlreadySubmitted."""
    meta = instance._meta
    model = type(instance)
    assert instance._state.adding and meta.auto_field is not None
    # The row is written past Model.save: only for a model whose save and signals add nothing.
    assert model.save is models.Model.save, f"{model.__name__} has its own save()"
    assert not any(
        signal.has_listeners(model)
        for signal in (models.signals.pre_save, models.signals.post_save)
    ), f"{model.__name__} has save signal receivers"
    fields = [
        field
        for field in meta.local_concrete_fields
        if field is not meta.auto_field and not field.generated
    ]
    # pre_save fills defaults and auto_now_add as Model.save would; the values go in as
    # parameters, which PostgreSQL types by their target columns in INSERT ... SELECT.
    values = [
        field.get_db_prep_save(field.pre_save(instance, add=True), connection) for field in fields
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(cast(str, field.column)) for field in fields)
    claims = quote(FormSubmission._meta.db_table)
    sql = (
        f"WITH claim AS (INSERT INTO {claims} (user_id, token, result_url, created_at) "  # noqa: S608  # the models' tables and columns
        "VALUES (%s, %s, %s, %s) ON CONFLICT (user_id, token) DO NOTHING RETURNING id) "
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "
        f"SELECT {', '.join(['%s'] * len(fields))} FROM claim "
        f"RETURNING {quote(cast(str, meta.auto_field.column))}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [claim.user.pk, claim.token, claim.url, timezone.now(), *values])
        row = cursor.fetchone()
    if row is None:
        raise AlreadySubmitted(_earlier_url(claim.user, claim.token))
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias


def _earlier_url(user: User, token: uuid.UUID) -> str:
    # The earlier claim has committed: the INSERT waited for it before doing nothing.
    return FormSubmission.objects.get(user=user, token=token).result_url


def _claim(*, user: User, token: uuid.UUID, url: str) -> int | None:
    """Claim the token: one INSERT ... ON CONFLICT DO NOTHING, which waits for a
    concurrent claim of the same token to commit or roll back. The claim's key, or None
    when the token was claimed already (no savepoint needed to survive the conflict)."""
    table = connection.ops.quote_name(FormSubmission._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, token, result_url, created_at) "  # noqa: S608  # the model's table
            "VALUES (%s, %s, %s, %s) ON CONFLICT (user_id, token) DO NOTHING RETURNING id",
            [user.pk, token, url, timezone.now()],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def submissions_delete_old(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = FormSubmission.objects.filter(created_at__lt=now - KEEP_CLAIMS).delete()
    return deleted
