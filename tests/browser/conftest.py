"""Playwright (Python) driving Debian's Chromium against pytest-django's live server.

The browser is never downloaded: it is /usr/bin/chromium, installed from Debian by
scripts/ensure-services.sh. A missing browser fails these tests; it never skips them.
"""

import importlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.accounts.two_factor_helpers import current_code
from tests.browser.pages import SignInPage, TwoFactorPage
from victimcare.accounts.models import User
from victimcare.assessments.models import Questionnaire

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(autouse=True)
def _questionnaires_seeded(transactional_db: None) -> None:
    """Every journey here is transactional: an earlier one's flush empties the questionnaires
    a migration seeds, so they are put back before each (the needs assessment needs them)."""
    if not Questionnaire.objects.exists():
        seed = importlib.import_module("victimcare.assessments.migrations.0002_questionnaires_v1")
        seed.forwards(apps, None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp lets the test inject axe-core; the CSP itself is tested in tests/core.
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page and return the WCAG 2.2 A/AA violations it finds."""
    assert AXE.exists(), "axe-core is missing: npm ci"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)


def sign_in_with_authenticator(page: Page, username: str) -> None:
    """Sign in as a user whose authenticator app is already set up."""
    user = User.objects.get(username=username)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    SignInPage(page).sign_in(username, "correct-horse-battery")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)
    TwoFactorPage(page).enter_code(current_code(device))
