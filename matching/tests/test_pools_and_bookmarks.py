"""Talent pools (emnebanker, shared in the jobcenter) and bookmarks (personal): the pages,
the access log on every list of candidates, tenancy and the wrong method."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.models import CandidateAccessLog, CandidateBookmark, TalentPool, TalentPoolMember
from matching.services import talent_pool_add, talent_pool_create

from .factories import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(jobcenter_a):
    return make_candidate(jobcenter_a, name="Tove Truckfører", skills=["Truckkørsel"])


@pytest.fixture
def pool(consultant):
    return talent_pool_create(user=consultant, name="Sæsonlager")


def test_a_bookmark_is_set_and_removed_and_the_list_is_logged(
    consultant_client, consultant, candidate
):
    toggle = reverse("matching:candidate-bookmark", args=[candidate.code])
    assert consultant_client.get(toggle).status_code == 405
    response = consultant_client.post(toggle, {"next": "/candidates/search/?occupations=x"})
    assert response.status_code == 302 and response.url == "/candidates/search/?occupations=x"
    assert CandidateBookmark.objects.filter(user=consultant, candidate=candidate).exists()

    page = consultant_client.get(reverse("matching:candidate-bookmarks"))
    assert "Tove Truckfører" in page.content.decode()
    log = CandidateAccessLog.objects.get(kind="bookmarks")
    assert log.candidate_ids == [candidate.pk] and log.user == consultant

    consultant_client.post(toggle, {"next": "https://evil.example/"})
    assert not CandidateBookmark.objects.exists()


def test_bookmarks_are_personal(consultant, team_lead_client, candidate):
    from matching.services import bookmark_toggle

    bookmark_toggle(user=consultant, candidate=candidate)
    page = team_lead_client.get(reverse("matching:candidate-bookmarks"))
    assert "Tove Truckfører" not in page.content.decode()


def test_outsiders_get_404_on_candidates_and_pools(outsider_client, candidate, pool):
    assert (
        outsider_client.post(
            reverse("matching:candidate-bookmark", args=[candidate.code])
        ).status_code
        == 404
    )
    assert outsider_client.get(pool.get_absolute_url()).status_code == 404
    for name in ("talentpool-remove", "talentpool-delete"):
        url = reverse(f"matching:{name}", args=[pool.code])
        assert outsider_client.post(url, {"candidate": candidate.code}).status_code == 404
    add = outsider_client.post(
        reverse("matching:talentpool-add"), {"pool": pool.code, "candidate": candidate.code}
    )
    assert add.status_code == 404
    assert not TalentPoolMember.objects.exists()
    assert (
        "Sæsonlager"
        not in outsider_client.get(reverse("matching:talentpool-list")).content.decode()
    )


def test_a_pool_is_created_shared_filled_emptied_and_deleted(
    consultant_client, team_lead_client, consultant, candidate
):
    created = consultant_client.post(reverse("matching:talentpool-list"), {"name": "Truckførere"})
    pool = TalentPool.objects.get(name="Truckførere")
    assert created.status_code == 302 and created.url == pool.get_absolute_url()

    # Shared in the jobcenter: a colleague adds the candidate.
    team_lead_client.post(
        reverse("matching:talentpool-add"), {"pool": pool.code, "candidate": candidate.code}
    )
    assert list(pool.members.values_list("candidate", flat=True)) == [candidate.pk]

    page = consultant_client.get(pool.get_absolute_url())
    assert "Tove Truckfører" in page.content.decode()
    log = CandidateAccessLog.objects.get(kind="pool")
    assert log.candidate_ids == [candidate.pk] and log.user == consultant

    consultant_client.post(
        reverse("matching:talentpool-remove", args=[pool.code]), {"candidate": candidate.code}
    )
    assert not pool.members.exists()
    assert (
        consultant_client.get(reverse("matching:talentpool-delete", args=[pool.code])).status_code
        == 405
    )
    consultant_client.post(reverse("matching:talentpool-delete", args=[pool.code]))
    assert not TalentPool.objects.exists()
    candidate.refresh_from_db()  # the candidate stays


@pytest.mark.parametrize("name", ["", "   ", "x" * 121, "sæsonlager ", "Sæsonlager"])
def test_a_pool_needs_a_fresh_name(consultant_client, pool, name):
    response = consultant_client.post(reverse("matching:talentpool-list"), {"name": name})
    assert response.status_code == 400
    assert TalentPool.objects.count() == 1


def test_a_pool_page_asks_the_same_number_of_queries_for_2_or_20_members(
    consultant_client, consultant, jobcenter_a, pool
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert consultant_client.get(pool.get_absolute_url()).status_code == 200
        return len(queries)

    for number in range(2):
        talent_pool_add(
            user=consultant, pool=pool, candidate=make_candidate(jobcenter_a, name=f"K{number}")
        )
    few = count()
    for number in range(18):
        talent_pool_add(
            user=consultant, pool=pool, candidate=make_candidate(jobcenter_a, name=f"L{number}")
        )
    assert count() == few
    bookmarks = reverse("matching:candidate-bookmarks")
    with CaptureQueriesContext(connection) as queries:
        consultant_client.get(bookmarks)
    assert len(queries) <= few


def test_the_candidate_page_offers_bookmark_pool_and_orders(consultant_client, candidate, pool):
    page = consultant_client.get(candidate.get_absolute_url()).content.decode()
    assert reverse("matching:candidate-orders", args=[candidate.code]) in page
    assert reverse("matching:candidate-bookmark", args=[candidate.code]) in page
    assert "Sæsonlager" in page


def test_the_art_15_export_names_the_pools_and_bookmarks_and_deletion_takes_them(
    admin_client_a, consultant, candidate, pool
):
    import json

    from matching.services import bookmark_toggle, candidate_delete

    talent_pool_add(user=consultant, pool=pool, candidate=candidate)
    bookmark_toggle(user=consultant, candidate=candidate)
    export = admin_client_a.get(reverse("matching:candidate-export", args=[candidate.code]))
    data = json.loads(export.content)
    assert [row["pool"] for row in data["pool_memberships"]] == [pool.pk]
    assert [row["user"] for row in data["bookmarks"]] == [consultant.pk]

    candidate_delete(candidate=candidate)
    assert not TalentPoolMember.objects.exists() and not CandidateBookmark.objects.exists()
    assert TalentPool.objects.filter(pk=pool.pk).exists()


def _pool_list(client) -> dict[str, TalentPool]:
    response = client.get(reverse("matching:talentpool-list"))
    assert response.status_code == 200
    return {pool.name: pool for pool in response.context["pools"]}


def test_a_pool_shows_each_user_what_is_new_since_they_last_opened_it(
    consultant_client, team_lead_client, consultant, jobcenter_a, pool
):
    kept = make_candidate(jobcenter_a, external_id="P-1", name="Uændret")
    changed = make_candidate(jobcenter_a, external_id="P-2", name="Ændret")
    for member in (kept, changed):
        talent_pool_add(user=consultant, pool=pool, candidate=member)
    # Never opened: everyone is new to the user.
    assert _pool_list(consultant_client)["Sæsonlager"].new_count == 2
    opened = consultant_client.get(pool.get_absolute_url())
    assert opened.context["since"] is None
    assert _pool_list(consultant_client)["Sæsonlager"].new_count == 0

    make_candidate(jobcenter_a, external_id="P-2", name="Ændret", skills=["Truckkørsel"])
    added = make_candidate(jobcenter_a, external_id="P-3", name="Tilføjet")
    talent_pool_add(user=consultant, pool=pool, candidate=added)
    listed = _pool_list(consultant_client)["Sæsonlager"]
    assert (listed.size, listed.new_count) == (3, 2)
    # The pool is shared; what is new is each user's own.
    assert _pool_list(team_lead_client)["Sæsonlager"].new_count == 3

    page = consultant_client.get(pool.get_absolute_url())
    assert page.context["added_ids"] == {added.pk}
    assert page.context["updated_ids"] == {changed.pk}
    html = page.content.decode()
    assert html.count('class="badge text-bg-success"') == 1
    assert html.count('class="badge text-bg-info"') == 1
    # Opened again: nothing is new.
    again = consultant_client.get(pool.get_absolute_url())
    assert again.context["added_ids"] == set() and again.context["updated_ids"] == set()
    assert _pool_list(consultant_client)["Sæsonlager"].new_count == 0


def test_the_pool_list_asks_the_same_number_of_queries_for_2_or_12_pools(
    consultant_client, consultant, jobcenter_a
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert consultant_client.get(reverse("matching:talentpool-list")).status_code == 200
        return len(queries)

    def pools(first: int, last: int) -> None:
        for number in range(first, last):
            pool = talent_pool_create(user=consultant, name=f"Pulje {number}")
            talent_pool_add(
                user=consultant, pool=pool, candidate=make_candidate(jobcenter_a, name="K")
            )
            consultant_client.get(pool.get_absolute_url())

    pools(0, 2)
    few = count()
    pools(2, 12)
    assert count() == few
