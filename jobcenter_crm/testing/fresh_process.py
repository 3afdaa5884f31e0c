"""A script run in a fresh interpreter, as a server process would start: the project's
settings, DEBUG off and a database address where nothing listens (a script that needs
the database says so with DATABASE_URL of its own)."""

import json
import os
import subprocess
import sys
from typing import Any

from django.conf import settings


def run_script(script: str, *, settings_module: str, **env: str) -> Any:
    """Run `script` and return what it printed last, read as JSON."""
    result = subprocess.run(  # noqa: S603  # this interpreter, the caller's fixed script
        [sys.executable, "-c", script],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": "postgres://nobody:x@127.0.0.1:1/nothing",
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "testserver",
            **env,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
