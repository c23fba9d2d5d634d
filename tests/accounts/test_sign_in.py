import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.two_factor_helpers import current_code
from victimcare.accounts.capabilities import ROLE_CAPABILITIES, Role, role_has_capability

pytestmark = pytest.mark.django_db


def test_sign_in_and_out(client, vco) -> None:
    device = TOTPDevice.objects.create(user=vco, name="Phone", confirmed=True)
    response = client.post(
        reverse("accounts:sign-in"), {"username": vco.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("staff-home")
    second = client.get(reverse("staff-home"))
    assert second.status_code == 302
    assert second["Location"].startswith(reverse("accounts:two-factor"))
    client.post(second["Location"], {"code": current_code(device)})
    home = client.get(reverse("staff-home"), follow=True)  # an officer lands on My cases
    assert home.redirect_chain[-1][0] == reverse("cases:mine")
    assert "My cases" in home.content.decode()
    assert client.post(reverse("accounts:sign-out")).status_code == 302
    assert client.get(reverse("staff-home")).status_code == 302


def test_a_wrong_password_shows_the_error_summary(client, vco) -> None:
    response = client.post(
        reverse("accounts:sign-in"), {"username": vco.username, "password": "nope"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert "Enter a correct username and password" in html
    assert "<title>Error: Sign in" in html


def test_blank_fields_are_linked_from_the_error_summary(client) -> None:
    html = client.post(
        reverse("accounts:sign-in"), {"username": "", "password": ""}
    ).content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert "govuk-form-group--error" in html


def test_every_role_of_the_domain_has_capabilities() -> None:
    assert set(ROLE_CAPABILITIES) == set(Role)
    assert role_has_capability(Role.VICTIM_CARE_OFFICER, "cases.view")
    assert not role_has_capability(Role.COMMISSIONER, "cases.view")
    assert not role_has_capability(Role.ADMINISTRATOR, "cases.view")
    with pytest.raises(KeyError):
        role_has_capability(Role.VICTIM_CARE_OFFICER, "cases.teleport")


def test_an_inactive_user_holds_no_capability(vco) -> None:
    vco.is_active = False
    assert not vco.has_capability("cases.view")


def test_the_sign_out_address_asks_before_signing_out(client, vco) -> None:
    client.force_login(vco)
    page = client.get(reverse("accounts:sign-out"))
    assert page.status_code == 200 and "Sign out when you leave your desk" in page.content.decode()
    assert client.get(reverse("cases:mine")).status_code == 200  # still signed in
