"""Candidate pages: the candidate (every view logged), who saw them, the Art. 15 export."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import AuthenticatedRequest, admin_required, jobcenter_required

from .. import selectors, services
from ..engine import vocabulary_for
from ..models import Candidate, CandidateAccessLog
from ..selectors.company_fit import companies_for_candidate
from ..selectors.search import bookmarked_ids, orders_for_candidate, talent_pools


@jobcenter_required
def candidate_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    candidate = Candidate.objects.get_for_user_or_404(request.user, code=code)
    services.candidate_access_log(user=request.user, kind="candidate", candidate_ids=[candidate.pk])
    return render(
        request,
        "matching/candidate_detail.html",
        {
            "candidate": candidate,
            "completeness": selectors.candidate_completeness(candidate),
            "bookmarked": candidate.pk in bookmarked_ids(request.user, [candidate.pk]),
            "pools": list(talent_pools(request.user)),
        },
    )


@admin_required
def candidate_access(request: AuthenticatedRequest, code: str) -> HttpResponse:
    candidate = Candidate.objects.get_for_user_or_404(request.user, code=code)
    viewers = list(selectors.candidate_viewers(candidate)[:500])
    return render(
        request, "matching/candidate_access.html", {"candidate": candidate, "viewers": viewers}
    )


@admin_required
def candidate_export(request: AuthenticatedRequest, code: str) -> HttpResponse:
    candidate = Candidate.objects.get_for_user_or_404(request.user, code=code)
    # The export is itself a view of the person's data.
    services.candidate_access_log(user=request.user, kind="export", candidate_ids=[candidate.pk])
    data = selectors.candidate_export(candidate)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="indsigt-{candidate.external_id}-{stamp}.json"'
    )
    return response


@jobcenter_required
@require_GET
def candidate_orders(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Reverse search: the open orders and the companies that fit the candidate, best
    first."""
    candidate = Candidate.objects.get_for_user_or_404(request.user, code=code)
    services.candidate_access_log(
        user=request.user, kind=CandidateAccessLog.Kind.ORDERS, candidate_ids=[candidate.pk]
    )
    vocabulary = vocabulary_for(request.user.jobcenter_id)
    fits = orders_for_candidate(
        user=request.user, candidate=candidate, today=timezone.localdate(), vocabulary=vocabulary
    )
    companies = companies_for_candidate(
        user=request.user, candidate=candidate, vocabulary=vocabulary
    )
    return render(
        request,
        "matching/candidate_orders.html",
        {"candidate": candidate, "fits": fits, "companies": companies},
    )
