"""References a person reads aloud or types: case, self-referral and partner referral
references, all drawn the same way."""

import secrets

# Letters and digits that cannot be misread for one another when read aloud or typed.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def reference_characters(length: int = 10) -> str:
    """`length` characters drawn at random from REFERENCE_ALPHABET (5 bits each: the
    alphabet has 32 letters, so one draw of 5 x `length` random bits, five at a time, is
    as uniform as a draw per character, and asks the system for randomness once)."""
    bits = secrets.randbits(5 * length)
    return "".join(REFERENCE_ALPHABET[(bits >> (5 * n)) & 31] for n in range(length))
