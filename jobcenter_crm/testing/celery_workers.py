"""Real Celery workers for integration tests: subprocesses against the test session's
Redis and the test database, so a task is tested as beat and a worker run it."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings


def _database_url() -> str:
    db = settings.DATABASES["default"]
    host = quote(str(db["HOST"] or "localhost"), safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}{port}/{db['NAME']}"


class Workers:
    def __init__(self, tmp_path: Path, queue: str, task: str | None = None) -> None:
        self.tmp_path = tmp_path
        self.queue = queue
        # Count only the task under test: a starting worker also runs other apps'
        # start-up work (the reminder run, the confirmation sweep).
        self.task = task
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def start(self, name: str, pool: str = "solo") -> None:
        log = self.tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_SETTINGS_MODULE": "jobcenter_crm.settings_test",
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        }
        self.logs.append(log)
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "jobcenter_crm",
                    "worker",
                    "-P",
                    pool,
                    "-c",
                    "1",
                    "-n",
                    f"{name}@%h",
                    "-Q",
                    self.queue,
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel",
                    "INFO",
                    "-f",
                    str(log),
                ],  # fmt: skip
                cwd=settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not all(log.exists() and " ready." in log.read_text() for log in self.logs):
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.2)

    def succeeded(self) -> int:
        return sum(
            1
            for log in self.logs
            if log.exists()
            for line in log.read_text().splitlines()
            if "succeeded in" in line and (self.task is None or f"{self.task}[" in line)
        )

    def wait_for(self, count: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while self.succeeded() < count:
            for process in self.processes:
                assert process.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.3)

    def output(self) -> str:
        return "\n".join(log.read_text()[-3000:] for log in self.logs if log.exists())

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
