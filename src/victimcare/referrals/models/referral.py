"""Referrals: one victim of one crime or ASB incident, as a referrer sent it."""

from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords

from victimcare.accounts.models import Organisation, Team
from victimcare.people.models import Person, VictimIdentity
from victimcare.people.normalise import name_key


class Channel(models.TextChoices):
    POLICE_FEED = "police_feed", "Police feed"
    PARTNER = "partner", "Partner referral"
    SELF = "self", "Self-referral"
    TRANSFER = "transfer", "Transfer from another area"


class IncidentType(models.TextChoices):
    CRIME = "crime", "Crime"
    ASB = "asb", "Anti-social behaviour"


class PoliceReport(models.TextChoices):
    """Whether the crime was reported to the police: a police feed's always was; a partner
    or the victim says so on a form."""

    REPORTED = "reported", "Reported to the police"
    NOT_REPORTED = "not_reported", "Not reported to the police"
    NOT_KNOWN = "not_known", "Not known whether it was reported to the police"


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"
    NOT_ASKED = "not_asked", "Not asked"


class LawfulBasis(models.TextChoices):
    """The lawful basis for holding a referral or case (UK GDPR art. 6 with art. 9 / DPA 2018)."""

    PUBLIC_TASK = "public_task", "Public task (Victims' Code services commissioned by the PCC)"
    CONSENT = "consent", "Consent of the victim"
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement processing (DPA 2018 Part 3)"
    VITAL_INTERESTS = "vital_interests", "Vital interests (risk to life)"


class EntitlementLevel(models.TextChoices):
    ENHANCED = "enhanced", "Enhanced"
    STANDARD = "standard", "Standard"
    BUSINESS = "business", "Business"


class AutoReferralChoice(models.TextChoices):
    REFER = "refer", "Refer (opt-out)"
    CONSENT_GIVEN = "consent_given", "Consent given"
    AWAITING_CONSENT = "awaiting_consent", "Awaiting consent"
    DECLINED = "declined", "Declined"
    NOT_AUTOMATIC = "not_automatic", "Not referred automatically"


FLAG_LABELS = {
    "domestic_abuse": "Domestic abuse",
    "hate_crime": "Hate crime",
    "sexual_offence": "Sexual offence",
    "terrorism": "Terrorism",
    "modern_slavery": "Modern slavery",
    "attempted_murder": "Attempted murder",
    "kidnap_or_false_imprisonment": "Kidnap or false imprisonment",
    "arson_endangering_life": "Arson endangering life",
    "gbh_with_intent": "GBH with intent",
    "gun_or_knife": "Gun or knife",
    "road_traffic_serious_injury": "Serious injury in a road traffic offence",
    "mental_disorder": "Mental disorder",
    "learning_disability": "Learning disability",
    "physical_disability": "Physical disability",
    "intimidated": "Intimidated",
}


