"""How an entitlement reason reads on a page: the Victims' Code ground, then the fact.

One fact can count under two grounds (domestic abuse is a most serious crime, and its
victims are presumed intimidated), so the text alone read "Victim of domestic abuse" twice.
"""

from typing import Any

from django import template

register = template.Library()

GROUNDS = {
    "serious_crime": "Most serious crime",
    "persistently_targeted": "Persistently targeted",
    "vulnerable": "Vulnerable",
    "intimidated": "Intimidated",
}


@register.filter
def entitlement_reason(reason: Any) -> str:
    """ "Intimidated: Victim of domestic abuse" from a stored {code, text} reason."""
    code, text = (
        (reason.get("code", ""), reason.get("text", ""))
        if isinstance(reason, dict)
        else (getattr(reason, "code", ""), getattr(reason, "text", str(reason)))
    )
    ground = GROUNDS.get(str(code))
    return f"{ground}: {text}" if ground else str(text)
