"""The production deployment files: docker-compose.yml, the Dockerfile and the README's
list of services must agree. Plain parsing, no database and no Docker engine."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
README = ROOT / "README.md"

SERVICES = {"postgres", "redis", "web", "worker", "beat"}
APP_SERVICES = ("web", "worker", "beat")


def load_compose() -> dict:
    assert COMPOSE_FILE.exists(), f"{COMPOSE_FILE} is missing"
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def services() -> dict:
    return load_compose()["services"]


def command_words(service: dict) -> list[str]:
    command = service.get("command")
    assert command, "the service has no command"
    if isinstance(command, str):
        return command.split()
    return " ".join(command).split()


def image_tag(image: str) -> str:
    name, _, tag = image.rpartition(":")
    return tag if name and "/" not in tag else "latest"


def test_it_has_no_obsolete_version_key():
    assert "version" not in load_compose()


def test_it_defines_the_five_services():
    assert set(services()) >= SERVICES


def test_it_runs_postgresql_18():
    postgres = services()["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert image_tag(postgres["image"]).startswith("18")


def test_it_keeps_the_database_in_the_named_volume():
    compose = load_compose()
    assert "postgres-data" in (compose.get("volumes") or {})
    mounts = services()["postgres"]["volumes"]
    assert "postgres-data:/var/lib/postgresql" in mounts


def test_it_builds_web_worker_and_beat_from_the_one_image():
    app = [services()[name] for name in APP_SERVICES]
    for service in app:
        build = service.get("build")
        assert build is not None, "web, worker and beat must build from the Dockerfile"
        if isinstance(build, dict):
            assert build.get("context", ".") == "."
            assert build.get("dockerfile", "Dockerfile") == "Dockerfile"
        else:
            assert build == "."
    assert len({service.get("image") for service in app}) == 1


def test_it_runs_migrations_then_gunicorn_in_web():
    words = command_words(services()["web"])
    assert "gunicorn" in words
    assert "jobcenter_crm.wsgi:application" in words
    command = " ".join(words)
    assert command.index("migrate --noinput") < command.index("gunicorn")
    assert "8000:8000" in services()["web"]["ports"]


def test_it_runs_the_celery_worker():
    words = command_words(services()["worker"])
    assert words[0] == "celery"
    assert "worker" in words
    assert "jobcenter_crm" in words


def test_it_runs_celery_beat():
    words = command_words(services()["beat"])
    assert words[0] == "celery"
    assert "beat" in words
    assert "jobcenter_crm" in words


def test_it_starts_the_app_after_postgres_and_redis_are_healthy():
    for name in APP_SERVICES:
        depends_on = services()[name]["depends_on"]
        for dependency in ("postgres", "redis"):
            assert depends_on[dependency]["condition"] == "service_healthy", (name, dependency)


def test_it_checks_the_health_of_every_service_but_beat():
    all_services = services()
    for name in ("postgres", "redis", "web", "worker"):
        test = all_services[name].get("healthcheck", {}).get("test")
        assert test, f"{name} has no healthcheck"
    assert "pg_isready" in " ".join(all_services["postgres"]["healthcheck"]["test"])
    assert "ping" in all_services["redis"]["healthcheck"]["test"]
    assert "/healthz" in " ".join(all_services["web"]["healthcheck"]["test"])
    assert "ping" in " ".join(all_services["worker"]["healthcheck"]["test"])
    # Beat runs the app image, whose HEALTHCHECK probes gunicorn: it is switched off there.
    assert all_services["beat"]["healthcheck"] == {"disable": True}


def test_it_shares_the_app_environment():
    all_services = services()
    environments = [all_services[name]["environment"] for name in APP_SERVICES]
    assert environments[0] == environments[1] == environments[2]
    environment = environments[0]
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert environment["DEBUG"] == "0"
    assert environment["DATABASE_URL"].startswith("postgres://jobcenter_crm:")
    assert environment["DATABASE_URL"].endswith("@postgres:5432/jobcenter_crm")
    broker = "redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD}@redis:6379/0"
    assert environment["CELERY_BROKER_URL"] == broker
    # The kept counts: the same Redis, a database of their own.
    assert environment["CACHE_URL"] == broker.removesuffix("/0") + "/1"
    for name in (
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
    ):
        assert name in environment, name


def test_it_has_a_dockerfile_with_a_healthcheck_and_collected_static_files():
    assert DOCKERFILE.exists(), f"{DOCKERFILE} is missing"
    text = DOCKERFILE.read_text(encoding="utf-8")
    instructions = [line.split(None, 1)[0] for line in text.splitlines() if line.strip()]
    assert "HEALTHCHECK" in instructions
    assert "/healthz" in text
    assert "collectstatic --noinput" in text
    assert "npm ci" in text
    assert "USER" in instructions
    assert "EXPOSE 8000" in text
    assert "gunicorn" in text


def test_it_lists_in_the_readme_only_services_that_compose_defines():
    assert README.exists(), (
        f"{README} does not exist yet; its production section must list the compose "
        "services on a line starting with 'Services:'"
    )
    lines = [
        line.strip()
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("Services:")
    ]
    assert lines, "README.md has no line starting with 'Services:'"
    named = {name for line in lines for name in re.findall(r"`([^`]+)`", line)}
    assert named, "the 'Services:' line in README.md names no services in backticks"
    missing = named - set(services())
    assert not missing, f"README.md names services that docker-compose.yml lacks: {missing}"


def test_the_apps_database_role_is_not_the_superuser():
    postgres = services()["postgres"]
    app_user = services()["web"]["environment"]["DATABASE_URL"].split("://")[1].split(":")[0]
    assert postgres["environment"]["POSTGRES_USER"] != app_user
    assert "./deploy/postgres-init:/docker-entrypoint-initdb.d:ro" in postgres["volumes"]
    script = (ROOT / "deploy" / "postgres-init" / "10-app-role.sh").read_text()
    assert f"CREATE ROLE {app_user} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE" in script
    assert f"OWNER {app_user}" in script


def test_redis_requires_a_password():
    redis = services()["redis"]
    assert "--requirepass" in " ".join(command_words(redis))
    assert redis["environment"]["REDIS_PASSWORD"].startswith("${REDIS_PASSWORD:?")
    # The health check's redis-cli authenticates from REDISCLI_AUTH.
    assert redis["environment"]["REDISCLI_AUTH"].startswith("${REDIS_PASSWORD:?")
