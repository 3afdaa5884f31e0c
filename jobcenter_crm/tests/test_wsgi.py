"""The production entry point moves what start-up made out of the garbage collector's
reach, so a full collection in the middle of a request does not walk it (issue 13's slow
tails). Checked in a fresh process, as a gunicorn worker imports it."""

from jobcenter_crm.testing.fresh_process import run_script

SCRIPT = """
import gc, json
before = gc.get_freeze_count()
import jobcenter_crm.wsgi
print(json.dumps({"before": before, "after": gc.get_freeze_count(),
                  "app": type(jobcenter_crm.wsgi.application).__name__}))
"""


def test_the_wsgi_application_freezes_what_start_up_made():
    answer = run_script(SCRIPT, settings_module="jobcenter_crm.settings")
    assert answer["app"] == "WSGIHandler"
    assert answer["before"] == 0
    # Django, the apps and their modules: tens of thousands of objects.
    assert answer["after"] > 10_000
