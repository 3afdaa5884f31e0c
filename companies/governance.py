"""Who may change the shared register (issue 9 point 3).

Register facts (name, address, status, ceased, ...) change only through the register's
own data (the operator's CVR import, a scheduled job) or by an operator in the admin
site. A jobcenter changes what is its own (relationships, contact persons, segments); it
may create companies by hand only in its own area, and a merge that would touch another
jobcenter's relationship becomes a request to the operator."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Jobcenter, User

from .merging import company_merge
from .models import Company, CompanyMerge, CompanyRelationship, MergeRequest, Municipality


def manual_company_check_area(*, jobcenter: Jobcenter, municipality: Municipality | None) -> None:
    """A company typed in by hand lies in one of the jobcenter's own municipalities:
    companies elsewhere come from CVR (or are found and taken in from the register)."""
    served = list(jobcenter.served_municipalities.all())
    if municipality is None or municipality not in served:
        raise ValidationError(
            _(
                "%(jobcenter)s can only create companies in its own municipalities "
                "(%(served)s). Companies elsewhere come from the CVR register: search for "
                "them instead."
            )
            % {"jobcenter": jobcenter, "served": ", ".join(str(m) for m in served)},
            code="outside_area",
        )


@transaction.atomic
def company_take_in(
    *, jobcenter: Jobcenter, company: Company, responsible: User | None = None
) -> CompanyRelationship:
    """The jobcenter takes a company of the shared register in as its own relationship,
    also outside its area (a company it found by CVR number or name). Only the
    jobcenter's own relationship is written: the register's facts stay as CVR has them.
    A merged record and a ceased company are refused in Danish; taking in a company
    twice (a double click) gives the one relationship."""
    if company.merged_into_id is not None:
        raise ValidationError(
            _("This record was merged into %(kept)s: take that one in instead.")
            % {"kept": company.merged_into},
            code="merged",
        )
    if company.ceased_on is not None:
        raise ValidationError(
            _("The company ceased on %(date)s, so it cannot be taken in.")
            % {"date": date_format(company.ceased_on, "SHORT_DATE_FORMAT")},
            code="ceased",
        )
    relationship, created = CompanyRelationship.objects.get_or_create(
        jobcenter=jobcenter, company=company, defaults={"responsible": responsible}
    )
    return relationship


def other_jobcenters(*, companies: list[Company], jobcenter: Jobcenter) -> list[str]:
    """The names of the other jobcenters that work with any of the companies."""
    return sorted(
        set(
            CompanyRelationship.objects.filter(company__in=companies)
            .exclude(jobcenter=jobcenter)
            .values_list("jobcenter__name", flat=True)
        )
    )


def company_merge_or_request(
    *, kept: Company, merged: Company, user: User
) -> CompanyMerge | MergeRequest:
    """Merge at once when only the user's own jobcenter works with the two records (or
    the user is an operator); otherwise record a request for the operator."""
    if user.jobcenter is None:
        return company_merge(kept=kept, merged=merged, user=user)
    others = other_jobcenters(companies=[kept, merged], jobcenter=user.jobcenter)
    if not others:
        return company_merge(kept=kept, merged=merged, user=user)
    request, _created = MergeRequest.objects.get_or_create(
        kept=kept,
        merged=merged,
        status=MergeRequest.Status.OPEN,
        defaults={
            "jobcenter": user.jobcenter,
            "requested_by": user,
            "reason": _("Also used by: %(jobcenters)s") % {"jobcenters": ", ".join(others)},
        },
    )
    return request


@transaction.atomic
def merge_request_decide(*, request: MergeRequest, operator: User, approve: bool) -> MergeRequest:
    """The operator carries out or rejects a request; a merge that cannot be carried
    across raises ValidationError and leaves the request open."""
    request = MergeRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MergeRequest.Status.OPEN:
        raise ValidationError(_("The request has already been decided."), code="decided")
    if approve:
        request.merge = company_merge(kept=request.kept, merged=request.merged, user=operator)
        request.status = MergeRequest.Status.DONE
    else:
        request.status = MergeRequest.Status.REJECTED
    request.decided_by, request.decided_at = operator, timezone.now()
    request.save(update_fields=["merge", "status", "decided_by", "decided_at"])
    return request
