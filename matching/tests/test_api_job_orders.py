"""Job orders and matches through the API, in the issue's shapes."""

import uuid

import pytest
from django.test import Client

from api.services import api_token_create
from matching.models import CandidateAccessLog, JobOrder
from matching.tests.factories import make_candidate
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(consultant) -> Client:
    _token, key = api_token_create(user=consultant)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def outsider_api(outsider) -> Client:
    _token, key = api_token_create(user=outsider)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def company(db):
    return CompanyFactory()


def body(company, **changes):
    data = {
        "company_cvr": company.cvr,
        "title": "Maskiningeniør til produktudvikling",
        "occupation": "Maskiningeniør",
        "description": "Konstruktion af landbrugsmaskiner",
        "kind": "ordinary",
        "postal_code": "7600",
        "hours_per_week": 37,
        "openings": 2,
        "requirements": {
            "education": [],
            "skills": ["CAD"],
            "certificates": [],
            "driving_licences": ["B"],
            "languages": ["Dansk"],
        },
        "wishes": {"skills": ["SolidWorks"], "experience_years": 2},
    }
    data.update(changes)
    return data


def post(client, data):
    return client.post("/api/v1/job-orders/", data, content_type="application/json")


def test_post_creates_an_order_and_answers_201_with_its_code(api, company, jobcenter_a):
    response = post(api, body(company))
    assert response.status_code == 201, response.content
    data = response.json()
    uuid.UUID(data["code"])
    assert data["start_date"] is None  # absent: as soon as possible
    assert data["requirements"]["skills"] == ["CAD"]
    assert data["wishes"] == {"skills": ["SolidWorks"], "experience_years": 2}
    order = JobOrder.objects.get(code=data["code"])
    assert order.jobcenter == jobcenter_a and order.channel == "api"
    assert api.get(f"/api/v1/job-orders/{data['code']}/").json() == data


def test_patch_changes_only_what_is_sent(api, company):
    code = post(api, body(company)).json()["code"]
    response = api.patch(
        f"/api/v1/job-orders/{code}/",
        {"openings": 3, "wishes": {"skills": []}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["openings"] == 3 and data["title"] == "Maskiningeniør til produktudvikling"
    assert data["wishes"]["skills"] == []


def test_close_records_the_outcome_once(api, company):
    code = post(api, body(company)).json()["code"]
    url = f"/api/v1/job-orders/{code}/close/"
    missing_note = api.post(url, {"status": "expired"}, content_type="application/json")
    assert missing_note.status_code == 400 and "outcome_note" in missing_note.json()
    closed = api.post(url, {"status": "filled"}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "filled"
    again = api.post(url, {"status": "filled"}, content_type="application/json")
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("company_cvr", "1234"),
        ("company_cvr", "99999999"),
        ("kind", "dream_job"),
        ("postal_code", "76"),
        ("hours_per_week", 0),
        ("openings", -1),
        ("start_date", "snart"),
        ("title", ""),
        ("requirements", {"skills": "CAD"}),
    ],
)
def test_a_bad_field_is_a_json_error_naming_the_field(api, company, field, value):
    response = post(api, body(company, **{field: value}))
    assert response.status_code == 400
    assert field in response.json()
    assert not JobOrder.objects.exists()


def test_matches_rank_the_jobcenters_candidates_in_the_issue_shape(
    api, outsider, company, jobcenter_a, consultant
):
    make_candidate(
        jobcenter_a,
        external_id="M1",
        name="Mads",
        education=["Maskiningeniør"],
        skills=["CAD"],
        driving_licences=["B"],
        languages=["Dansk"],
    )
    make_candidate(
        jobcenter_a,
        external_id="D1",
        name="Dorthe",
        education=["Designteknolog"],
        skills=["CAD", "SolidWorks"],
        driving_licences=["B"],
        languages=["Dansk"],
    )
    make_candidate(
        outsider.jobcenter,
        external_id="H1",
        name="Holstebro",
        education=["Maskiningeniør"],
        skills=["CAD"],
        driving_licences=["B"],
        languages=["Dansk"],
    )
    code = post(api, body(company)).json()["code"]
    response = api.get(f"/api/v1/job-orders/{code}/matches/?limit=20")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["candidate"]["external_id"] for row in results] == ["M1", "D1"]
    first = results[0]
    assert set(first) == {"rank", "score", "candidate", "criteria"}
    assert first["rank"] == 1 and first["candidate"] == {"external_id": "M1", "name": "Mads"}
    assert {c["name"] for c in first["criteria"]} >= {"occupation_education", "skills"}
    assert all(set(c) == {"name", "score", "weight", "explanation"} for c in first["criteria"])
    entry = CandidateAccessLog.objects.get(kind="matches")
    assert str(entry.order_code) == code and entry.user == consultant


@pytest.mark.parametrize("limit", ["0", "101", "x", "-3"])
def test_matches_limit_is_bounded(api, company, limit):
    code = post(api, body(company)).json()["code"]
    response = api.get(f"/api/v1/job-orders/{code}/matches/?limit={limit}")
    assert response.status_code == 400 and "limit" in response.json()


def test_another_jobcenter_gets_404_on_an_order(api, outsider_api, company):
    code = post(api, body(company)).json()["code"]
    for path in ("", "matches/"):
        assert outsider_api.get(f"/api/v1/job-orders/{code}/{path}").status_code == 404
    patch = outsider_api.patch(
        f"/api/v1/job-orders/{code}/", {"openings": 9}, content_type="application/json"
    )
    assert patch.status_code == 404
    close = outsider_api.post(
        f"/api/v1/job-orders/{code}/close/", {"status": "filled"}, content_type="application/json"
    )
    assert close.status_code == 404
