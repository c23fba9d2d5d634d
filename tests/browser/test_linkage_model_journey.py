"""A team leader reads the linkage model's weights in plain words, in Chromium with axe-core."""

import os

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.linkage.models import LinkageModel
from victimcare.linkage.scorer import term_frequencies
from victimcare.linkage.splink_model import train
from victimcare.linkage.synthetic import generate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_leader_reads_the_models_weights(page: Page, live_server) -> None:
    records, _ = generate(800, seed=5)
    model = train(records)
    LinkageModel.objects.create(
        version=1,
        model=model,
        people=len(records),
        term_frequencies=term_frequencies(records, model),
    )
    UserFactory(username="tara", role=Role.TEAM_LEADER)
    page.goto(f"{live_server.url}/staff/linkage-model/")
    sign_in_with_authenticator(page, "tara")
    expect(page.get_by_role("heading", name="Repeat-victim linkage model")).to_be_visible()
    expect(page.get_by_test_id("checks")).to_contain_text("This model meets the checks")
    expect(page.get_by_role("table", name="Date of birth")).to_contain_text(
        "Different date of birth"
    )
    assert_accessible(page)
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/linkage-model.png", full_page=True)
