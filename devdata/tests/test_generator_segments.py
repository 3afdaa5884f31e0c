"""Generated relationships: "cooperates today" agrees with the segment (issue 8.10)."""

import random

import pytest

from devdata.generator import _cooperates
from screening.models import segment_cooperation


@pytest.mark.parametrize("number", [None, 1, 2, 3, 4])
def test_generated_relationships_agree_with_their_segment(number):
    rng = random.Random(number)  # noqa: S311 (generated demo data, not secrets)
    flags = {_cooperates(number, rng) for _ in range(200)}
    implied = segment_cooperation(number)
    assert flags == ({implied} if implied is not None else {True, False})
