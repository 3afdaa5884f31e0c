"""Screening: the overview, the questions (admin), net lists and campaigns (team lead), the
call queue and the screening form (consultant), visits and their confirmation, progress
and pilot feedback."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import (
    AuthenticatedRequest,
    admin_required,
    jobcenter_required,
    request_jobcenter,
    team_lead_required,
)
from accounts.models import User
from accounts.submissions import earlier_result, submit_once
from companies import services as company_services
from companies.models import Company, Contact, ContactPerson
from companies.selectors import colleague_contact_warning
from jobcenter_crm.lib.forms import posted

from . import selectors, services
from .forms import (
    CallOutcomeForm,
    CampaignCompaniesMoveForm,
    CampaignForm,
    CompanyScreeningForm,
    NetListForm,
    PilotFeedbackForm,
    ScreeningForm,
    ScreeningQuestionsForm,
    VisitBookForm,
    VisitMoveForm,
    company_place,
)
from .models import Campaign, CampaignCompany, PilotFeedback, Segment, SegmentRule, Visit
from .pilot import PILOT_QUESTIONS

CAMPAIGN_COMPANIES_PER_PAGE = 50
RECENT_CONTACTS = 10


def _consultants(request: AuthenticatedRequest) -> Any:
    return User.objects.for_user(request.user).active().consultants()


def _add_service_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@jobcenter_required
@require_GET
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """The segments and their contact rules, the campaigns, and visit confirmations that
    have not gone out."""
    rules = SegmentRule.objects.for_user(request.user).select_related("segment")
    campaigns = (
        Campaign.objects.for_user(request.user)
        .annotate(
            company_count=Count("campaign_companies"),
            screened_count=Count(
                "campaign_companies",
                filter=Q(campaign_companies__status=CampaignCompany.Status.SCREENED),
            ),
        )
        .order_by("-starts_on", "name")
    )
    unconfirmed = (
        Visit.objects.for_user(request.user)
        .unconfirmed()
        .filter(contact__occurred_at__gte=timezone.now())
        .select_related("contact__relationship__company")
        .order_by("contact__occurred_at")
    )
    return render(
        request,
        "screening/overview.html",
        {"rules": rules, "campaigns": campaigns, "unconfirmed_visits": unconfirmed},
    )


@login_required
@admin_required
@require_http_methods(["GET", "POST"])
def questions_edit(request: AuthenticatedRequest) -> HttpResponse:
    """An admin edits the jobcenter's wording of the two screening questions."""
    question_set = services.screening_questions_for(jobcenter=request_jobcenter(request))
    form = ScreeningQuestionsForm(
        posted(request), initial=ScreeningQuestionsForm.initial_from(question_set)
    )
    if request.method == "POST" and form.is_valid():
        services.screening_questions_update(
            question_set=question_set, user=request.user, texts=form.cleaned_data
        )
        messages.success(request, _("The screening questions were saved."))
        return redirect("screening:questions-edit")
    status = 400 if form.is_bound else 200
    return render(request, "screening/questions_edit.html", {"form": form}, status=status)


# Net list and campaigns -----------------------------------------------------------------------


def _net_list_result(request: AuthenticatedRequest, form: NetListForm) -> dict[str, Any]:
    """The count and the first companies of the net list the filters describe."""
    if form.is_bound and not form.is_valid():
        return {"count": None, "preview": []}
    filters = form.filters() if form.is_bound else form.initial_filters()
    jobcenter = request_jobcenter(request)
    return {
        "count": selectors.net_list_companies(jobcenter=jobcenter, filters=filters).count(),
        "preview": selectors.net_list_preview(jobcenter=jobcenter, filters=filters),
    }


