import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import AuthenticatedRequest, jobcenter_required, request_jobcenter
from companies.models import Contact
from companies.selectors import overdue_agreements_for_user, planned_contacts_for_user

from . import selectors


def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: what the signed-in consultant has to do today."""
    today = timezone.localdate()
    context = {
        "today": today,
        "overdue_agreements": overdue_agreements_for_user(user=request.user, today=today)[:50],
        "planned_contacts": planned_contacts_for_user(user=request.user, until=today)[:50],
    }
    return render(request, "reports/home.html", context)


@login_required
@jobcenter_required
@require_GET
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """Key figures of the jobcenter: segments, contacts of the last 30 days, consultants."""
    jobcenter = request_jobcenter(request)
    today = timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=30)
    by_channel = selectors.contacts_by_channel(jobcenter=jobcenter, since=since)
    context = {
        "segments": selectors.segment_distribution(jobcenter=jobcenter),
        "channels": [(label, by_channel.get(value, 0)) for value, label in Contact.Channel.choices],
        "consultants": selectors.consultant_figures(jobcenter=jobcenter, since=since, today=today),
    }
    return render(request, "reports/overview.html", context)
