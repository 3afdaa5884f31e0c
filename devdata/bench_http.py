"""The HTTP half of `make bench`: gunicorn with the production settings on 127.0.0.1 and a
client that logs in through the login form and keeps its cookies, as a browser does.

The benchmark only ever talks to 127.0.0.1. gunicorn stands where it stands in
production, behind the TLS proxy, and is told so as production is (PROXY_IN_FRONT, one
trusted proxy): the client sends what that proxy adds (X-Forwarded-Proto: https and
X-Forwarded-For) and the Origin a browser on https would send, so the __Host- session and
CSRF cookies marked Secure, HSTS and the HTTPS redirect all stay as configured.
"""

import contextlib
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from jobcenter_crm import embedded

HOST = "127.0.0.1"
WORKERS = 2
# What production behind one TLS-terminating proxy is configured with (README, Settings).
BEHIND_THE_PROXY = {"PROXY_IN_FRONT": "1", "TRUSTED_PROXY_COUNT": "1"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Just enough of a browser: cookies by name, one request at a time, no redirects."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.origin = f"https://{HOST}:{port}"

    def request(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, str] | None = None,
        data: Any = None,
        extra_headers: dict[str, str] | None = None,
    ) -> tuple[int, str, dict[str, str]]:
        url = path + ("?" + urlencode(query) if query else "")
        headers = {
            "Host": f"{HOST}:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": HOST,
            "Accept-Language": "da",
            "Connection": "close",
            **(extra_headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(data or {})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, url, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, text, dict(response.headers)
        finally:
            connection.close()

    def csrf_token(self, path: str) -> str:
        status, text, _ = self.request("GET", path)
        match = CSRF_INPUT.search(text)
        if match is None:
            raise RuntimeError(f"No CSRF token on {path} (status {status}).")
        return match.group(1)

    def log_in(self, username: str, password: str) -> None:
        from django.urls import reverse

        login = reverse("accounts:login")
        token = self.csrf_token(login)
        status, text, headers = self.request(
            "POST",
            login,
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        if status != 302:
            raise RuntimeError(f"The benchmark's login failed with status {status}.")


@contextlib.contextmanager
def gunicorn() -> Iterator[int]:
    """gunicorn with the production settings (plus the floor URLs) on a free local port."""
    port = embedded.free_port()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="devdata.bench_settings",
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        JOBCENTER_CRM_EMBEDDED="0",
        **BEHIND_THE_PROXY,
    )
    # The production server serves collected, hashed static files (whitenoise's manifest).
    subprocess.run(
        [sys.executable, str(embedded.BASE_DIR / "manage.py"), "collectstatic", "--noinput"],
        env=env,
        check=True,
        cwd=embedded.BASE_DIR,
        stdout=subprocess.DEVNULL,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "jobcenter_crm.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],  # fmt: skip
        env=env,
        cwd=embedded.BASE_DIR,
        start_new_session=True,
    )
    try:
        _wait_until_up(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting; see its output above.")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": f"{HOST}:{port}"})
            if connection.getresponse().status in (200, 503):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute.")


def _bench_password(user: Any) -> str:
    """A fresh random password for the run: the benchmark logs in as a real user would,
    and no known password is ever stored."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    password = secrets.token_urlsafe(24)
    # Hashed for the production settings the server runs with (this process may run with
    # the test settings' faster hasher, which production does not accept).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt())
    user.save(update_fields=["password"])
    return password


def measure(context: Any, pages: list[Any], *, requests: int) -> list[dict[str, Any]]:
    from .bench import percentile, timed, with_ratios

    password = _bench_password(context.consultant)
    rows = []
    with gunicorn() as port:
        browser = Browser(port)
        browser.log_in(context.consultant.username, password)
        for page in pages:
            # Any logged-in page holds the session's CSRF token (base.html's logout form).
            token = browser.csrf_token("/bench/floor/") if page.post else ""

            def request(page: Any = page, token: str = token) -> int:
                if page.post:
                    data = {**page.post(), "csrfmiddlewaretoken": token}
                    return browser.request("POST", page.path, data=data)[0]
                return browser.request(
                    "GET", page.path, query=page.query_now(), extra_headers=page.headers
                )[0]

            # Warm both workers: templates, caches, connections, first query plans.
            statuses = {request() for _ in range(WORKERS * 2)}
            timings = timed(request, requests)
            rows.append(
                {
                    "label": page.label,
                    "method": page.method,
                    "floor": page.floor,
                    "status": "/".join(str(status) for status in sorted(statuses)),
                    "p50": statistics.median(timings),
                    "p95": percentile(timings, 0.95),
                }
            )
            print(f"  measured {page.label} over HTTP", flush=True)
    return with_ratios(rows)
