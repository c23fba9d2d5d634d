"""Two-factor sign-in: an authenticator app (TOTP) and single-use backup codes (django-otp).

Writes (setting up a device, replacing backup codes) are audited in the same transaction.
A member of staff is "verified" for a session once a confirmed device accepts a code;
`TwoFactorRequiredMiddleware` keeps every staff page closed until then.
"""

import base64

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10


def two_factor_required(user: User) -> bool:
    """Everyone signs in with two factors, except demo users under `make run` (DEBUG only)."""
    return not (settings.DEBUG and settings.VCH_DEMO_SKIP_TWO_FACTOR)


def session_verified(user: object) -> bool:
    """True once this session passed the second factor (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def has_authenticator(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def authenticator_pending(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up, made on first call and kept until used."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def authenticator_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no external request, no script)."""
    return str(
        segno.make(device.config_url, error="m").svg_inline(
            scale=4, title="QR code for your authenticator app", dark="#0b0c0c"
        )
    )


def authenticator_confirm(request: HttpRequest, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the pending authenticator with a code from it; returns new backup codes.

    Raises ValueError if the code is wrong. The session is verified on success.
    """
    user = request.user
    assert isinstance(user, User) and device.user_id == user.pk
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ValueError("Too many wrong codes. Wait a minute, then enter the code your app shows.")
    if not device.verify_token(token.replace(" ", "")):
        raise ValueError("The code is not right. Enter the 6-digit code your app shows now.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _backup_codes_replace(user)
        audit_event_record(action=AuditAction.TWO_FACTOR_SET_UP, obj=user, actor=user)
    otp_login(request, device)
    return codes


def backup_codes_replace(user: User) -> list[str]:
    """New backup codes; every earlier code stops working."""
    with transaction.atomic():
        codes = _backup_codes_replace(user)
        audit_event_record(
            action=AuditAction.TWO_FACTOR_BACKUP_CODES_REPLACED, obj=user, actor=user
        )
    return codes


def _backup_codes_replace(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_verify(request: HttpRequest, token: str) -> bool:
    """Check a code from the authenticator or a backup code; verify the session if right."""
    user = request.user
    assert isinstance(user, User)
    device = match_token(user, token.replace(" ", "").lower())
    if device is None:
        return False
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        with transaction.atomic():
            audit_event_record(action=AuditAction.TWO_FACTOR_BACKUP_CODE_USED, obj=user, actor=user)
    return True
