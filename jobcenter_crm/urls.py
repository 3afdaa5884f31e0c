from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from . import health

admin.site.site_header = _("jobcenter-crm administration")
admin.site.site_title = _("jobcenter-crm")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("companies/", include("companies.urls")),
    path("screening/", include("screening.urls")),
    path("catalogue/", include("servicepackages.urls")),
    path("planning/", include("planning.urls")),
    path("", include("matching.urls")),
    path("", include("reports.urls")),
]
