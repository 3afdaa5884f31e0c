"""The consultants' catalogue, the admins' catalogue administration and the visit
checklist used at the company."""

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import (
    AuthenticatedRequest,
    admin_required,
    jobcenter_required,
    request_jobcenter,
)
from accounts.submissions import earlier_result, submit_once
from companies import services as company_services
from companies.models import Contact
from jobcenter_crm.lib.forms import posted
from screening.models import Segment, Visit

from . import selectors, services
from .forms import PackageForm, ProductForm, VisitChecklistForm, VisitOutcomeForm
from .models import Package, Product, Track


@login_required
@jobcenter_required
def catalogue(request: AuthenticatedRequest) -> HttpResponse:
    """The jobcenter's service catalogue, grouped by track and package."""
    products = selectors.catalogue_products(request.user)
    return render(
        request,
        "servicepackages/catalogue.html",
        {"products": products, "tracks": selectors.catalogue_grouped(products)},
    )


# Administration (admins only). Tracks are shared by every jobcenter: read-only here.


@login_required
@admin_required
def catalogue_manage(request: AuthenticatedRequest) -> HttpResponse:
    packages = Package.objects.for_user(request.user).annotate(
        product_count=Count("products", filter=Q(products__retired_at__isnull=True))
    )
    products = (
        Product.objects.for_user(request.user)
        .select_related("track")
        .prefetch_related(Prefetch("packages", queryset=Package.objects.order_by("order", "name")))
        .order_by("track__order", "track__name", "order", "name")
    )
    current = [product for product in products if not product.is_retired]
    context = {
        "tracks": Track.objects.all(),
        "packages": packages.order_by("order", "name"),
        "products": current,
        "retired_products": [product for product in products if product.is_retired],
    }
    return render(request, "servicepackages/catalogue_manage.html", context)


@login_required
@admin_required
def package_create(request: AuthenticatedRequest) -> HttpResponse:
    jobcenter = request_jobcenter(request)
    form = PackageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.package_create(jobcenter=jobcenter, **form.cleaned_data)
        messages.success(request, _("The package was created."))
        return redirect("servicepackages:catalogue-manage")
    return _form_page(request, "servicepackages/package_form.html", form, package=None)


@login_required
@admin_required
def package_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    package = Package.objects.get_for_user_or_404(request.user, public_code=code)
    initial = {"name": package.name, "description": package.description, "order": package.order}
    form = PackageForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.package_update(
            package=package,
            name=data["name"],
            description=data["description"],
            order=data["order"] if data["order"] is not None else package.order,
        )
        messages.success(request, _("The package was saved."))
        return redirect("servicepackages:catalogue-manage")
    return _form_page(request, "servicepackages/package_form.html", form, package=package)


@login_required
@admin_required
@require_POST
def package_move(request: AuthenticatedRequest, code: str) -> HttpResponse:
    package = Package.objects.get_for_user_or_404(request.user, public_code=code)
    services.package_move(package=package, direction=_direction(request))
    return redirect("servicepackages:catalogue-manage")


def _product_form(request: AuthenticatedRequest, **kwargs: Any) -> ProductForm:
    return ProductForm(
        posted(request),
        packages=Package.objects.for_user(request.user).order_by("order", "name"),
        **kwargs,
    )


@login_required
@admin_required
def product_create(request: AuthenticatedRequest) -> HttpResponse:
    jobcenter = request_jobcenter(request)
    form = _product_form(request, initial={"level": Product.Level.BASIC})
    if request.method == "POST" and form.is_valid():
        product = services.product_create(jobcenter=jobcenter, **form.cleaned_data)
        messages.success(
            request, _("%(product)s was added to the catalogue.") % {"product": product}
        )
        return redirect("servicepackages:catalogue-manage")
    return _form_page(request, "servicepackages/product_form.html", form, product=None)


@login_required
@admin_required
def product_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    product = Product.objects.get_for_user_or_404(request.user, public_code=code)
    initial = {
        "name": product.name,
        "description": product.description,
        "track": product.track_id,
        "level": product.level,
        "packages": list(product.packages.values_list("pk", flat=True)),
        "counter_demands": product.counter_demands,
        "response_hours": product.response_hours,
        "delivery_standard": product.delivery_standard,
        "order": product.order,
    }
    form = _product_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data["order"] is None:
            data["order"] = product.order
        services.product_update(product=product, **data)
        messages.success(request, _("%(product)s was saved.") % {"product": product})
        return redirect("servicepackages:catalogue-manage")
    return _form_page(request, "servicepackages/product_form.html", form, product=product)


@login_required
@admin_required
@require_POST
def product_move(request: AuthenticatedRequest, code: str) -> HttpResponse:
    product = Product.objects.get_for_user_or_404(request.user, public_code=code)
    services.product_move(product=product, direction=_direction(request))
    return redirect("servicepackages:catalogue-manage")


@login_required
@admin_required
@require_POST
def product_retire(request: AuthenticatedRequest, code: str) -> HttpResponse:
    product = Product.objects.get_for_user_or_404(request.user, public_code=code)
    if services.product_retire(product=product):
        messages.success(
            request,
            _("%(product)s was retired. Companies' demands for it are kept.")
            % {"product": product},
        )
    else:
        messages.warning(request, _("The product was already retired; nothing was changed."))
    return redirect("servicepackages:catalogue-manage")


@login_required
@admin_required
@require_POST
def product_reinstate(request: AuthenticatedRequest, code: str) -> HttpResponse:
    product = Product.objects.get_for_user_or_404(request.user, public_code=code)
    if services.product_reinstate(product=product):
        messages.success(request, _("%(product)s is back in the catalogue.") % {"product": product})
    else:
        messages.warning(request, _("The product was not retired; nothing was changed."))
    return redirect("servicepackages:catalogue-manage")


