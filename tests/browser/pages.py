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
