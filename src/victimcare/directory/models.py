"""The service directory: local and national services a victim can be referred to."""

from django.db import models

from victimcare.accounts.models import Organisation


class ServiceType(models.TextChoices):
    EMOTIONAL_SUPPORT = "emotional_support", "Emotional and practical support"
    VULNERABLE_ADULTS = "vulnerable_adults", "Vulnerable adults advocacy"
    YOUNG_VICTIMS = "young_victims", "Young victims' service"
    ISVA = "isva", "Independent sexual violence adviser (ISVA)"
    IDVA = "idva", "Independent domestic violence adviser (IDVA)"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery support"
    RESTORATIVE_JUSTICE = "restorative_justice", "Restorative justice"
    HELPLINE = "helpline", "National helpline"


class Service(models.Model):
    name = models.CharField(max_length=200)
    provider = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    description = models.TextField()
    description_cy = models.TextField(
        "Description in Welsh",
        blank=True,
        default="",
        db_default="",
        help_text="Shown on the portal's Welsh pages; the English description is shown if empty",
    )
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    is_national = models.BooleanField(default=False)
    accepts_self_referral = models.BooleanField(default=True)
    requires_police_report = models.BooleanField(
        default=False, help_text="Most services help whether or not the crime was reported"
    )
    # Eligibility and reach (directory.rules.rank_services reads these).
    crime_types = models.JSONField(
        default=list,
        blank=True,
        help_text='What it specialises in, e.g. ["domestic_abuse"]; empty: any crime or ASB',
    )
    need_categories = models.JSONField(
        default=list, blank=True, help_text="Need categories it helps with (assessment codes)"
    )
    postcode_districts = models.JSONField(
        default=list, blank=True, help_text='Districts it covers, e.g. ["BS1", "BS2"]'
    )
    local_authorities = models.JSONField(default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(
        max_length=6,
        blank=True,
        choices=[("female", "Women"), ("male", "Men")],
        help_text="Only for a service that is sex-specific",
    )
    languages = models.JSONField(default=list, blank=True)
    accessibility = models.CharField(max_length=300, blank=True)
    sms = models.CharField(max_length=40, blank=True, help_text="Text message number")
    email = models.EmailField(blank=True)
    web_chat_url = models.URLField(blank=True)
    opening_hours = models.CharField(max_length=200, blank=True)
    # The service's own page (portal): where it is and who it is for, in plain words.
    address = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="Where to find it, one line each; empty for phone-only services",
    )
    who_it_is_for = models.CharField(
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text="Who can use it, in plain words, e.g. 'Anyone aged 18 or over in Wessex Vale'",
    )
    commissioned = models.BooleanField(default=False, help_text="Commissioned by this PCC")

    class Meta:
        ordering = ["-is_national", "name"]

    def __str__(self) -> str:
        return self.name
