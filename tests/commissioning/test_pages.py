"""Every commissioning page reads as a page: a plain-text title, no template source, and
wide tables in their own scrolling region (they would widen the page on a phone)."""

import re

import pytest
from django.urls import reverse

from tests.factories import TeamFactory
from victimcare.commissioning.demo import commissioning_demo

pytestmark = pytest.mark.django_db

PAGES = [
    "commissioning:home",
    "commissioning:funding",
    "commissioning:cycle",
    "commissioning:performance",
    "commissioning:consultations",
    "insights:needs-analysis",
    "insights:return",
]


@pytest.mark.parametrize("name", PAGES)
def test_each_page_has_a_plain_title_and_no_template_source(client, commissioner, name) -> None:
    commissioning_demo(office=commissioner.organisation, hub_team=TeamFactory(name="Northgate hub"))
    client.force_login(commissioner)
    page = client.get(reverse(name))
    html = page.content.decode()
    assert page.status_code == 200
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "<" not in title.group(1) and "csrf" not in title.group(1)
    assert title.group(1).strip().endswith("Victim Care Hub")
    for syntax in ("{%", "{{", "{#"):
        assert syntax not in html
    tables, scrolling = html.count("<table"), html.count('class="vch-table-scroll"')
    if name in ("commissioning:funding", "commissioning:cycle", "insights:return"):
        assert tables and scrolling == tables
