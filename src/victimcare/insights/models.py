"""Reporting facts: one row a case, with only what aggregate reports need (no identity).

Reports (the MoJ quarterly return, contract performance, the needs analysis) group and
count these rows; `services.case_facts_refresh` keeps them in step with case work (ADR 23).
"""

from django.db import models

from victimcare.accounts.models import Team
from victimcare.cases.models import Case, OutcomeArea
from victimcare.directory.needs import NEED_CATEGORIES

AGE_BANDS = (
    ("under_18", "Under 18"),
    ("18_24", "18 to 24"),
    ("25_34", "25 to 34"),
    ("35_49", "35 to 49"),
    ("50_64", "50 to 64"),
    ("65_plus", "65 and over"),
    ("unknown", "Not known"),
)
ETHNIC_GROUPS = (
    ("white", "White"),
    ("mixed", "Mixed or multiple ethnic groups"),
    ("asian", "Asian or Asian British"),
    ("black", "Black, African, Caribbean or Black British"),
    ("other", "Other ethnic group"),
    ("not_stated", "Not stated"),
)
CRIME_GROUPS = (
    ("domestic_abuse", "Domestic abuse"),
    ("sexual_violence", "Sexual violence"),
    ("other", "Other crime and ASB"),
)
SEXES = (("female", "Female"), ("male", "Male"), ("other", "Other"), ("unknown", "Not known"))
NEED_CODES = tuple(code for code, _ in NEED_CATEGORIES)
OUTCOME_CODES = tuple(area.value for area in OutcomeArea)
SATISFACTION_MEASURES = (
    ("treated_with_respect", "Treated with sensitivity and respect"),
    ("support_as_agreed", "Support consistent with what was agreed"),
    ("coordinated_and_effective", "Support coordinated and effective"),
    ("overall", "Overall satisfaction"),
)


class CaseFact(models.Model):
    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="insights_fact"
    )
    hub = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="+")
    referred_on = models.DateField()
    crime_group = models.CharField(max_length=16, choices=CRIME_GROUPS)
    crime_category = models.CharField(max_length=40)
    age_band = models.CharField(max_length=8, choices=AGE_BANDS)
    sex = models.CharField(max_length=8, choices=SEXES)
    ethnic_group = models.CharField(max_length=12, choices=ETHNIC_GROUPS)
    disabled = models.BooleanField()
    district = models.CharField(max_length=4, blank=True)
    local_authority = models.CharField(max_length=100, blank=True)
    declined = models.BooleanField(default=False, help_text="The victim declined support")
    first_contact_days = models.PositiveIntegerField(null=True)
    supported_on = models.DateField(null=True, help_text="First needs assessment")
    closed_on = models.DateField(null=True)
    needs_measured = models.BooleanField(default=False, help_text="First and exit assessments")
    # improved_<need> for each need category and outcome_<area> for each MoJ outcome area
    # ("" not recorded, "improved", "not_improved", "not_applicable") are added below.
    responded_on = models.DateField(null=True, help_text="Satisfaction survey answered")
    treated_with_respect = models.PositiveSmallIntegerField(null=True)
    support_as_agreed = models.PositiveSmallIntegerField(null=True)
    coordinated_and_effective = models.PositiveSmallIntegerField(null=True)
    overall = models.PositiveSmallIntegerField(null=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["referred_on"]),
            models.Index(fields=["supported_on"]),
            models.Index(fields=["closed_on"]),
            models.Index(fields=["responded_on"]),
        ]

    def __str__(self) -> str:
        return f"Facts of case {self.case_id}"


for _code in NEED_CODES:
    CaseFact.add_to_class(f"improved_{_code}", models.BooleanField(default=False))
for _code in OUTCOME_CODES:
    CaseFact.add_to_class(f"outcome_{_code}", models.CharField(max_length=14, blank=True))


class FactsRefresh(models.Model):
    """When the facts were last brought up to date, and how many cases changed."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(auto_now_add=True)
    cases = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"Facts refresh {self.pk}"


class DistrictArea(models.Model):
    """A postcode district's local authority and population (a deployment configures)."""

    district = models.CharField(max_length=4, unique=True)
    local_authority = models.CharField(max_length=100)
    population = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["district"]

    def __str__(self) -> str:
        return self.district


class PopulationShare(models.Model):
    """The share of the area's population in a group (e.g. sex = female: 0.51)."""

    dimension = models.CharField(max_length=20, help_text="age_band, sex, ethnic_group, disabled")
    group = models.CharField(max_length=20)
    share = models.DecimalField(max_digits=5, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "group"], name="one_share_a_group")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.group}"
