"""A walk over the URL conf that fuzzes every GET parameter (issue 9): each page is
visited with real records of the jobcenter behind its codes, for every role and
anonymously; the parameters the view reads are learnt from that visit (every read of
`request.GET` is recorded), then each is sent hostile values (dates, numbers, huge
values, unicode, NUL, arrays). No answer may be a 500.

The hostile values are a generated table, classes × members, kept small enough that the
walk takes well under a minute on the test machine."""

import datetime
import itertools
import os
import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any, Self

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import timezone

from matching.tests.factories import make_candidate
from matching.tests.orders import take_job_order
from screening.models import CampaignCompany
from screening.services import campaign_create, visit_book
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactFactory,
    ContactPersonFactory,
    RelationshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Pages left out: signing out ends the walk, the language switch only redirects, and
# Django's own admin site is the operators' tool, not the product.
SKIPPED = {"accounts:logout", "set_language"}
SKIPPED_NAMESPACES = {"admin"}

# The classes of hostile value, a few members each.
DATES = ["0001-01-01", "1999-12-31", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13",
         "0001-01", "9999-12", "-1-01-01", "0000-00-00"]  # fmt: skip
NUMBERS = ["-1", "0", "2147483648", "99999999999999999999999999", "1e309", "NaN", "0x10",
           "١٢٣", "１２"]  # fmt: skip
TEXTS = [
    "", " ", "\x00", "a\x00b", "%00", "ÆØÅ🙂", "\u202e\u0000", "\ufffd", "x" * 3000,
    "' OR 1=1 --", "<script>alert(1)</script>", "{}", "[]", "None",
    "00000000-0000-0000-0000-000000000000",
]  # fmt: skip
HOSTILE = DATES + NUMBERS + TEXTS
# Per parameter alone (so no other parameter's refusal hides it): a member of each class.
EACH_ALONE = ["\x00", "99999999999999999999999999", "0001-01-01", "10000-01-01", "x" * 3000]


