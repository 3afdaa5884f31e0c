"""The production settings, unchanged but for the URL conf that adds the floor pages:
what `make bench` runs gunicorn with. Never deployed."""

from jobcenter_crm.settings import *  # noqa: F403

ROOT_URLCONF = "devdata.bench_urls"