def _direction(request: AuthenticatedRequest) -> services.MoveDirection:
    return "up" if request.POST.get("direction") == "up" else "down"


def _form_page(
    request: AuthenticatedRequest, template: str, form: Any, **context: Any
) -> HttpResponse:
    if form.is_bound:
        messages.error(request, _("Nothing was saved. Correct the fields marked below."))
    return render(
        request, template, {"form": form, **context}, status=400 if form.is_bound else 200
    )


# The visit checklist (issue 4, point 6) and the short outcome form (issue 8, point 12).


def _get_visit_contact(request: AuthenticatedRequest, code: uuid.UUID) -> Contact:
    """The visit (its entry in the contact log) by its code (`Contact.visit_code`): the
    booking's code for a booked visit, else the log entry's own; one query, each side by
    its unique index. A booked visit reached by its log entry's code (the address these
    pages had before they were keyed by the visit) raises VisitMoved."""
    either = (
        Contact.objects.filter(code=code)
        .values("pk")
        .order_by()
        .union(Visit.objects.filter(code=code).values("contact_id").order_by())
    )
    contact = Contact.objects.select_related(
        "relationship__company", "relationship__segment", "contact_person", "visit"
    ).get_for_user_or_404(
        request.user,
        pk__in=either,
        channel=Contact.Channel.VISIT,
        status__in=[Contact.Status.PLANNED, Contact.Status.DONE],
    )
    if contact.visit_code != code:
        raise VisitMoved(contact.visit_code)
    return contact


class VisitMoved(Exception):
    def __init__(self, code: uuid.UUID) -> None:
        self.code = code


def _visit_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A booked visit's old address (by its log entry) leads to its address by the visit,
    with the query string (`?next=`) kept; access is checked before, as for any visit."""

    @functools.wraps(view)
    def wrapper(request: AuthenticatedRequest, code: uuid.UUID) -> HttpResponse:
        try:
            return view(request, code)
        except VisitMoved as moved:
            assert request.resolver_match is not None
            url = reverse(request.resolver_match.view_name, args=[moved.code])
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    return wrapper


def _next_or(request: AuthenticatedRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@jobcenter_required
@require_http_methods(["GET", "POST"])
@_visit_page
def visit_outcome(request: AuthenticatedRequest, code: uuid.UUID) -> HttpResponse:
    """The visit took place: mark it done with a summary, apart from the long checklist.
    A second submit (or a colleague's) finds the visit done and says so."""
    visit = _get_visit_contact(request, code)
    company = visit.relationship.company
    form = VisitOutcomeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            completed = company_services.contact_complete(
                contact=visit, summary=form.cleaned_data["summary"].strip()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if completed:
                messages.success(request, _("The visit was marked as done."))
            else:
                messages.info(request, _("The visit was already marked as done."))
            return redirect(_next_or(request, company.get_absolute_url()))
    context = {
        "visit": visit,
        "company": company,
        "form": form,
        "is_due": visit.occurred_at <= timezone.now(),
        "next": _next_or(request, ""),
    }
    status = 400 if form.is_bound else 200
    return render(request, "servicepackages/visit_outcome.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@_visit_page
def visit_checklist(request: AuthenticatedRequest, code: uuid.UUID) -> HttpResponse:
    """The catalogue as a checklist at the company: what it wants, agreements with
    deadlines, other service, the segment; one post saves it all."""
    visit = _get_visit_contact(request, code)
    relationship = visit.relationship
    if request.method == "POST" and (
        earlier := earlier_result(user=request.user, data=request.POST)
    ):
        messages.info(request, _("The form had been sent already; it was saved once."))
        return redirect(earlier)
    products = selectors.catalogue_products(request.user)
    demands = list(selectors.demands_for_relationship(user=request.user, relationship=relationship))
    form = VisitChecklistForm(
        posted(request),
        visit=visit,
        products=products,
        demands=demands,
        segments=list(Segment.objects.order_by("number")),
    )
    if request.method == "POST":
        result = None
        if form.is_valid():
            recorded = []

            def record() -> str:
                recorded.append(
                    services.visit_checklist_record(
                        visit=visit, user=request.user, **form.service_arguments()
                    )
                )
                return relationship.company.get_absolute_url()

            try:
                submitted = submit_once(
                    user=request.user, token=form.cleaned_data.get("submit_token"), act=record
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                if not submitted.first:
                    messages.info(request, _("The form had been sent already; it was saved once."))
                    return redirect(submitted.url)
                result = recorded[0]
        if result is not None:
            messages.success(
                request,
                _("The checklist was saved: %(demands)d services brought up to date.")
                % {"demands": len(result.demands)},
            )
            if result.visit_completed:
                messages.success(request, _("The visit was marked as done."))
            elif visit.status == Contact.Status.PLANNED:
                messages.info(request, _("The visit is still planned."))
            # To the top of the company page, where the success message is shown.
            return redirect(relationship.company)
        messages.error(request, _("The checklist was not saved. Correct the fields marked below."))
    track_rows = form.track_rows(selectors.catalogue_grouped(products))
    context = {
        "visit": visit,
        "company": relationship.company,
        "relationship": relationship,
        "form": form,
        "track_rows": track_rows,
        "tracks": [row["group"] for row in track_rows],
        "retired_demands": [
            demand for demand in demands if demand.product is not None and demand.product.is_retired
        ],
    }
    return render(
        request,
        "servicepackages/visit_checklist.html",
        context,
        status=400 if form.is_bound else 200,
    )
