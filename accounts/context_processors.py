from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The product's areas in navigation order: (app namespace, url name, label), and for an
# area that is a menu, its entries as (url name, label): a menu keeps the bar within 1366 px.
NAVIGATION: list[tuple[Any, ...]] = [
    ("companies", "companies:company-list", _("Companies")),
    ("planning", "planning:plan", _("Plan")),
    ("screening", "screening:overview", _("Screening")),
    ("servicepackages", "servicepackages:catalogue", _("Service catalogue")),
    ("matching", "matching:joborder-list", _("Job orders"), [
        ("matching:joborder-list", _("Job orders")),
        ("matching:candidate-search", _("Candidates")),
        ("matching:talentpool-list", _("Talent pools")),
    ]),
    ("reports", "reports:overview", _("Reports")),
]  # fmt: skip

# The "Administration" menu (admins only): (url name, label, the views that belong to it).
ADMINISTRATION = [
    ("accounts:user-list", _("Users"), {"accounts:user-list", "accounts:user-create",
                                        "accounts:user-edit"}),
    ("servicepackages:catalogue-manage", _("Service catalogue"),
     {"servicepackages:catalogue-manage", "servicepackages:package-create",
      "servicepackages:package-edit", "servicepackages:product-create",
      "servicepackages:product-edit"}),
    ("planning:rule-list", _("Contact rules"),
     {"planning:rule-list", "planning:rule-edit", "planning:contact-rule-edit"}),
    ("screening:questions-edit", _("Screening questions"), {"screening:questions-edit"}),
    ("companies:company-import", _("Import companies"), {"companies:company-import"}),
    ("matching:synonym-list", _("Synonyms for matching"), {"matching:synonym-list"}),
    ("planning:schedule", _("Schedule"), {"planning:schedule"}),
]  # fmt: skip


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation bar: the areas that exist in this build, the Administration menu for
    admins, and which entry is the page the user is on."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # An operator works in Django's admin site; the product's areas need a jobcenter (404).
    if getattr(request.user, "jobcenter_id", None) is None:
        return {"nav_items": [], "nav_section": "", "admin_items": []}
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    admin_items = []
    if getattr(request.user, "is_jobcenter_admin", False):
        admin_items = [
            {"url": reverse(url_name), "label": label, "current": view_name in views}
            for url_name, label, views in ADMINISTRATION
        ]
    in_administration = any(item["current"] for item in admin_items)
    items = []
    for namespace, url_name, label, *menu in NAVIGATION:
        try:
            items.append(
                {
                    "namespace": namespace,
                    "url": reverse(url_name),
                    "label": label,
                    "children": [
                        {"url": reverse(name), "label": text, "current": view_name == name}
                        for name, text in (menu[0] if menu else [])
                    ],
                }
            )
        except NoReverseMatch:
            continue
    return {
        "nav_items": items,
        # An administration page is highlighted in its menu, not under its app's area; the
        # start page (in reports) under "Start" only.
        "nav_section": ""
        if in_administration or not match or view_name == "reports:home"
        else match.namespace,
        "admin_items": admin_items,
        "in_administration": in_administration,
    }
