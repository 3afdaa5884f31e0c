import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from kombu.exceptions import OperationalError

from jobcenter_crm.lib.forms import posted

from . import services, tasks
from .access import AuthenticatedRequest, admin_required, jobcenter_required, request_jobcenter
from .forms import PasswordForgottenForm, ProfileForm, UserForm
from .models import User
from .tokens import invitation_tokens, password_reset_tokens

logger = logging.getLogger(__name__)


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _invite(request: HttpRequest, user: User) -> None:
    try:
        services.user_invitation_send(user=user, site_url=_site_url(request))
    except OSError:  # SMTP refused or unreachable
        messages.error(
            request,
            _(
                "The invitation to %(user)s could not be sent. Check the address and try "
                "again with “Send the invitation again”."
            )
            % {"user": user},
        )
    else:
        messages.success(
            request,
            _("%(user)s was sent an invitation to %(email)s.")
            % {"user": user, "email": user.email},
        )


@login_required
@admin_required
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    users = User.objects.for_user(request.user).order_by("username")
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
@admin_required
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    jobcenter = request_jobcenter(request)
    form = UserForm(posted(request))
    if request.method == "POST" and form.is_valid():
        user = services.user_create(
            jobcenter=jobcenter,
            username=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            work_phone=form.cleaned_data["work_phone"],
        )
        messages.success(request, _("%(user)s was created.") % {"user": user})
        _invite(request, user)
        return redirect("accounts:user-list")
    return render(request, "accounts/user_form.html", {"form": form, "editing": None})


@login_required
@admin_required
def user_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    editing = User.objects.get_for_user_or_404(request.user, code=code)
    initial = {
        "username": editing.username,
        "first_name": editing.first_name,
        "last_name": editing.last_name,
        "email": editing.email,
        "work_phone": editing.work_phone,
        "role": editing.role,
        "is_active": editing.is_active,
    }
    form = UserForm(posted(request), initial=initial, editing=editing)
    if request.method == "POST" and form.is_valid():
        services.user_update(
            user=editing,
            role=form.cleaned_data["role"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            is_active=form.cleaned_data["is_active"],
            work_phone=form.cleaned_data["work_phone"],
        )
        messages.success(request, _("The user was saved."))
        return redirect("accounts:user-list")
    return render(request, "accounts/user_form.html", {"form": form, "editing": editing})


@login_required
@jobcenter_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own contact details for colleagues in other jobcenters."""
    form = ProfileForm(
        posted(request),
        initial={"work_phone": request.user.work_phone},
    )
    if request.method == "POST" and form.is_valid():
        services.user_work_phone_set(user=request.user, work_phone=form.cleaned_data["work_phone"])
        messages.success(request, _("Your contact details were saved."))
        return redirect("accounts:profile")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_required
@admin_required
@require_POST
def user_invite(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Send the invitation again (a new link; the earlier ones stop working)."""
    user = User.objects.get_for_user_or_404(request.user, code=code)
    if not user.is_active or not user.email:
        messages.error(request, _("Only an active user with an e-mail address can be invited."))
    else:
        _invite(request, user)
    return redirect("accounts:user-edit", code=user.code)


# Setting a password from a link: the invitation and the forgotten password ---------------


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Django's password-reset confirmation (the token leaves the URL before the form is
    shown), ending on the login page with a message."""

    template_name = "registration/password_set.html"
    success_url = reverse_lazy("accounts:login")
    invitation = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"invitation": self.invitation}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your password was saved. Log in with your user name %(username)s.")
            % {"username": form.user.username},
        )
        return response


invitation_accept = PasswordSetView.as_view(token_generator=invitation_tokens, invitation=True)
password_reset_confirm = PasswordSetView.as_view(token_generator=password_reset_tokens)


@login_not_required
def password_reset(request: HttpRequest) -> HttpResponse:
    """“Forgotten password”: the same answer whether or not the address is known; the
    e-mail is sent by the worker, so not even the answer's time tells."""
    form = PasswordForgottenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        arguments = {"email": form.cleaned_data["email"], "site_url": _site_url(request)}
        try:
            tasks.password_reset_send.delay(**arguments)
        except OperationalError:  # the broker is down: send it here instead of losing it
            try:
                services.password_reset_send(**arguments)
            except OSError:
                # The page must not tell; the log does (no address in it).
                logger.exception("A forgotten-password e-mail could not be sent")
        return redirect("accounts:password-reset-done")
    status = 400 if form.is_bound else 200
    context = {"form": form, "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    return render(request, "registration/password_reset_form.html", context, status=status)


@login_not_required
def password_reset_done(request: HttpRequest) -> HttpResponse:
    context = {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    return render(request, "registration/password_reset_done.html", context)
