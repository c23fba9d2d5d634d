"""How two people of a review pair compare, in the words an officer reads.

The one place the review pages get their comparison from: today `linkage.evidence`
(the same evidence that caps what intake may join), so the page and the join rule never
disagree. Swapping the source means changing `people_compared` only."""

from dataclasses import dataclass

from victimcare.linkage.evidence import Identity, pair_evidence
from victimcare.linkage.services import current_scorer, name_spellings
from victimcare.people.models import Person


@dataclass(frozen=True)
class Comparison:
    reasons: list[str]  # "Same postcode", "Different date of birth: 1 June 1979 and ..."
    household: bool  # shares an address, phone or family name but is someone else


def people_compared(left: Person, right: Person) -> Comparison:
    """Decrypts both people's contact details in memory to compare them. Given names one
    letter apart are read with the current model's name frequencies, as intake reads them."""
    found = current_scorer()
    spellings = name_spellings(found[1]) if found else None
    evidence = pair_evidence(Identity.of(left), Identity.of(right), spellings=spellings)
    return Comparison(reasons=list(evidence.reasons), household=evidence.household)
