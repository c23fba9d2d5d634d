"""The MoJ quarterly victim services return: every cell against a count made here from the
case records themselves, with counts under 5 suppressed in every format."""

import csv
import datetime
import io
import itertools

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, OrganisationFactory, SurveyInvitationFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.assessments.services import needs_assessment_save
from victimcare.cases.models import CaseOutcome, OutcomeArea
from victimcare.directory.needs import NEED_CATEGORIES
from victimcare.feedback.models import SurveyResponse
from victimcare.insights.services import case_facts_refresh
from victimcare.justice.selectors import Quarter

pytestmark = pytest.mark.django_db
LEVELS = ["none", "low", "medium", "high"]


def shown(value):
    return "fewer than 5" if isinstance(value, int) and 0 < value < 5 else value


def shown_with_total(rows):
    """Each table with a total: counts from 1 to 4 hidden; where a column has exactly one,
    its smallest other count (above 0) hidden as well, or the total would give it away."""
    labels = [label for label in rows if label != "Total"]
    result = {label: [shown(v) for v in counts] for label, counts in rows.items()}
    for column in range(2):
        small = [label for label in labels if 0 < rows[label][column] < 5]
        others = [label for label in labels if rows[label][column] >= 5]
        if len(small) == 1 and others:
            result[min(others, key=lambda label: rows[label][column])][column] = "not shown"
    return result


@pytest.fixture
def quarter_of_cases(northgate, vco):
    """38 cases this quarter, in every crime group, age, sex, ethnicity and disability."""
    today = timezone.localdate()
    combos = itertools.product(
        [("domestic_abuse", True, None), ("sexual_violence", None, True), ("other", None, None)],
        [("female", "W1"), ("male", "B2"), ("female", "A4"), ("unknown", "NS")],
        [datetime.date(2010, 1, 1), datetime.date(1990, 6, 1), None],
    )
    specs = []
    for n, ((group, da, so), (sex, ethnicity), dob) in enumerate(combos):
        case = CaseFactory(
            team=northgate,
            officer=vco,
            referral__domestic_abuse=da,
            referral__sexual_offence=so,
            referral__mental_disorder=(n % 4 == 0),
            referral__person__sex=sex,
            referral__person__ethnicity=ethnicity,
            referral__person__date_of_birth=dob,
            status="contacting",
        )
        spec = {
            "group": group,
            "sex": sex,
            "ethnicity": ethnicity,
            "dob": dob,
            "disabled": n % 4 == 0,
            "supported": n % 3 != 0,
            "closed": False,
            "improved": set(),
            "outcomes": {},
            "survey": None,
        }
        if spec["supported"]:
            first = {code: (LEVELS[(n + i) % 4], "") for i, (code, _) in enumerate(NEED_CATEGORIES)}
            needs_assessment_save(case=case, stage="first", answers=first, actor=vco)
            if n % 2 == 0:
                exit_ = {
                    code: (LEVELS[max(0, LEVELS.index(level) - (i % 2))], "")
                    for i, (code, (level, _)) in enumerate(first.items())
                }
                needs_assessment_save(case=case, stage="exit", answers=exit_, actor=vco)
                spec["improved"] = {
                    c for c in first if LEVELS.index(exit_[c][0]) < LEVELS.index(first[c][0])
                }
                spec["closed"] = True
                type(case).objects.filter(pk=case.pk).update(
                    status="closed", closed_at=timezone.now()
                )
                for i, area in enumerate(OutcomeArea):
                    result = ["improved", "not_improved", "not_applicable"][(n + i) % 3]
                    CaseOutcome.objects.create(case=case, area=area, result=result)
                    spec["outcomes"][area.value] = result
                scores = [(n % 5) + 1, 5, 4 if n % 3 else 2, (n % 5) + 1]
                invitation = SurveyInvitationFactory(case=case)
                SurveyResponse.objects.create(
                    invitation=invitation,
                    treated_with_respect=scores[0],
                    support_as_agreed=scores[1],
                    coordinated_and_effective=scores[2],
                    overall=scores[3],
                )
                spec["survey"] = scores
        specs.append(spec)
    for _ in range(2):  # a small group: shown as "fewer than 5"
        CaseFactory(
            team=northgate,
            referral__person__sex="other",
            referral__person__ethnicity="M1",
            referral__person__date_of_birth=None,
        )
        specs.append(
            {
                "group": "other",
                "sex": "other",
                "ethnicity": "M1",
                "dob": None,
                "disabled": False,
                "supported": False,
                "closed": False,
                "improved": set(),
                "outcomes": {},
                "survey": None,
            }
        )
    case_facts_refresh()
    return Quarter.containing(today), specs, today


