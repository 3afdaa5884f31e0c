"""Starts the embedded PostgreSQL and Redis once per test session, before pytest-django
reads the settings. Loaded with `-p jobcenter_crm.testing.pytest_plugin` (pyproject).

Set DATABASE_URL / CELERY_BROKER_URL to test against servers of your own instead.

With pytest-xdist (`make test` runs `pytest -n auto`) the controlling process starts the
servers and sets those variables before it starts its workers, which inherit them and so
start none; pytest-django gives each worker a test database of its own.
"""

import os
from typing import Any

import pytest

from jobcenter_crm import embedded

_started: list[Any] = []


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: Any, parser: Any, args: list[str]) -> None:
    os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 50)
    # Importing this plugin imported jobcenter_crm (and its Celery app), which defaults
    # DJANGO_SETTINGS_MODULE to the production module; tests use the overlay (or --ds).
    os.environ["DJANGO_SETTINGS_MODULE"] = "jobcenter_crm.settings_test"
    # JCRM_TEST_INSTANCE gives a parallel run (another checkout's agent, say) its own servers.
    suffix = f"-{os.environ['JCRM_TEST_INSTANCE']}" if os.environ.get("JCRM_TEST_INSTANCE") else ""
    if not os.environ.get("DATABASE_URL"):
        postgres = embedded.start_postgres(embedded.VAR_DIR / f"test-pgdata{suffix}")
        _started.append(postgres)
        os.environ["DATABASE_URL"] = postgres.url("jobcenter_crm")
    if not os.environ.get("CELERY_BROKER_URL"):
        redis_server = embedded.start_redis(embedded.VAR_DIR / f"test-redis{suffix}")
        _started.append(redis_server)
        os.environ["CELERY_BROKER_URL"] = redis_server.url


def pytest_unconfigure(config: Any) -> None:
    while _started:
        _started.pop().stop()
