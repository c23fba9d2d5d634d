"""Normalised identity keys for matching people (pure). Linkage proper comes with Splink."""

import unicodedata


def name_key(given_name: str, family_name: str) -> str:
    """Case-, accent-, space-, hyphen- and apostrophe-blind 'given|family' key; '' if no name."""

    def fold(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in decomposed if ch.isalpha()).casefold()

    given, family = fold(given_name), fold(family_name)
    return f"{given}|{family}" if given and family else ""
