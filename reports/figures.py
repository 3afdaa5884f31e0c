"""The sets of relationships and companies behind the report figures.

Each figure is defined once here and used twice: grouped and counted by the report
selectors, and as a filter of the company list when a number is clicked
(`companies_behind`, called by the list's `figure` filter). So a drill-down lists exactly
the companies its number counts. Figure names travel in the URL as `kind:arg:arg`."""

import datetime
import re
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.models import User
from companies.models import Agreement, CompanyQuerySet, CompanyRelationship, Contact
from screening.models import CampaignCompany, SegmentAssessment
from servicepackages.models import ServiceDemand

if TYPE_CHECKING:
    from accounts.models import Jobcenter

SEGMENT_ARGS = ("1", "2", "3", "4", "none")


def segment_arg(number: int | None) -> str:
    return "none" if number is None else str(number)


def _segment_number(arg: str) -> int | None:
    return None if arg == "none" else int(arg)


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


# Segment movement (issue 12, point 1).


def movement_sql(
    *, jobcenter: "Jobcenter", start_at: datetime.datetime, end_at: datetime.datetime
) -> tuple[str, list[Any]]:
    """SQL of (relationship_id, segment_from, segment_to): the jobcenter's relationships
    assessed at least once in [start_at, end_at), with their segment by the latest
    assessment before the period (none: not screened yet) and by the latest before its
    end. One pass over the jobcenter's assessments before the end (the
    assessment_jobcenter index), not two lookups per relationship. Those never assessed
    in the period kept their segment and are not here."""
    sql = """
SELECT a.relationship_id,
       (array_agg(s.number ORDER BY a.assessed_at DESC, a.id DESC)
            FILTER (WHERE a.assessed_at < %s))[1] AS segment_from,
       (array_agg(s.number ORDER BY a.assessed_at DESC, a.id DESC))[1] AS segment_to
  FROM screening_segmentassessment a
  JOIN screening_segment s ON s.id = a.segment_id
 WHERE a.jobcenter_id = %s AND a.assessed_at < %s
 GROUP BY a.relationship_id
HAVING max(a.assessed_at) >= %s"""
    return sql, [start_at, jobcenter.pk, end_at, start_at]


def movement_counts(
    *,
    jobcenter: "Jobcenter",
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    companies: QuerySet[Any] | None = None,
) -> dict[tuple[int | None, int | None], int]:
    """(segment before the period, segment at its end) → relationships, of those whose
    company is one of `companies` (None: any)."""
    from django.db import connection

    sql, params = movement_sql(jobcenter=jobcenter, start_at=start_at, end_at=end_at)
    narrowed = ""
    if companies is not None:
        inner_sql, inner_params = companies.values("pk").query.sql_with_params()
        narrowed = f"JOIN companies_companyrelationship r ON r.id = m.relationship_id AND r.company_id IN ({inner_sql})"  # noqa: E501
        params = [*params, *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.segment_from, m.segment_to, count(*) FROM ({sql}) m {narrowed} "  # noqa: S608
            "GROUP BY 1, 2",
            params,
        )
        return {(before, after): total for before, after, total in cursor.fetchall()}


def moved_company_ids(
    *,
    jobcenter: "Jobcenter",
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    from_number: int | None,
    to_number: int | None,
) -> RawSQL:
    """The companies of the relationships that moved from one segment to another."""
    sql, params = movement_sql(jobcenter=jobcenter, start_at=start_at, end_at=end_at)
    return RawSQL(  # noqa: S611  # fixed fragments; the values are parameters
        "SELECT r.company_id FROM companies_companyrelationship r "  # noqa: S608
        f"JOIN ({sql}) m ON m.relationship_id = r.id "
        "WHERE m.segment_from IS NOT DISTINCT FROM %s AND m.segment_to IS NOT DISTINCT FROM %s",
        [*params, from_number, to_number],
    )


# Screening coverage: the net list is every company the jobcenter has put on a campaign.


def net_list_relationship_ids(jobcenter: "Jobcenter") -> QuerySet[CampaignCompany, Any]:
    return CampaignCompany.objects.for_jobcenter(jobcenter).values("relationship_id")


