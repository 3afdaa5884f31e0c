"""The candidates API in the issue's shapes: PUT/GET/DELETE by external_id, the batch."""

import pytest
from django.test import Client

from api.services import api_token_create
from matching.models import Candidate, CandidateAccessLog

pytestmark = pytest.mark.django_db

BODY = {
    "external_id": "CPR-less-001",
    "name": "Sofie Svejser",
    "postal_code": "7600",
    "max_commute_km": 35,
    "readiness": "job_ready",
    "unemployed_since": "2026-03-01",
    "education": ["Smed"],
    "experience": [{"occupation": "Svejser", "years": 4.5}],
    "wanted_occupations": ["Svejser"],
    "skills": ["MIG/MAG-svejsning"],
    "certificates": ["Svejsecertifikat"],
    "driving_licences": ["B"],
    "languages": ["Dansk"],
    "max_hours_per_week": 37,
    "available_from": "2026-12-01",
}


@pytest.fixture
def api(consultant) -> Client:
    _token, key = api_token_create(user=consultant)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def outsider_api(outsider) -> Client:
    _token, key = api_token_create(user=outsider)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def put(client: Client, external_id: str, body: dict):
    return client.put(f"/api/v1/candidates/{external_id}/", body, content_type="application/json")


def test_put_creates_then_replaces_idempotently(api, jobcenter_a):
    first = put(api, "CPR-less-001", BODY)
    assert first.status_code == 201
    # The optional fields beyond the body come back with their defaults.
    assert first.json() == {**BODY, "target_group": "", "courses": []}
    again = put(api, "CPR-less-001", BODY)
    assert again.status_code == 200 and again.json() == first.json()
    replaced = put(api, "CPR-less-001", {"name": "Sofie S.", "postal_code": "7500"})
    assert replaced.status_code == 200
    # A replacement: what is left out is emptied, lists may be empty.
    assert replaced.json()["skills"] == [] and replaced.json()["available_from"] is None
    assert Candidate.objects.for_jobcenter(jobcenter_a).count() == 1


def test_get_reads_and_logs_the_view(api, consultant):
    put(api, "K1", {**BODY, "external_id": "K1"})
    response = api.get("/api/v1/candidates/K1/")
    assert response.status_code == 200 and response.json()["name"] == "Sofie Svejser"
    entry = CandidateAccessLog.objects.get(kind="api")
    assert entry.user == consultant and len(entry.candidate_ids) == 1


def test_delete_removes(api):
    put(api, "K1", {**BODY, "external_id": "K1"})
    assert api.delete("/api/v1/candidates/K1/").status_code == 204
    assert api.get("/api/v1/candidates/K1/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("postal_code", "76000"),
        ("postal_code", "abcd"),
        ("postal_code", ""),
        ("readiness", "ready"),
        ("unemployed_since", "01-03-2026"),
        ("available_from", "2026-13-01"),
        ("max_commute_km", -1),
        ("max_commute_km", "langt"),
        ("max_hours_per_week", 0),
        ("education", "Smed"),
        ("skills", [None]),
        ("experience", [{"occupation": "Svejser"}]),
        ("experience", [{"occupation": "Svejser", "years": -2}]),
        ("name", ""),
        ("name", "x" * 201),
        ("external_id", "another-id"),
    ],
)
def test_a_bad_field_is_a_json_error_naming_the_field(api, field, value):
    response = put(api, "CPR-less-001", {**BODY, field: value})
    assert response.status_code == 400
    assert field in response.json()
    assert not Candidate.objects.exists()


def test_another_jobcenter_gets_404_and_keeps_its_own_namesake(api, outsider_api):
    put(api, "K1", {**BODY, "external_id": "K1"})
    assert outsider_api.get("/api/v1/candidates/K1/").status_code == 404
    assert outsider_api.delete("/api/v1/candidates/K1/").status_code == 404
    assert (
        put(outsider_api, "K1", {**BODY, "external_id": "K1", "name": "Anden"}).status_code == 201
    )
    assert api.get("/api/v1/candidates/K1/").json()["name"] == "Sofie Svejser"


def test_without_a_token_the_api_answers_401_json():
    response = Client().get("/api/v1/candidates/")
    assert response.status_code == 401 and "detail" in response.json()


