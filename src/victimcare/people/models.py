"""The person index: one row per victim (or business) the hub knows.

Intake makes a Person for each new referral's victim, with the identity and contact details
it gave (each referral keeps its own copy too: `referrals.VictimDetails`, ADR 38); linkage
joins the people found to be one (`merged_into`, ADR 25) and can undo it.
"""

from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords

from victimcare.core.fields import (
    EncryptedCharField,
    EncryptedEmailField,
    EncryptedTextField,
    encrypted_field_names,
)
from victimcare.people.normalise import person_keys


class VictimKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    BEREAVED_RELATIVE = "bereaved_relative", "Bereaved close relative"
    BUSINESS = "business", "Business"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class ContactChannel(models.TextChoices):
    PHONE = "phone", "Phone"
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"

    @classmethod
    def words(cls, code: str) -> str:
        """'text message' for "sms": a channel as a sentence says it (unknown codes kept)."""
        return str(cls(code).label).lower() if code in cls.values else code


def encrypted_contact_details(relation: str) -> tuple[str, ...]:
    """The encrypted fields of a `VictimIdentity` reached by `relation` ("person",
    "referral__victim"), for a list that shows none of them to `defer`: each is a Fernet
    token that costs about 50 us to open, on every row read."""
    return tuple(f"{relation}__{name}" for name in encrypted_field_names(Person))


class VictimIdentity(models.Model):
    """A victim's identity and contact details: the fields the person index (`Person`) and
    each referral's own snapshot of its victim (`referrals.VictimDetails`, ADR 38) share.
    Abstract: each keeps its own table."""

    kind = models.CharField(max_length=20, choices=VictimKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    business_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=2, blank=True, help_text="ONS 2011 code")
    first_language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(null=True)
    # Contact details and notes are encrypted at rest (core/fields.py).
    address_line_1 = EncryptedCharField(max_length=200, blank=True)
    address_line_2 = EncryptedCharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, help_text="Normalised, e.g. BS1 4DJ")
    phone = EncryptedCharField(max_length=20, blank=True, help_text="E.164")
    email = EncryptedEmailField(blank=True)
    preferred_contact = models.CharField(max_length=10, choices=ContactChannel.choices, blank=True)
    safe_to_contact = models.BooleanField(null=True)
    contact_notes = EncryptedTextField(blank=True)

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        if self.kind == VictimKind.BUSINESS:
            return self.business_name
        return f"{self.given_name} {self.family_name}".strip()


class Person(VictimIdentity):
    name_key = models.CharField(
        max_length=200, blank=True, editable=False, help_text="Normalised name for matching"
    )
    # Blocking keys for linkage (people/normalise.py matching_keys): a phonetic family name,
    # and keyed digests of the encrypted phone and email.
    family_phonetic = models.CharField(max_length=20, blank=True, editable=False)
    name_block = models.CharField(max_length=41, blank=True, editable=False)
    phone_index = models.CharField(max_length=64, blank=True, editable=False)
    email_index = models.CharField(max_length=64, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_people",
        help_text="Found to be the same person as this one (linkage); undone by an unmerge",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(
        null=True, blank=True, help_text="When identity and contact details were erased"
    )
    # History is read and erased by person (`id`) only: no index on `merged_into` (ADR 65).
    history = HistoricalRecords(
        excluded_fields=["name_key", "family_phonetic", "name_block", "phone_index", "email_index"],
        no_db_index=["merged_into"],
    )

    class Meta:
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["postcode"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["family_name"]),
            models.Index(fields=["name_key"]),
            models.Index(fields=["family_phonetic"]),
            models.Index(fields=["name_block"]),
            models.Index(fields=["phone_index"]),
            models.Index(fields=["email_index"]),
        ]

    def __str__(self) -> str:
        return f"Person {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        keys = person_keys(
            given_name=self.given_name,
            family_name=self.family_name,
            phone=str(self.phone or ""),
            email=str(self.email or ""),
        )
        for field, value in keys.items():
            setattr(self, field, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"given_name", "family_name", "phone", "email"} & set(
            update_fields
        ):
            kwargs["update_fields"] = {*update_fields, *keys}
        super().save(*args, **kwargs)
