"""Fixtures of the company-list count tests (test_list_count*.py)."""

import pytest
from django.core.cache import cache

from companies import listing


@pytest.fixture
def no_kept_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def large_from_three(monkeypatch):
    """A list of three companies counts as large (the limit is 10,000 in production)."""
    monkeypatch.setattr(listing, "CACHED_COUNT_FROM", 3)