def test_batch_upserts_up_to_1000(api, jobcenter_a):
    rows = [{**BODY, "external_id": f"B{n}", "name": f"Kandidat {n}"} for n in range(1000)]
    response = api.post("/api/v1/candidates/batch/", rows, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 1000, "updated": 0}
    again = api.post("/api/v1/candidates/batch/", rows[:10], content_type="application/json")
    assert again.json() == {"created": 0, "updated": 10}
    assert Candidate.objects.for_jobcenter(jobcenter_a).count() == 1000


def test_batch_refuses_1001_and_a_bad_row_writes_nothing(api):
    rows = [{**BODY, "external_id": f"B{n}"} for n in range(1001)]
    response = api.post("/api/v1/candidates/batch/", rows, content_type="application/json")
    assert response.status_code == 400 and "non_field_errors" in response.json()
    rows = [{**BODY, "external_id": "ok"}, {**BODY, "external_id": "bad", "postal_code": "x"}]
    response = api.post("/api/v1/candidates/batch/", rows, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["1"] and response.json()["1"]["postal_code"]
    assert not Candidate.objects.exists()


def test_list_is_paginated_and_scoped(api, outsider_api):
    for n in range(3):
        put(api, f"K{n}", {**BODY, "external_id": f"K{n}", "name": f"K {n}"})
    page = api.get("/api/v1/candidates/?page_size=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert outsider_api.get("/api/v1/candidates/").json()["count"] == 0


def test_an_operator_gets_404(db):
    from accounts.models import User

    operator = User.objects.create_superuser("op", "op@example.org", "x" * 20)
    client = Client()
    client.force_login(operator)
    assert client.get("/api/v1/candidates/").status_code == 404


@pytest.mark.parametrize("group", [value for value, _label in Candidate.TargetGroup.choices])
def test_the_optional_target_group_is_stored_and_read_back(api, group):
    response = put(api, "TG-1", {**BODY, "external_id": "TG-1", "target_group": group})
    assert response.status_code == 201, response.content
    assert response.json()["target_group"] == group
    assert Candidate.objects.get(external_id="TG-1").target_group == group
    assert api.get("/api/v1/candidates/TG-1/").json()["target_group"] == group


@pytest.mark.parametrize("bad", ["dagpenge", "A_DAGPENGE", " a_dagpenge", 7, ["a_dagpenge"]])
def test_an_unknown_target_group_is_a_400_naming_the_field(api, bad):
    response = put(api, "TG-2", {**BODY, "external_id": "TG-2", "target_group": bad})
    assert response.status_code == 400
    assert "target_group" in response.json()
    assert not Candidate.objects.filter(external_id="TG-2").exists()


def test_the_optional_courses_are_stored_read_back_and_batched(api, jobcenter_a):
    courses = ["AMU Truckcertifikat B", "Førstehjælp (12 timer)"]
    response = put(api, "C-1", {**BODY, "external_id": "C-1", "courses": courses})
    assert response.status_code == 201, response.content
    assert response.json()["courses"] == courses
    assert api.get("/api/v1/candidates/C-1/").json()["courses"] == courses
    # Replaced without them: a replacement empties what is left out.
    assert put(api, "C-1", {**BODY, "external_id": "C-1"}).json()["courses"] == []
    rows = [
        {**BODY, "external_id": "C-2", "courses": ["Kranførerkursus"]},
        {**BODY, "external_id": "C-3"},
    ]
    batch = api.post("/api/v1/candidates/batch/", rows, content_type="application/json")
    assert batch.status_code == 200, batch.content
    stored = dict(
        Candidate.objects.for_jobcenter(jobcenter_a)
        .filter(external_id__in=["C-2", "C-3"])
        .values_list("external_id", "courses")
    )
    assert stored == {"C-2": ["Kranførerkursus"], "C-3": []}


@pytest.mark.parametrize(
    "bad", ["Kranførerkursus", {"a": 1}, [None], [[]], ["x" * 201], ["k"] * 101, None]
)
def test_bad_courses_are_a_400_naming_the_field(api, bad):
    response = put(api, "C-4", {**BODY, "external_id": "C-4", "courses": bad})
    assert response.status_code == 400
    assert "courses" in response.json()
    assert not Candidate.objects.filter(external_id="C-4").exists()
