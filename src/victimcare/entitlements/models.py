"""The deployment's Victims' Code rule values: one row an administrator may change."""

from django.db import models

from victimcare.entitlements.rules import RuleValues

DEFAULTS = RuleValues()


def default_not_automatic_categories() -> list[str]:
    return list(DEFAULTS.not_automatic_categories)


def default_approval_events() -> list[str]:
    return list(DEFAULTS.approval_events)


class RuleConfiguration(models.Model):
    """Singleton (pk=1). Changes go through `rule_configuration_update`, which audits them."""

    adult_age = models.PositiveSmallIntegerField(
        default=DEFAULTS.adult_age,
        help_text="Victims under this age on the day reported are vulnerable",
    )
    persistent_min_incidents = models.PositiveSmallIntegerField(
        default=DEFAULTS.persistent_min_incidents,
        help_text="Crimes or ASB reports, this one included, that make a victim persistently "
        "targeted",
    )
    persistent_window_months = models.PositiveSmallIntegerField(
        default=DEFAULTS.persistent_window_months, help_text="…within this many months"
    )
    first_contact_working_days = models.PositiveSmallIntegerField(
        default=DEFAULTS.first_contact_working_days,
        help_text="Working days after the report by which details pass to support services",
    )
    update_working_days_enhanced = models.PositiveSmallIntegerField(
        default=DEFAULTS.update_working_days_enhanced
    )
    update_working_days_standard = models.PositiveSmallIntegerField(
        default=DEFAULTS.update_working_days_standard
    )
    not_automatic_categories = models.JSONField(
        default=default_not_automatic_categories,
        blank=True,
        help_text="police.uk categories not referred automatically (arson excepted)",
    )
    investigation_update_months = models.PositiveSmallIntegerField(
        default=DEFAULTS.investigation_update_months,
        help_text="Tell the victim how the investigation is going at least this often (months)",
    )
    vcs_min_custodial_months = models.PositiveSmallIntegerField(
        default=DEFAULTS.vcs_min_custodial_months,
        help_text="Custodial sentence (months) for a violent or sexual offence that brings the "
        "Victim Contact Scheme",
    )
    vcs_working_days = models.PositiveSmallIntegerField(
        default=DEFAULTS.vcs_working_days,
        help_text="Working days to refer the victim to the Victim Contact Scheme",
    )
    right_to_review_months = models.PositiveSmallIntegerField(
        default=DEFAULTS.right_to_review_months,
        help_text="Months after no further action in which the victim may ask for a review",
    )
    review_acknowledge_working_days = models.PositiveSmallIntegerField(
        default=DEFAULTS.review_acknowledge_working_days
    )
    review_decision_working_days = models.PositiveSmallIntegerField(
        default=DEFAULTS.review_decision_working_days
    )
    approval_events = models.JSONField(
        default=default_approval_events,
        blank=True,
        help_text="Justice events whose message to the victim waits for an officer's approval",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Victims' Code rule values"
        verbose_name_plural = "Victims' Code rule values"

    def __str__(self) -> str:
        return "Victims' Code rule values"

    def as_values(self) -> RuleValues:
        return RuleValues(
            adult_age=self.adult_age,
            persistent_min_incidents=self.persistent_min_incidents,
            persistent_window_months=self.persistent_window_months,
            first_contact_working_days=self.first_contact_working_days,
            update_working_days_enhanced=self.update_working_days_enhanced,
            update_working_days_standard=self.update_working_days_standard,
            not_automatic_categories=tuple(self.not_automatic_categories),
            investigation_update_months=self.investigation_update_months,
            vcs_min_custodial_months=self.vcs_min_custodial_months,
            vcs_working_days=self.vcs_working_days,
            right_to_review_months=self.right_to_review_months,
            review_acknowledge_working_days=self.review_acknowledge_working_days,
            review_decision_working_days=self.review_decision_working_days,
            approval_events=tuple(self.approval_events),
        )
