"""Personas shared by every app's tests: a consultant, a team lead and an admin of
jobcenter A, and a consultant of jobcenter B as the outsider."""

import os

import pytest
from django.test import Client

from tests.factories import JobcenterFactory, UserFactory

pytest_plugins = ["tests.browser"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser
# tests are still synchronous, so Django's async guard must be told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def jobcenter_a(db):
    return JobcenterFactory(name="Jobcenter Struer", municipality_code="0671")


@pytest.fixture
def jobcenter_b(db):
    return JobcenterFactory(name="Jobcenter Holstebro", municipality_code="0661")


@pytest.fixture
def consultant(jobcenter_a):
    return UserFactory(jobcenter=jobcenter_a, username="konsulent", first_name="Karen")


@pytest.fixture
def team_lead(jobcenter_a):
    return UserFactory(jobcenter=jobcenter_a, username="teamleder", role="team_lead")


@pytest.fixture
def admin_user(jobcenter_a):
    return UserFactory(jobcenter=jobcenter_a, username="admin", role="admin")


@pytest.fixture
def outsider(jobcenter_b):
    return UserFactory(jobcenter=jobcenter_b, username="holstebro")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def consultant_client(consultant):
    return _client_for(consultant)


@pytest.fixture
def team_lead_client(team_lead):
    return _client_for(team_lead)


@pytest.fixture
def admin_client_a(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """A transactional test's data is flushed after it, migration-loaded reference data
    included; put it back before every such test (see tests.browser.reference_data)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or "transactional_db" in request.fixturenames:
        request.getfixturevalue("reference_data")
