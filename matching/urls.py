from django.urls import path

from .views import candidates, instruments, job_orders, placements, search, synonyms

app_name = "matching"

urlpatterns = [
    path("candidates/search/", search.candidate_search, name="candidate-search"),
    path("candidates/bookmarks/", search.bookmark_list, name="candidate-bookmarks"),
    path("candidates/<uuid:code>/bookmark/", search.bookmark_toggle, name="candidate-bookmark"),
    path("candidates/<uuid:code>/orders/", candidates.candidate_orders, name="candidate-orders"),
    path("saved-searches/", search.saved_search_create, name="savedsearch-create"),
    path("saved-searches/<uuid:code>/", search.saved_search_detail, name="savedsearch-detail"),
    path(
        "saved-searches/<uuid:code>/delete/",
        search.saved_search_delete,
        name="savedsearch-delete",
    ),
    path("talent-pools/", search.talent_pool_list, name="talentpool-list"),
    path("talent-pools/add/", search.talent_pool_add, name="talentpool-add"),
    path("talent-pools/<uuid:code>/", search.talent_pool_detail, name="talentpool-detail"),
    path("talent-pools/<uuid:code>/remove/", search.talent_pool_remove, name="talentpool-remove"),
    path("talent-pools/<uuid:code>/delete/", search.talent_pool_delete, name="talentpool-delete"),
    path("synonyms/", synonyms.synonym_list, name="synonym-list"),
    path("synonyms/<uuid:code>/delete/", synonyms.synonym_delete, name="synonym-delete"),
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
    path(
        "companies/<uuid:code>/instruments/",
        instruments.company_instruments,
        name="company-instruments",
    ),
    path(
        "companies/<uuid:code>/instruments/<uuid:instrument_code>/end/",
        instruments.instrument_end,
        name="instrument-end",
    ),
    path(
        "companies/<uuid:code>/instruments/<uuid:instrument_code>/",
        instruments.instrument_edit,
        name="instrument-edit",
    ),
    path(
        "companies/<uuid:code>/instruments/<uuid:instrument_code>/delete/",
        instruments.instrument_delete,
        name="instrument-delete",
    ),
]
