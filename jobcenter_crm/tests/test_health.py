import json

import pytest
from django.conf import settings
from django.test import override_settings

from jobcenter_crm.testing.fresh_process import run_script

pytestmark = pytest.mark.django_db


def test_it_reports_database_and_broker_ok_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_it_answers_503_when_the_broker_is_unreachable(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}


# A fresh process whose database is a port where nothing listens: a real outage, asked
# through the whole middleware stack with and without a session cookie.
OUTAGE_SCRIPT = """
import json, django
django.setup()
from django.test import Client
answers = {}
for name, cookies in (("plain", {}), ("session", {"sessionid": "x" * 32, "csrftoken": "y" * 32})):
    client = Client(raise_request_exception=False)
    for key, value in cookies.items():
        client.cookies[key] = value
    health = client.get("/healthz")
    # Signing in needs the database for sure: the answer is the error page.
    page = client.post("/accounts/login/", {"username": "karen", "password": "x" * 12})
    answers[name] = {
        "health": [health.status_code, health.content.decode()],
        "page": [page.status_code, page.content.decode()],
    }
print(json.dumps(answers))
"""


def test_it_answers_503_in_a_database_outage_also_with_a_session_cookie():
    answers = run_script(
        OUTAGE_SCRIPT,
        settings_module="jobcenter_crm.settings_test",
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        LOG_LEVEL="CRITICAL",
    )
    for name in ("plain", "session"):
        status, body = answers[name]["health"]
        assert status == 503, (name, status, body)
        assert json.loads(body) == {"database": "unavailable", "broker": "ok"}
    # A signed-in page in the outage is the Danish error page, not a crash or a debug page.
    status, body = answers["session"]["page"]
    assert status == 500, status
    assert "Der opstod en fejl" in body
