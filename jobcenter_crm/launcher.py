"""`make run`: the whole CRM on this machine with one command.

With DATABASE_URL and CELERY_BROKER_URL unset it starts the embedded PostgreSQL and Redis
(data in var/), migrates, loads demo data and demo users the first time (`seed_demo` of
the devdata app), then runs the web server, a Celery worker and Celery beat together.
Ctrl-C stops all of them and the servers. With both URLs set it uses those servers and
creates no demo users.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from jobcenter_crm import embedded

PYTHON = sys.executable
MANAGE = str(embedded.BASE_DIR / "manage.py")


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, cwd=embedded.BASE_DIR)


def _output(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run(
        args, env=env, check=True, cwd=embedded.BASE_DIR, stdout=subprocess.PIPE, text=True
    ).stdout.strip()


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    # Own process groups, so that Ctrl-C reaches only the launcher, which then stops
    # the children in order (web and Celery first, the servers they use last).
    return subprocess.Popen(args, env=env, cwd=embedded.BASE_DIR, start_new_session=True)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    started = time.monotonic()
    port = os.environ.get("PORT", "8000")
    host = os.environ.get("HOST", "127.0.0.1")
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter_crm.settings")
    var_dir: Path = embedded.VAR_DIR
    postgres = redis_server = None
    embedded_default = not env.get("DATABASE_URL")
    if embedded_default:
        print("Starting the embedded PostgreSQL (var/pgdata) ...", flush=True)
        postgres = embedded.start_postgres(var_dir / "pgdata")
        postgres.ensure_database("jobcenter_crm")
        env["DATABASE_URL"] = postgres.url("jobcenter_crm")
        env["DEBUG"] = env.get("DEBUG", "1")
        env["JOBCENTER_CRM_EMBEDDED"] = "1"
        env.setdefault("SECRET_KEY", embedded.secret_key(var_dir))
        env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    if not env.get("CELERY_BROKER_URL"):
        print("Starting the embedded Redis (var/redis) ...", flush=True)
        redis_server = embedded.start_redis(var_dir / "redis")
        env["CELERY_BROKER_URL"] = redis_server.url
        # The kept list counts in a database of their own, as in docker-compose.yml.
        env.setdefault("CACHE_URL", redis_server.url.removesuffix("/0") + "/1")

    processes: list[subprocess.Popen[bytes]] = []
    stopping = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        _run([PYTHON, MANAGE, "migrate", "--noinput", "-v", "0"], env)
        demo_logins = ""
        if embedded_default:
            # seed_demo lists the demo logins; shown once everything runs, where it is seen.
            demo_logins = _output([PYTHON, MANAGE, "seed_demo"], env)
        processes = [
            _spawn([PYTHON, MANAGE, "runserver", "--noreload", f"{host}:{port}"], env),
            _spawn(
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "jobcenter_crm",
                    "worker",
                    "-l",
                    "warning",
                    "--concurrency",
                    "2",
                    "-n",
                    f"worker-{os.getpid()}@%h",
                ],
                env,
            ),
            _spawn(
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "jobcenter_crm",
                    "beat",
                    "-l",
                    "warning",
                    "--schedule",
                    str(var_dir / "celerybeat-schedule"),
                ],
                env,
            ),
        ]
        print(
            f"\njobcenter-crm runs at http://{host}:{port}/ "
            f"(ready after {time.monotonic() - started:.0f} s)",
            flush=True,
        )
        if demo_logins:
            print(demo_logins, flush=True)
        print("Stop everything with Ctrl-C.\n", flush=True)
        while not stopping:
            if any(process.poll() is not None for process in processes):
                print("A process stopped unexpectedly; stopping the rest.", flush=True)
                break
            time.sleep(0.5)
    except subprocess.CalledProcessError as error:
        print(f"Start-up failed: {error}", file=sys.stderr)
        return 1
    finally:
        print("Stopping ...", flush=True)
        _stop(processes)
        if redis_server is not None:
            redis_server.stop()
        if postgres is not None:
            postgres.stop()
        print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
