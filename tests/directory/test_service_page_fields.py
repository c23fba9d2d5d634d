"""A service's own page needs where it is and who it is for: both travel through the CSV."""

import io

import pytest

from tests.factories import ServiceFactory
from victimcare.directory.csvio import services_export, services_import
from victimcare.directory.models import Service

pytestmark = pytest.mark.django_db


def test_address_and_who_it_is_for_survive_export_and_import() -> None:
    ServiceFactory(
        name="Harbour Lane support",
        address="12 Harbour Lane\nNorthgate\nWV1 2AB",
        who_it_is_for="Anyone in Wessex Vale affected by crime",
        languages=["English", "Welsh"],
        website="https://www.example.org/harbour",
        opening_hours="Monday to Friday, 9am to 5pm",
    )
    out = io.StringIO()
    services_export(out)
    Service.objects.all().delete()
    assert services_import(io.StringIO(out.getvalue()))[2] == []
    service = Service.objects.get()
    assert service.address == "12 Harbour Lane\nNorthgate\nWV1 2AB"
    assert service.who_it_is_for == "Anyone in Wessex Vale affected by crime"
    assert service.languages == ["English", "Welsh"]


@pytest.mark.parametrize(
    "hostile",
    ["x" * 301, '=HYPERLINK("http://evil")', "<script>alert(1)</script>", "\u202eevil"],
)
def test_hostile_who_it_is_for_is_refused_or_kept_as_plain_text(hostile: str) -> None:
    csv_text = (
        "name,service_type,description,who_it_is_for,address\n"
        f'Test service,isva,Advisers,"{hostile.replace(chr(34), chr(34) * 2)}","{hostile.replace(chr(34), chr(34) * 2)}"\n'
    )
    added, _updated, problems = services_import(io.StringIO(csv_text))
    if len(hostile) > 300:
        assert added == 0 and [p.column for p in problems] == ["who_it_is_for"]
    else:
        assert added == 1 and problems == []
        assert Service.objects.get().who_it_is_for == hostile  # escaped when shown (portal)
