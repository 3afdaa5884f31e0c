from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from companies.selectors import overdue_agreements_for_user, planned_contacts_for_user


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what the signed-in consultant has to do today."""
    today = timezone.localdate()
    context = {
        "today": today,
        "overdue_agreements": overdue_agreements_for_user(user=request.user, today=today)[:50],
        "planned_contacts": planned_contacts_for_user(user=request.user, until=today)[:50],
    }
    return render(request, "reports/home.html", context)
