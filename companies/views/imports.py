from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.access import AuthenticatedRequest, admin_required, request_jobcenter
from jobcenter_crm.lib.forms import posted

from ..cvr_import import COMPANY_COLUMNS, WORKPLACE_COLUMNS, company_import
from ..forms_import import CompanyImportForm


@login_required
@admin_required
def company_import_upload(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a CVR or CSV file; shows the import report (a dry run by default)."""
    form = CompanyImportForm(posted(request), request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = company_import(
            source=form.cleaned_data["file"],
            file_format=form.cleaned_data["file_format"],
            dry_run=form.cleaned_data["dry_run"],
            # A jobcenter's import: the register's facts stay the operator's.
            jobcenter=request_jobcenter(request),
        )
    context = {
        "form": form,
        "report": report,
        "csv_columns": COMPANY_COLUMNS + WORKPLACE_COLUMNS,
    }
    return render(request, "companies/company_import.html", context)
