"""The referral record, its import runs and its transfers between hubs (one module each;
every name is importable from `victimcare.referrals.models` as before)."""

from victimcare.referrals.models.imports import (
    IMPORT_RUN_STATES,
    ImportChunk,
    ImportKind,
    ImportRejection,
    ImportRun,
    ImportStatus,
)
from victimcare.referrals.models.referral import (
    FLAG_LABELS,
    AutoReferralChoice,
    Channel,
    Consent,
    EntitlementLevel,
    IncidentType,
    LawfulBasis,
    PoliceReport,
    Referral,
    VictimDetails,
)
from victimcare.referrals.models.transfers import (
    TRANSFER_STATES,
    PeerHub,
    Transfer,
    TransferStatus,
)

__all__ = [
    "FLAG_LABELS",
    "IMPORT_RUN_STATES",
    "TRANSFER_STATES",
    "AutoReferralChoice",
    "Channel",
    "Consent",
    "EntitlementLevel",
    "ImportChunk",
    "ImportKind",
    "ImportRejection",
    "ImportRun",
    "ImportStatus",
    "IncidentType",
    "LawfulBasis",
    "PeerHub",
    "PoliceReport",
    "Referral",
    "Transfer",
    "TransferStatus",
    "VictimDetails",
]