class _RecordingQueryDict(QueryDict):
    """A request's GET data that notes every key the view reads."""

    read: set[str]

    def _note(self, key: Any) -> None:
        if isinstance(key, str):
            self.read.add(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return super().get(key, default)

    def getlist(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return super().getlist(key, default)

    def __getitem__(self, key: Any) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return super().__contains__(key)

    def __copy__(self) -> Self:
        copied = super().__copy__()
        copied.read = self.read
        return copied

    def __deepcopy__(self, memo: MutableMapping[int, Any]) -> Self:
        copied = super().__deepcopy__(memo)
        copied.read = self.read
        return copied


@contextmanager
def recording_reads() -> Iterator[set[str]]:
    """Every key read from a request's GET data while the block runs."""
    keys: set[str] = set()
    original = WSGIRequest.__dict__["GET"]

    def recorded_get(request: WSGIRequest) -> QueryDict:
        if "_recorded_get" not in request.__dict__:
            data: Any = _RecordingQueryDict(request.META.get("QUERY_STRING", ""))
            data.read = keys
            request.__dict__["_recorded_get"] = data
        return request.__dict__["_recorded_get"]

    WSGIRequest.GET = property(recorded_get)  # type: ignore[assignment,method-assign]
    try:
        yield keys
    finally:
        WSGIRequest.GET = original  # type: ignore[method-assign]


def _named_urls(
    patterns: list[Any], namespace: str = "", converters: dict[str, Any] | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    converters = converters or {}
    for entry in patterns:
        found = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (
                f"{namespace}{entry.name}",
                {name: found.get(name) for name in entry.pattern.regex.groupindex},
            )


@pytest.fixture
def world(jobcenter_a, consultant, team_lead, admin_user, outsider):
    """A little of everything, so the walk reaches past the 404 of a made-up code."""
    company = CompanyFactory(name="Fuzz Maskinfabrik ApS", municipality_codes=["0671"])
    relationship = RelationshipFactory(
        jobcenter=jobcenter_a, company=company, responsible=consultant, is_known=True
    )
    person = ContactPersonFactory(relationship=relationship, email="hr@fuzz.dk")
    contact = ContactFactory(
        relationship=relationship,
        consultant=consultant,
        contact_person=person,
        channel="visit",
        status="planned",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
    )
    agreement = AgreementFactory(relationship=relationship, responsible_user=consultant)
    visit = visit_book(
        user=consultant,
        relationship=relationship,
        contact_person=person,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place="Havnevej 4",
    )
    campaign = campaign_create(
        jobcenter=jobcenter_a,
        user=team_lead,
        name="Fuzzkampagne",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
        target=10,
        is_pilot=True,
        consultants=[consultant],
        distribution="even",
        filters={},
    )
    candidate = make_candidate(jobcenter_a, wanted_occupations=["Svejser"])
    order = take_job_order(user=consultant, company=company)
    invited = UserFactory(jobcenter=jobcenter_a, username="ny-kollega")
    records = [company, contact, agreement, visit, visit.contact, campaign,
               CampaignCompany.objects.filter(campaign=campaign).first(), candidate, order,
               invited, consultant, person, relationship]  # fmt: skip
    codes = [getattr(record, "code", None) for record in records]
    return {"codes": [code for code in codes if code]}


def _sample(converter: Any) -> Any:
    if isinstance(converter, IntConverter):
        return 1
    return "csv"  # the one string group of the product: an export's file format


def _urls(admin: Client, codes: list[Any]) -> list[tuple[str, str]]:
    """Each named URL with the first code that reaches its page (not a 404)."""
    urls = []
    for name, groups in _named_urls(get_resolver().url_patterns):
        if name in SKIPPED or name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        uuid_names = [g for g, conv in groups.items() if isinstance(conv, UUIDConverter)]
        fixed = {g: _sample(c) for g, c in groups.items() if not isinstance(c, UUIDConverter)}
        candidates = [reverse(name, kwargs={**fixed, **dict.fromkeys(uuid_names, code)})
                      for code in (codes if uuid_names else [None])]  # fmt: skip
        chosen = next((url for url in candidates if admin.get(url).status_code != 404), None)
        urls.append((name, chosen or candidates[0]))
    return urls


def _get(client: Client, url: str, params: dict[str, Any]) -> tuple[int, str]:
    try:
        response = client.get(url, params)
        if getattr(response, "streaming", False):
            b"".join(getattr(response, "streaming_content"))  # noqa: B009  # fails while streaming
    except Exception as error:  # noqa: BLE001  # every failure is reported, not raised
        return 500, f"{type(error).__name__}: {error}"[:300]
    return response.status_code, ""


def test_no_get_parameter_answers_500_for_any_role(
    world, consultant, team_lead, admin_user, outsider
):
    admin = Client()
    admin.force_login(admin_user)
    urls = _urls(admin, world["codes"])
    assert len(urls) > 80

    clients: dict[str, Client] = {"anonymous": Client()}
    for label, user in (
        ("consultant", consultant),
        ("team_lead", team_lead),
        ("admin", admin_user),
        ("outsider", outsider),
    ):
        clients[label] = Client()
        clients[label].force_login(user)

    failures: list[str] = []
    fuzzed = 0
    started = time.monotonic()
    for (label, client), (name, url) in itertools.product(clients.items(), urls):
        with recording_reads() as keys:
            status, error = _get(client, url, {})
        if status >= 500:
            failures.append(f"{label} {name} (no parameters): {error}")
            continue
        keys.discard("csrfmiddlewaretoken")
        if not keys:
            continue
        fuzzed += 1
        # The admin reaches every page: the full table, and each parameter alone; the
        # other roles a sample of each class (their pages read the same parameters).
        full = label == "admin"
        values = HOSTILE if full else HOSTILE[:: 3 if label == "consultant" else 7]
        requests: list[dict[str, Any]] = [dict.fromkeys(keys, value) for value in values]
        requests.append({key: ["1", "x", "2026-01-01"] for key in keys})  # arrays
        if full:
            requests += [{key: value} for key in sorted(keys) for value in EACH_ALONE]
        for params in requests:
            status, error = _get(client, url, params)
            if status >= 500:
                shown = {k: (v[:20] if isinstance(v, str) else v) for k, v in params.items()}
                failures.append(f"{label} {name} {shown!r}: {error}")
                if os.environ.get("WALK_VERBOSE"):
                    print(failures[-1], flush=True)  # noqa: T201
        if os.environ.get("WALK_VERBOSE"):
            print(label, name, len(requests), time.monotonic() - started, flush=True)  # noqa: T201
    assert fuzzed > 10, "the walk learnt the parameters of too few pages"
    assert failures == [], "\n".join(failures[:60])
