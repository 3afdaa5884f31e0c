from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .access import AuthenticatedRequest, admin_required, request_jobcenter
from .forms import UserForm
from .models import User
from .services import user_create, user_update


@login_required
@admin_required
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    users = User.objects.for_user(request.user).order_by("username")
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
@admin_required
def user_create_view(request: AuthenticatedRequest) -> HttpResponse:
    jobcenter = request_jobcenter(request)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_create(
            jobcenter=jobcenter,
            username=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
        )
        messages.success(
            request,
            _("%(user)s was created. Set a password in the user administration.") % {"user": user},
        )
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
        "role": editing.role,
        "is_active": editing.is_active,
    }
    form = UserForm(request.POST or None, initial=initial, editing=editing)
    if request.method == "POST" and form.is_valid():
        user_update(
            user=editing,
            role=form.cleaned_data["role"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            is_active=form.cleaned_data["is_active"],
        )
        messages.success(request, _("The user was saved."))
        return redirect("accounts:user-list")
    return render(request, "accounts/user_form.html", {"form": form, "editing": editing})
