from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from companies.models import Municipality
from jobcenter_crm.lib.mail import email_message

from .models import Jobcenter, User
from .roles import ROLE_GROUP_NAMES
from .tokens import invitation_tokens, password_reset_tokens


@transaction.atomic
def jobcenter_create(
    *, name: str, municipality: Municipality, contact_collision_days: int = 14
) -> Jobcenter:
    """Create a jobcenter with Struer's segment rules and the default service catalogue."""
    # The one place accounts reaches up into apps built on it: a jobcenter is not usable
    # without its segment rules and catalogue, so they are installed in the same
    # transaction. Imported here, not at the top, because screening and servicepackages
    # import accounts (a module-level import would be a cycle).
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
    work_phone: str = "",
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
        work_phone=work_phone,
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
    work_phone: str | None = None,
) -> User:
    """An admin's change of a user; `work_phone` None leaves the phone as it is."""
    deactivated = user.is_active and not is_active
    user.role = role
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.is_active = is_active
    if work_phone is not None:
        user.work_phone = work_phone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "first_name", "last_name", "email", "is_active", "work_phone"])
    _apply_role(user)
    if deactivated:
        user_sessions_end(user=user)
    return user


def user_work_phone_set(*, user: User, work_phone: str) -> User:
    """The user's own work phone (the profile page)."""
    user.work_phone = work_phone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["work_phone"])
    return user


def user_sessions_end(*, user: User) -> int:
    """Sign the user out everywhere at once: delete every session of theirs. Sessions are
    signed blobs, so the unexpired ones are read; deactivation is rare and the table holds
    only unexpired sessions of a few thousand users (`clearsessions` removes the rest)."""
    user_id = str(user.pk)
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)


def _password_link_send(*, user: User, kind: str, url_name: str, site_url: str) -> None:
    token = (invitation_tokens if kind == "invitation" else password_reset_tokens).make_token(user)
    path = reverse(url_name, args=[urlsafe_base64_encode(force_bytes(user.pk)), token])
    email_message(
        template=f"accounts/email/{kind}",
        context={
            "user": user,
            "link": f"{site_url.rstrip('/')}{path}",
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
        to=[user.email],
    ).send()


def user_invitation_send(*, user: User, site_url: str) -> None:
    """E-mail the user a single-use link to set a password (Django's password-reset
    machinery, its own salt). A user who never set a password gets a fresh unusable one
    first, so only the newest invitation works. Raises on a failed send (SMTP)."""
    if not user.is_active or not user.email:
        raise ValueError("Only an active user with an e-mail address can be invited.")
    if not user.has_usable_password():
        user.set_unusable_password()
    user.invited_at = timezone.now()
    user.save(update_fields=["password", "invited_at"])
    _password_link_send(
        user=user, kind="invitation", url_name="accounts:invitation-accept", site_url=site_url
    )


def password_reset_send(*, email: str, site_url: str) -> int:
    """The forgotten-password e-mail to every active user with this address (none if it
    is unknown; the page says the same either way). Returns how many were sent."""
    users = User.objects.filter(email__iexact=email.strip(), is_active=True)
    sent = 0
    for user in users:
        _password_link_send(
            user=user,
            kind="password_reset",
            url_name="accounts:password-reset-confirm",
            site_url=site_url,
        )
        sent += 1
    return sent
