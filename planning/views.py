import calendar
import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import (
    AuthenticatedRequest,
    admin_required,
    jobcenter_required,
    request_jobcenter,
    team_lead_required,
)
from accounts.models import User
from companies.models import CompanyRelationship, Contact
from jobcenter_crm.lib.dates import EARLIEST_DATE, latest_date, parse_month
from jobcenter_crm.lib.forms import posted
from screening.models import SegmentRule

from . import services
from .forms import ContactRuleForm, DigestSettingsForm, ReassignForm, SegmentRuleForm
from .models import JobcenterContactRule, Reminder
from .planner import BUCKETS, PlannerFilter, plan_buckets
from .schedule import schedule_rows

TEAM = "team"
UNASSIGNED = "unassigned"
PER_BUCKET = 25


def _whose_plan(request: AuthenticatedRequest) -> tuple[str, User | None, PlannerFilter]:
    """Whose plan the page shows: the user's own; a team lead may pick a consultant of the
    jobcenter, the whole team or the companies nobody is responsible for. A code of
    anyone else (another jobcenter's user, or a colleague for a consultant) is a 404."""
    user = request.user
    choice = request.GET.get("consultant", "")
    jobcenter_id = user.jobcenter_id
    if user.is_team_lead and choice == TEAM:
        return TEAM, None, PlannerFilter(jobcenter_id=jobcenter_id)
    if user.is_team_lead and choice == UNASSIGNED:
        return UNASSIGNED, None, PlannerFilter(jobcenter_id=jobcenter_id, unassigned=True)
    shown = user
    if choice:
        people = User.objects.for_user(user)
        if not user.is_team_lead:
            people = people.filter(pk=user.pk)
        try:
            shown = people.get_for_user_or_404(user, code=choice)
        except (ValueError, ValidationError) as bad_code:  # not a UUID
            raise Http404 from bad_code
    return str(shown.code), shown, PlannerFilter(jobcenter_id=jobcenter_id, responsible_id=shown.pk)


def _consultant_choices(user: User) -> list[User]:
    if not user.is_team_lead:
        return []
    return list(User.objects.for_user(user).active().consultants().order_by("first_name", "pk"))


@login_required
@jobcenter_required
@require_http_methods(["GET", "HEAD"])
def plan(request: AuthenticatedRequest) -> HttpResponse:
    """The plan: overdue, today, this week and coming (30 days), each item with the rule
    that set it and one click to the company's log form."""
    selected, shown, where = _whose_plan(request)
    today = timezone.localdate()
    bucket = request.GET.get("bucket")
    if bucket not in BUCKETS:
        bucket = None
    page = _page_number(request) if bucket else 1
    buckets = plan_buckets(
        today=today,
        where=where,
        per_bucket=PER_BUCKET,
        bucket=bucket,
        offset=(page - 1) * PER_BUCKET,
    )
    context = {
        "today": today,
        "buckets": [buckets[key] for key in BUCKETS if bucket in (None, key)],
        "bucket": bucket,
        # One bucket is paged by the SQL offset above; the page object (over the count,
        # not the rows) draws the shared pagination.
        "page_obj": (
            Paginator(range(buckets[bucket].total), PER_BUCKET).get_page(page) if bucket else None
        ),
        "selected": selected,
        "shown": shown,
        "consultants": _consultant_choices(request.user),
    }
    return render(request, "planning/plan.html", context)


