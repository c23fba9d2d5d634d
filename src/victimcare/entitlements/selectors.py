from victimcare.entitlements.models import RuleConfiguration
from victimcare.entitlements.rules import RuleValues


def current_rule_values() -> RuleValues:
    """The deployment's rule values, or the Code's defaults if none were configured."""
    configuration = RuleConfiguration.objects.filter(pk=1).first()
    return configuration.as_values() if configuration else RuleValues()
