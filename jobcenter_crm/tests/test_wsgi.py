"""The production entry point moves what start-up made out of the garbage collector's
reach, so a full collection in the middle of a request does not walk it (issue 13's slow
tails). Checked in a fresh process, as a gunicorn worker imports it."""

import json
import os
import subprocess
import sys

from django.conf import settings

SCRIPT = """
import gc, json
before = gc.get_freeze_count()
import jobcenter_crm.wsgi
print(json.dumps({"before": before, "after": gc.get_freeze_count(),
                  "app": type(jobcenter_crm.wsgi.application).__name__}))
"""


def test_the_wsgi_application_freezes_what_start_up_made():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jobcenter_crm.settings",
        "DATABASE_URL": "postgres://nobody:x@127.0.0.1:1/nothing",
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["app"] == "WSGIHandler"
    assert answer["before"] == 0
    # Django, the apps and their modules: tens of thousands of objects.
    assert answer["after"] > 10_000
