from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("questions/", views.questions_edit, name="questions-edit"),
    path("net-list/", views.net_list, name="net-list"),
    path("net-list/count/", views.net_list_count, name="net-list-count"),
    path("proposal/", views.segment_proposal, name="segment-proposal"),
    path("campaigns/<uuid:code>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<uuid:code>/next/", views.campaign_claim_next, name="campaign-claim-next"),
    path(
        "campaigns/<uuid:code>/move/",
        views.campaign_companies_move,
        name="campaign-companies-move",
    ),
    path("campaigns/<uuid:code>/progress/", views.campaign_progress, name="campaign-progress"),
    path("campaigns/<uuid:code>/feedback/", views.pilot_feedback, name="pilot-feedback"),
    path(
        "campaigns/<uuid:code>/feedback/all/",
        views.pilot_feedback_list,
        name="pilot-feedback-list",
    ),
    path(
        "campaign-companies/<uuid:code>/",
        views.campaign_company_call,
        name="campaign-company-call",
    ),
    path(
        "campaign-companies/<uuid:code>/outcome/",
        views.campaign_company_outcome,
        name="campaign-company-outcome",
    ),
    path(
        "campaign-companies/<uuid:code>/screen/",
        views.campaign_company_screen,
        name="campaign-company-screen",
    ),
    # The call page's address before the campaign's company had one name: kept for
    # bookmarks; the page it leads to checks access as always.
    path(
        "calls/<uuid:code>/",
        RedirectView.as_view(pattern_name="screening:campaign-company-call", permanent=True),
    ),
    path("companies/<uuid:code>/screen/", views.company_screen, name="company-screen"),
    path("companies/<uuid:code>/visits/book/", views.visit_book, name="visit-book"),
    path("visits/<uuid:code>/", views.visit_detail, name="visit-detail"),
    path("visits/<uuid:code>/move/", views.visit_move, name="visit-move"),
    path("visits/<uuid:code>/cancel/", views.visit_cancel, name="visit-cancel"),
    path(
        "visits/<uuid:code>/confirmation/send/",
        views.visit_confirmation_resend,
        name="visit-confirmation-resend",
    ),
]