def expected_tables(specs, today):
    def age(dob):
        if dob is None:
            return "Not known"
        years = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        return "Under 18" if years < 18 else "35 to 49" if 35 <= years < 50 else "other"

    groups = {
        "crime group": (
            "group",
            {
                "domestic_abuse": "Domestic abuse",
                "sexual_violence": "Sexual violence",
                "other": "Other crime and ASB",
            },
        ),
        "sex": (
            "sex",
            {"female": "Female", "male": "Male", "other": "Other", "unknown": "Not known"},
        ),
        "ethnic group": (
            "ethnicity",
            {
                "W1": "White",
                "B2": "Black, African, Caribbean or Black British",
                "A4": "Asian or Asian British",
                "NS": "Not stated",
                "M1": "Mixed or multiple ethnic groups",
            },
        ),
        "disability": ("disabled", {True: "Disabled", False: "Not disabled or not known"}),
    }
    tables = {}
    for name, (key, labels) in groups.items():
        rows = {}
        for value, label in labels.items():
            matching = [s for s in specs if s[key] == value]
            rows[label] = [len(matching), sum(s["supported"] for s in matching)]
        rows["Total"] = [len(specs), sum(s["supported"] for s in specs)]
        tables[f"Victims referred and supported, by {name}"] = rows
    ages = {}
    for label in ("Under 18", "35 to 49", "Not known"):
        matching = [s for s in specs if age(s["dob"]) == label]
        ages[label] = [len(matching), sum(s["supported"] for s in matching)]
    tables["Victims referred and supported, by age"] = ages
    closed = [s for s in specs if s["closed"]]
    tables["Needs improved, victims whose support closed"] = {
        label: [len(closed), sum(code in s["improved"] for s in closed)]
        for code, label in NEED_CATEGORIES
    }
    tables["Outcome areas, victims whose support closed"] = {
        area.label: [
            sum(s["outcomes"][area.value] in ("improved", "not_improved") for s in closed),
            sum(s["outcomes"][area.value] == "improved" for s in closed),
        ]
        for area in OutcomeArea
    }
    measures = [
        "Treated with sensitivity and respect",
        "Support consistent with what was agreed",
        "Support coordinated and effective",
        "Overall satisfaction",
    ]
    answered = [s["survey"] for s in specs if s["survey"]]
    tables["Satisfaction (survey answers received)"] = {
        label: [len(answered), sum(scores[i] >= 4 for scores in answered)]
        for i, label in enumerate(measures)
    }
    return tables


def parse_csv(text):
    tables, current, heading = {}, None, False
    for row in csv.reader(io.StringIO(text)):
        if not row:
            current, heading = None, False
        elif current is None and not heading and len(row) == 1 and tables is not None:
            current = row[0]
            tables[current] = {}
            heading = True
        elif heading:
            heading = False
        else:
            tables[current][row[0]] = row[1:]
    return tables


def test_a_commissioner_runs_the_quarterly_return_and_every_cell_matches(
    client, northgate, quarter_of_cases
) -> None:
    quarter, specs, today = quarter_of_cases
    commissioner = UserFactory(
        role=Role.COMMISSIONER, organisation=OrganisationFactory(kind="commissioner_office")
    )
    client.force_login(commissioner)
    query = {"quarter": quarter.code, "hub": str(northgate.pk)}
    page = client.get(reverse("insights:return"), query)
    assert page.status_code == 200 and "Victim services return" in page.content.decode()

    exported = parse_csv(client.get(reverse("insights:return-csv"), query).content.decode())
    exported.pop(next(iter(exported)))  # the title line
    expected = expected_tables(specs, today)
    for title, rows in expected.items():
        expected_cells = (
            shown_with_total(rows)
            if title.startswith("Victims referred")
            else {label: [shown(v) for v in counts] for label, counts in rows.items()}
        )
        for label, cells in expected_cells.items():
            assert [str(v) for v in cells] == exported[title][label][:2], (title, label)
    assert exported["Victims referred and supported, by crime group"]["Total"][:2] == ["38", "24"]
    assert exported["Victims referred and supported, by sex"]["Other"][:2] == ["fewer than 5", "0"]

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("insights:return-xlsx"), query).content)
    )
    sheet = book["by_crime_group"]
    rows = {r[0]: list(r[1:3]) for r in sheet.iter_rows(min_row=4, values_only=True)}
    crime_groups = shown_with_total(expected["Victims referred and supported, by crime group"])
    for label, cells in crime_groups.items():
        assert rows[label] == cells
    satisfaction = {
        r[0]: list(r[1:3]) for r in book["satisfaction"].iter_rows(min_row=4, values_only=True)
    }
    for label, counts in expected["Satisfaction (survey answers received)"].items():
        assert satisfaction[label] == [shown(v) for v in counts]

    pdf = client.get(reverse("insights:return-pdf"), query)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].endswith(f'victim-services-return-{quarter.code}.pdf"')


def test_only_commissioners_see_the_return(client, vco) -> None:
    client.force_login(vco)
    assert client.get(reverse("insights:return")).status_code == 403
