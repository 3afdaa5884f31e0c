from django.urls import path

from .views import candidates, job_orders, placements

app_name = "matching"

urlpatterns = [
    path("candidates/<uuid:code>/", candidates.candidate_detail, name="candidate-detail"),
    path("candidates/<uuid:code>/access/", candidates.candidate_access, name="candidate-access"),
    path("candidates/<uuid:code>/export/", candidates.candidate_export, name="candidate-export"),
    path("job-orders/", job_orders.job_order_list, name="joborder-list"),
    path("job-orders/watch/", job_orders.job_order_watch, name="joborder-watch"),
    path("job-orders/settings/", job_orders.job_order_settings, name="joborder-settings"),
    path("job-orders/<uuid:code>/", job_orders.job_order_detail, name="joborder-detail"),
    path("job-orders/<uuid:code>/edit/", job_orders.job_order_edit, name="joborder-edit"),
    *(
        path(
            f"job-orders/<uuid:code>/{action}/",
            job_orders.job_order_status_action,
            {"action": action},
            name=f"joborder-{action}",
        )
        for action in job_orders.STATUS_ACTIONS
    ),
    path("job-orders/<uuid:code>/close/", job_orders.job_order_close, name="joborder-close"),
    path("job-orders/<uuid:code>/matches/", placements.job_order_matches, name="joborder-matches"),
    path(
        "job-orders/<uuid:code>/placements/",
        placements.placement_create,
        name="placement-create",
    ),
    path("placements/<uuid:code>/advance/", placements.placement_advance, name="placement-advance"),
    path(
        "companies/<uuid:code>/job-orders/create/",
        job_orders.job_order_create,
        name="joborder-create",
    ),
]
