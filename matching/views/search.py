"""The candidate search (seed 003, koncept 3): ranked and explained results with the case
system's facts, the map, bookmarks, talent pools (emnebanker) and saved searches. Every
page that shows candidates logs the view in the candidate access log."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AuthenticatedRequest, jobcenter_required
from jobcenter_crm.lib.forms import posted

from .. import services
from ..forms import CandidateSearchForm, SavedSearchForm, TalentPoolAddForm, TalentPoolForm
from ..models import Candidate, CandidateAccessLog, SavedSearch, TalentPool
from ..selectors import search as search_selectors
from ..selectors.search import SearchResult, UnknownPostalCode


def _run(request: AuthenticatedRequest, form: CandidateSearchForm) -> SearchResult | None:
    """Rank the candidates for a valid form and log the view; None when there is nothing
    to search by (the form carries the reason)."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        result = search_selectors.candidate_search(
            user=request.user, criteria=form.cleaned_data, today=timezone.localdate()
        )
    except UnknownPostalCode:
        form.add_error("postal_code", _("We do not know this postal code."))
        return None
    services.candidate_access_log(
        user=request.user, kind=CandidateAccessLog.Kind.SEARCH, candidate_ids=result.candidate_ids
    )
    return result


def _map(result: SearchResult | None) -> dict[str, Any] | None:
    """The result on the map: one marker per place with the names living there (postal-code
    centres, so people at one place share a marker), and the search's circle."""
    if result is None:
        return None
    places: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for match in result.matches:
        candidate = match.candidate
        if candidate.latitude is not None and candidate.longitude is not None:
            places.setdefault((candidate.latitude, candidate.longitude), []).append(
                {"name": candidate.name, "url": candidate.get_absolute_url(), "rank": match.rank}
            )
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "centre": [result.latitude, result.longitude] if result.latitude is not None else None,
        "radiusKm": result.radius_km,
        "places": [
            {"lat": lat, "lng": lng, "candidates": people} for (lat, lng), people in places.items()
        ],
    }


def _render(
    request: AuthenticatedRequest,
    form: CandidateSearchForm,
    result: SearchResult | None,
    *,
    saved: SavedSearch | None = None,
    refused: bool = False,
) -> HttpResponse:
    ids = result.candidate_ids if result else []
    context = {
        "form": form,
        "result": result,
        "saved": saved,
        "map_config": _map(result) if ids else None,
        "bookmarked": search_selectors.bookmarked_ids(request.user, ids) if ids else set(),
        "pools": list(search_selectors.talent_pools(request.user)) if ids else [],
        "saved_searches": search_selectors.saved_searches(request.user, today=timezone.localdate()),
        "save_form": SavedSearchForm(),
        "today": timezone.localdate(),
        # The search's own values, so a saved search opened and saved again keeps them.
        "query": urlencode(form.query_values()) if form.is_bound else "",
    }
    status = 400 if refused or (form.is_bound and form.errors) else 200
    return render(request, "matching/candidate_search.html", context, status=status)


@jobcenter_required
@require_GET
def candidate_search(request: AuthenticatedRequest) -> HttpResponse:
    form = CandidateSearchForm(request.GET if request.GET else None)
    return _render(request, form, _run(request, form))


