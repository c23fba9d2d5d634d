"""Page objects for the team leader's caseload and moving cases (habit 9)."""

from playwright.sync_api import Locator, Page


class CaseloadPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def officer_row(self, username: str) -> Locator:
        return self.page.locator(f'[data-officer="{username}"]')

    def choose_officer(self, name: str) -> None:
        self.page.get_by_role("link", name=f"{name} (see and move their cases)").click()

    def tick(self, reference: str) -> None:
        self.page.get_by_label(f"Move case {reference}").check()

    def move_to(self, officer: str, handover: str) -> None:
        self.page.get_by_label("Move them to").select_option(label=officer)
        self.page.get_by_label("Handover note").fill(handover)
        self.page.get_by_role("button", name="Move the cases ticked").click()


class Menu:
    def __init__(self, page: Page) -> None:
        self.page = page

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
