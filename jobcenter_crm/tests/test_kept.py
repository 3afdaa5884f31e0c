"""Kept values (jobcenter_crm.lib.kept) in a real Redis: shared by every process that
uses it, as the web workers do with CACHE_URL; and a Redis that cannot be reached costs a
recount, never the page."""

import os
import re
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.urls import reverse

from companies import listing
from jobcenter_crm.embedded import free_port
from jobcenter_crm.lib.kept import keep, kept
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("companies:company-list")


def _redis_settings(location: str, prefix: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def shared_redis() -> tuple[str, str]:
    """The tests' real Redis (started by the test plugin), its database 1, and a key
    prefix of this test's own (the test workers share the server)."""
    location = os.environ["CELERY_BROKER_URL"].removesuffix("/0") + "/1"
    return location, f"test-{uuid.uuid4().hex}"


def test_a_count_kept_by_one_worker_is_read_by_another(
    consultant_client, consultant, shared_redis, monkeypatch
):
    location, prefix = shared_redis
    monkeypatch.setattr(listing, "CACHED_COUNT_FROM", 3)
    for number in range(3):
        CompanyFactory(name=f"Smedje {number}")

    with override_settings(CACHES=_redis_settings(location, prefix)):
        consultant_client.get(LIST_URL)  # counts and keeps: 3
        CompanyFactory(name="Smedje 3")
        # Another web worker: its own connection to the same Redis.
        other_worker = RedisCache(location, {"KEY_PREFIX": prefix})
        key = listing._count_key(consultant.jobcenter, "")
        value, counted_at = other_worker.get(key)
        again = consultant_client.get(LIST_URL)

    assert value == 3 and counted_at is not None
    line = re.search(r'id="company-count" role="status">(.*?)</p>', again.content.decode()).group(1)
    assert re.fullmatch(r"3 virksomheder \(optalt kl\. \d\d:\d\d\)", line)


def test_a_redis_that_cannot_be_reached_keeps_nothing_and_raises_nothing(caplog):
    closed = f"redis://127.0.0.1:{free_port()}/1"
    with override_settings(CACHES=_redis_settings(closed, "down")):
        keep("some-count", 12, 60)
        assert kept("some-count") is None
    assert "could not be written" in caplog.text and "could not be read" in caplog.text


def test_the_company_list_is_counted_when_the_cache_is_down(consultant_client, monkeypatch):
    monkeypatch.setattr(listing, "CACHED_COUNT_FROM", 1)
    for number in range(3):
        CompanyFactory(name=f"Smedje {number}", employee_band="1")
    closed = f"redis://127.0.0.1:{free_port()}/1"

    with override_settings(CACHES=_redis_settings(closed, "down")):
        whole = consultant_client.get(LIST_URL)
        filtered = consultant_client.get(LIST_URL, {"employees": "1", "page": "1"})

    assert whole.status_code == filtered.status_code == 200
    assert "3 virksomheder</p>" in whole.content.decode()
    assert "3 virksomheder</p>" in filtered.content.decode()
