"""Ranking quality on the labelled set (matching/tests/labelled_set.py): NDCG@10 floor."""

import pytest

from matching.engine import ask_for_order, rank, vocabulary_for
from matching.engine.quality import ndcg_at
from matching.models import Candidate
from matching.tests import labelled_set

pytestmark = pytest.mark.django_db

# The floor the ranking must keep; the benchmark prints the current figure.
NDCG_FLOOR = 0.9


def test_ndcg_at_10_on_the_labelled_set_stays_above_the_floor(jobcenter_a):
    cases = labelled_set.build(jobcenter_a)
    assert len(cases) >= 10 and all(len(labels) == 100 for _order, labels in cases)
    scores = {}
    for order, labels in cases:
        prefix = next(iter(labels)).rsplit("-", 1)[0]
        matches = rank(
            ask_for_order(order),
            Candidate.objects.for_jobcenter(jobcenter_a).filter(external_id__startswith=prefix),
            vocabulary_for(jobcenter_a.pk),
            today=labelled_set.TODAY,
            limit=10,
        )
        scores[order.occupation] = ndcg_at([m.candidate.external_id for m in matches], labels)
    mean = sum(scores.values()) / len(scores)
    assert mean >= NDCG_FLOOR, scores
    assert min(scores.values()) >= NDCG_FLOOR - 0.1, scores


def test_ndcg_is_one_for_the_ideal_ranking_and_less_for_a_worse_one():
    labels = {"a": 3, "b": 2, "c": 0, "d": 1}
    assert ndcg_at(["a", "b", "d", "c"], labels) == 1.0
    assert ndcg_at(["c", "d", "b", "a"], labels) < 0.7