class Referral(models.Model):
    # Identity: (source, crime_reference, victim_reference); a resend updates this row.
    source = models.CharField(max_length=80)
    crime_reference = models.CharField(max_length=60)
    victim_reference = models.CharField(max_length=60)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    # The police crime reference a victim or partner typed on a form: shown to the officer,
    # never part of the key (the hub makes the key of every referral made on a form).
    given_crime_reference = models.CharField(
        max_length=60, blank=True, help_text="The crime reference the referrer typed, unchecked"
    )
    source_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")

    reported_at = models.DateTimeField()
    police_report = models.CharField(
        max_length=12,
        choices=PoliceReport.choices,
        default=PoliceReport.REPORTED,
        db_default=PoliceReport.REPORTED,
    )
    incident_type = models.CharField(max_length=10, choices=IncidentType.choices)
    crime_category = models.CharField(max_length=40)
    offence_code = models.CharField(max_length=20, blank=True)
    offence_description = models.CharField(max_length=300, blank=True)
    hate_crime_strands = models.JSONField(default=list, blank=True)
    domestic_abuse = models.BooleanField(null=True)
    hate_crime = models.BooleanField(null=True)
    sexual_offence = models.BooleanField(null=True)
    terrorism = models.BooleanField(null=True)
    modern_slavery = models.BooleanField(null=True)
    attempted_murder = models.BooleanField(null=True)
    kidnap_or_false_imprisonment = models.BooleanField(null=True)
    arson_endangering_life = models.BooleanField(null=True)
    gbh_with_intent = models.BooleanField(null=True)
    gun_or_knife = models.BooleanField(null=True)
    road_traffic_serious_injury = models.BooleanField(null=True)
    # Victim circumstances at the time of this crime (they can differ between crimes).
    mental_disorder = models.BooleanField(null=True)
    learning_disability = models.BooleanField(null=True)
    physical_disability = models.BooleanField(null=True)
    intimidated = models.BooleanField(null=True)
    referral_consent = models.CharField(max_length=10, choices=Consent.choices)
    officer_in_charge = models.CharField(max_length=120, blank=True)
    officer_email = models.EmailField(blank=True)
    unknown_columns = models.JSONField(
        default=dict, blank=True, help_text="Columns the feed sent that v1 does not define"
    )

    # What the Victims' Code gives this victim for this crime (entitlements.rules.entitle).
    entitlement_level = models.CharField(max_length=10, choices=EntitlementLevel.choices)
    entitlement_reasons = models.JSONField(
        default=list, blank=True, help_text="[{code, text}] for each enhanced group"
    )
    auto_referral = models.CharField(max_length=20, choices=AutoReferralChoice.choices)
    auto_referral_reason = models.CharField(max_length=300)
    contact_due_by = models.DateField()
    contact_due_reason = models.CharField(max_length=300)
    update_within_working_days = models.PositiveSmallIntegerField()

    postcode_district = models.CharField(max_length=4, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    out_of_area = models.BooleanField(
        default=False, help_text="The victim's postcode is outside every hub's districts"
    )
    lawful_basis = models.CharField(
        max_length=30,
        choices=LawfulBasis.choices,
        default=LawfulBasis.PUBLIC_TASK,
        help_text="UK GDPR basis on which the hub holds this referral",
    )
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # History is read and erased by referral (`id`) only: no index on its relations (ADR 65).
    history = HistoricalRecords(
        excluded_fields=["unknown_columns"], no_db_index=["team", "source_organisation", "person"]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "crime_reference", "victim_reference"],
                name="referral_unique_feed_key",
            )
        ]
        # (source, crime_reference) is looked up through the unique key's index, whose
        # first two columns they are: an index of its own was an entry more a referral for
        # nothing (ADR 70).
        indexes = [
            # Staff search by the crime reference a victim quotes, whichever force sent it.
            models.Index(fields=["crime_reference"], name="referral_crime_reference"),
            models.Index(fields=["given_crime_reference"], name="referral_given_crime_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.source}/{self.crime_reference}/{self.victim_reference}"

    @property
    def entitlement_reason_codes(self) -> list[str]:
        return sorted({reason["code"] for reason in self.entitlement_reasons})

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.crime_reference, self.victim_reference)

    @property
    def feed_key(self) -> str:
        return f"{self.source}/{self.crime_reference}/{self.victim_reference}"

    @property
    def flag_labels(self) -> list[str]:
        """The flags the referrer set, in words, for officers to scan."""
        return [label for name, label in FLAG_LABELS.items() if getattr(self, name)]


class VictimDetails(VictimIdentity):
    """The victim's identity and contact details exactly as this referral gave them (its own
    snapshot, ADR 38). Joining referrals to one person never changes them; a resend of this
    referral that changes a field changes them, audited. A case contacts its victim by
    these details, and its safe-contact rules are this referral's."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="victim")
    # The identity and contact fields are the person index's (people.models.VictimIdentity).
    # The normalised name, for counting this victim's earlier reports (people/selectors.py).
    name_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    # The details an officer changed on the case, each with keyed digests (never values) of
    # what the sender had sent and what the hub put there (referrals/corrections.py, ADR 71).
    hub_corrected = models.JSONField(default=dict, db_default={}, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["name_key", "hub_corrected"])

    class Meta:
        verbose_name_plural = "victim details"

    def __str__(self) -> str:
        return f"Victim of referral {self.referral_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.given_name, self.family_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"given_name", "family_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)
