"""Candidate pages: the candidate (every view logged), who saw them, the Art. 15 export."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, admin_required, jobcenter_required

from .. import selectors, services
from ..models import Candidate


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
