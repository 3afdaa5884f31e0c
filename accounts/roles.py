"""The three roles as Django groups. The groups and their permissions are created by
migrations (`sync_role_groups`), so every installation has the same roles."""

from typing import Any

ROLE_GROUP_NAMES = {
    "consultant": "Virksomhedskonsulent",
    "team_lead": "Teamleder",
    "admin": "Administrator",
}

# app_label -> model names each role may view / change. Anything an admin edits in the
# catalogue or the reference data is the admin's alone.
_DAILY_WORK = {
    "companies": [
        "company",
        "workplace",
        "companyrelationship",
        "contactperson",
        "contact",
        "agreement",
    ],
    "screening": ["segmentassessment", "campaigncompany", "visit", "pilotfeedback"],
    "servicepackages": ["servicedemand", "servicedemandchange"],
    "planning": ["reminder"],
}
_DAILY_READING = {
    "planning": _DAILY_WORK["planning"] + ["jobcentercontactrule"],
    "companies": _DAILY_WORK["companies"] + ["municipality", "industrysection"],
    "screening": _DAILY_WORK["screening"] + ["segment", "segmentrule", "campaign"],
    "servicepackages": _DAILY_WORK["servicepackages"] + ["track", "package", "product"],
}
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, list[str]]]] = {
    "consultant": {"view": _DAILY_READING, "add": _DAILY_WORK, "change": _DAILY_WORK},
    "team_lead": {
        "view": _DAILY_READING,
        "add": {**_DAILY_WORK, "screening": [*_DAILY_WORK["screening"], "campaign"]},
        "change": {**_DAILY_WORK, "screening": [*_DAILY_WORK["screening"], "campaign"]},
    },
    "admin": {
        "view": {"*": ["*"]},
        "add": {"*": ["*"]},
        "change": {"*": ["*"]},
        "delete": {"accounts": ["user"], "servicepackages": ["*"], "companies": ["contactperson"]},
    },
}


def sync_role_groups(apps: Any, schema_editor: Any = None) -> None:
    """Create the role groups and give them the permissions that exist so far.

    Runs inside migrations (with historical models), so it first creates the permissions
    of every model migrated so far; Django would otherwise create them only after the
    whole `migrate` run. Idempotent: later migrations call it again for their new models.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        # create_permissions skips an app whose models_module is unset; any truthy value does.
        app_config.models_module = True  # type: ignore[assignment]
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, group_name in ROLE_GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = Permission.objects.none()
        for action, by_app in ROLE_PERMISSIONS[role].items():
            for app_label, models in by_app.items():
                query = Permission.objects.filter(codename__startswith=f"{action}_")
                if app_label != "*":
                    query = query.filter(content_type__app_label=app_label)
                if models != ["*"]:
                    query = query.filter(codename__in=[f"{action}_{m}" for m in models])
                wanted = wanted | query
        group.permissions.set(wanted.distinct())
