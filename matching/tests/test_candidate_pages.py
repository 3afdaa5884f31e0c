import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.engine import rank_for_order
from matching.models import CandidateAccessLog
from matching.selectors import candidate_completeness
from matching.tests.factories import make_candidate
from matching.tests.test_ranking import order

pytestmark = pytest.mark.django_db


def test_the_candidate_page_logs_each_view(consultant_client, consultant, jobcenter_a):
    candidate = make_candidate(jobcenter_a, name="Sofie")
    url = reverse("matching:candidate-detail", args=[candidate.code])
    with CaptureQueriesContext(connection) as queries:
        assert consultant_client.get(url).status_code == 200
    consultant_client.get(url)
    entries = CandidateAccessLog.objects.filter(kind="candidate")
    assert entries.count() == 2
    assert all(e.user == consultant and e.candidate_ids == [candidate.pk] for e in entries)
    assert len(queries) <= 12


def test_another_jobcenter_gets_404_on_every_candidate_page(outsider_client, jobcenter_a):
    candidate = make_candidate(jobcenter_a)
    for name in ("candidate-detail", "candidate-access", "candidate-export"):
        url = reverse(f"matching:{name}", args=[candidate.code])
        assert outsider_client.get(url).status_code in (404, 403)
    assert not CandidateAccessLog.objects.exists()


def test_an_admin_sees_who_saw_a_candidate_and_exports_everything(
    admin_client_a, consultant, jobcenter_a
):
    candidate = make_candidate(jobcenter_a, name="Sofie Svejser", education=["Svejser"])
    other = make_candidate(jobcenter_a, name="Anden", education=["Svejser"])
    rank_for_order(order(occupation="Svejser", title="Svejser"), user=consultant)
    page = admin_client_a.get(reverse("matching:candidate-access", args=[candidate.code]))
    assert page.status_code == 200
    assert str(consultant) in page.content.decode()
    export = admin_client_a.get(reverse("matching:candidate-export", args=[candidate.code]))
    assert export["Content-Type"] == "application/json"
    data = json.loads(export.content)
    assert data["candidate"]["name"] == "Sofie Svejser"
    assert data["candidate"]["education"] == ["Svejser"]
    assert [view["what"] for view in data["views"]] == ["export", "matches"]
    assert "Anden" not in export.content.decode()
    assert other.pk not in data.get("candidate_ids", [])


def test_only_admins_see_the_access_list_and_export(consultant_client, jobcenter_a):
    candidate = make_candidate(jobcenter_a)
    for name in ("candidate-access", "candidate-export"):
        url = reverse(f"matching:{name}", args=[candidate.code])
        assert consultant_client.get(url).status_code == 403


def test_completeness_suggests_what_is_missing(jobcenter_a):
    empty = candidate_completeness(make_candidate(jobcenter_a))
    assert empty.percent == 10  # only the postal code places the person
    assert any("uddannelse" in s.lower() or "education" in s.lower() for s in empty.suggestions)
    full = candidate_completeness(
        make_candidate(
            jobcenter_a,
            education=["Svejser"],
            experience=[{"occupation": "Svejser", "years": 3}],
            wanted_occupations=["Svejser"],
            skills=["MIG", "TIG", "Truck"],
            certificates=["Svejsecertifikat"],
            languages=["Dansk"],
            unemployed_since="2026-01-01",
        )
    )
    assert full.percent == 100 and full.suggestions == []


def test_courses_show_beside_the_unemployment_period_and_in_the_export(
    consultant_client, admin_client_a, consultant, jobcenter_a
):
    from matching.tests.orders import take_job_order
    from tests.factories import CompanyFactory

    candidate = make_candidate(
        jobcenter_a,
        name="Kurt Kursist",
        education=["Svejser"],
        unemployed_since="2026-01-05",
        courses=["AMU Svejsning 1", "Førstehjælp"],
    )
    order = take_job_order(
        user=consultant,
        company=CompanyFactory(),
        title="Svejser",
        occupation="Svejser",
        requirements={},
        wishes={},
    )
    pages = [
        consultant_client.get(reverse("matching:joborder-matches", args=[order.code])),
        consultant_client.get(reverse("matching:candidate-search"), {"occupations": "Svejser"}),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        # On the line of the unemployment period, not in a table further down.
        line = html[html.index("Ledig siden") :]
        line = line[: line.index("</p>")]
        assert "AMU Svejsning 1, Førstehjælp" in line, line
    detail = consultant_client.get(candidate.get_absolute_url()).content.decode()
    assert "AMU Svejsning 1, Førstehjælp" in detail
    export = admin_client_a.get(reverse("matching:candidate-export", args=[candidate.code]))
    assert json.loads(export.content)["candidate"]["courses"] == ["AMU Svejsning 1", "Førstehjælp"]
