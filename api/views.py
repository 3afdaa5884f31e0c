"""The jobcenter admin's page for API tokens: make one for a user (the key is shown once),
see which exist and when they were last used, revoke one."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedRequest, admin_required
from jobcenter_crm.lib.forms import posted

from . import services
from .forms import ApiTokenForm
from .models import ApiToken


@admin_required
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ApiTokenForm(posted(request), admin=request.user)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            created_by=request.user,
        )
        form = ApiTokenForm(admin=request.user)
    tokens = ApiToken.objects.for_user(request.user).select_related("user")
    return render(
        request, "api/token_list.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@admin_required
@require_POST
def token_revoke(request: AuthenticatedRequest, code: str) -> HttpResponse:
    token = ApiToken.objects.get_for_user_or_404(request.user, code=code)
    if services.api_token_revoke(token=token):
        messages.success(request, _("The token was revoked."))
    return redirect("api:token-list")
