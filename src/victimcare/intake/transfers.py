"""Out-of-area referrals: passed to the victim's home hub, or listed for a person to send.

A referral whose postcode no hub here covers is out of area. If a configured peer hub
covers its postcode area, a transfer package (the referral as a feed v1 row) goes through
the outbox to that hub's POST /api/v1/transfers after commit, and the disclosure is
logged when it is delivered. Otherwise it waits on the manual transfer list. Nothing goes
to a peer hub without a data sharing agreement in force: such a transfer is held.
"""

import json
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event, audit_events_save, disclosure_record
from victimcare.cases.models import CaseStatus
from victimcare.cases.services.record import case_transition
from victimcare.dataprotection.selectors import agreement_in_force, peer_hubs_with_agreement
from victimcare.notifications.delivery import DeliveryFailed, outbox_enqueue
from victimcare.notifications.models import OutboxMessage
from victimcare.referrals.documents import referral_feed_row
from victimcare.referrals.models import (
    TRANSFER_STATES,
    PeerHub,
    Referral,
    Transfer,
    TransferStatus,
)

LAWFUL_BASIS = "Victims' Code: details pass to the support service of the victim's home area"


def postcode_area(district: str) -> str:
    match = re.match(r"[A-Z]{1,2}", district)
    return match.group(0) if match else ""


def transfer_package(referral: Referral) -> dict[str, Any]:
    return {
        "from_hub": settings.VCH_SERVICE_NAME,
        "transfer_reference": referral.case.reference,
        "referral": referral_feed_row(referral),
    }


@transaction.atomic
def transfers_open(*, referrals: Sequence[Referral]) -> list[Transfer]:
    """Open a transfer for each out-of-area referral: to a peer hub, or to the manual list."""
    out_of_area = [r for r in referrals if r.out_of_area and r.person.postcode]
    if not out_of_area:
        return []
    peers = {
        area: peer for peer in PeerHub.objects.filter(active=True) for area in peer.postcode_areas
    }
    agreed = peer_hubs_with_agreement()
    transfers = []
    for referral in out_of_area:
        area = postcode_area(referral.postcode_district)
        peer = peers.get(area)
        if peer is None:
            status = TransferStatus.MANUAL
        elif peer.pk in agreed:
            status = TransferStatus.QUEUED
        else:
            status = TransferStatus.HELD
        transfers.append(
            Transfer(referral=referral, peer_hub=peer, postcode_area=area, status=status)
        )
    Transfer.objects.bulk_create(transfers)
    audit_events_save(
        [
            audit_event(
                action=AuditAction.TRANSFER_OPENED,
                obj=transfer,
                data={"peer_hub_id": transfer.peer_hub_id, "postcode_area": transfer.postcode_area},
            )
            for transfer in transfers
        ]
    )
    for transfer in transfers:
        if transfer.status == TransferStatus.QUEUED and transfer.peer_hub is not None:
            outbox_enqueue(
                kind="transfer",
                destination=transfer.peer_hub.transfers_url,
                payload=transfer_package(transfer.referral),
                related_type="referrals.transfer",
                related_id=transfer.pk,
            )
    return transfers


def transfer_send(message: OutboxMessage) -> None:
    """Outbox sender: POST the package to the peer hub; mark the transfer and case."""
    transfer = Transfer.objects.select_related("peer_hub", "referral__case").get(
        pk=message.related_id
    )
    peer = transfer.peer_hub
    if peer is None:
        raise DeliveryFailed("the transfer has no peer hub")
    agreement = agreement_in_force(peer_hub=peer)
    if agreement is None:
        transfer.status = TransferStatus.HELD
        transfer.save(update_fields=["status"])
        raise DeliveryFailed(f"no data sharing agreement in force with {peer.name}")
    request = urllib.request.Request(  # noqa: S310 - the URL is an administrator's https/http setting
        message.destination,
        data=json.dumps(message.payload).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {peer.api_key}",
            "Content-Type": "application/json",
            "Idempotency-Key": str(message.idempotency_key),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            body = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        transfer.status = TransferStatus.FAILED
        transfer.save(update_fields=["status"])
        raise DeliveryFailed(f"{peer.name} answered {error.code}") from None
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        transfer.status = TransferStatus.FAILED
        transfer.save(update_fields=["status"])
        raise DeliveryFailed(f"{peer.name} could not be reached ({type(error).__name__})") from None
    if body.get("status") == "rejected":
        transfer.status = TransferStatus.FAILED
        transfer.save(update_fields=["status"])
        columns = ", ".join(e.get("column", "") for e in body.get("errors", []))
        raise DeliveryFailed(f"{peer.name} rejected the package ({columns})")
    # The peer has it: record that, and the disclosure, together.
    with transaction.atomic():
        transfer.status = TransferStatus.SENT
        transfer.sent_at = timezone.now()
        transfer.receiver_reference = str(body.get("case_reference") or "")[:40]
        transfer.save(update_fields=["status", "sent_at", "receiver_reference"])
        case = transfer.referral.case
        if case.status == CaseStatus.NEW:
            case.status = CaseStatus.TRANSFERRED_OUT
            case.save(update_fields=["status", "updated_at"])
        disclosure_record(
            recipient=peer.name,
            route="transfer",
            object_type="referrals.referral",
            object_ids=[transfer.referral_id],
            person_ids=[transfer.referral.person_id],
            lawful_basis=f"{LAWFUL_BASIS}; data sharing agreement {agreement.reference}",
            actor_label="outbox",
        )
        audit_events_save(
            [
                audit_event(
                    action=AuditAction.TRANSFER_SENT, obj=transfer, data={"peer_hub_id": peer.pk}
                )
            ]
        )


class TransferRefused(Exception):
    """The transfer cannot be marked so; the message says why."""


@transaction.atomic
def transfer_sent_by_hand(*, transfer: Transfer, receiver_reference: str, actor: Any) -> Transfer:
    """An officer sent the package to the home area by a secure route: record it, with the
    home area's reference, and the case leaves this hub."""
    current = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("referral__case")
        .get(pk=transfer.pk)
    )
    if not TRANSFER_STATES.can(current.status, TransferStatus.SENT_MANUALLY):
        raise TransferRefused("This referral is not waiting to be sent by hand")
    if not receiver_reference.strip():
        raise TransferRefused("Enter the home area's reference, or what they said")
    current.status, current.sent_at = TransferStatus.SENT_MANUALLY, timezone.now()
    current.receiver_reference = receiver_reference.strip()[:40]
    current.save(update_fields=["status", "sent_at", "receiver_reference"])
    case = current.referral.case
    if case.status == CaseStatus.NEW:
        case_transition(
            case=case,
            target=CaseStatus.TRANSFERRED_OUT,
            actor=actor,
            reason="Sent by hand to the victim's home area",
        )
    audit_events_save(
        [audit_event(action=AuditAction.TRANSFER_SENT_BY_HAND, obj=current, actor=actor)]
    )
    return current
