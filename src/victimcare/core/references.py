"""References a person reads aloud or types: case, self-referral and partner referral
references, all drawn the same way."""

import secrets

# Letters and digits that cannot be misread for one another when read aloud or typed.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def reference_characters(length: int = 10) -> str:
    """`length` characters drawn at random from REFERENCE_ALPHABET (5 bits each)."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))
