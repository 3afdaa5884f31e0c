# syntax=docker/dockerfile:1
#
# jobcenter-crm production image.
#
#   docker build -t jobcenter-crm .
#
# Stages:
#   assets  - node, only to install the front-end libraries (`npm ci`)
#   deps    - Python dependencies from requirements.lock into /opt/venv
#   app     - the runtime image: Python, the app, node_modules, collected static files
#
# The image runs gunicorn by default; docker-compose.yml runs the same image as the
# Celery worker and beat. Migrations run on start (`python manage.py migrate --noinput`,
# see docker-compose.yml). Setting up a jobcenter and its first admin is a one-off,
# interactive step:
#   docker compose exec web python manage.py createjobcenter

# --- front-end libraries -----------------------------------------------------------
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# The libraries (Bootstrap, Bootstrap Icons, htmx, Leaflet) ship ready-built files;
# no install scripts are needed.
RUN npm ci --ignore-scripts --no-audit --no-fund

# --- Python dependencies -----------------------------------------------------------
FROM python:3.11-slim AS deps
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# A compiler only in case a pinned package has no wheel for the build platform;
# it stays in this stage.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install -r /tmp/requirements.lock

# --- runtime -------------------------------------------------------------------------
FROM python:3.11-slim AS app
# gunicorn reads WEB_CONCURRENCY as its worker count; override it per host
# (about 2 x CPU cores + 1).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=jobcenter_crm.settings \
    WEB_CONCURRENCY=3

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=deps /opt/venv /opt/venv
COPY --from=assets /build/node_modules /app/node_modules
COPY . /app

# Static files (own and from node_modules) are collected at build time and served by
# whitenoise. Settings refuse to load without SECRET_KEY and DATABASE_URL, so dummy
# values are set for this command only; nothing connects to a database here.
RUN SECRET_KEY=collectstatic-only-not-a-secret \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var \
    && chown app:app /app/var

USER app
EXPOSE 8000

# /healthz answers 200 when the database and the broker are reachable, 503 otherwise
# (urlopen raises on 503, so the check fails). The Host header is the first entry of
# ALLOWED_HOSTS, so the probe is not rejected by host validation. No curl in slim images.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = [x.strip().lstrip('.') for x in os.environ.get('ALLOWED_HOSTS', '').split(',') if x.strip() not in ('', '*')]; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': (h or ['localhost'])[0]}), timeout=5)"]

CMD ["gunicorn", "jobcenter_crm.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
