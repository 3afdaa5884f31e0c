"""Ranking quality: NDCG@k of a ranking against graded labels (0-3, as a consultant grades)."""

import math
from collections.abc import Mapping, Sequence


def dcg(grades: Sequence[int], k: int) -> float:
    return sum(
        (2**grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades[:k])
    )


def ndcg_at(ranked_ids: Sequence[str], labels: Mapping[str, int], k: int = 10) -> float:
    """NDCG@k of `ranked_ids` (best first); ids missing from the ranking earn nothing."""
    ideal = dcg(sorted(labels.values(), reverse=True), k)
    if ideal == 0:
        return 1.0
    return dcg([labels.get(item, 0) for item in ranked_ids], k) / ideal
