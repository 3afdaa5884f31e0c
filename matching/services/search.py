"""Writes around the candidate search: talent pools (emnebanker), bookmarks, saved
searches, and the synonyms a jobcenter's admins add to the engine's vocabulary."""

import datetime
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..engine.text import phrase_key
from ..models import (
    Candidate,
    CandidateBookmark,
    SavedSearch,
    SynonymTerm,
    TalentPool,
    TalentPoolMember,
    TalentPoolVisit,
)


def _jobcenter_id(user: User) -> int:
    if user.jobcenter_id is None:
        raise ValidationError(_("Only a jobcenter's users can do this."))
    return user.jobcenter_id


def _same_jobcenter(user: User, *records: Candidate | TalentPool) -> None:
    if any(record.jobcenter_id != user.jobcenter_id for record in records):
        raise ValidationError(_("Choose a candidate of your jobcenter."))


@transaction.atomic
def talent_pool_create(*, user: User, name: str, description: str = "") -> TalentPool:
    """A new talent pool for the user's jobcenter; names are unique within it."""
    pool = TalentPool(
        jobcenter_id=_jobcenter_id(user),
        name=" ".join(name.split()),
        description=description.strip(),
        created_by=user,
    )
    pool.full_clean(exclude=["jobcenter"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            pool.save()
    except IntegrityError as duplicate:
        raise ValidationError({"name": _("The jobcenter already has a pool by that name.")}) from (
            duplicate
        )
    return pool


def talent_pool_add(*, user: User, pool: TalentPool, candidate: Candidate) -> bool:
    """Put the candidate in the pool; False when they were in it already."""
    _same_jobcenter(user, pool, candidate)
    _member, created = TalentPoolMember.objects.get_or_create(
        pool=pool, candidate=candidate, defaults={"added_by": user}
    )
    return created


def talent_pool_remove(*, user: User, pool: TalentPool, candidate: Candidate) -> bool:
    _same_jobcenter(user, pool, candidate)
    deleted, _rows = TalentPoolMember.objects.filter(pool=pool, candidate=candidate).delete()
    return deleted > 0


def talent_pool_delete(*, user: User, pool: TalentPool) -> None:
    """Delete the pool and its list; the candidates themselves stay."""
    _same_jobcenter(user, pool)
    pool.delete()


def bookmark_toggle(*, user: User, candidate: Candidate) -> bool:
    """Bookmark the candidate for the user, or remove the bookmark. Returns whether the
    candidate is bookmarked now."""
    _same_jobcenter(user, candidate)
    deleted, _rows = CandidateBookmark.objects.filter(user=user, candidate=candidate).delete()
    if deleted:
        return False
    CandidateBookmark.objects.get_or_create(
        user=user, candidate=candidate, defaults={"jobcenter_id": candidate.jobcenter_id}
    )
    return True


@transaction.atomic
def saved_search_create(
    *,
    user: User,
    name: str,
    criteria: Mapping[str, str],
    result_ids: Sequence[int],
    now: datetime.datetime,
    watch_terms: Sequence[str] = (),
) -> SavedSearch:
    """Save the search form's values as the user's template, with what it finds now, so
    that the next opening marks what is new. The same name again replaces the criteria."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    search, _created = SavedSearch.objects.update_or_create(
        user=user,
        name=name,
        defaults={
            "jobcenter_id": _jobcenter_id(user),
            "criteria": dict(criteria),
            "last_run_at": now,
            "last_result_ids": list(result_ids),
            "watch_terms": list(watch_terms),
        },
    )
    return search


def saved_search_mark_run(
    *,
    search: SavedSearch,
    result_ids: Sequence[int],
    now: datetime.datetime,
    watch_terms: Sequence[str] | None = None,
) -> None:
    """Remember what the search found this time (the next opening compares with it)."""
    search.last_result_ids = list(result_ids)
    search.last_run_at = now
    if watch_terms is not None:
        search.watch_terms = list(watch_terms)
    search.save(update_fields=["last_result_ids", "last_run_at", "watch_terms"])


def talent_pool_mark_opened(*, user: User, pool: TalentPool, now: datetime.datetime) -> None:
    """Record that the user opened the pool (the next opening marks what is new since)."""
    _same_jobcenter(user, pool)
    # One INSERT ... ON CONFLICT, the same on the first opening as on later ones.
    TalentPoolVisit.objects.bulk_create(
        [TalentPoolVisit(pool=pool, user=user, opened_at=now)],
        update_conflicts=True,
        unique_fields=["pool", "user"],
        update_fields=["opened_at"],
    )


def saved_search_delete(*, user: User, search: SavedSearch) -> None:
    if search.user_id != user.pk:
        raise ValidationError(_("Only your own searches can be deleted."))
    search.delete()


@transaction.atomic
def synonym_add(*, user: User, kind: str, term: str, same_as: str) -> SynonymTerm:
    """Teach the engine that `term` means the same as `same_as` in the user's jobcenter.
    Both must hold a word the engine reads, and differ once normalised (æ/ae, inflection)."""
    synonym = SynonymTerm(
        jobcenter_id=_jobcenter_id(user),
        kind=kind,
        term=" ".join(term.split()),
        same_as=" ".join(same_as.split()),
        created_by=user,
    )
    synonym.full_clean(exclude=["jobcenter"], validate_unique=False, validate_constraints=False)
    term_key, same_key = phrase_key(synonym.term), phrase_key(synonym.same_as)
    if not term_key:
        raise ValidationError({"term": _("Write a word the search can read.")})
    if not same_key:
        raise ValidationError({"same_as": _("Write a word the search can read.")})
    if term_key == same_key:
        raise ValidationError(
            {"same_as": _("The two already mean the same to the search (spelling or inflection).")}
        )
    try:
        with transaction.atomic():
            synonym.save()
    except IntegrityError as duplicate:
        raise ValidationError(_("This synonym is already on the list.")) from duplicate
    return synonym


def synonym_delete(*, user: User, synonym: SynonymTerm) -> None:
    if synonym.jobcenter_id != user.jobcenter_id:
        raise ValidationError(_("Only your jobcenter's synonyms can be deleted."))
    synonym.delete()
