from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value: Decimal | int | None) -> str:
    """£1,818,002 (pence shown only when there are any; a negative amount with a minus sign)."""
    if value is None:
        return ""
    amount = Decimal(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{sign}£{text}"
