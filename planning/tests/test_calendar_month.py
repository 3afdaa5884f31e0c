"""The calendar's `month` parameter (issue 9.1): a month in the date window is shown, any
other text is a 400 and a month outside the window a 404, never a 500."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobcenter_crm.lib.dates import EARLIEST_DATE, latest_date

pytestmark = pytest.mark.django_db

URL = reverse("planning:calendar")

# The classes of bad month, each with a few members: out of the window, out of Python's
# range, not a month, not a number, not text.
HOSTILE_MONTHS = [
    "0001-01", "0000-01", "1-1", "1999-12", "9999-12", "10000-01", "99999999999-01",
    "2026-00", "2026-13", "2026-99", "2026--1", "-2026-01", "2026-1-1", "2026", "2026-",
    "-01", "2026-01-01", "202６-01", "２０２６-０１", "2026-0x1", " 2026-01", "2026-01 ",
    "2026-01\x00", "\x00", "2026-01\n", "ÆØÅ", "🙂", "NaN", "inf", "1e9-01", "2026-1e2",
    "x" * 5000, "2026-" + "0" * 400 + "1", "%00", "2026/01", "2026.01", "',--", "null",
]  # fmt: skip


def _status(client: Client, month: str) -> int:
    return client.get(URL, {"month": month}).status_code


def test_it_shows_a_month_in_the_window(consultant_client):
    assert _status(consultant_client, "2026-01") == 200
    assert _status(consultant_client, EARLIEST_DATE.strftime("%Y-%m")) == 200
    assert _status(consultant_client, latest_date().strftime("%Y-%m")) == 200


def test_it_shows_this_month_without_a_month(consultant_client):
    response = consultant_client.get(URL)
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


@pytest.mark.parametrize("month", HOSTILE_MONTHS)
def test_it_answers_a_hostile_month_with_400_or_404(consultant_client, month):
    assert _status(consultant_client, month) in (400, 404)


def test_it_answers_months_outside_the_window_with_404(consultant_client):
    before = EARLIEST_DATE - datetime.timedelta(days=1)
    after = latest_date() + datetime.timedelta(days=32)
    assert _status(consultant_client, before.strftime("%Y-%m")) == 404
    assert _status(consultant_client, after.strftime("%Y-%m")) == 404


def test_it_has_no_link_off_the_edge_of_the_window(consultant_client):
    response = consultant_client.get(URL, {"month": EARLIEST_DATE.strftime("%Y-%m")})
    assert response.context["previous"] is None
    assert "1999-12" not in response.text


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    month=st.one_of(
        st.text(max_size=30),
        st.builds(
            "{}-{}".format,
            st.integers(min_value=-(10**12), max_value=10**12),
            st.integers(min_value=-(10**6), max_value=10**6),
        ),
        st.builds(
            "{:04d}-{:02d}".format,
            st.integers(min_value=0, max_value=9999),
            st.integers(min_value=0, max_value=99),
        ),
    )
)
def test_it_never_answers_500_to_any_month(consultant_client, month):
    status = _status(consultant_client, month)
    assert status in (200, 400, 404)
