"""Public forms are rate limited per address, with a GOV.UK page rather than a bare error."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_too_many_sign_in_posts_from_one_address_get_the_limit_page(client) -> None:
    url = reverse("accounts:sign-in")
    for n in range(30):
        response = client.post(
            url, {"username": f"nobody{n}", "password": "x"}, REMOTE_ADDR="192.0.2.7"
        )
        assert response.status_code == 200
    limited = client.post(url, {"username": "nobody", "password": "x"}, REMOTE_ADDR="192.0.2.7")
    assert limited.status_code == 429
    html = limited.content.decode()
    assert "too many tries from your connection" in html and "<title>Too many tries" in html
    other = client.post(url, {"username": "nobody", "password": "x"}, REMOTE_ADDR="192.0.2.8")
    assert other.status_code == 200
    assert client.get(url, REMOTE_ADDR="192.0.2.7").status_code == 200  # reading is not limited


def test_the_cache_backend_is_what_the_leg_claims() -> None:
    """The PostgreSQL leg runs with Redis, as production does; SQLite with process memory."""
    backend = settings.CACHES["default"]["BACKEND"]
    expected = "redis" if settings.REDIS_URL else "locmem"
    assert expected in backend
