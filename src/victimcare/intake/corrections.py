"""A later copy of a referral read with the hub's corrections of its victim (ADR 71).

An officer's change of a victim's details (`cases.services.victim`) stays when the sender
sends its old values again: each corrected detail the copy sends unchanged takes the hub's
value (`referrals.corrections.with_corrections`), and the victim "as first received" that
ADR 67 compares a copy with takes the hub's corrections too, so the force's next ordinary
resend is neither refused as another victim nor undoes the correction. A detail the copy
sends anew is compared and applied as before.
"""

import dataclasses
from collections.abc import Mapping, Sequence

from victimcare.accounts.models import Team
from victimcare.linkage.same_victim import Named
from victimcare.referrals.corrections import IDENTITY, value_digest, with_corrections
from victimcare.referrals.feed import FeedReferral
from victimcare.referrals.models import Referral


def hub_corrections_kept(
    records: Sequence[FeedReferral],
    stored: dict[tuple[str, str, str], Referral],
    first: dict[int, Named],
) -> list[FeedReferral]:
    """`records` with each stored referral's corrections kept; `first` (each referral's
    victim as first received) updated in place with the hub's corrected identity. No query:
    the marks come with the victim details intake has already read."""
    kept: list[FeedReferral] = []
    for record in records:
        referral = stored.get(record.key)
        if referral is None or not referral.victim.hub_corrected:
            kept.append(record)
            continue
        victim = referral.victim
        # The identity the hub vouched for, while it still holds it.
        corrected = {
            name: getattr(victim, name)
            for name in IDENTITY
            if name in victim.hub_corrected
            and victim.hub_corrected[name][1] == value_digest(getattr(victim, name))
        }
        if corrected and referral.pk in first:
            first[referral.pk] = dataclasses.replace(first[referral.pk], **corrected)
        kept.append(with_corrections(record, victim))
    return kept


def team_routed(
    referral: Referral | None,
    record: FeedReferral,
    routing: Mapping[str, Team],
    team: Team | None,
) -> Team | None:
    """The team a copy of a stored referral is routed to: its own team while the copy
    carries the postcode an officer corrected (an officer's correction never moves a case or
    its referral, ADR 71: a victim who moved away is a transfer), else `team`, the team of
    the copy's postcode. No query: the teams are the routing table's."""
    if referral is None or not referral.victim.hub_corrected:
        return team
    mark = referral.victim.hub_corrected.get("postcode")
    if mark is None or record.postcode != referral.victim.postcode:
        return team
    if mark[1] != value_digest(referral.victim.postcode) or referral.team_id is None:
        return team
    return next((t for t in routing.values() if t.pk == referral.team_id), team)