def _page_number(request: AuthenticatedRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _month(request: AuthenticatedRequest, today: datetime.date) -> datetime.date:
    """The month asked for (``?month=YYYY-MM``): none is this month, a text that is no
    month is a bad request, a month outside the date window has no page."""
    value = request.GET.get("month", "")
    if not value:
        return today.replace(day=1)
    first = parse_month(value)
    if first is None:
        raise BadRequest(_("Not a month: write it as YYYY-MM."))
    if not (EARLIEST_DATE <= first <= latest_date(today)):
        raise Http404(_("The calendar does not reach that month."))
    return first


@login_required
@jobcenter_required
@require_http_methods(["GET", "HEAD"])
def visit_calendar(request: AuthenticatedRequest) -> HttpResponse:
    """Planned visits of one month, day by day (a list, readable on a phone)."""
    selected, shown, _where = _whose_plan(request)
    today = timezone.localdate()
    first = _month(request, today)
    days_in_month = calendar.monthrange(first.year, first.month)[1]
    after_last = first + datetime.timedelta(days=days_in_month)
    tz = timezone.get_current_timezone()
    visits = (
        Contact.objects.for_user(request.user)
        .planned()
        .filter(
            channel=Contact.Channel.VISIT,
            occurred_at__gte=datetime.datetime.combine(first, datetime.time.min, tzinfo=tz),
            occurred_at__lt=datetime.datetime.combine(after_last, datetime.time.min, tzinfo=tz),
        )
        .select_related("relationship__company", "consultant", "contact_person", "visit")
        .order_by("occurred_at", "pk")
    )
    if selected == UNASSIGNED:
        visits = visits.filter(relationship__responsible__isnull=True)
    elif shown is not None:
        visits = visits.filter(consultant=shown)
    by_day: dict[datetime.date, list[Contact]] = {}
    for visit in visits[:500]:
        by_day.setdefault(timezone.localtime(visit.occurred_at).date(), []).append(visit)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    context = {
        "month": first,
        # No link off the edge of the date window (that month would be a 404).
        "previous": previous if previous >= EARLIEST_DATE else None,
        "next": after_last if after_last <= latest_date(today) else None,
        "days": sorted(by_day.items()),
        "selected": selected,
        "shown": shown,
        "consultants": _consultant_choices(request.user),
        "today": today,
        "now": timezone.now(),
    }
    return render(request, "planning/calendar.html", context)


@login_required
@jobcenter_required
@require_http_methods(["GET", "HEAD"])
def reminder_list(request: AuthenticatedRequest) -> HttpResponse:
    """The user's open reminders (a team lead's include companies nobody is responsible
    for), each with a link to the company's log form."""
    reminders = (
        Reminder.objects.open()
        .for_recipient(request.user)
        .select_related("relationship__company", "consultant")
        .order_by("due_on", "pk")
    )
    page = Paginator(reminders, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/reminder_list.html",
        {"page_obj": page, "today": timezone.localdate()},
    )


@login_required
@team_lead_required
@require_http_methods(["GET", "HEAD", "POST"])
def reassign(request: AuthenticatedRequest) -> HttpResponse:
    """A team lead moves companies from one consultant (or from nobody) to another."""
    selected, shown, _where = _whose_plan(request)
    if selected == TEAM:
        selected, shown = str(request.user.code), request.user
    consultants = User.objects.for_user(request.user).active().consultants()
    form = ReassignForm(posted(request), consultants=consultants)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            count = services.relationships_reassign(
                user=request.user,
                relationship_codes=form.cleaned_data["relationships"],
                responsible=form.cleaned_data["responsible"],
            )
            messages.success(request, _("%(count)s companies were reassigned.") % {"count": count})
            return redirect(request.get_full_path())
        messages.error(request, _("Nothing was reassigned. Correct the fields marked below."))
        status = 400
    relationships = (
        CompanyRelationship.objects.for_user(request.user)
        .filter(responsible=shown)
        .select_related("company", "segment")
        .order_by("company__name", "pk")
    )
    page = Paginator(relationships, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "selected": selected,
        "shown": shown,
        "consultants": list(consultants.order_by("first_name", "pk")),
        "ticked": set(request.POST.getlist("relationships")),
    }
    return render(request, "planning/reassign.html", context, status=status)


@login_required
@admin_required
@require_http_methods(["GET", "HEAD"])
def rule_list(request: AuthenticatedRequest) -> HttpResponse:
    rules = (
        SegmentRule.objects.for_user(request.user)
        .select_related("segment")
        .order_by("segment__number")
    )
    contact_rule = JobcenterContactRule.objects.for_user(request.user).first()
    return render(
        request,
        "planning/rule_list.html",
        {
            "rules": rules,
            "contact_rule": contact_rule,
            "default_gap": JobcenterContactRule.DEFAULT_MAX_CONTACT_GAP_MONTHS,
        },
    )


@login_required
@admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def rule_edit(request: AuthenticatedRequest, number: int) -> HttpResponse:
    rule = SegmentRule.objects.select_related("segment").get_for_user_or_404(
        request.user, segment__number=number
    )
    initial = {name: getattr(rule, name) for name in SegmentRuleForm.base_fields}
    form = SegmentRuleForm(posted(request), initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.segment_rule_update(rule=rule, **form.cleaned_data)
            messages.success(request, _("The rule was saved. The plan follows it at once."))
            return redirect("planning:rule-list")
        messages.error(request, _("The rule was not saved. Correct the fields marked below."))
    return render(
        request,
        "planning/rule_edit.html",
        {"form": form, "rule": rule},
        status=400 if form.is_bound else 200,
    )


@login_required
@admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_rule_edit(request: AuthenticatedRequest) -> HttpResponse:
    jobcenter = request_jobcenter(request)
    rule = services.contact_rule_get_or_create(jobcenter=jobcenter)
    form = ContactRuleForm(
        posted(request),
        initial={
            "max_contact_gap_months": rule.max_contact_gap_months,
            "rule_text": rule.rule_text,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            services.contact_rule_update(jobcenter=jobcenter, **form.cleaned_data)
            messages.success(request, _("The rule was saved. The plan follows it at once."))
            return redirect("planning:rule-list")
        messages.error(request, _("The rule was not saved. Correct the fields marked below."))
    return render(
        request,
        "planning/contact_rule_edit.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@admin_required
@require_http_methods(["GET", "HEAD"])
def schedule(request: AuthenticatedRequest) -> HttpResponse:
    """When the background jobs run, read from the settings (CELERY_BEAT_SCHEDULE)."""
    return render(
        request, "planning/schedule.html", {"rows": schedule_rows(settings.CELERY_BEAT_SCHEDULE)}
    )


@login_required
@jobcenter_required
@require_http_methods(["GET", "HEAD", "POST"])
def digest_settings(request: AuthenticatedRequest) -> HttpResponse:
    form = DigestSettingsForm(
        posted(request), initial={"wants_digest_email": request.user.wants_digest_email}
    )
    if request.method == "POST" and form.is_valid():
        services.user_digest_set(
            user=request.user, wants_digest_email=form.cleaned_data["wants_digest_email"]
        )
        messages.success(request, _("Your settings were saved."))
        return redirect("planning:settings")
    context: dict[str, Any] = {"form": form}
    return render(request, "planning/settings.html", context)