# Service against the rules (issue 12, point 2): pre-computed per relationship as the
# planner saw it at the last refresh (models.ServiceStatus), so that the page's numbers
# and the companies they drill down to are the same rows.


def planner_sql_positional(
    *, jobcenter: "Jobcenter", today: datetime.date
) -> tuple[str, list[Any]]:
    """The planner's CTE with positional parameters, so it can be joined to a queryset's
    SQL (which Django renders with positional ones)."""
    from planning.planner import PlannerFilter, planner_cte

    cte, named = planner_cte(today=today, where=PlannerFilter(jobcenter_id=jobcenter.pk))
    values: list[Any] = []

    def take(match: re.Match[str]) -> str:
        values.append(named[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", take, cte), values


def service_statuses(
    *, jobcenter: "Jobcenter", kind: str, segment: int | None, overdue: bool
) -> QuerySet[Any]:
    from .models import ServiceStatus
    from .selectors.scope import dashboard_refreshed_at

    dashboard_refreshed_at(jobcenter)  # built at the first look, as the page does
    statuses = ServiceStatus.objects.filter(jobcenter=jobcenter, kind=kind, overdue=overdue)
    if segment is None:
        return statuses.filter(segment_number__isnull=True)
    return statuses.filter(segment_number=segment)


def agreements(
    *, jobcenter: "Jobcenter", side: str, overdue: bool, today: datetime.date
) -> QuerySet[Agreement]:
    rows = Agreement.objects.for_jobcenter(jobcenter).open().filter(responsible_side=side)
    return rows.filter(deadline__lt=today) if overdue else rows


# Demand (issue 12, point 3).

DEMAND_STATUSES = ("asked", "wanted", "agreed", "delivered")


def demands(*, jobcenter: "Jobcenter", status: str) -> QuerySet[ServiceDemand]:
    """'asked' is every current demand (wanted, agreed or delivered: all were asked for)."""
    rows = ServiceDemand.objects.for_jobcenter(jobcenter).current().filter(product__isnull=False)
    return rows if status == "asked" else rows.filter(status=status)


def companies_behind(
    queryset: CompanyQuerySet,
    *,
    jobcenter: "Jobcenter",
    figure: str,
    start: datetime.date | None,
    end: datetime.date | None,
    today: datetime.date | None = None,
) -> CompanyQuerySet:
    """The companies of `queryset` (the company list's rows) behind one report figure.
    An unknown or malformed figure lists no company rather than all of them."""
    from .forms import default_period

    today = today or timezone.localdate()
    default_start, default_end = default_period(today)
    start_at = local_midnight(start or default_start)
    end_at = local_midnight((end or default_end) + datetime.timedelta(days=1))
    kind, *args = figure.split(":")
    # Annotations of company_list_rows (segment_number), unseen by the stubs plugin.
    rows: QuerySet = queryset

    def rows_in(source: QuerySet[Any], company_field: str) -> QuerySet[Any]:
        return rows.filter(pk__in=source.values(company_field))

    if kind == "segment" and len(args) == 1 and args[0] in SEGMENT_ARGS:
        number = _segment_number(args[0])
        active = rows.filter(ceased_on__isnull=True)
        if number is None:
            return active.filter(segment_number__isnull=True)  # type: ignore[return-value]
        return active.filter(segment_number=number)  # type: ignore[return-value]
    if kind == "moved" and len(args) == 2 and set(args) <= set(SEGMENT_ARGS):
        movers = moved_company_ids(
            jobcenter=jobcenter,
            start_at=start_at,
            end_at=end_at,
            from_number=_segment_number(args[0]),
            to_number=_segment_number(args[1]),
        )
        return rows.filter(pk__in=movers)  # type: ignore[return-value]
    if kind == "netlist" and len(args) == 1 and args[0] in ("all", "screened", "unscreened"):
        on_list = rows.filter(
            ceased_on__isnull=True,
            pk__in=CompanyRelationship.objects.filter(
                pk__in=net_list_relationship_ids(jobcenter)
            ).values("company_id"),
        )
        if args[0] == "screened":
            return on_list.filter(segment_number__isnull=False)  # type: ignore[return-value]
        if args[0] == "unscreened":
            return on_list.filter(segment_number__isnull=True)  # type: ignore[return-value]
        return on_list  # type: ignore[return-value]
    if (
        kind == "service"
        and len(args) == 3
        and args[0] in ("contact", "visit")
        and args[1] in SEGMENT_ARGS
        and args[2] in ("overdue", "ontime")
    ):
        statuses = service_statuses(
            jobcenter=jobcenter,
            kind=args[0],
            segment=_segment_number(args[1]),
            overdue=args[2] == "overdue",
        )
        return rows_in(statuses, "company_id")  # type: ignore[return-value]
    if (
        kind == "agreements"
        and len(args) == 2
        and args[0] in Agreement.Side.values
        and args[1] in ("open", "overdue")
    ):
        owed = agreements(
            jobcenter=jobcenter, side=args[0], overdue=args[1] == "overdue", today=today
        )
        return rows.filter(  # type: ignore[return-value]
            Exists(owed.filter(relationship__company=OuterRef("pk")))
        )
    if (
        kind == "demand"
        and len(args) == 3
        and args[1] in (*SEGMENT_ARGS, "all")
        and args[2] in DEMAND_STATUSES
    ):
        wanted = demands(jobcenter=jobcenter, status=args[2])
        if args[0].startswith("track-"):
            wanted = wanted.filter(product__track__code=args[0].removeprefix("track-"))
        else:
            wanted = wanted.filter(product__code=args[0])
        if args[1] != "all":
            number = _segment_number(args[1])
            wanted = wanted.filter(
                Q(relationship__segment__isnull=True)
                if number is None
                else Q(relationship__segment__number=number)
            )
        return rows.filter(  # type: ignore[return-value]
            Exists(wanted.filter(relationship__company=OuterRef("pk")))
        )
    if kind == "activity" and len(args) == 2 and args[0] in ACTIVITY_KEYS:
        done, user_field, company_field = activity_rows(
            args[0], jobcenter=jobcenter, start_at=start_at, end_at=end_at
        )
        if args[1] != "all":
            try:
                code = uuid.UUID(args[1])
            except ValueError:
                return queryset.none()
            users = User.objects.for_jobcenter(jobcenter).filter(code=code).values("pk")
            done = done.filter(**{f"{user_field}__in": users})
        return rows_in(done, company_field)  # type: ignore[return-value]
    if kind == "orders" and len(args) == 2 and args[0] == "hired":
        hired = hires(start_at=start_at, end_at=end_at).filter(jobcenter=jobcenter)
        if args[1] != "all":
            try:
                code = uuid.UUID(args[1])
            except ValueError:
                return queryset.none()
            hired = hired.filter(job_order__responsible__code=code)
        return rows_in(hired, "job_order__company_id")  # type: ignore[return-value]
    if kind == "coop" and len(args) == 1 and re.fullmatch(r"\d{4}|all", args[0]):
        own = cooperating_companies(
            jobcenter=jobcenter, start_at=start_at, end_at=end_at, who="own"
        )
        based = cooperation_base_filter(rows, jobcenter=jobcenter, code=args[0])
        return based.filter(own)  # type: ignore[return-value]
    if kind == "orders" and len(args) == 2 and args[0] in ORDER_KEYS:
        orders = order_rows(
            args[0], jobcenter=jobcenter, start_at=start_at, end_at=end_at, now=timezone.now()
        )
        if args[1] != "all":
            try:
                code = uuid.UUID(args[1])
            except ValueError:
                return queryset.none()
            orders = orders.filter(responsible__code=code)
        return rows_in(orders, "company_id")  # type: ignore[return-value]
    if kind == "coopbase" and len(args) == 1 and re.fullmatch(r"\d{4}|all", args[0]):
        return cooperation_base_filter(rows, jobcenter=jobcenter, code=args[0])  # type: ignore[return-value]
    return queryset.none()


# Activity (issue 12, point 4): what each consultant did in a period.

CONTACT_METRICS = ("phone", "visit", "meeting", "email")
ACTIVITY_KEYS = (*CONTACT_METRICS, "new", "screenings", "agreements_made", "agreements_kept")
# The moment that puts each activity in a period (and on a day of the pre-computed sheet).
ACTIVITY_MOMENTS = {
    **dict.fromkeys((*CONTACT_METRICS, "new"), "occurred_at"),
    "screenings": "assessed_at",
    "agreements_made": "created_at",
    "agreements_kept": "completed_at",
}


def activity_rows(
    metric: str,
    *,
    jobcenter: "Jobcenter",
    start_at: datetime.datetime,
    end_at: datetime.datetime,
) -> tuple[QuerySet[Any], str, str]:
    """The rows behind one activity figure: (queryset, its consultant field, its company
    field). Contacts count as done contacts; a new company contact is a done contact with
    no earlier done contact of the jobcenter with that company; an agreement is made by
    the consultant who logged the contact it came from (else its responsible consultant)
    and kept when completed by its deadline."""
    rows: QuerySet[Any]
    if metric in CONTACT_METRICS or metric == "new":
        rows = Contact.objects.for_jobcenter(jobcenter).filter(
            status=Contact.Status.DONE, occurred_at__gte=start_at, occurred_at__lt=end_at
        )
        if metric == "new":
            earlier = Contact.objects.filter(
                relationship=OuterRef("relationship"),
                status=Contact.Status.DONE,
                occurred_at__lt=OuterRef("occurred_at"),
            )
            return rows.filter(~Exists(earlier)), "consultant_id", "relationship__company_id"
        return rows.filter(channel=metric), "consultant_id", "relationship__company_id"
    if metric == "screenings":
        rows = SegmentAssessment.objects.for_jobcenter(jobcenter).filter(
            source=SegmentAssessment.Source.SCREENING,
            assessed_at__gte=start_at,
            assessed_at__lt=end_at,
        )
        return rows, "assessed_by_id", "relationship__company_id"
    if metric == "agreements_made":
        rows = (
            Agreement.objects.for_jobcenter(jobcenter)
            .filter(created_at__gte=start_at, created_at__lt=end_at)
            .annotate(made_by=Coalesce("contact__consultant_id", "responsible_user_id"))
        )
        return rows, "made_by", "relationship__company_id"
    if metric == "agreements_kept":
        rows = (
            Agreement.objects.for_jobcenter(jobcenter)
            .filter(
                status=Agreement.Status.DONE,
                completed_at__gte=start_at,
                completed_at__lt=end_at,
            )
            .annotate(completed_on=TruncDate("completed_at"))
            .filter(completed_on__lte=F("deadline"))
        )
        return rows, "responsible_user_id", "relationship__company_id"
    raise ValueError(metric)


# Samarbejdsgrad (issue 12, point 5; DANISH-DATA.md 7.1).

EMPLOYING_BANDS_EXCLUDED = ("", "0")
# DANISH-DATA.md 7.1: cooperation is a registered løntilskud, virksomhedspraktik,
# jobrotation, skånejob, fleksjob or mentor. Job orders carry the first three as kinds
# (voksenlærling and opkvalificeringsjob were only announced as additions); skånejob,
# mentor and jobrotation are registered for the company as instruments
# (matching.CompanyInstrument).
COOPERATION_KINDS = ("internship", "wage_subsidy_private", "wage_subsidy_public", "flex_job")
COOPERATION_WHO = ("own", "other", "any")


def _by_whom(rows: QuerySet[Any], jobcenter: "Jobcenter", who: str) -> QuerySet[Any]:
    if who == "own":
        return rows.filter(jobcenter=jobcenter)
    if who == "other":
        return rows.exclude(jobcenter=jobcenter)
    return rows


def cooperating(
    *, jobcenter: "Jobcenter", start_at: datetime.datetime, end_at: datetime.datetime, who: str
) -> QuerySet[Any]:
    """The placements that make a company cooperate in the period: a candidate hired in
    it on an order of a qualifying kind, registered by the jobcenter (own), by the
    installation's other jobcenters (other) or by any of them. Only ever counted for other
    jobcenters: which companies another jobcenter works with is not this one's to list."""
    placements = hires(start_at=start_at, end_at=end_at).filter(
        job_order__kind__in=COOPERATION_KINDS
    )
    return _by_whom(placements, jobcenter, who)


def cooperating_instruments(
    *, jobcenter: "Jobcenter", start_at: datetime.datetime, end_at: datetime.datetime, who: str
) -> QuerySet[Any]:
    """Skånejob, mentor and jobrotation running on at least one day of the period, by
    whom as `cooperating`."""
    from matching.models import CompanyInstrument

    first = timezone.localtime(start_at).date()
    last = timezone.localtime(end_at).date() - datetime.timedelta(days=1)
    return _by_whom(CompanyInstrument.objects.running_in(first, last), jobcenter, who)


def cooperating_companies(
    *, jobcenter: "Jobcenter", start_at: datetime.datetime, end_at: datetime.datetime, who: str
) -> Q:
    """Companies (`pk`) with a qualifying placement or instrument in the period: one
    `IN` over the union of both, which the planner answers from the few ids by the
    primary key (an OR of two `IN`s would test every company of the area)."""
    placements = cooperating(jobcenter=jobcenter, start_at=start_at, end_at=end_at, who=who)
    instruments = cooperating_instruments(
        jobcenter=jobcenter, start_at=start_at, end_at=end_at, who=who
    )
    return Q(
        pk__in=placements.order_by()
        .values("job_order__company_id")
        .union(instruments.order_by().values("company_id"))
    )


def cooperation_recorded(*, jobcenter: "Jobcenter", who: str) -> bool:
    """Whether any qualifying placement or instrument is recorded at all (by whom as
    `cooperating`): without one a zero would be read as a fact."""
    from matching.models import CompanyInstrument, Placement

    return (
        _by_whom(Placement.objects.all(), jobcenter, who).exists()
        or _by_whom(CompanyInstrument.objects.all(), jobcenter, who).exists()
    )


def cooperation_base_filter(
    companies: QuerySet[Any], *, jobcenter: "Jobcenter", code: str
) -> QuerySet[Any]:
    """The base of the samarbejdsgrad as CVR units: active companies with their seat or a
    workplace in the municipality (any served one for 'all') and at least one employee
    (any CVR band but 0 or none, as the register only has bands)."""
    codes = (
        list(jobcenter.served_municipalities.values_list("code", flat=True))
        if code == "all"
        else [code]
    )
    return companies.filter(
        ceased_on__isnull=True, merged_into__isnull=True, municipality_codes__overlap=codes
    ).exclude(employee_band__in=EMPLOYING_BANDS_EXCLUDED)


# Job orders (issue 12, point 4, once issue 11's orders exist).

ORDER_KEYS = ("received", "in_time", "late", "filled")
# Steps at which a candidate has been put before the company (seed 004: "typically 3-5
# suitable candidates" are offered per opening).
PRESENTED_STEPS = ("presented", "interview", "hired")


def hires(*, start_at: datetime.datetime, end_at: datetime.datetime) -> QuerySet[Any]:
    """Placements hired in [start_at, end_at), by the moment the hire step was recorded
    as happening, of every jobcenter: callers scope them."""
    from matching.models import Placement, PlacementStep

    hired_in_period = PlacementStep.objects.filter(
        placement=OuterRef("pk"),
        status=Placement.Status.HIRED,
        occurred_at__gte=start_at,
        occurred_at__lt=end_at,
    )
    return Placement.objects.filter(status=Placement.Status.HIRED).filter(Exists(hired_in_period))


def order_rows(
    metric: str,
    *,
    jobcenter: "Jobcenter",
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    now: datetime.datetime,
) -> QuerySet[Any]:
    """Orders received in the period (answered within their standard, or late: answered
    after it or still unanswered past it), and orders filled in the period."""
    from matching.models import JobOrder

    orders = JobOrder.objects.for_jobcenter(jobcenter)
    if metric == "filled":
        return orders.filter(
            status=JobOrder.Status.FILLED, closed_at__gte=start_at, closed_at__lt=end_at
        )
    received = orders.filter(received_at__gte=start_at, received_at__lt=end_at)
    if metric == "in_time":
        return received.filter(responded_at__lte=F("respond_by"))
    if metric == "late":
        return received.filter(
            Q(responded_at__gt=F("respond_by")) | Q(responded_at__isnull=True, respond_by__lt=now)
        )
    return received
