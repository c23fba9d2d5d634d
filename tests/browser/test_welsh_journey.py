"""The public journey in Welsh, with axe-core on every page it passes through."""

import logging
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import ServiceFactory, TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def parhau(page: Page) -> None:
    assert_accessible(page)
    page.get_by_role("button", name="Parhau").click()


def test_refer_follow_rate_and_complain_in_welsh(page: Page, live_server, caplog) -> None:
    from victimcare.cases.models import Case
    from victimcare.feedback.models import SurveyInvitation
    from victimcare.notifications.delivery import outbox_deliver
    from victimcare.notifications.models import OutboxMessage

    TeamFactory(name="Northgate hub", districts=["BS1"])
    ServiceFactory(name="Harbour Lane support", postcode_districts=["BS1"])
    page.goto(f"{live_server.url}/refer-yourself/")
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cyfeirio eich hun am gymorth")
    assert_accessible(page)
    page.get_by_role("button", name="Dechrau nawr").click()

    page.get_by_label("Enw cyntaf").fill("Gwenllian")
    page.get_by_label("Cyfenw").fill("Jones")
    parhau(page)
    page.get_by_label("Diwrnod").fill("2")
    page.get_by_label("Mis").fill("5")
    page.get_by_label("Blwyddyn").fill("1985")
    parhau(page)
    page.get_by_label("Beth yw eich cod post?").fill("BS1 4DJ")
    parhau(page)
    page.get_by_role("button", name="Parhau").click()  # nothing chosen: the errors in Welsh
    expect(page.locator(".govuk-error-summary")).to_contain_text("Dewiswch sut dylen ni")
    page.get_by_label("Cyfeiriad e-bost").fill("gwen@example.org")
    page.get_by_label("E-bost", exact=True).check()
    page.get_by_role("group", name="A yw'n ddiogel i ni adael neges i chi?").get_by_label(
        "Ydy", exact=True
    ).check()
    parhau(page)
    page.get_by_label("Rhywbeth arall").check()
    parhau(page)
    page.get_by_role("group", name="Ydych chi wedi dweud wrth yr heddlu?").get_by_label(
        "Nac ydy", exact=True
    ).check()
    parhau(page)
    page.get_by_label("Rwy'n cytuno i'r hyb").check()
    parhau(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwiriwch eich atebion cyn anfon")
    assert_accessible(page)
    page.get_by_role("button", name="Anfon", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cais wedi'i anfon")
    assert_accessible(page)
    reference = page.get_by_test_id("reference").inner_text()
    assert Case.objects.get(reference=reference).person.first_language == "Welsh"

    page.goto(f"{live_server.url}/track/")
    page.get_by_label("Cyfeirnod eich achos").fill(reference)
    page.get_by_label("Diwrnod").fill("2")
    page.get_by_label("Mis").fill("5")
    page.get_by_label("Blwyddyn").fill("1985")
    page.get_by_role("button", name="Anfon cod ataf").click()
    with caplog.at_level(logging.INFO, logger="victimcare.notifications.messages"):
        outbox_deliver(message_id=OutboxMessage.objects.get(kind="tracking_code").pk)
    code = re.findall(r": (\d{6}) \(console\)", caplog.text)[-1]
    page.get_by_label("Rhowch y cod a anfonwyd atoch").fill(code)
    parhau(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Eich achos")
    assert_accessible(page)

    invitation = SurveyInvitation.objects.create(case=Case.objects.get(reference=reference))
    page.goto(f"{live_server.url}/feedback/{invitation.token}/")
    for group in page.get_by_role("group").all():
        group.get_by_label("Bodlon", exact=True).check()
    page.get_by_role("button", name="Anfon eich atebion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diolch")
    assert_accessible(page)
    page.goto(f"{live_server.url}/feedback/{invitation.token}/")  # used: the closed page
    expect(page.get_by_role("heading", level=1)).to_have_text("Nid yw'r ddolen hon yn gweithio")
    assert_accessible(page)

    page.goto(f"{live_server.url}/complain/")
    page.get_by_label("Eich enw").fill("Gwenllian Jones")
    page.get_by_label("Am beth mae eich cwyn?").fill("Ni ffoniodd neb fi yn ôl")
    page.get_by_role("button", name="Anfon cwyn").click()  # no way to reply, and not said
    expect(page.locator(".govuk-error-summary")).to_contain_text("Rhowch gyfeiriad e-bost")
    page.get_by_label("Nid wyf eisiau ateb").check()
    page.get_by_role("button", name="Anfon cwyn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cwyn wedi'i hanfon")
    expect(page.get_by_test_id("reply")).to_contain_text("ni allwn anfon ateb atoch")
    assert_accessible(page)

    page.goto(f"{live_server.url}/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Heb ddod o hyd i'r dudalen")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_the_remaining_portal_pages_in_both_languages(page: Page, live_server, language) -> None:
    """The pages no journey above checks in this language: the third Find support question,
    a used survey link, and the page shown when an address sends too many forms."""
    from tests.factories import CaseFactory
    from victimcare.feedback.models import SurveyInvitation

    page.goto(f"{live_server.url}/")
    if language == "cy":
        page.get_by_role("button", name="Cymraeg").click()
    page.goto(f"{live_server.url}/find-support/")
    page.locator("#id_postcode").fill("BS1 4DJ")
    page.locator("button.govuk-button").last.click()
    page.locator("input[name=what_happened]").first.check()
    page.locator("button.govuk-button").last.click()
    expect(page.locator("input[name=needs]").first).to_be_visible()
    assert_accessible(page)

    from django.utils import timezone

    invitation = SurveyInvitation.objects.create(case=CaseFactory(), used_at=timezone.now())
    page.goto(f"{live_server.url}/feedback/{invitation.token}/")
    expect(page.locator("html")).to_have_attribute("lang", "cy" if language == "cy" else "en-GB")
    assert_accessible(page)

    # Too many forms from one address: the limit page, never a bare error.
    page.goto(f"{live_server.url}/complain/")
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value") or ""
    for _ in range(10):  # complaints allow 10 sends in 5 minutes from one address
        page.request.post(
            f"{live_server.url}/complain/",
            form={"csrfmiddlewaretoken": token, "name": ""},
            headers={"Referer": f"{live_server.url}/complain/"},
        )
    page.locator("button.govuk-button").last.click()  # the 11th, from the page itself
    heading = (
        "Mae'n ddrwg gennym, bu gormod o ymdrechion o'ch cysylltiad"
        if language == "cy"
        else ("Sorry, there have been too many tries from your connection")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
