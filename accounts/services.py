from django.contrib.auth.models import Group
from django.db import transaction

from companies.models import Municipality

from .models import Jobcenter, User
from .roles import ROLE_GROUP_NAMES


@transaction.atomic
def jobcenter_create(
    *, name: str, municipality: Municipality, contact_collision_days: int = 14
) -> Jobcenter:
    """Create a jobcenter with Struer's segment rules and the default service catalogue."""
    from screening.services import segment_rules_install_defaults
    from servicepackages.services import catalogue_install_defaults

    jobcenter = Jobcenter(
        name=name, municipality=municipality, contact_collision_days=contact_collision_days
    )
    jobcenter.full_clean()
    jobcenter.save()
    jobcenter.served_municipalities.add(municipality)
    segment_rules_install_defaults(jobcenter=jobcenter)
    catalogue_install_defaults(jobcenter=jobcenter)
    return jobcenter


def _apply_role(user: User) -> None:
    # The role decides the Django group and so its permissions. Django's own admin site
    # is not tenant-scoped, so it stays for superusers (operators), never for roles.
    groups = Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())
    user.groups.remove(*groups)
    user.groups.add(Group.objects.get(name=ROLE_GROUP_NAMES[user.role]))


@transaction.atomic
def user_create(
    *,
    jobcenter: Jobcenter,
    username: str,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create a user of the jobcenter in one role. Without a password the user cannot log
    in until one is set (by an admin or the password-reset route)."""
    user = User(
        jobcenter=jobcenter,
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    _apply_role(user)
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    role: str,
    first_name: str,
    last_name: str,
    email: str,
    is_active: bool,
) -> User:
    user.role = role
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.is_active = is_active
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "first_name", "last_name", "email", "is_active"])
    _apply_role(user)
    return user
