"""The directory as CSV: export, and import that adds or updates and reports bad rows."""

import csv
import io

import pytest
from django.core.management import call_command

from tests.factories import OrganisationFactory, ServiceFactory
from victimcare.directory.csvio import COLUMNS, services_export, services_import
from victimcare.directory.models import Service

pytestmark = pytest.mark.django_db


def test_export_then_import_gives_the_same_directory() -> None:
    provider = OrganisationFactory(code="safe-steps", kind="support_provider")
    ServiceFactory(
        name="Safe Steps IDVA service",
        provider=provider,
        service_type="idva",
        crime_types=["domestic_abuse"],
        postcode_districts=["BS1", "BS2"],
        need_categories=["accommodation"],
        max_age=None,
        commissioned=True,
    )
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
        provider,
        ["BS1", "BS2"],
        True,
    )


def test_a_bad_row_is_reported_and_the_good_rows_beside_it_land(tmp_path, capsys) -> None:
    ServiceFactory(name="Harbour Lane support", description="Old words")
    csv_text = "\n".join(
        [
            "name,service_type,description,crime_types,postcode_districts,min_age,colour",
            "Harbour Lane support,emotional_support,New words,,BS1,,",
            "Broken one,telepathy,Something,,BS1,,",
            "Also broken,isva,Something,burglary,XX,ten,",
            "New service,isva,Advisers,sexual_offence,BS3,16,",
        ]
    )
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


def test_the_directory_exports_never_start_a_cell_with_a_formula(tmp_path, rf) -> None:
    """OWASP CSV injection, through the export command and the admin's export action; an
    import of the export reads back the values, not the added quotes."""
    from django.contrib import admin

    from tests.core.test_spreadsheets import FORMULAS
    from victimcare.directory.admin import ServiceAdmin

    hyperlink, plus, minus, at, tab, carriage_return = FORMULAS[:6]  # PostgreSQL holds no NUL
    ServiceFactory(
        name=hyperlink,
        description=plus,
        phone="+44 117 496 0000",
        opening_hours=minus,
        accessibility=at,
        email=tab,
        website=carriage_return,
    )
    path = tmp_path / "services.csv"
    call_command("export_services", str(path))
    action = ServiceAdmin(Service, admin.site).export_csv(rf.get("/"), Service.objects.all())
    for text in (path.read_bytes().decode(), action.content.decode()):
        exported = next(csv.DictReader(io.StringIO(text, newline="")))
        assert exported["name"] == f"'{hyperlink}"
        assert (exported["description"], exported["opening_hours"]) == (f"'{plus}", f"'{minus}")
        assert (exported["accessibility"], exported["phone"]) == (f"'{at}", "'+44 117 496 0000")
        assert (exported["email"], exported["website"]) == (f"'{tab}", f"'{carriage_return}")

    Service.objects.all().delete()
    added, _, problems = services_import(io.StringIO(path.read_bytes().decode()))
    assert (added, problems) == (1, [])
    service = Service.objects.get()
    assert (service.name, service.description, service.opening_hours) == (hyperlink, plus, minus)
    assert service.phone == "+44 117 496 0000"
