"""Sign-in is throttled, sessions end when idle, passwords use Argon2, pages carry a CSP."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_sixth_wrong_password_is_throttled_and_then_even_the_right_one(client, vco) -> None:
    url = reverse("accounts:sign-in")
    for _ in range(5):
        response = client.post(url, {"username": vco.username, "password": "wrong"})
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()
    sixth = client.post(url, {"username": vco.username, "password": "wrong"})
    assert sixth.status_code == 429
    assert "Too many attempts to sign in" in sixth.content.decode()
    right = client.post(url, {"username": vco.username, "password": "correct-horse-battery"})
    assert right.status_code == 429
    assert client.get(reverse("staff-home")).status_code == 302  # not signed in


def test_a_right_password_resets_the_count(client, vco) -> None:
    url = reverse("accounts:sign-in")
    for _ in range(4):
        client.post(url, {"username": vco.username, "password": "wrong"})
    assert (
        client.post(
            url, {"username": vco.username, "password": "correct-horse-battery"}
        ).status_code
        == 302
    )
    client.post(reverse("accounts:sign-out"))
    for _ in range(4):
        client.post(url, {"username": vco.username, "password": "wrong"})
    assert (
        client.post(
            url, {"username": vco.username, "password": "correct-horse-battery"}
        ).status_code
        == 302
    )


def test_sessions_end_after_thirty_idle_minutes(client, vco) -> None:
    client.force_login(vco)
    assert client.get(reverse("cases:mine")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)
    # Each request pushes the end back; 30 minutes of nothing ends the session.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("cases:mine"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:sign-in")
    )


def test_a_request_pushes_the_idle_end_back_rewriting_the_session_at_most_once_a_minute(
    client, vco
) -> None:
    from victimcare.core.middleware import IdleSessionMiddleware

    client.force_login(vco)
    assert client.get(reverse("cases:mine")).status_code == 200
    key = client.session.session_key
    soon = timezone.now() + datetime.timedelta(minutes=10)
    Session.objects.filter(pk=key).update(expire_date=soon)
    # Within the minute: no rewrite, the end stays where it was.
    assert client.get(reverse("cases:mine")).status_code == 200
    assert Session.objects.get(pk=key).expire_date == soon
    # A minute later (as the session records it), the next request pushes it back to 30.
    session = client.session
    session[IdleSessionMiddleware.KEY] -= IdleSessionMiddleware.REFRESH_SECONDS
    session.save()
    Session.objects.filter(pk=key).update(expire_date=soon)
    assert client.get(reverse("cases:mine")).status_code == 200
    remaining = Session.objects.get(pk=key).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)


def test_production_hashes_passwords_with_argon2() -> None:
    from victimcare.config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_pages_carry_a_content_security_policy_without_inline_script(client) -> None:
    policy = client.get(reverse("portal:home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
