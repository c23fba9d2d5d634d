"""Two-factor sign-in: no staff page opens until a second factor is passed."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.two_factor_helpers import current_code
from tests.core.routes import all_routes, example_url
from tests.factories import UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
OPEN_TO_HALF_SIGNED_IN = {"sign-in", "sign-out", "two-factor", "two-factor-setup"}


def sign_in_with_password(client, user) -> None:
    response = client.post(
        reverse("accounts:sign-in"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_first_sign_in_sets_up_an_authenticator_and_gives_backup_codes(
    unverified_client, vco
) -> None:
    client = unverified_client
    sign_in_with_password(client, vco)
    queue = client.get(reverse("cases:queue"))
    assert queue.status_code == 302
    assert queue["Location"].startswith(reverse("accounts:two-factor-setup"))
    setup = client.get(queue["Location"])
    html = setup.content.decode()
    assert "Set up your authenticator app" in html and "<svg" in html
    device = TOTPDevice.objects.get(user=vco, confirmed=False)

    wrong = client.post(queue["Location"], {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    assert client.get(reverse("cases:queue")).status_code == 302
    # A wrong code slows the next try (django-otp throttling); the officer waits a moment.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    done = client.post(queue["Location"], {"code": current_code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert done.context["next"] == reverse("cases:queue")
    assert client.get(reverse("cases:queue")).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.set_up", object_id=str(vco.pk)).exists()


def test_later_sign_ins_ask_for_a_code_and_a_backup_code_works_once(unverified_client) -> None:
    user = UserFactory(role=Role.AUDITOR)
    client = unverified_client
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    from victimcare.accounts.two_factor import backup_codes_replace

    codes = backup_codes_replace(user)
    sign_in_with_password(client, user)
    home = client.get(reverse("staff-home"))
    assert home["Location"].startswith(reverse("accounts:two-factor"))
    assert client.post(home["Location"], {"code": codes[0]}).status_code == 302
    assert client.get(reverse("staff-home"))["Location"] == reverse("dataprotection:access-log")
    assert StaticToken.objects.filter(device__user=user).count() == 9

    client.post(reverse("accounts:sign-out"))
    sign_in_with_password(client, user)
    again = client.post(reverse("accounts:two-factor"), {"code": codes[0]})
    assert "The code is not right, or was used already" in again.content.decode()
    assert client.get(reverse("staff-home")).status_code == 302


def test_a_password_alone_cannot_enrol_a_new_authenticator(unverified_client, vco) -> None:
    """Someone who stole a password must not be able to set up their own phone."""
    TOTPDevice.objects.create(user=vco, name="Phone", confirmed=True)
    sign_in_with_password(unverified_client, vco)
    setup = unverified_client.get(reverse("accounts:two-factor-setup"))
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("accounts:two-factor"))
    assert not TOTPDevice.objects.filter(user=vco, confirmed=False).exists()


@pytest.mark.parametrize("role", list(Role))
def test_a_user_without_a_verified_device_reaches_no_staff_page(
    unverified_client, northgate, role
) -> None:
    user = UserFactory(
        role=role, team=northgate, organisation=northgate.organisation, is_staff=True
    )
    unverified_client.force_login(user)
    checked = 0
    for route, _namespace, pattern in all_routes():
        if not route.startswith(("staff/", "admin/")) or pattern.name in OPEN_TO_HALF_SIGNED_IN:
            continue
        response = unverified_client.get(example_url(route))
        assert response.status_code == 302, route
        assert response["Location"].startswith(reverse("accounts:two-factor-setup")), route
        checked += 1
    assert checked > 20


def test_demo_users_skip_the_second_factor_only_with_debug_on(unverified_client, vco) -> None:
    unverified_client.force_login(vco)
    with override_settings(DEBUG=False, VCH_DEMO_SKIP_TWO_FACTOR=True):
        assert unverified_client.get(reverse("cases:mine")).status_code == 302
    with override_settings(DEBUG=True, VCH_DEMO_SKIP_TWO_FACTOR=True):
        assert unverified_client.get(reverse("cases:mine")).status_code == 200
    with override_settings(DEBUG=True, VCH_DEMO_SKIP_TWO_FACTOR=False):
        assert unverified_client.get(reverse("cases:mine")).status_code == 302