@login_required
@team_lead_required
@require_http_methods(["GET", "POST"])
def net_list(request: AuthenticatedRequest) -> HttpResponse:
    """Build a net list with filters, see how many companies it holds (live), and save it
    as a campaign divided among consultants."""
    jobcenter = request_jobcenter(request)
    if request.method == "POST":
        filter_form = NetListForm(request.POST, jobcenter=jobcenter)
        campaign_form = CampaignForm(request.POST, consultants=_consultants(request))
        if filter_form.is_valid() and campaign_form.is_valid():
            data = campaign_form.cleaned_data
            try:
                campaign = services.campaign_create(
                    jobcenter=jobcenter,
                    user=request.user,
                    name=data["name"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    target=data["target"],
                    is_pilot=data["is_pilot"],
                    consultants=list(data["consultants"]),
                    distribution=data["distribution"],
                    filters=filter_form.filters(),
                )
            except ValidationError as error:
                _add_service_errors(campaign_form, error)
            else:
                messages.success(request, _("The campaign was created."))
                return redirect(campaign)
        status = 400
    else:
        bound = "preview" in request.GET
        filter_form = NetListForm(request.GET if bound else None, jobcenter=jobcenter)
        campaign_form = CampaignForm(consultants=_consultants(request))
        status = 200
    context = {
        "filter_form": filter_form,
        "campaign_form": campaign_form,
        **_net_list_result(request, filter_form),
    }
    return render(request, "screening/net_list.html", context, status=status)


@login_required
@team_lead_required
@require_GET
def net_list_count(request: AuthenticatedRequest) -> HttpResponse:
    """The number of companies the net list holds (one COUNT query); htmx fragment."""
    form = NetListForm(request.GET, jobcenter=request_jobcenter(request))
    return render(
        request,
        "screening/partials/net_list_count.html",
        {**_net_list_result(request, form), "filter_form": form, "oob": True},
    )


@login_required
@require_GET
def campaign_detail(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    """The campaign: the next company to call, the visits booked, and the companies per
    consultant (a team lead may move them)."""
    campaign = Campaign.objects.get_for_user_or_404(request.user, code=code)
    consultants = _consultants(request)
    consultant_code = request.GET.get("consultant", "")
    chosen = None
    if consultant_code:
        chosen = next((user for user in consultants if str(user.code) == consultant_code), None)
    board = selectors.campaign_board(
        campaign=campaign, user=request.user, consultant=chosen, now=timezone.now()
    )
    context = {
        "campaign": campaign,
        "page": Paginator(board.campaign_companies, CAMPAIGN_COMPANIES_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "counts": board.counts,
        "consultants": consultants,
        "chosen_consultant": chosen,
        "held": board.held,
        "visits": board.visits,
        "my_remaining": board.my_remaining,
        "move_form": CampaignCompaniesMoveForm(
            campaign_companies=CampaignCompany.objects.none(), consultants=consultants
        ),
    }
    return render(request, "screening/campaign_detail.html", context)


@login_required
@jobcenter_required
@require_POST
def campaign_claim_next(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    campaign = Campaign.objects.get_for_user_or_404(request.user, code=code)
    campaign_company = services.campaign_company_claim_next(
        campaign=campaign, consultant=request.user
    )
    if campaign_company is None:
        messages.info(request, _("There is no company to call right now."))
        return redirect(campaign)
    return redirect(campaign_company)


@login_required
@team_lead_required
@require_POST
def campaign_companies_move(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    campaign = Campaign.objects.get_for_user_or_404(request.user, code=code)
    form = CampaignCompaniesMoveForm(
        request.POST,
        campaign_companies=CampaignCompany.objects.filter(campaign=campaign),
        consultants=_consultants(request),
    )
    if form.is_valid():
        moved = services.campaign_companies_move(
            campaign=campaign,
            codes=[
                campaign_company.code
                for campaign_company in form.cleaned_data["campaign_companies"]
            ],
            consultant=form.cleaned_data["consultant"],
        )
        messages.success(
            request,
            _("%(count)s companies were moved to %(consultant)s.")
            % {"count": moved, "consultant": form.cleaned_data["consultant"]},
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                # Iterating an ErrorList gives str messages; its stubs also allow ValidationError.
                messages.error(request, str(error))
    return redirect(campaign)


@login_required
@team_lead_required
@require_GET
def campaign_progress(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    """Screened, remaining, calls, visits and segments beside Struer's survey shares."""
    campaign = Campaign.objects.get_for_user_or_404(request.user, code=code)
    progress = selectors.campaign_progress(campaign=campaign)
    return render(request, "screening/campaign_progress.html", {"progress": progress})


# The call ------------------------------------------------------------------------------------


def _call_context(
    request: AuthenticatedRequest, campaign_company: CampaignCompany
) -> dict[str, Any]:
    relationship = campaign_company.relationship
    contacts = (
        Contact.objects.for_user(request.user)
        .filter(relationship=relationship)
        .select_related("consultant", "contact_person")
        .order_by("-occurred_at")[:RECENT_CONTACTS]
    )
    return {
        "campaign_company": campaign_company,
        "campaign": campaign_company.campaign,
        "relationship": relationship,
        "company": relationship.company,
        "contacts": contacts,
        "contact_persons": ContactPerson.objects.for_user(request.user).active_at(
            relationship.company
        ),
        "colleague_contact": colleague_contact_warning(
            company=relationship.company, user=request.user
        ),
        "holds_claim": campaign_company.is_claimed_by(request.user, now=timezone.now()),
    }


def _get_campaign_company(request: AuthenticatedRequest, code: Any) -> CampaignCompany:
    return CampaignCompany.objects.select_related(
        "campaign",
        "consultant",
        "relationship__company__municipality",
        "relationship__company__industry_section",
        "relationship__segment",
    ).get_for_user_or_404(request.user, code=code)


@login_required
@require_GET
def campaign_company_call(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    """The company to call: its facts, last contacts, contact persons and the outcomes."""
    campaign_company = _get_campaign_company(request, code)
    context = _call_context(request, campaign_company) | {"outcome_form": CallOutcomeForm()}
    return render(request, "screening/campaign_company_call.html", context)


@login_required
@jobcenter_required
@require_POST
def campaign_company_outcome(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    campaign_company = _get_campaign_company(request, code)
    form = CallOutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.campaign_company_record_outcome(
                campaign_company=campaign_company,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
                call_back_at=form.cleaned_data["call_back_at"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The call was recorded."))
            return redirect(campaign_company.campaign)
    context = _call_context(request, campaign_company) | {"outcome_form": form}
    return render(request, "screening/campaign_company_call.html", context, status=400)


def _screening_form(
    request: AuthenticatedRequest,
    company: Company,
    data: Any = None,
    form_class: type[ScreeningForm] = ScreeningForm,
) -> ScreeningForm:
    return form_class(
        data,
        question_set=services.screening_questions_for(jobcenter=request_jobcenter(request)),
        contact_persons=ContactPerson.objects.for_user(request.user).active_at(company),
        segments=list(Segment.objects.order_by("number")),
        initial={"visit_place": company_place(company)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_company_screen(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    """The screening form (seed 000): two questions, the segment, the contact person and
    an optional visit."""
    campaign_company = _get_campaign_company(request, code)
    if request.method == "POST" and (
        earlier := earlier_result(user=request.user, data=request.POST)
    ):
        messages.info(request, _("The form had been sent already; it was saved once."))
        return redirect(earlier)
    form = _screening_form(request, campaign_company.relationship.company, posted(request))
    if request.method == "POST" and form.is_valid():
        answers = form.answers()

        def record() -> str:
            services.screening_record(
                campaign_company=campaign_company,
                user=request.user,
                answer_1=answers.answer_1,
                answer_2=answers.answer_2,
                segment=answers.segment,
                reason=answers.reason,
                contact_person=form.cleaned_data["contact_person"],
                new_contact_person=form.new_contact_person(),
                visit=form.visit_booking(),
            )
            return campaign_company.campaign.get_absolute_url()

        try:
            submitted = submit_once(
                user=request.user, token=form.cleaned_data["submit_token"], act=record
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if not submitted.first:
                messages.info(request, _("The form had been sent already; it was saved once."))
            else:
                messages.success(request, _("The screening was saved."))
            return redirect(submitted.url)
    proposal = form.proposal()
    context = {
        "campaign_company": campaign_company,
        "campaign": campaign_company.campaign,
        "company": campaign_company.relationship.company,
        "form": form,
        "proposal": proposal,
        "holds_claim": campaign_company.is_claimed_by(request.user, now=timezone.now()),
    }
    status = 400 if form.is_bound else 200
    return render(request, "screening/campaign_company_screen.html", context, status=status)


@login_required
@jobcenter_required
@require_http_methods(["GET", "POST"])
def company_screen(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    """Screen a company outside any campaign, from its own page: the same two questions,
    proposal, disagreement warning and history as in a campaign."""
    company = Company.objects.get_visible_or_404(request.user, code=code)
    if request.method == "POST" and (
        earlier := earlier_result(user=request.user, data=request.POST)
    ):
        messages.info(request, _("The form had been sent already; it was saved once."))
        return redirect(earlier)
    form = _screening_form(request, company, posted(request), CompanyScreeningForm)
    if request.method == "POST" and form.is_valid():

        def screen() -> str:
            relationship = company_services.relationship_get_or_create(
                jobcenter=request_jobcenter(request), company=company
            )
            services.company_screen(
                relationship=relationship,
                user=request.user,
                answers=form.answers(),
                channel=form.cleaned_data["channel"],
                contact_person=form.cleaned_data["contact_person"],
                new_contact_person=form.new_contact_person(),
                visit=form.visit_booking(),
            )
            return company.get_absolute_url()

        try:
            submitted = submit_once(
                user=request.user, token=form.cleaned_data["submit_token"], act=screen
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if not submitted.first:
                messages.info(request, _("The form had been sent already; it was saved once."))
            else:
                messages.success(request, _("The screening was saved."))
            return redirect(submitted.url)
    context = {"company": company, "form": form, "proposal": form.proposal()}
    status = 400 if form.is_bound else 200
    return render(request, "screening/company_screen.html", context, status=status)


@login_required
@jobcenter_required
@require_GET
def segment_proposal(request: AuthenticatedRequest) -> HttpResponse:
    """The proposed segment for the answers given so far, the disagreement warning and the
    segment choice preselected with the proposal; htmx fragment of the screening form."""
    form = ScreeningForm(
        question_set=services.screening_questions_for(jobcenter=request_jobcenter(request)),
        contact_persons=ContactPerson.objects.none(),
        segments=list(Segment.objects.order_by("number")),
        initial={
            "answer_1": request.GET.get("answer_1", ""),
            "answer_2": request.GET.get("answer_2", ""),
        },
    )
    return render(
        request,
        "screening/partials/segment_choice.html",
        {"form": form, "proposal": form.proposal()},
    )


# Visits ----------------------------------------------------------------------------------


def _get_visit(request: AuthenticatedRequest, code: Any) -> Visit:
    return Visit.objects.select_related(
        "contact__relationship__company",
        "contact__consultant",
        "contact_person",
        "campaign_company__campaign",
    ).get_for_user_or_404(request.user, code=code)


def _visit_page(
    request: AuthenticatedRequest, visit: Visit, form: VisitMoveForm | None = None
) -> HttpResponse:
    context = {
        "visit": visit,
        "company": visit.contact.relationship.company,
        "move_form": form
        or VisitMoveForm(initial={"starts_at": timezone.localtime(visit.contact.occurred_at)}),
        "is_planned": visit.contact.status == Contact.Status.PLANNED,
        "is_due": visit.contact.occurred_at <= timezone.now(),
    }
    return render(
        request, "screening/visit_detail.html", context, status=400 if form is not None else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_book(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    """Book a visit at a company from its page, with the e-mail confirmation."""
    company = Company.objects.get_visible_or_404(request.user, code=code)
    if request.method == "POST" and (
        earlier := earlier_result(user=request.user, data=request.POST)
    ):
        messages.info(request, _("The form had been sent already; it was saved once."))
        return redirect(earlier)
    persons = ContactPerson.objects.for_user(request.user).active_at(company)
    form = VisitBookForm(
        posted(request), contact_persons=persons, initial={"place": company_place(company)}
    )
    if request.method == "POST" and form.is_valid():
        relationship = company_services.relationship_get_or_create(
            jobcenter=request_jobcenter(request), company=company
        )
        booked: list[Visit] = []

        def book() -> str:
            booked.append(
                services.visit_book(
                    user=request.user,
                    relationship=relationship,
                    contact_person=form.cleaned_data["contact_person"],
                    starts_at=form.cleaned_data["starts_at"],
                    place=form.cleaned_data["place"],
                    wishes=form.cleaned_data["wishes"],
                )
            )
            return booked[0].get_absolute_url()

        try:
            submitted = submit_once(
                user=request.user, token=form.cleaned_data["submit_token"], act=book
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if not submitted.first:
                messages.info(request, _("The form had been sent already; it was saved once."))
                return redirect(submitted.url)
            visit = booked[0]
            if visit.confirmation_status == Visit.ConfirmationStatus.NO_EMAIL:
                messages.warning(
                    request,
                    _(
                        "The visit was booked. No confirmation is sent: "
                        "the contact person has no e-mail address."
                    ),
                )
            else:
                messages.success(
                    request, _("The visit was booked; the company gets an invitation.")
                )
            return redirect(visit)
    return render(request, "screening/visit_book.html", {"company": company, "form": form})


@login_required
@require_GET
def visit_detail(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    return _visit_page(request, _get_visit(request, code))


@login_required
@jobcenter_required
@require_POST
def visit_move(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    visit = _get_visit(request, code)
    form = VisitMoveForm(request.POST)
    if form.is_valid():
        try:
            services.visit_move(visit=visit, starts_at=form.cleaned_data["starts_at"])
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The visit was moved; the company gets a new invitation."))
            return redirect(visit)
    return _visit_page(request, visit, form)


@login_required
@jobcenter_required
@require_POST
def visit_cancel(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    visit = _get_visit(request, code)
    try:
        services.visit_cancel(visit=visit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The visit was cancelled; the company is told by e-mail."))
    return redirect(visit)


@login_required
@jobcenter_required
@require_POST
def visit_confirmation_resend(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    visit = _get_visit(request, code)
    if services.visit_confirmation_queue(visit=visit):
        messages.success(request, _("The e-mail to the company will be sent again."))
    else:
        messages.warning(
            request,
            _("No confirmation is sent: the contact person has no e-mail address."),
        )
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(visit)


# Pilot feedback -----------------------------------------------------------------------------


def _get_pilot(request: AuthenticatedRequest, code: Any) -> Campaign:
    campaign = Campaign.objects.get_for_user_or_404(request.user, code=code)
    if not campaign.is_pilot:
        raise Http404
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def pilot_feedback(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    """A consultant answers seed 000's evaluation questions about the pilot."""
    campaign = _get_pilot(request, code)
    if request.method == "POST":
        form = PilotFeedbackForm(request.POST)
        if form.is_valid():
            services.pilot_feedback_save(
                campaign=campaign, consultant=request.user, answers=form.answers()
            )
            messages.success(request, _("Thank you: your answers were saved."))
            return redirect(campaign)
    else:
        saved = PilotFeedback.objects.filter(campaign=campaign, consultant=request.user)
        initial: dict[str, Any] = {}
        for row in saved:
            initial[f"{row.question}_answer"] = row.answer
            initial[f"{row.question}_rating"] = row.rating
        form = PilotFeedbackForm(initial=initial)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "screening/pilot_feedback.html",
        {"campaign": campaign, "form": form},
        status=status,
    )


@login_required
@team_lead_required
@require_GET
def pilot_feedback_list(request: AuthenticatedRequest, code: Any) -> HttpResponse:
    """The team lead reads every consultant's answers, question by question."""
    campaign = _get_pilot(request, code)
    rows = (
        PilotFeedback.objects.filter(campaign=campaign)
        .select_related("consultant")
        .order_by("consultant__first_name", "consultant__username")
    )
    by_question: dict[str, list[PilotFeedback]] = {}
    for row in rows:
        by_question.setdefault(row.question, []).append(row)
    questions = [
        {"question": question, "answers": by_question.get(question.key, [])}
        for question in PILOT_QUESTIONS
    ]
    return render(
        request,
        "screening/pilot_feedback_list.html",
        {"campaign": campaign, "questions": questions},
    )
