"""The REST API, versioned under /api/v1/ (issue 11.6). Resource views authenticate by
token or session in DRF, so they are exempt from the login middleware's redirect; the
schema and its docs page are for signed-in users of a jobcenter."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.access import jobcenter_required
from matching import api as matching_api

from . import views

app_name = "api"


def _api(view_class):  # type: ignore[no-untyped-def]
    return login_not_required(view_class.as_view())


urlpatterns = [
    path(
        "v1/schema/",
        jobcenter_required(SpectacularAPIView.as_view(api_version="v1")),
        name="schema",
    ),
    path(
        "v1/docs/",
        jobcenter_required(SpectacularSwaggerView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("v1/candidates/", _api(matching_api.CandidateList), name="candidate-list"),
    path("v1/candidates/batch/", _api(matching_api.CandidateBatch), name="candidate-batch"),
    path(
        "v1/candidates/<str:external_id>/",
        _api(matching_api.CandidateDetail),
        name="candidate-detail",
    ),
    path("v1/job-orders/", _api(matching_api.JobOrderList), name="job-order-list"),
    path("v1/job-orders/<uuid:code>/", _api(matching_api.JobOrderDetail), name="job-order-detail"),
    path(
        "v1/job-orders/<uuid:code>/close/",
        _api(matching_api.JobOrderClose),
        name="job-order-close",
    ),
    path(
        "v1/job-orders/<uuid:code>/matches/",
        _api(matching_api.JobOrderMatches),
        name="job-order-matches",
    ),
    path(
        "v1/job-orders/<uuid:code>/placements/",
        _api(matching_api.JobOrderPlacements),
        name="job-order-placements",
    ),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<uuid:code>/revoke/", views.token_revoke, name="token-revoke"),
]
