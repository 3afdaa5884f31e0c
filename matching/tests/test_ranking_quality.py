"""Ranking quality on the labelled set (matching/tests/labelled_set.py): NDCG@10 floor."""

import pytest

from matching.engine import ask_for_order, rank, vocabulary_for
from matching.engine.quality import ndcg_at
from matching.models import Candidate
from matching.tests import labelled_set

pytestmark = pytest.mark.django_db

# The floors the ranking must keep, on average and for every order; the benchmark prints
# the current figures. Before the trainee rule and the lighter wished skills, the set gave
# a mean of 0.977 with 0.803 for the cook's order.
NDCG_FLOOR = 0.9
NDCG_FLOOR_PER_ORDER = 0.85


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
    assert min(scores.values()) >= NDCG_FLOOR_PER_ORDER, scores


def test_ndcg_is_one_for_the_ideal_ranking_and_less_for_a_worse_one():
    labels = {"a": 3, "b": 2, "c": 0, "d": 1}
    assert ndcg_at(["a", "b", "d", "c"], labels) == 1.0
    assert ndcg_at(["c", "d", "b", "a"], labels) < 0.7
