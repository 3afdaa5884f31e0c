"""The jobcenter's own synonyms for the matching engine (issue 11.4: admins extend the
shipped list of occupation titles in the product)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedRequest, admin_required
from jobcenter_crm.lib.forms import posted

from .. import services
from ..engine.vocabulary import shipped
from ..forms import SynonymForm
from ..models import SynonymTerm


@admin_required
def synonym_list(request: AuthenticatedRequest) -> HttpResponse:
    form = SynonymForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.synonym_add(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The synonym is added. Matching uses it from now on."))
            return redirect("matching:synonym-list")
    synonyms = SynonymTerm.objects.for_user(request.user).select_related("created_by")
    return render(
        request,
        "matching/synonym_list.html",
        {
            "form": form,
            "synonyms": synonyms.order_by("kind", "term", "pk"),
            "shipped_groups": len(shipped().groups),
        },
        status=400 if form.is_bound else 200,
    )


@admin_required
@require_POST
def synonym_delete(request: AuthenticatedRequest, code: str) -> HttpResponse:
    synonym = SynonymTerm.objects.get_for_user_or_404(request.user, code=code)
    services.synonym_delete(user=request.user, synonym=synonym)
    messages.success(request, _("The synonym is deleted."))
    return redirect("matching:synonym-list")
