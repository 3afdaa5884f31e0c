"""Configuration from the environment, checked in fresh processes."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _manage(args: list[str], env: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if key not in env}
    base.pop("SECRET_KEY", None)
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright; check --deploy flags it
    base["DJANGO_SETTINGS_MODULE"] = "jobcenter_crm.settings"
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env={**base, **{key: value for key, value in env.items() if value is not None}},
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key():
    result = _manage(["check"], {"DEBUG": "0"})
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is not set" in result.stderr


def test_it_refuses_to_start_without_a_database_url():
    result = _manage(["check"], {"SECRET_KEY": "k" * 60, "DATABASE_URL": ""})
    assert result.returncode != 0
    assert "The environment variable DATABASE_URL is not set" in result.stderr


def test_it_passes_the_deployment_checks_with_debug_off():
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "SECRET_KEY": "p7#Vq9!zL2@xR4$tN8%wK1^mB6&cJ3*hD5(gF0)sA-yE_uT+iO=pQ~",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "crm.example.dk",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_checks_migrations_without_a_server_environment():
    result = _manage(["makemigrations", "--check", "--dry-run"], {"DATABASE_URL": None})
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
