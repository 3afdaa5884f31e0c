"""The benchmark's floor pages, its HTTP client and its arithmetic (issue 13.1)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from devdata.bench import percentile, with_ratios
from devdata.bench_http import Browser
from devdata.bench_pages import Page, select_pages, typo
from devdata.models import FloorRow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.urls("devdata.bench_urls")
def test_the_floor_page_renders_the_layout_only(consultant_client):
    response = consultant_client.get("/bench/floor/")
    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "base.html"
    assert "<main" in response.content.decode()


@pytest.mark.urls("devdata.bench_urls")
def test_the_floor_post_writes_one_row_and_redirects(consultant_client, consultant):
    response = consultant_client.post("/bench/floor/post/")
    assert response.status_code == 302
    assert response["Location"] == reverse("bench-floor-page")
    assert FloorRow.objects.get().created_by == consultant
    assert consultant_client.get("/bench/floor/post/").status_code == 405


@pytest.mark.urls("devdata.bench_urls")
def test_the_floor_needs_a_login(client):
    for response in (client.get("/bench/floor/"), client.post("/bench/floor/post/")):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not FloorRow.objects.exists()


def test_the_product_does_not_serve_the_floor(consultant_client):
    assert consultant_client.get("/bench/floor/").status_code == 404
    assert consultant_client.post("/bench/floor/post/").status_code == 404


@pytest.mark.urls("devdata.bench_urls")
# What the bench's gunicorn gets from BEHIND_THE_PROXY: one trusted proxy in front.
@override_settings(
    ALLOWED_HOSTS=["127.0.0.1"],
    PROXY_IN_FRONT=True,
    TRUSTED_PROXY_COUNT=1,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_the_http_client_logs_in_and_posts_with_its_csrf_token(live_server, jobcenter_a):
    user = UserFactory(jobcenter=jobcenter_a, username="bench", password="a-long-bench-secret")
    port = int(live_server.url.rsplit(":", 1)[1])
    browser = Browser(port)
    assert browser.request("GET", "/bench/floor/")[0] == 302  # not logged in yet
    browser.log_in("bench", "a-long-bench-secret")
    assert {"__Host-sessionid", "__Host-csrftoken"} <= set(browser.cookies)
    assert browser.request("GET", "/bench/floor/")[0] == 200
    token = browser.csrf_token("/bench/floor/")
    status, _, headers = browser.request(
        "POST", "/bench/floor/post/", data={"csrfmiddlewaretoken": token}
    )
    assert (status, headers["Location"]) == (302, "/bench/floor/")
    assert FloorRow.objects.filter(created_by=user).count() == 1
    # Without the token the server refuses, so the measured posts are real posts.
    assert browser.request("POST", "/bench/floor/post/")[0] == 403


def test_ratios_are_taken_to_the_floor_of_the_same_method():
    rows = with_ratios(
        [
            {"label": "floor", "method": "GET", "floor": True, "p50": 10.0},
            {"label": "floor post", "method": "POST", "floor": True, "p50": 20.0},
            {"label": "list", "method": "GET", "floor": False, "p50": 25.0},
            {"label": "log", "method": "POST", "floor": False, "p50": 30.0},
        ]
    )
    assert [row["ratio"] for row in rows] == [1.0, 1.0, 2.5, 1.5]


def test_percentile_is_the_nearest_rank():
    values = [float(value) for value in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.95)) == (50.0, 95.0)


def test_the_typo_swaps_two_letters_of_the_longest_word():
    assert typo("Holm Entreprise ApS") == "Holm Entrperise ApS"
    assert typo("Bo A/S") == "Bo A/S"


def test_the_report_pages_and_the_rebuilds_are_measured(
    jobcenter_a, jobcenter_b, consultant, monkeypatch, capsys
):
    from accounts.models import Jobcenter
    from devdata import bench_reports
    from tests.factories import ContactFactory, RelationshipFactory

    monkeypatch.setenv("BENCH_REQUESTS", "2")
    for _ in range(6):
        ContactFactory(
            relationship=RelationshipFactory(jobcenter=jobcenter_a), consultant=consultant
        )
    rows = bench_reports.measure_reports(jobcenter_a.name)
    by_label = {row["label"]: row for row in rows}
    for label in (
        "segment dashboard",
        "service and agreements",
        "samarbejdsgrad",
        "drill: moved 3 → 2",
        "drill: contact overdue, segment 3",
        "mine tal (consultant)",
    ):
        assert by_label[label]["status"] == "200", label
        assert by_label[label]["p95"] >= by_label[label]["p50"] > 0
    rebuilt = bench_reports.rebuild_all()
    assert [row[1] for row in rebuilt] == [str(Jobcenter.objects.count())] * 3
    printed = capsys.readouterr().out
    assert "segment dashboard" in printed
    assert "slowest jobcenter" in printed


def test_bench_pages_can_be_narrowed_by_label_and_keep_the_floors():
    pages = [
        Page("floor: base.html only", "/f/", floor=True),
        Page("company page, 200 contacts", "/c/"),
        Page("log a contact (POST)", "/l/", post=dict),
        Page("visit checklist", "/v/"),
    ]
    assert select_pages(pages, "") == pages
    assert [page.path for page in select_pages(pages, "company page, log a")] == [
        "/f/",
        "/c/",
        "/l/",
    ]
    assert [page.path for page in select_pages(pages, " checklist ")] == ["/f/", "/v/"]


def test_the_first_view_pages_ask_a_list_never_counted_before_each_time(consultant_client):
    from devdata.bench_pages import _net_list_count, _net_list_first_view

    first_view = _net_list_first_view(None)  # needs no context
    count = _net_list_count(None)
    queries = [first_view.query_now() for _ in range(3)] + [count.query_now() for _ in range(3)]

    assert len({query["not_contacted_since"] for query in queries}) == 6
    assert first_view.query == {} and first_view.headers == {}
    # The count is asked as the page's htmx does, and answers with the number alone.
    answer = consultant_client.get(count.path, count.query_now(), headers=count.headers)
    assert answer.status_code == 200 and answer.content.decode() == "0 virksomheder"
