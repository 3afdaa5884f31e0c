"""Campaigns: a net list saved and divided among consultants, moving companies between
them, and the pilot's feedback."""

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Jobcenter, User
from companies.models import Company, CompanyRelationship

from ..models import Campaign, CampaignCompany, PilotFeedback
from ..selectors import net_list_companies


def _industry_assignment(
    *, companies: "QuerySet[Company]", consultant_ids: list[int]
) -> dict[str, int]:
    """Each industry section's companies go to one consultant, balanced by size: the
    largest sections first, each to the consultant with the fewest companies so far."""
    sections = companies.order_by().values("industry_section_id").annotate(count=Count("pk"))
    load = dict.fromkeys(consultant_ids, 0)
    mapping: dict[str, int] = {}
    for row in sorted(sections, key=lambda row: (-row["count"], row["industry_section_id"] or 0)):
        consultant_id = min(consultant_ids, key=lambda pk: (load[pk], consultant_ids.index(pk)))
        load[consultant_id] += row["count"]
        mapping[str(row["industry_section_id"] or "none")] = consultant_id
    return mapping


def _distribute(
    *,
    campaign: Campaign,
    companies: "QuerySet[Company]",
    consultant_ids: list[int],
    distribution: str,
) -> int:
    """Insert the campaign's call list in one INSERT ... SELECT: round-robin by company
    name for an even split, or by the industry mapping."""
    company_sql, company_params = companies.order_by().values("pk").query.sql_with_params()
    if distribution == Campaign.Distribution.INDUSTRY:
        mapping = _industry_assignment(companies=companies, consultant_ids=consultant_ids)
        assign = "(%s::jsonb ->> coalesce(c.industry_section_id::text, 'none'))::bigint"
        assign_params: list[Any] = [json.dumps(mapping)]
    else:
        assign = "(%s::bigint[])[mod(row_number() over (order by c.name, c.id) - 1, %s) + 1]"
        assign_params = [consultant_ids, len(consultant_ids)]
    entry_table = CampaignCompany._meta.db_table
    company_table = Company._meta.db_table
    relationship_table = CompanyRelationship._meta.db_table
    sql = f"""
        INSERT INTO {entry_table}
            (code, campaign_id, relationship_id, consultant_id, status, attempts)
        SELECT gen_random_uuid(), %s, r.id, {assign}, %s, 0
        FROM {company_table} c
        JOIN {relationship_table} r ON r.company_id = c.id AND r.jobcenter_id = %s
        WHERE c.id IN ({company_sql})
        ON CONFLICT DO NOTHING
    """  # noqa: S608 (table names from model meta; values are parameters)
    params = [
        campaign.pk,
        *assign_params,
        CampaignCompany.Status.QUEUED.value,
        campaign.jobcenter_id,
        *company_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@transaction.atomic
def campaign_create(
    *,
    jobcenter: Jobcenter,
    user: User,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    target: int,
    is_pilot: bool,
    consultants: list[User],
    distribution: str,
    filters: dict[str, Any],
) -> Campaign:
    """Save a net list as a campaign and divide its companies among the consultants.

    Companies on the list without a relationship to the jobcenter get one (set-based);
    the filters are kept on the campaign for the record."""
    if not consultants:
        raise ValidationError({"consultants": _("Choose at least one consultant.")})
    if any(consultant.jobcenter_id != jobcenter.pk for consultant in consultants):
        raise ValidationError({"consultants": _("Choose consultants of your own jobcenter.")})
    campaign = Campaign(
        jobcenter=jobcenter,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        target=target,
        is_pilot=is_pilot,
        distribution=distribution,
        net_list_filters=filters,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    campaign.consultants.set(consultants)
    companies = net_list_companies(jobcenter=jobcenter, filters=filters)
    own = CompanyRelationship.objects.filter(jobcenter=jobcenter, company=OuterRef("pk"))
    missing = companies.exclude(Exists(own)).order_by().values_list("pk", flat=True)
    CompanyRelationship.objects.bulk_create(
        [CompanyRelationship(jobcenter=jobcenter, company_id=pk) for pk in missing],
        ignore_conflicts=True,
        batch_size=1000,
    )
    _distribute(
        campaign=campaign,
        companies=companies,
        consultant_ids=[consultant.pk for consultant in consultants],
        distribution=distribution,
    )
    return campaign


@transaction.atomic
def campaign_companies_move(*, campaign: Campaign, codes: list[Any], consultant: User) -> int:
    """Give the chosen companies still to be called to another consultant; returns how
    many moved. Companies already dealt with keep the consultant who dealt with them."""
    if consultant.jobcenter_id != campaign.jobcenter_id:
        raise ValidationError({"consultant": _("Choose a consultant of your own jobcenter.")})
    moved = (
        CampaignCompany.objects.filter(campaign=campaign, code__in=codes)
        .open()
        .update(consultant=consultant)
    )
    campaign.consultants.add(consultant)
    return moved


@transaction.atomic
def pilot_feedback_save(
    *, campaign: Campaign, consultant: User, answers: dict[str, tuple[str, int | None]]
) -> None:
    """Store (or replace) a consultant's answers to the pilot's evaluation questions."""
    from ..pilot import PILOT_QUESTION_KEYS

    if not campaign.is_pilot:
        raise ValidationError(_("Only a pilot campaign is evaluated."))
    rows = []
    for key, (answer, rating) in answers.items():
        if key not in PILOT_QUESTION_KEYS:
            raise ValueError(f"Unknown pilot question {key!r}")
        row = PilotFeedback(
            campaign=campaign,
            consultant=consultant,
            question=key,
            answer=answer.strip(),
            rating=rating,
        )
        if rating is not None and not 1 <= rating <= 5:
            raise ValidationError({"rating": _("Rate from 1 to 5.")})
        # Uniqueness is what the upsert below resolves, so only the fields are checked here.
        row.full_clean(validate_unique=False, validate_constraints=False)
        rows.append(row)
    PilotFeedback.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["campaign", "consultant", "question"],
        update_fields=["answer", "rating", "updated_at"],
    )
