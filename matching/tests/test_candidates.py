import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from matching.models import Candidate, CandidateAccessLog, PostalCode
from matching.services import (
    candidate_access_log,
    candidates_delete_stale,
    candidates_upsert_batch,
)
from matching.tests.factories import make_candidate

pytestmark = pytest.mark.django_db


def test_it_ships_every_danish_postal_code_with_a_point():
    assert PostalCode.objects.count() > 1000
    struer = PostalCode.objects.get(code="7600")
    assert struer.name == "Struer"
    assert 56.4 < struer.latitude < 56.7 and 8.4 < struer.longitude < 8.8


def test_it_places_a_candidate_at_the_postal_code_and_indexes_normalised_terms(jobcenter_a):
    candidate = make_candidate(
        jobcenter_a,
        postal_code="7600",
        education=["Maskiningeniører"],
        experience=[{"occupation": "Svejser", "years": 3}],
        skills=["MIG-svejsning"],
        driving_licences=["Kørekort CE"],
    )
    assert candidate.latitude is not None and candidate.longitude is not None
    assert "maskiningeniør" in candidate.occupation_terms
    # A maskiningeniør is an ingeniør (compound head), a svejser is stemmed.
    assert "ingeniør" in candidate.occupation_terms
    assert "svejs" in candidate.occupation_terms
    assert "svejs" in candidate.skill_terms
    # CE includes the smaller classes.
    assert {"CE", "C", "B"} <= set(candidate.licence_classes)


def test_it_leaves_the_point_empty_for_an_unknown_postal_code(jobcenter_a):
    candidate = make_candidate(jobcenter_a, postal_code="0001")
    assert candidate.latitude is None and candidate.longitude is None


def test_it_rejects_a_malformed_postal_code(jobcenter_a):
    with pytest.raises(ValidationError):
        make_candidate(jobcenter_a, postal_code="76OO")


def test_it_replaces_a_candidate_with_the_same_external_id(jobcenter_a):
    first = make_candidate(jobcenter_a, external_id="X1", skills=["Rengøring"])
    again = make_candidate(jobcenter_a, external_id="X1", skills=[])
    assert first.pk == again.pk
    assert Candidate.objects.get(pk=first.pk).skills == []


def test_batch_upserts_creates_and_replaces_in_one_go(jobcenter_a, jobcenter_b):
    make_candidate(jobcenter_a, external_id="B1", name="Gammel")
    make_candidate(jobcenter_b, external_id="B1", name="Holstebros")
    rows = [
        {"external_id": f"B{n}", "name": f"Ny {n}", "postal_code": "7600", "education": ["Kok"]}
        for n in range(1, 6)
    ]
    result = candidates_upsert_batch(jobcenter=jobcenter_a, rows=rows)
    assert result == {"created": 4, "updated": 1}
    assert Candidate.objects.for_jobcenter(jobcenter_a).get(external_id="B1").name == "Ny 1"
    # Another jobcenter's candidate with the same case-system id is untouched.
    assert Candidate.objects.for_jobcenter(jobcenter_b).get(external_id="B1").name == "Holstebros"
    assert "kok" in Candidate.objects.get(jobcenter=jobcenter_a, external_id="B3").occupation_terms


def test_batch_refuses_more_than_the_limit(jobcenter_a):
    rows = [{"external_id": str(n), "name": "x", "postal_code": "7600"} for n in range(1001)]
    with pytest.raises(ValueError):
        candidates_upsert_batch(jobcenter=jobcenter_a, rows=rows)
    assert not Candidate.objects.exists()


def test_batch_writes_nothing_when_one_row_is_bad(jobcenter_a):
    rows = [
        {"external_id": "ok", "name": "God", "postal_code": "7600"},
        {"external_id": "bad", "name": "Dårlig", "postal_code": "abc"},
    ]
    with pytest.raises(ValidationError):
        candidates_upsert_batch(jobcenter=jobcenter_a, rows=rows)
    assert not Candidate.objects.exists()


def test_access_log_is_one_row_for_many_candidates(jobcenter_a, consultant):
    ids = [make_candidate(jobcenter_a).pk for _ in range(3)]
    candidate_access_log(user=consultant, kind="search", candidate_ids=ids)
    entry = CandidateAccessLog.objects.get()
    assert entry.candidate_ids == ids and entry.user == consultant
    assert entry.jobcenter == jobcenter_a


def test_it_deletes_candidates_not_updated_for_the_period_and_logs_counts(
    jobcenter_a, jobcenter_b, caplog
):
    stale = make_candidate(jobcenter_a, name="Gamle Gunnar")
    fresh = make_candidate(jobcenter_a, name="Friske Frida")
    other_stale = make_candidate(jobcenter_b, name="Holstebro Hans")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Candidate.objects.filter(pk__in=[stale.pk, other_stale.pk]).update(updated_at=long_ago)
    with caplog.at_level(logging.INFO, logger="matching.services.candidates"):
        deleted = candidates_delete_stale(now=timezone.now(), months=12)
    assert deleted == 2
    assert list(Candidate.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert "Deleted 1 candidates" in caplog.text
    assert "Gunnar" not in caplog.text and "Hans" not in caplog.text


def test_retention_period_is_configurable(jobcenter_a):
    candidate = make_candidate(jobcenter_a)
    Candidate.objects.filter(pk=candidate.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=100)
    )
    assert candidates_delete_stale(now=timezone.now(), months=6) == 0
    assert candidates_delete_stale(now=timezone.now(), months=3) == 1


def test_the_beat_task_deletes_with_the_configured_period(jobcenter_a, settings):
    from matching.tasks import candidates_delete_stale as task

    candidate = make_candidate(jobcenter_a)
    Candidate.objects.filter(pk=candidate.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=200)
    )
    settings.CANDIDATE_RETENTION_MONTHS = 12
    assert task() == 0
    settings.CANDIDATE_RETENTION_MONTHS = 6
    assert task() == 1
    assert "matching.tasks.candidates_delete_stale" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
