"""Page objects for the staff journey (habit 9: journeys use page objects)."""

from playwright.sync_api import Locator, Page


class SignInPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def sign_in(self, username: str, password: str) -> None:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()


class QueuePage:
    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def case_links(self) -> Locator:
        return self.page.get_by_test_id("queue").get_by_role("link")

    def open_case(self, reference: str) -> None:
        self.page.get_by_role("link", name=reference).click()


class TwoFactorPage:
    """The second step of signing in: a code from the authenticator app."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def enter_code(self, code: str) -> None:
        self.page.get_by_label("Security code").fill(code)
        self.page.get_by_role("button", name="Continue").click()


class AuthenticatorSetupPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def secret(self) -> str:
        return self.page.get_by_test_id("totp-secret").inner_text().replace(" ", "")

    def confirm(self, code: str) -> None:
        self.page.get_by_label("Code from your app").fill(code)
        self.page.get_by_role("button", name="Continue").click()


class PortalPage:
    """Any public portal page: its Exit this page button (GOV.UK exit-this-page component)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def exit_this_page(self, *, lands_on: str) -> None:
        self.page.get_by_role("button", name="Exit this page").click()
        self.page.wait_for_url(lands_on)

    def exit_with_shift_three_times(self, *, lands_on: str) -> None:
        self.page.locator("main").click()  # the keys go to the page, not the address bar
        for _ in range(3):
            self.page.keyboard.press("Shift")
        self.page.wait_for_url(lands_on)


class TrackMyCasePage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def ask_for_a_code(self, reference: str, day: int, month: int, year: int) -> None:
        self.page.get_by_label("Your case reference").fill(reference)
        self.page.get_by_label("Day").fill(str(day))
        self.page.get_by_label("Month").fill(str(month))
        self.page.get_by_label("Year").fill(str(year))
        self.page.get_by_role("button", name="Send me a code").click()

    def enter_code(self, code: str) -> None:
        self.page.get_by_label("Enter the code we sent you").fill(code)
        self.page.get_by_role("button", name="Continue").click()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").first.click()
