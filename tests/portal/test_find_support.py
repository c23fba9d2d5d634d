"""Find support on the public portal: one question per page, ranked services at the end."""

import pytest
from django.urls import reverse

from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    return {
        "general": ServiceFactory(
            name="Harbour Lane support", postcode_districts=["BS1"], need_categories=["outlook"]
        ),
        "idva": ServiceFactory(
            name="Safe Steps IDVA service",
            postcode_districts=["BS1"],
            crime_types=["domestic_abuse"],
            need_categories=["accommodation"],
        ),
        "isva": ServiceFactory(
            name="Safe Steps ISVA service",
            postcode_districts=["BS1"],
            crime_types=["sexual_offence"],
        ),
        "helpline": ServiceFactory(name="National helpline", is_national=True, provider=None),
    }


def test_unsafe_at_home_in_bs1_finds_the_domestic_abuse_service_first(client, directory):
    assert client.get(reverse("portal:find-results"))["Location"] == reverse("portal:find-postcode")
    bad = client.post(reverse("portal:find-postcode"), {"postcode": "nowhere"})
    assert "Enter a real postcode, like BS1 4DJ" in bad.content.decode()
    client.post(reverse("portal:find-postcode"), {"postcode": "BS1 4DJ"})
    empty = client.post(reverse("portal:find-what-happened"), {})
    assert "Select what happened" in empty.content.decode()
    client.post(reverse("portal:find-what-happened"), {"what_happened": ["domestic_abuse"]})
    done = client.post(reverse("portal:find-what-would-help"), {"needs": ["accommodation"]})
    assert done["Location"] == reverse("portal:find-results")

    page = client.get(reverse("portal:find-results"))
    local = [service.name for service, _ in page.context["local"]]
    assert local == ["Safe Steps IDVA service", "Harbour Lane support"]
    assert [s.name for s, _ in page.context["national"]] == ["National helpline"]
    html = page.content.decode()
    assert "Specialist support for" in html and "Safe Steps ISVA service" not in html


def test_the_questions_do_not_start_midway(client) -> None:
    response = client.get(reverse("portal:find-what-would-help"))
    assert response["Location"] == reverse("portal:find-postcode")
