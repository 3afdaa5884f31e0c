"""Merging two records of one company (duplicates in the register).

Everything any jobcenter has on the duplicate moves to the record kept: where both
records have a relationship with the same jobcenter, every row that points at the
duplicate's relationship (contacts, contact persons, agreements, segment assessments,
service demands with their history, reminders, campaign memberships, and whatever a
later app adds) is re-pointed, so nothing is cascaded away. Where a row cannot exist
twice (the same campaign, a demand for the same product), the merge is refused before
anything changes, naming what is in the way. What moved is recorded in CompanyMerge."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from accounts.models import User
from screening.models import segment_cooperation

from .models import Company, CompanyMerge, CompanyRelationship

# Rows that are derived data: on a collision the duplicate's copy is dropped (the
# planner recreates what is due), instead of refusing the merge.
_DROP_ON_COLLISION = {"planning.reminder", "companies.contactdetailscorrection"}


@dataclass
class _Move:
    """Rows of one model to re-point from the duplicate to the record kept."""

    model: type[models.Model]
    fk: str
    source: models.Model
    target: models.Model
    drop: list[int] = field(default_factory=list)


def company_merge(*, kept: Company, merged: Company, user: User) -> CompanyMerge:
    """Merge the duplicate `merged` into `kept`; the duplicate stays, marked merged, so
    history and old links still resolve. Raises ValidationError (in Danish, with the
    reason) before changing anything when something cannot be carried across."""
    if kept.pk == merged.pk:
        raise ValidationError(_("A record cannot be merged into itself."), code="same")
    with transaction.atomic():
        kept, merged = (
            Company.objects.select_for_update().get(pk=kept.pk),
            Company.objects.select_for_update().get(pk=merged.pk),
        )
        if merged.merged_into_id is not None or kept.merged_into_id is not None:
            raise ValidationError(
                _("One of the records has already been merged into another."), code="merged"
            )
        plan, pairs = _plan(kept, merged)
        return _carry_out(kept, merged, user, plan, pairs)


def _plan(
    kept: Company, merged: Company
) -> tuple[list[_Move], list[tuple[CompanyRelationship, CompanyRelationship | None]]]:
    problems: list[str] = []
    moves: list[_Move] = []
    pairs = []
    relationships = CompanyRelationship.objects.select_for_update().select_related("jobcenter")
    for relationship in relationships.filter(company=merged):
        target = relationships.filter(jobcenter=relationship.jobcenter, company=kept).first()
        pairs.append((relationship, target))
        if target is not None:
            moves += _moves(relationship, target, CompanyRelationship, problems)
    moves += _moves(merged, kept, Company, problems)
    if problems:
        raise ValidationError(problems, code="collision")
    return moves, pairs


# Reverse relations of Company handled by the merge itself, not re-pointed row by row.
_COMPANY_OWN = {
    ("companies.company", "merged_into"),
    ("companies.companymerge", "kept"),
    ("companies.companymerge", "merged"),
    ("companies.companyrelationship", "company"),
}


def _moves(
    source: models.Model, target: models.Model, model: type[models.Model], problems: list[str]
) -> list[_Move]:
    moves = []
    for relation in model._meta.related_objects:
        related = relation.related_model
        assert isinstance(related, type)  # a concrete model class, not "self" as a string
        fk = relation.field.name
        if (related._meta.label_lower, fk) in _COMPANY_OWN or relation.many_to_many:
            continue
        move = _Move(related, fk, source, target)
        for constraint in _unique_constraints(related, fk):
            colliding = _collisions(move, *constraint)
            if not colliding:
                continue
            if related._meta.label_lower in _DROP_ON_COLLISION:
                move.drop += [row.pk for row in colliding]
                continue
            for row in colliding:
                problems.append(_collision_message(source, row, constraint[0]))
        moves.append(move)
    return moves


def _unique_constraints(
    model: type[models.Model], fk: str
) -> list[tuple[list[str], Q | None, bool]]:
    """(the other fields, the condition, whether NULLs are distinct) of each unique
    constraint that includes the foreign key."""
    found: list[tuple[list[str], Q | None, bool]] = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and fk in constraint.fields:
            others = [name for name in constraint.fields if name != fk]
            found.append((others, constraint.condition, constraint.nulls_distinct is not False))
    for together in model._meta.unique_together:
        if fk in together:
            found.append(([name for name in together if name != fk], None, True))
    return found


def _collisions(
    move: _Move, others: list[str], condition: Q | None, nulls_distinct: bool
) -> list[models.Model]:
    """The duplicate's rows that would break the constraint next to the kept one's (a
    company's rows are few: compared in Python, NULLs as the constraint treats them)."""
    manager = move.model._default_manager
    condition = condition or Q()
    attnames = [_attname(move.model, name) for name in others]

    def key(row: models.Model) -> tuple[Any, ...] | None:
        values = tuple(getattr(row, name) for name in attnames)
        return None if nulls_distinct and None in values else values

    taken = {key(row) for row in manager.filter(condition, **{move.fk: move.target})}
    taken.discard(None)
    return [
        row
        for row in manager.filter(condition, **{move.fk: move.source})
        if key(row) is not None and key(row) in taken
    ]


def _attname(model: type[models.Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)  # constraints name concrete fields
    return model_field.attname


def _collision_message(source: models.Model, row: models.Model, others: list[str]) -> str:
    what = ", ".join(str(getattr(row, name)) for name in others) or str(row)
    where = source.jobcenter if isinstance(source, CompanyRelationship) else source
    return _(
        "%(where)s: both records have a %(kind)s for “%(what)s”, and there can only be one. "
        "Remove or close one of them, then merge again."
    ) % {"where": where, "kind": row._meta.verbose_name, "what": what}


def _carry_out(
    kept: Company,
    merged: Company,
    user: User,
    moves: list[_Move],
    pairs: list[tuple[CompanyRelationship, CompanyRelationship | None]],
) -> CompanyMerge:
    moved: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for move in moves:
        manager = move.model._default_manager
        if move.drop:
            dropped[move.model._meta.label_lower] += manager.filter(pk__in=move.drop).delete()[0]
        count = manager.filter(**{move.fk: move.source}).update(**{move.fk: move.target})
        if count:
            moved[move.model._meta.label_lower] += count
    relationships: list[dict[str, Any]] = []
    for relationship, target in pairs:
        if target is None:
            relationship.company = kept
            relationship.save(update_fields=["company"])
            relationships.append({"jobcenter": relationship.jobcenter.name, "joined": False})
            continue
        _join_relationship(target, relationship)
        relationship.delete()  # empty now: every row pointing at it has moved
        relationships.append({"jobcenter": relationship.jobcenter.name, "joined": True})
    merged_name, merged_cvr = merged.name, merged.cvr
    kept.other_names = sorted({*kept.other_names, merged.name, *merged.other_names} - {kept.name})
    kept.municipality_codes = sorted({*kept.municipality_codes, *merged.municipality_codes})
    if not kept.cvr and merged.cvr:
        cvr, merged.cvr = merged.cvr, None
        merged.save(update_fields=["cvr"])
        kept.cvr = cvr
    kept.refresh_search_text()
    kept.save(update_fields=["other_names", "municipality_codes", "cvr", "search_text"])
    Company.objects.filter(pk=merged.pk).update(merged_into=kept, updated_at=F("updated_at"))
    return CompanyMerge.objects.create(
        kept=kept,
        merged=merged,
        merged_by=user,
        details={
            "merged_name": merged_name,
            "merged_cvr": merged_cvr,
            "relationships_moved": len(pairs),
            "relationships": relationships,
            "moved": dict(moved),
            "dropped_duplicates": dict(dropped),
        },
    )


def _join_relationship(target: CompanyRelationship, source: CompanyRelationship) -> None:
    """One jobcenter's two relationships become one: the kept record's values win
    where it has one; a refusal of contact on either stays."""
    target.is_known = target.is_known or source.is_known
    target.segment_id = target.segment_id or source.segment_id
    # The flag follows the joined segment, as an assessment makes it (issue 8.10).
    cooperates = segment_cooperation(target.segment.number) if target.segment else None
    if cooperates is not None:
        target.is_known = cooperates
    target.responsible_id = target.responsible_id or source.responsible_id
    if source.opted_out_on and (
        target.opted_out_on is None or source.opted_out_on < target.opted_out_on
    ):
        target.opted_out_on, target.opt_out_reason = source.opted_out_on, source.opt_out_reason
    if source.notes and source.notes not in target.notes:
        target.notes = f"{target.notes}\n\n{source.notes}".strip()
    target.save(
        update_fields=[
            "is_known",
            "segment",
            "responsible",
            "opted_out_on",
            "opt_out_reason",
            "notes",
        ]
    )
