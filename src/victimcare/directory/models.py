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
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    is_national = models.BooleanField(default=False)
    accepts_self_referral = models.BooleanField(default=True)
    requires_police_report = models.BooleanField(
        default=False, help_text="Most services help whether or not the crime was reported"
    )

    class Meta:
        ordering = ["-is_national", "name"]

    def __str__(self) -> str:
        return self.name
