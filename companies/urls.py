from django.urls import path

from .views import contact_details, corrections, detail, imports, lists, register

app_name = "companies"

urlpatterns = [
    path("", lists.company_list, name="company-list"),
    path("count/", lists.company_count, name="company-count"),
    path("export.<str:file_format>", lists.company_export, name="company-export"),
    path("map/", lists.company_map, name="company-map"),
    path("create/", detail.company_create, name="company-create"),
    path("register/", register.register_search, name="register-search"),
    path("register/<uuid:code>/", register.register_company, name="register-company"),
    path("import/", imports.company_import_upload, name="company-import"),
    path("<uuid:code>/", detail.company_detail, name="company-detail"),
    path("<uuid:code>/timeline/", detail.company_timeline, name="company-timeline"),
    path("<uuid:code>/contacts/log/", detail.contact_log, name="contact-log"),
    path("<uuid:code>/relationship/edit/", detail.relationship_edit, name="relationship-edit"),
    path(
        "<uuid:code>/contact-persons/create/",
        detail.contact_person_create,
        name="contact-person-create",
    ),
    path(
        "<uuid:code>/contact-details/",
        contact_details.contact_details_edit,
        name="contact-details-edit",
    ),
    path("<uuid:code>/merge/", detail.company_merge, name="company-merge"),
    path(
        "contact-persons/<uuid:code>/edit/",
        corrections.contact_person_edit,
        name="contact-person-edit",
    ),
    path(
        "contact-persons/<uuid:code>/deactivate/",
        corrections.contact_person_deactivate,
        name="contact-person-deactivate",
    ),
    path(
        "contact-persons/<uuid:code>/reactivate/",
        corrections.contact_person_reactivate,
        name="contact-person-reactivate",
    ),
    path("contacts/<uuid:code>/correct/", corrections.contact_correct, name="contact-correct"),
    path(
        "contacts/<uuid:code>/revisions/", corrections.contact_revisions, name="contact-revisions"
    ),
    path(
        "agreements/<uuid:code>/deadline/",
        corrections.agreement_deadline,
        name="agreement-deadline",
    ),
    path("contacts/<uuid:code>/complete/", detail.contact_complete, name="contact-complete"),
    path("contacts/<uuid:code>/move/", detail.contact_move, name="contact-move"),
    path("contacts/<uuid:code>/cancel/", detail.contact_cancel, name="contact-cancel"),
    path("agreements/<uuid:code>/status/", detail.agreement_status, name="agreement-status"),
]
