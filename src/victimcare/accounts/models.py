"""Users, the organisations they work for, and teams (hubs)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from victimcare.accounts.capabilities import Role, role_has_capability


class OrganisationKind(models.TextChoices):
    POLICE_FORCE = "police_force", "Police force"
    VICTIM_CARE_HUB = "victim_care_hub", "Victim care hub"
    SUPPORT_PROVIDER = "support_provider", "Support provider"
    COMMISSIONER_OFFICE = "commissioner_office", "Commissioner's office"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Short code; for a police force this is the `source` in its referral feed.",
    )
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    extra_source_codes = models.JSONField(
        default=list,
        blank=True,
        help_text="Other feed `source` codes this organisation may send for (its own code counts)",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def extra_sources(self) -> set[str]:
        codes = {str(code).strip().lower() for code in self.extra_source_codes}
        return codes - {self.code.lower(), ""}

    @property
    def feed_sources(self) -> frozenset[str]:
        """The feed `source` codes this organisation may write under (API keys, uploads):
        its own code, and each extra code that is no other organisation's code and that no
        other organisation also lists. A source belongs to one organisation or to none."""
        extras = self.extra_sources
        if extras:
            for other in Organisation.objects.exclude(pk=self.pk).only(
                "code", "extra_source_codes"
            ):
                extras -= {other.code, *other.extra_sources}
        return frozenset({self.code.lower(), *extras})

    def clean(self) -> None:
        claimed = {
            code
            for other in Organisation.objects.exclude(pk=self.pk)
            for code in (other.code, *other.extra_sources)
            if code in self.extra_sources
        }
        if claimed:
            codes = ", ".join(sorted(claimed))
            message = f"{codes}: already another organisation's. A source belongs to one."
            raise ValidationError({"extra_source_codes": message})


class Team(models.Model):
    """A team within an organisation; for a victim care hub, one hub (e.g. "Bristol hub")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    auto_allocate = models.BooleanField(
        default=True,
        help_text="Give each new case a named officer automatically (repeat victim first, "
        "then the least-loaded officer with matching skills)",
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PostcodeDistrict(models.Model):
    """A postcode district (outward code, e.g. "BS1") that a hub covers. One hub per district."""

    district = models.CharField(max_length=4, unique=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="postcode_districts")

    class Meta:
        ordering = ["district"]

    def __str__(self) -> str:
        return self.district


class User(AbstractUser):
    """A member of staff. Victims never hold accounts; they prove who they are per visit."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    languages = models.JSONField(
        default=list, blank=True, help_text="Languages the officer works in besides English"
    )
    young_victims = models.BooleanField(default=False, help_text="Trained to support young victims")
    takes_new_cases = models.BooleanField(
        default=True, help_text="Switch off during leave so no new cases are allocated"
    )

    def has_capability(self, capability: str) -> bool:
        return self.is_active and bool(self.role) and role_has_capability(self.role, capability)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiKey(models.Model):
    """A sending organisation's key for the API. Only its SHA-256 digest is stored.

    Keys are 256-bit random tokens, so a fast digest is enough: there is nothing to guess.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_keys"
    )
    name = models.CharField(max_length=120, help_text="What the key is for, e.g. nightly feed")
    prefix = models.CharField(max_length=16, unique=True, help_text="Shown to identify the key")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.organisation} key {self.prefix}"
