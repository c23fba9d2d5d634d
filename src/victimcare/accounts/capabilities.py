"""Roles and the named capabilities each holds (docs/domain.md §2).

A capability is a verb on a part of the hub (`cases.view`). Views and API operations name
the capability they need; a role holds a fixed set. Nothing here touches the database, so
the table is the single place to read who may do what. Object scope (which cases, which
organisation) is applied by selectors and `rules` predicates on top of this.
"""

from django.db import models


class Role(models.TextChoices):
    VICTIM_CARE_OFFICER = "victim_care_officer", "Victim care officer"
    TEAM_LEADER = "team_leader", "Team leader or hub manager"
    PARTNER_WORKER = "partner_worker", "Partner service worker"
    POLICE_REFERRER = "police_referrer", "Police referrer or witness care"
    COMMISSIONER = "commissioner", "Commissioner (OPCC)"
    AUDITOR = "auditor", "Auditor or data protection officer"
    ADMINISTRATOR = "administrator", "Administrator"


CAPABILITIES: dict[str, str] = {
    "staff.home": "Use the staff area",
    "cases.view": "View cases of your team",
    "cases.view_queue": "See your team's queue of new cases",
    "cases.allocate": "Allocate cases to officers",
    "cases.refer_onward": "Refer a victim, with consent, to a specialist support service",
    "cases.work": "Work a case: contact, notes, safe-contact rules, status",
    "linkage.review": "Decide whether two records are the same victim, and undo a merge",
    "linkage.view_model": "See the repeat-victim linkage model's weights (no victim data)",
    "referrals.view": "View referrals your organisation sent or received",
    "referrals.import": "Import a police referral feed",
    "referrals.view_sent": "View referrals your organisation sent",
    "referrals.refer": "Refer a victim to the hub with their consent (partner referral form)",
    "partner_referrals.view": "View onward referrals to your service that the victim consented to",
    "insights.view_aggregates": "View aggregate figures (no victim identities)",
    "commissioning.manage": "Manage contracts, funding and the commissioning cycle",
    "compliance.view": "See the Victims' Code compliance return (counts, no identities)",
    "complaints.handle": "See and answer complaints (Victims' Code right 12)",
    "audit.view_access_log": "Search the access log",
    "audit.subject_access": "Handle subject access requests",
    "dataprotection.oversee": (
        "See the retention rules, legal holds, sharing agreements and disposal log"
    ),
    "directory.manage": "Edit the service directory",
    "accounts.manage": "Manage users, organisations and teams",
    "api_keys.manage": "See, issue and revoke your organisation's API keys",
    # Held by organisations through their API keys, never by people.
    "api.referrals.submit": "Send referrals through the API",
    "api.referrals.view_sent": "Read back referrals the organisation sent",
    "api.justice_updates.submit": "Send justice updates (police, witness care) through the API",
    "api.transfers.submit": "Pass an out-of-area referral to this hub (peer hubs)",
    "referrals.transfer": "See out-of-area referrals to send by hand, and download their packages",
}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.VICTIM_CARE_OFFICER: frozenset(
        {
            "staff.home",
            "cases.view",
            "cases.view_queue",
            "cases.work",
            "cases.refer_onward",
            "referrals.view",
            "linkage.review",
        }
    ),
    Role.TEAM_LEADER: frozenset(
        {
            "staff.home",
            "cases.view",
            "cases.view_queue",
            "cases.allocate",
            "complaints.handle",
            "cases.work",
            "cases.refer_onward",
            "referrals.view",
            "referrals.import",
            "referrals.transfer",
            "compliance.view",
            "linkage.review",
            "linkage.view_model",
        }
    ),
    Role.PARTNER_WORKER: frozenset({"staff.home", "partner_referrals.view", "referrals.refer"}),
    Role.POLICE_REFERRER: frozenset(
        {
            "staff.home",
            "referrals.view_sent",
            "referrals.import",
            "referrals.refer",
            "api_keys.manage",
        }
    ),
    Role.COMMISSIONER: frozenset(
        {"staff.home", "insights.view_aggregates", "commissioning.manage", "compliance.view"}
    ),
    Role.AUDITOR: frozenset(
        {"staff.home", "audit.view_access_log", "audit.subject_access", "dataprotection.oversee"}
    ),
    Role.ADMINISTRATOR: frozenset(
        {"staff.home", "directory.manage", "accounts.manage", "linkage.view_model"}
    ),
}

_unknown = {cap for caps in ROLE_CAPABILITIES.values() for cap in caps} - CAPABILITIES.keys()
if _unknown:  # pragma: no cover - a typo in the table above must stop the hub starting
    raise RuntimeError(f"Roles name unknown capabilities: {sorted(_unknown)}")


# What an organisation's API key may do, by the kind of organisation.
ORGANISATION_API_CAPABILITIES: dict[str, frozenset[str]] = {
    "police_force": frozenset(
        {"api.referrals.submit", "api.referrals.view_sent", "api.justice_updates.submit"}
    ),
    "support_provider": frozenset({"api.referrals.submit", "api.referrals.view_sent"}),
    "victim_care_hub": frozenset({"api.transfers.submit"}),
    "commissioner_office": frozenset(),
}


def organisation_has_api_capability(kind: str, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    return capability in ORGANISATION_API_CAPABILITIES.get(kind, frozenset())


def role_has_capability(role: str, capability: str) -> bool:
    """True if `role` holds `capability`. Unknown capabilities fail loudly."""
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    return capability in ROLE_CAPABILITIES.get(role, frozenset())