@jobcenter_required
@require_POST
def saved_search_create(request: AuthenticatedRequest) -> HttpResponse:
    """Save the search in the query string as the user's template."""
    form = CandidateSearchForm(request.GET)
    name_form = SavedSearchForm(request.POST)
    result = _run(request, form)
    if result is None or not name_form.is_valid():
        messages.error(request, _("The search was not saved: give it a name and a criterion."))
        return _render(request, form, result, refused=True)
    try:
        search = services.saved_search_create(
            user=request.user,
            name=name_form.cleaned_data["name"],
            criteria=form.query_values(),
            result_ids=result.candidate_ids,
            now=timezone.now(),
            watch_terms=result.watch_terms,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _render(request, form, result, refused=True)
    messages.success(request, _("The search is saved under your searches."))
    return redirect(search)


def _get_saved(request: AuthenticatedRequest, code: str) -> SavedSearch:
    # A colleague's template is as unknown as another jobcenter's.
    return SavedSearch.objects.filter(user=request.user).get_for_user_or_404(
        request.user, code=code
    )


@jobcenter_required
@require_GET
def saved_search_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Run the saved search and mark the candidates it did not find last time."""
    search = _get_saved(request, code)
    form = CandidateSearchForm(search.criteria)
    result = _run(request, form)
    if result is not None:
        search_selectors.mark_new(
            result, since=search.last_run_at, seen=list(search.last_result_ids)
        )
        services.saved_search_mark_run(
            search=search,
            result_ids=result.candidate_ids,
            now=timezone.now(),
            watch_terms=result.watch_terms,
        )
    return _render(request, form, result, saved=search)


@jobcenter_required
@require_POST
def saved_search_delete(request: AuthenticatedRequest, code: str) -> HttpResponse:
    search = _get_saved(request, code)
    services.saved_search_delete(user=request.user, search=search)
    messages.success(request, _("The saved search is deleted."))
    return redirect("matching:candidate-search")


def _back(request: AuthenticatedRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@jobcenter_required
@require_POST
def bookmark_toggle(request: AuthenticatedRequest, code: str) -> HttpResponse:
    candidate = Candidate.objects.get_for_user_or_404(request.user, code=code)
    if services.bookmark_toggle(user=request.user, candidate=candidate):
        messages.success(request, _("%(name)s is bookmarked.") % {"name": candidate.name})
    else:
        messages.success(
            request, _("The bookmark on %(name)s is removed.") % {"name": candidate.name}
        )
    return redirect(_back(request, candidate.get_absolute_url()))


@jobcenter_required
@require_GET
def bookmark_list(request: AuthenticatedRequest) -> HttpResponse:
    candidates = search_selectors.bookmarked_candidates(request.user)
    services.candidate_access_log(
        user=request.user,
        kind=CandidateAccessLog.Kind.BOOKMARKS,
        candidate_ids=[candidate.pk for candidate in candidates],
    )
    return render(
        request,
        "matching/bookmark_list.html",
        {"candidates": candidates, "today": timezone.localdate()},
    )


@jobcenter_required
def talent_pool_list(request: AuthenticatedRequest) -> HttpResponse:
    form = TalentPoolForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.talent_pool_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The talent pool is created."))
            return redirect(pool)
    pools = search_selectors.talent_pools_with_counts(request.user)
    return render(
        request,
        "matching/talent_pool_list.html",
        {"form": form, "pools": pools},
        status=400 if form.is_bound else 200,
    )


@jobcenter_required
@require_GET
def talent_pool_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    pool = TalentPool.objects.get_for_user_or_404(request.user, code=code)
    members = search_selectors.pool_members(pool)
    since = search_selectors.pool_last_opened(pool, request.user)
    added, updated = search_selectors.pool_news(members, since)
    services.candidate_access_log(
        user=request.user,
        kind=CandidateAccessLog.Kind.POOL,
        candidate_ids=[member.candidate_id for member in members],
    )
    services.talent_pool_mark_opened(user=request.user, pool=pool, now=timezone.now())
    return render(
        request,
        "matching/talent_pool_detail.html",
        {
            "pool": pool,
            "members": members,
            "today": timezone.localdate(),
            "since": since,
            "added_ids": added,
            "updated_ids": updated,
        },
    )


@jobcenter_required
@require_POST
def talent_pool_add(request: AuthenticatedRequest) -> HttpResponse:
    form = TalentPoolAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a talent pool."))
        return redirect(_back(request, "matching:candidate-search"))
    pool = TalentPool.objects.get_for_user_or_404(request.user, code=form.cleaned_data["pool"])
    candidate = Candidate.objects.get_for_user_or_404(
        request.user, code=form.cleaned_data["candidate"]
    )
    if services.talent_pool_add(user=request.user, pool=pool, candidate=candidate):
        messages.success(
            request,
            _("%(name)s is added to %(pool)s.") % {"name": candidate.name, "pool": pool.name},
        )
    else:
        messages.info(
            request,
            _("%(name)s was already in %(pool)s.") % {"name": candidate.name, "pool": pool.name},
        )
    return redirect(_back(request, pool.get_absolute_url()))


@jobcenter_required
@require_POST
def talent_pool_remove(request: AuthenticatedRequest, code: str) -> HttpResponse:
    pool = TalentPool.objects.get_for_user_or_404(request.user, code=code)
    form = TalentPoolAddForm({"pool": pool.code, "candidate": request.POST.get("candidate")})
    if form.is_valid():
        candidate = Candidate.objects.get_for_user_or_404(
            request.user, code=form.cleaned_data["candidate"]
        )
        services.talent_pool_remove(user=request.user, pool=pool, candidate=candidate)
        messages.success(
            request, _("%(name)s is removed from the pool.") % {"name": candidate.name}
        )
    return redirect(pool)


@jobcenter_required
@require_POST
def talent_pool_delete(request: AuthenticatedRequest, code: str) -> HttpResponse:
    pool = TalentPool.objects.get_for_user_or_404(request.user, code=code)
    services.talent_pool_delete(user=request.user, pool=pool)
    messages.success(request, _("The talent pool is deleted; the candidates are not."))
    return redirect("matching:talentpool-list")
