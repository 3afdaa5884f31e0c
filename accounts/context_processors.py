from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The product's areas in navigation order: (app namespace, url name, label).
NAVIGATION = [
    ("companies", "companies:company-list", _("Companies")),
    ("planning", "planning:plan", _("Plan")),
    ("screening", "screening:overview", _("Screening")),
    ("servicepackages", "servicepackages:catalogue", _("Service catalogue")),
    ("matching", "matching:joborder-list", _("Job orders")),
    ("reports", "reports:overview", _("Reports")),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation bar: the areas that exist in this build, and the current one."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # An operator works in Django's admin site; the product's areas need a jobcenter (404).
    if getattr(request.user, "jobcenter_id", None) is None:
        return {"nav_items": [], "nav_section": ""}
    items = []
    for namespace, url_name, label in NAVIGATION:
        try:
            items.append({"namespace": namespace, "url": reverse(url_name), "label": label})
        except NoReverseMatch:
            continue
    match = getattr(request, "resolver_match", None)
    return {"nav_items": items, "nav_section": match.namespace if match else ""}
