"""Refer yourself with the GOV.UK date input, in English and in Welsh, with axe on every page:
each question its own title, every answer checked with a change link, dates in the page's
language; then a service's own page, and the staff queue on a 375 px phone."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import CaseFactory, ServiceFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en-gb": {
        "start": "Start now",
        "continue": "Continue",
        "first": "First name",
        "last": "Last name",
        "day": "Day",
        "month": "Month",
        "year": "Year",
        "dob": "What is your date of birth?",
        "dob_error": "Date of birth must be a real date",
        "postcode": "What is your postcode?",
        "saved": "We save it with your request",
        "phone": "Phone number",
        "call": "Phone call",
        "safe": "Is it safe for us to leave you a message?",
        "no": "No",
        "unsafe_home": "I feel unsafe at home",
        "more": "Tell us more (optional)",
        "police": "Have you told the police?",
        "agree": "I agree to the hub contacting me",
        "check": "Check your answers before sending",
        "born": "27 March 1990",
        "no_messages": "No: do not leave a voicemail",
        "send": "Send",
        "sent": "Request sent",
        "due": r"will contact you by (Monday|Tuesday|Wednesday|Thursday|Friday) \d+ \w+ \d{4}",
    },
    "cy": {
        "start": "Dechrau nawr",
        "continue": "Parhau",
        "first": "Enw cyntaf",
        "last": "Cyfenw",
        "day": "Diwrnod",
        "month": "Mis",
        "year": "Blwyddyn",
        "dob": "Beth yw eich dyddiad geni?",
        "dob_error": "Dyddiad geni: rhaid iddo fod yn ddyddiad go iawn",
        "postcode": "Beth yw eich cod post?",
        "saved": "Rydym yn ei gadw gyda'ch cais",
        "phone": "Rhif ffôn",
        "call": "Galwad ffôn",
        "safe": "A yw'n ddiogel i ni adael neges i chi?",
        "no": "Nac ydy",
        "unsafe_home": None,
        "more": None,
        "police": "Ydych chi wedi dweud wrth yr heddlu?",
        "agree": "Rwy'n cytuno i'r hyb",
        "check": "Gwiriwch eich atebion cyn anfon",
        "born": "27 Mawrth 1990",
        "no_messages": "Na: peidiwch â gadael neges llais",
        "send": "Anfon",
        "sent": "Cais wedi'i anfon",
        "due": r"Dydd \w+ \d+ \w+ \d{4}",
    },
}


def next_page(page: Page, words: dict, titles: list[str]) -> None:
    assert_accessible(page)
    titles.append(page.title())
    page.get_by_role("button", name=words["continue"], exact=True).click()


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_a_victim_refers_themself_with_the_date_input(page: Page, live_server, language) -> None:
    from victimcare.cases.models import Case

    TeamFactory(name="Northgate hub", districts=["BS1"])
    words = WORDS[language]
    titles: list[str] = []
    page.goto(f"{live_server.url}/refer-yourself/")
    if language == "cy":
        page.get_by_role("button", name="Cymraeg").click()
    assert_accessible(page)
    page.get_by_role("button", name=words["start"]).click()

    page.get_by_label(words["first"]).fill("Seren")
    page.get_by_label(words["last"]).fill("Pryce")
    next_page(page, words, titles)

    # The date of birth: three boxes in one group named by the question.
    expect(page.get_by_role("heading", level=1)).to_have_text(words["dob"])
    born = page.get_by_role("group", name=words["dob"])
    born.get_by_label(words["day"]).fill("31")
    born.get_by_label(words["month"]).fill("2")
    born.get_by_label(words["year"]).fill("1990")
    page.get_by_role("button", name=words["continue"], exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(words["dob_error"])
    assert page.title().startswith("Error:" if language == "en-gb" else "Gwall:")
    assert_accessible(page)
    expect(born.get_by_label(words["day"])).to_have_value("31")  # what was typed stays
    born.get_by_label(words["day"]).fill("27")
    born.get_by_label(words["month"]).fill("3")
    next_page(page, words, titles)

    expect(page.locator("main")).to_contain_text(words["saved"])
    page.get_by_label(words["postcode"]).fill("BS1 4DJ")
    next_page(page, words, titles)

    page.get_by_label(words["phone"]).fill("07700 900246")
    page.get_by_label(words["call"], exact=True).check()
    page.get_by_role("group", name=words["safe"]).get_by_label(words["no"], exact=True).check()
    next_page(page, words, titles)

    page.locator("input[name=what_happened][value=domestic_abuse]").check()
    page.locator("textarea[name=description]").fill("He follows me home")
    next_page(page, words, titles)

    page.get_by_role("group", name=words["police"]).get_by_label(words["no"], exact=True).check()
    next_page(page, words, titles)

    page.get_by_label(words["agree"]).check()
    next_page(page, words, titles)
    assert len(set(titles)) == len(titles) == 7, titles  # a title of its own per question

    expect(page.get_by_role("heading", level=1)).to_have_text(words["check"])
    answers = page.locator(".govuk-summary-list")
    expect(answers).to_contain_text(words["born"])
    expect(answers).to_contain_text("He follows me home")
    expect(answers).to_contain_text(words["no_messages"])
    rows = answers.locator(".govuk-summary-list__row")
    assert rows.count() >= 11
    for row in rows.all():  # every answer can be changed
        expect(row.locator(".govuk-summary-list__actions a")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("button", name=words["send"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["sent"])
    assert re.search(words["due"], page.locator("main").inner_text()), page.locator(
        "main"
    ).inner_text()
    assert_accessible(page)
    reference = page.get_by_test_id("reference").inner_text()
    case = Case.objects.select_related("person").get(reference=reference)
    assert case.person.date_of_birth.isoformat() == "1990-03-27"
    assert case.person.safe_to_contact is True
    assert case.victim.contact_notes.startswith("Do not leave a voicemail")


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_a_service_has_a_page_of_its_own(page: Page, live_server, language) -> None:
    service = ServiceFactory(
        name="Harbour Lane support",
        address="12 Harbour Lane\nNorthgate",
        website="https://www.example.org/harbour",
        opening_hours="Monday to Friday, 9am to 5pm",
        who_it_is_for="Anyone in Wessex Vale",
        languages=["English", "Welsh"],
    )
    page.goto(f"{live_server.url}/")
    if language == "cy":
        page.get_by_role("button", name="Cymraeg").click()
    page.get_by_role("link", name="Harbour Lane support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(service.name)
    expect(page.get_by_test_id("address")).to_contain_text("12 Harbour Lane")
    expect(page.get_by_test_id("languages")).to_have_text("English, Welsh")
    expect(page.get_by_test_id("who-it-is-for")).to_have_text("Anyone in Wessex Vale")
    assert_accessible(page)


def test_the_staff_queue_fits_a_375_px_phone(browser: Browser, live_server) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(
        username="priya", role=Role.VICTIM_CARE_OFFICER, team=hub, organisation=hub.organisation
    )
    for _ in range(3):
        CaseFactory(team=hub, officer=officer)
    context = browser.new_context(
        locale="en-GB", bypass_csp=True, viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(page, "priya")
    page.goto(f"{live_server.url}/staff/queue/")
    expect(page.get_by_test_id("queue")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px screen"
    # Each value says what it is (the column's name, shown before it), and stays a table cell.
    labels = page.evaluate(
        "[...document.querySelectorAll('[data-testid=queue] tbody tr:first-child td')]"
        ".map(td => getComputedStyle(td, '::before').content)"
    )
    assert labels[:2] == ['"Contact by"', '"Case"'], labels
    expect(page.get_by_test_id("queue").get_by_role("cell").first).to_be_visible()
    assert_accessible(page)
    context.close()
