"""Playwright for Python driving Debian's chromium (Playwright's own browser download
does not work on these machines)."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Debian's chromium is missing: apt-get install chromium (see .ci/run)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


# Every Content-Security-Policy violation in any page of the context is reported to the
# test (the listener is injected by the browser itself, so the policy does not block it).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`
  );
});
"""


@pytest.fixture
def csp_violations() -> list[str]:
    """The Content-Security-Policy violations the `page` fixture's browser reported."""
    return []


@pytest.fixture
def page(browser: Browser, csp_violations: list[str]) -> Iterator[Page]:
    """A phone-sized page. The app's own Content-Security-Policy stays on (no bypass), and
    any violation of it fails the test: the pages must work without inline script."""
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    context.expose_function("reportCspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    serve_axe(context)
    yield context.new_page()
    context.close()
    assert csp_violations == [], f"Content-Security-Policy violations: {csp_violations}"


AXE_SCRIPT = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# A path the app does not serve: only the test's route answers it.
AXE_PATH = "/__test-only__/axe.min.js"
JAVASCRIPT = "text/javascript"
WCAG_21_AA = "async () => (await axe.run({runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}))"


def serve_axe(context: BrowserContext) -> None:
    """Answer axe's test-only path on every origin of the context, registered before any page
    loads, so no request for it can slip past to the app (which answers 404)."""
    context.route(
        f"**{AXE_PATH}", lambda route: route.fulfill(path=AXE_SCRIPT, content_type=JAVASCRIPT)
    )


def assert_accessible(page: Page) -> None:
    """Run axe-core (from npm) on the page; fail with every WCAG 2.1 A/AA violation.

    axe is loaded as a script of the page's own origin that the test answers itself, so the
    app's Content-Security-Policy (script-src 'self', no inline script) admits it unchanged."""
    page.wait_for_load_state("load")
    origin = "/".join(page.url.split("/")[:3])
    page.add_script_tag(url=f"{origin}{AXE_PATH}")
    violations = page.evaluate(WCAG_21_AA + ".violations")
    assert violations == [], json.dumps(
        [
            {"page": page.url, "id": v["id"], "nodes": [n["html"] for n in v["nodes"]][:5]}
            for v in violations
        ],
        indent=2,
        ensure_ascii=False,
    )


def assert_no_sideways_scroll(page: Page, width: int) -> None:
    """The page is no wider than `width`, measured once its stylesheets have loaded: a page
    reached by a click can be in the DOM (and pass an expect) before its CSS applies, and an
    unstyled table is wider than the phone."""
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def da(text: str) -> str:
    """The Danish interface text of an English msgid, from the compiled catalogue."""
    from django.utils import translation

    with translation.override("da"):
        return translation.gettext(text)


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    # Wait for the answer to the login POST (the start page, or the form again with its
    # error): a test that goes on at once works on the login page while it is being left.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Log ind").click()


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Browser tests run against a live server, so their data is committed and flushed
    afterwards; this puts back what the migrations loaded."""
    from django.apps import apps

    from accounts.roles import sync_role_groups
    from companies.reference import install_reference_data
    from matching.reference import install_postal_codes
    from screening.defaults import install_segments
    from servicepackages.defaults import install_tracks

    install_reference_data(apps)
    install_segments(apps)
    install_tracks(apps)
    install_postal_codes(apps)
    sync_role_groups(apps)
