"""The portal's content and patterns (issue 18, item 9): what each page says is true, every
answer is checked, each question has its own title, dates read in the visitor's language,
services have pages of their own, and "Have your say" can be found."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ServiceFactory
from tests.portal.test_self_referral import ANSWERS
from tests.portal.test_welsh import to_welsh
from victimcare.portal import self_referral
from victimcare.portal.views import REFER_STEPS

pytestmark = pytest.mark.django_db


def answer_all(client, answers=ANSWERS) -> None:  # type: ignore[no-untyped-def]
    for step, data in answers:
        response = client.post(reverse(f"portal:refer-{step}"), data)
        assert response.status_code == 302, (step, response.content.decode()[:1500])


def title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match
    return " ".join(match.group(1).split())


def test_find_support_does_not_claim_the_postcode_is_never_kept(client) -> None:
    page = client.get(reverse("portal:find-postcode")).content.decode()
    assert "It is not saved" not in page
    assert "kept with your other answers until you leave this service" in page


def test_refer_yourself_says_the_postcode_is_saved_with_the_request(client) -> None:
    answer_all(client, ANSWERS[:2])
    page = client.get(reverse("portal:refer-postcode")).content.decode()
    assert "It is not saved" not in page
    assert "We save it with your request" in page


def test_no_messages_is_recorded_as_exactly_that_not_unsafe_to_contact() -> None:
    answers = {k: v for _, data in ANSWERS for k, v in data.items()}
    answers.update(what_happened="violence", reported="no", date_of_birth="1990-03-27")
    row = self_referral.feed_values(answers)
    assert row["safe_to_contact"] == "true"
    assert (
        row["contact_notes"] == "Do not leave a voicemail or a message that someone else might see"
    )
    row = self_referral.feed_values({**answers, "safe_message": "yes"})
    assert (row["safe_to_contact"], row["contact_notes"]) == ("true", "")


def test_check_your_answers_lists_every_answer_with_a_change_link(client) -> None:
    answers = [*ANSWERS]
    answers[4] = ("what-happened", {"what_happened": "violence", "description": "Outside the shop"})
    answer_all(client, answers)
    page = client.get(reverse("portal:refer-check")).content.decode()
    rows = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">'
        r'(.*?)</dd>\s*<dd class="govuk-summary-list__actions"><a class="govuk-link" '
        r'href="([^"]+)">Change',
        page,
        re.S,
    )
    shown = {key: value for key, value, _ in rows}
    assert shown["Tell us more"] == "Outside the shop"
    assert shown["Safe to leave a message"].startswith("No: do not leave a voicemail")
    assert shown["Date of birth"] == "27 March 1990"
    assert "Can we help you?" in shown
    # Every question page is reachable from a change link, and each link comes back here.
    linked = {href.split("?")[0] for _, _, href in rows}
    assert linked == {reverse(f"portal:refer-{step}") for step, _ in REFER_STEPS}
    assert all(href.endswith("?check=1") for _, _, href in rows)


def test_each_question_page_has_its_own_title(client) -> None:
    titles = []
    for step, data in ANSWERS:
        titles.append(title(client.get(reverse(f"portal:refer-{step}")).content.decode()))
        client.post(reverse(f"portal:refer-{step}"), data)
    assert len(set(titles)) == len(ANSWERS), titles
    assert titles[3].startswith("How can we contact you safely?")
    # An error keeps the question in the title, with "Error:" first.
    bad = client.post(reverse("portal:refer-police"), {}).content.decode()
    assert title(bad).startswith("Error: Have you told the police?")


def test_dates_are_in_welsh_on_welsh_pages(client) -> None:
    to_welsh(client, "/")
    answer_all(client)
    page = client.get(reverse("portal:refer-check")).content.decode()
    assert "27 Mawrth 1990" in page and "March" not in page
    with translation.override("cy"):
        assert (
            self_referral.due_words(datetime.date(2026, 11, 27)) == "Dydd Gwener 27 Tachwedd 2026"
        )
    with translation.override("en-gb"):
        assert self_referral.due_words(datetime.date(2026, 11, 27)) == "Friday 27 November 2026"


def test_the_confirmation_gives_the_contact_date_in_the_language_shown(client, northgate) -> None:
    answer_all(client)
    done = client.get(client.post(reverse("portal:refer-check"))["Location"]).content.decode()
    english = re.search(r"will contact you by (\w+ \d+ \w+ \d{4})", done)
    assert english, done
    to_welsh(client, reverse("portal:refer-done"))
    welsh = client.get(reverse("portal:refer-done")).content.decode()
    assert english.group(1) not in welsh
    assert re.search(r"Dydd \w+ \d+ \w+ \d{4}", welsh)


def test_a_service_has_its_own_page_with_address_website_hours_eligibility_languages(
    client,
) -> None:
    service = ServiceFactory(
        name="Harbour Lane support",
        postcode_districts=["BS1"],
        address="12 Harbour Lane\nNorthgate",
        website="https://www.example.org/harbour",
        opening_hours="Monday to Friday, 9am to 5pm",
        who_it_is_for="Anyone aged 16 or over",
        languages=["English", "Polish"],
        phone="0117 496 0000",
    )
    page = client.get(reverse("portal:service", args=[service.pk])).content.decode()
    assert "<h1" in page and "Harbour Lane support" in title(page)
    for text in (
        "12 Harbour Lane<br>Northgate",
        "https://www.example.org/harbour",
        "Monday to Friday, 9am to 5pm",
        "Anyone aged 16 or over",
        "English, Polish",
        'href="tel:01174960000"',
    ):
        assert text in page, text
    assert client.get(reverse("portal:service", args=[service.pk + 999])).status_code == 404
    # Reached from the home page and from find-support's results.
    assert reverse("portal:service", args=[service.pk]) in client.get("/").content.decode()
    for step, data in [
        ("postcode", {"postcode": "BS1 4DJ"}),
        ("what-happened", {"what_happened": ["violence"]}),
        ("what-would-help", {}),
    ]:
        client.post(reverse(f"portal:find-{step}"), data)
    results = client.get(reverse("portal:find-results")).content.decode()
    assert f"{reverse('portal:service', args=[service.pk])}?from=results" in results


def test_a_service_page_escapes_what_the_directory_holds(client) -> None:
    service = ServiceFactory(
        name="<script>alert(1)</script>",
        who_it_is_for="<b>bold</b>",
        address="<img src=x onerror=alert(1)>",
        website="javascript:alert(1)",
    )
    page = client.get(reverse("portal:service", args=[service.pk])).content.decode()
    assert "<script>alert(1)" not in page and "<b>bold</b>" not in page
    assert "<img src=x" not in page
    assert "javascript:" not in page  # never a link a victim could press


def test_find_support_reasons_read_as_words_not_the_victims_own_answer(client) -> None:
    ServiceFactory(name="IDVA", postcode_districts=["BS1"], crime_types=["domestic_abuse"])
    for step, data in [
        ("postcode", {"postcode": "BS1 4DJ"}),
        ("what-happened", {"what_happened": ["domestic_abuse"]}),
        ("what-would-help", {}),
    ]:
        client.post(reverse(f"portal:find-{step}"), data)
    results = client.get(reverse("portal:find-results")).content.decode()
    assert "Specialist support for domestic abuse" in results
    assert "i feel unsafe" not in results


def test_have_your_say_is_linked_from_the_portal(client) -> None:
    home = client.get("/").content.decode()
    assert home.count(f'href="{reverse("consultations")}"') == 2  # in the page and the footer
    refer = client.get(reverse("portal:refer")).content.decode()
    assert f'href="{reverse("consultations")}">Have your say<' in refer
