"""The directory as CSV: export, and import that adds or updates and reports bad rows."""

import io

import pytest
from django.core.management import call_command

from tests.factories import OrganisationFactory, ServiceFactory
from victimcare.directory.csvio import COLUMNS, services_export, services_import
from victimcare.directory.models import Service

pytestmark = pytest.mark.django_db


def test_export_then_import_gives_the_same_directory() -> None:
    provider = OrganisationFactory(code="safe-steps", kind="support_provider")
    ServiceFactory(name="Safe Steps IDVA service", provider=provider, service_type="idva",
                   crime_types=["domestic_abuse"], postcode_districts=["BS1", "BS2"],
                   need_categories=["accommodation"], max_age=None, commissioned=True)  # fmt: skip
    out = io.StringIO()
    assert services_export(out) == 1
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "domestic_abuse" in text and "BS1;BS2" in text
    Service.objects.all().delete()
    added, updated, problems = services_import(io.StringIO(text))
    assert (added, updated, problems) == (1, 0, [])
    service = Service.objects.get()
    assert (service.provider, service.postcode_districts, service.commissioned) == (
        provider, ["BS1", "BS2"], True,
    )  # fmt: skip


def test_a_bad_row_is_reported_and_the_good_rows_beside_it_land(tmp_path, capsys) -> None:
    ServiceFactory(name="Harbour Lane support", description="Old words")
    csv_text = "\n".join([
        "name,service_type,description,crime_types,postcode_districts,min_age,colour",
        "Harbour Lane support,emotional_support,New words,,BS1,,",
        "Broken one,telepathy,Something,,BS1,,",
        "Also broken,isva,Something,burglary,XX,ten,",
        "New service,isva,Advisers,sexual_offence,BS3,16,",
    ])  # fmt: skip
    path = tmp_path / "services.csv"
    path.write_text(csv_text + "\n")
    call_command("import_services", str(path))
    out = capsys.readouterr().out
    assert "line 1: colour: is not a directory column" in out
    assert "line 3: service_type: 'telepathy' is not one of" in out
    assert "line 4: crime_types: 'burglary' is not a known crime type" in out
    assert "line 4: postcode_districts: 'XX' is not a district" in out
    assert "line 4: min_age: 'ten' is not a whole number" in out
    assert "1 added, 1 updated, 5 problem(s)" in out
    assert Service.objects.get(name="Harbour Lane support").description == "New words"
    assert Service.objects.get(name="New service").min_age == 16
