"""The portal in Welsh: a toggle that keeps the page, a complete catalogue, staff in English."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
CATALOGUE = Path(__file__).resolve().parents[2] / "src/victimcare/locale/cy/LC_MESSAGES"


def to_welsh(client, page: str) -> None:
    response = client.post(reverse("portal:set-language"), {"language": "cy", "next": page})
    assert response.status_code == 302 and response["Location"] == page


def test_the_toggle_keeps_the_visitor_on_the_same_page_in_welsh(client) -> None:
    to_welsh(client, "/find-support/")
    page = client.get("/find-support/").content.decode()
    assert re.search(r'<html lang="cy"', page)
    assert "Beth yw eich cod post?" in page and "Gadael y dudalen hon" in page
    assert 'value="en-gb"' in page and ">English</button>" in page
    client.post(reverse("portal:set-language"), {"language": "en-gb", "next": "/"})
    assert "What is your postcode?" in client.get("/find-support/").content.decode()


def test_errors_and_the_ranking_reasons_are_in_welsh_too(client) -> None:
    to_welsh(client, "/find-support/")
    bad = client.post(reverse("portal:find-postcode"), {"postcode": "nowhere"}).content.decode()
    assert "Rhowch god post go iawn" in bad and "Mae problem wedi codi" in bad


def test_staff_pages_stay_in_english(client, vco) -> None:
    to_welsh(client, "/")
    client.force_login(vco)
    page = client.get(reverse("cases:queue")).content.decode()
    assert '<html lang="en-GB"' in page and "Skip to main content" in page


def test_every_portal_string_has_a_welsh_translation() -> None:
    po = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = re.findall(r'msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', po)
    untranslated = [
        "".join(re.findall(r'"(.*)"', mid))
        for mid, mstr in entries
        if "".join(re.findall(r'"(.*)"', mid)) and not "".join(re.findall(r'"(.*)"', mstr))
    ]
    assert len(entries) > 200 and untranslated == []
    assert "#, fuzzy" not in po
    mo = CATALOGUE / "django.mo"
    assert mo.exists() and mo.stat().st_mtime >= (CATALOGUE / "django.po").stat().st_mtime - 1


def test_a_service_description_is_in_welsh_on_welsh_pages(client) -> None:
    """Welsh pages showed every service's description in English."""
    from tests.factories import ServiceFactory

    welsh = ServiceFactory(
        name="Harbour Lane support",
        postcode_districts=["BS1"],
        description="Someone to talk to.",
        description_cy="Rhywun i siarad ag ef.",
    )
    english_only = ServiceFactory(
        name="Quay support", postcode_districts=["BS1"], description="Help after a burglary."
    )
    url = reverse("portal:service", args=[welsh.pk])
    assert "Someone to talk to." in client.get(url).content.decode()
    to_welsh(client, url)
    page = client.get(url).content.decode()
    assert "Rhywun i siarad ag ef." in page and "Someone to talk to." not in page
    # No Welsh text: the English is shown, marked as English for screen readers.
    other = client.get(reverse("portal:service", args=[english_only.pk])).content.decode()
    assert '<span lang="en">Help after a burglary.</span>' in other
    home = client.get("/").content.decode()
    assert "Rhywun i siarad ag ef." in home
    assert '<span lang="en">Help after a burglary.</span>' in home
