"""Reads of the matching app that span models or serve one page, by topic."""

from .candidates import (
    Completeness,
    candidate_completeness,
    candidate_export,
    candidate_viewers,
)

__all__ = ["Completeness", "candidate_completeness", "candidate_export", "candidate_viewers"]
