"""Page objects for the case work journeys (habit 9): the case record's sections and the
forms an officer or a partner service fills in on a case. A journey says what the person
does; the page object knows which label or button does it."""

import re

from playwright.sync_api import Locator, Page

NEEDS = [
    "Mental and physical health",
    "Shelter and accommodation",
    "Family, friends and children",
    "Education, skills and employment",
    "Drugs and alcohol",
    "Finance and benefits",
    "Outlook and attitudes",
    "Social interaction",
    "Criminal justice system",
]


class CaseRecordPage:
    """A case's record: its sections (overview, timeline, assessments and support) and the
    links that start each piece of work on it."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def status(self) -> Locator:
        return self.page.locator(".govuk-caption-l")

    def section(self, test_id: str) -> Locator:
        return self.page.get_by_test_id(test_id)

    def overview(self) -> None:
        self.page.get_by_role("link", name="Overview", exact=True).click()

    def timeline(self) -> None:
        self.page.get_by_role("link", name="Timeline", exact=True).click()

    def assessments_and_support(self) -> None:
        self.page.get_by_role("link", name="Assessments and support").click()

    def start(self, link: str) -> None:
        """Follow one of the record's links to a piece of work, e.g. "Close the case"."""
        self.page.get_by_role("link", name=link).click()


class ContactAttemptPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def record(self, channel: str, outcome: str) -> None:
        self.page.get_by_label(channel, exact=True).check()
        self.page.get_by_label(outcome).check()
        self.page.get_by_role("button", name="Record contact attempt").click()


class NeedsAssessmentPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def answer_every_need(self, level: str) -> None:
        for need in NEEDS:
            group = self.page.get_by_role("group", name=need, exact=True)
            group.get_by_label(level, exact=True).check()
        self.page.get_by_role("button", name="Save assessment").click()


class RiskChecklistPage:
    """The domestic abuse risk checklist: 24 numbered yes-or-no questions."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def answer_yes_to_the_first(self, yes: int, *, questions: int = 24) -> None:
        for n in range(1, questions + 1):
            group = self.page.get_by_role("group", name=f"{n}.", exact=False).first
            group.get_by_label("Yes" if n <= yes else "No", exact=True).check()
        self.page.get_by_role("button", name="Save checklist").click()


class SafeguardingForm:
    """The safeguarding questions on the assessments and support section."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.form = page.locator("form[action$='/safeguarding/']")

    def answer(self, question: str, answer: str) -> None:
        group = self.form.get_by_role("group", name=question)
        group.get_by_label(answer, exact=True).check()

    def save(self) -> None:
        self.page.get_by_role("button", name="Save safeguarding").click()


class OnwardReferralPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def choose_service(self, name: str) -> None:
        self.page.get_by_label("Service", exact=True).select_option(label=name)

    def share(self, what: str) -> Locator:
        box = self.page.get_by_role("checkbox", name=what)
        box.check()
        return box

    def send(self, *, why: str) -> None:
        self.page.get_by_label("Why are you referring the victim?").fill(why)
        self.page.get_by_label("The victim agreed to this referral").check()
        self.page.get_by_role("button", name="Send referral").click()


class StatusChangePage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def change(self, move: str, *, why: str) -> None:
        self.page.get_by_label(move).check()
        self.page.get_by_label("Why?").fill(why)
        self.page.get_by_role("button", name="Change status").click()


class ClosePage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def mark_outcomes(self, answer: str, *, areas: int = 5) -> None:
        for group in self.page.get_by_role("group").filter(has_text=answer).all()[:areas]:
            group.get_by_label(answer, exact=True).check()

    def answer_task(self, task: str, what_happened: str, note: str) -> None:
        """Say what happened to a task still open: Done, Handed over or No longer needed."""
        words = re.escape(task)
        group = self.page.get_by_role("group", name=re.compile(f"What happened to: .*{words}"))
        group.get_by_label(what_happened, exact=True).check()
        self.page.get_by_label(re.compile(f"Note on: .*{words}")).fill(note)

    def close(self, reason: str) -> None:
        self.page.get_by_label(reason).check()
        self.page.get_by_role("button", name="Close the case").click()


class StaffSearch:
    """The search box on every staff page ("Find a victim or a case") and its results."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def found(self) -> Locator:
        """The results' heading: how many people were found."""
        return self.page.get_by_test_id("search-results").get_by_role("heading", level=2)

    def search(self, words: str) -> None:
        """Search from the box in the page's header."""
        self.page.get_by_role("search", name="Find a victim or a case").get_by_label(
            "Find a victim or a case"
        ).fill(words)
        self.page.get_by_role("search").get_by_role("button", name="Search").click()

    def search_again(self, words: str) -> None:
        """Search from the results page's own form."""
        self.page.get_by_label("Name, date of birth").fill(words)
        self.page.get_by_role("button", name="Search").click()


class PartnerReferralPage:
    """A support service's view of an onward referral sent to it."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def status(self) -> Locator:
        return self.page.get_by_test_id("onward-status")

    def open(self, victim: str) -> None:
        self.open_list()
        self.open_referral(victim)

    def open_list(self) -> None:
        self.page.get_by_role("link", name="Referrals to us").click()

    def open_referral(self, victim: str) -> None:
        """Open a referral by its victim's name ("name not shared" where it was not)."""
        self.page.get_by_role("link", name=victim).click()

    def move(self, button: str) -> None:
        self.page.get_by_role("button", name=button).click()


def fill_date(group: Locator, day: int, month: int, year: int) -> None:
    """Type a date in a GOV.UK date input (its Day, Month and Year boxes)."""
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


class JusticePage:
    """A case's justice journey: its Code duties, the messages from justice updates that
    wait for an officer's decision, court support and the Right to Review."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def duties(self) -> Locator:
        return self.page.get_by_test_id("duties")

    @property
    def messages(self) -> Locator:
        return self.page.get_by_test_id("update-messages")

    @property
    def errors(self) -> Locator:
        return self.page.locator(".govuk-error-summary")

    def open_from_the_case(self) -> None:
        self.page.get_by_role("link", name="Updates from the police and courts").click()

    def record_court_support(self, support: str, answer: str) -> None:
        self.page.get_by_role("group", name=support).get_by_label(answer).check()
        self.page.get_by_role("button", name="Save court support").click()

    def record_review_request(self, day: int = 0, month: int = 0, year: int = 0) -> None:
        """The victim asked for a review on this date (none given: the date left blank)."""
        if day:
            asked = self.page.get_by_role("group", name="When did the victim ask for a review?")
            fill_date(asked, day, month, year)
        self.page.get_by_role("button", name="Record the request").click()
