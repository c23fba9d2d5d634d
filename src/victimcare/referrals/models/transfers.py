"""Referrals sent to and received from other areas' hubs."""

from django.db import models

from victimcare.core.fields import EncryptedCharField
from victimcare.core.states import StateMachine, refused_with, table
from victimcare.referrals.models.referral import Referral


class PeerHub(models.Model):
    """Another area's victim care hub that takes referrals for victims who live there."""

    name = models.CharField(max_length=200)
    postcode_areas = models.JSONField(
        default=list, help_text='Postcode areas it covers, e.g. ["M", "LS", "CF"]'
    )
    url = models.URLField(help_text="Its hub's base address, e.g. https://hub.example.org")
    api_key = EncryptedCharField(
        max_length=200,
        help_text="The key that hub issued to this one for POST /api/v1/transfers (encrypted)",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def transfers_url(self) -> str:
        return self.url.rstrip("/") + "/api/v1/transfers"


class TransferStatus(models.TextChoices):
    QUEUED = "queued", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (retrying)"
    MANUAL = "manual", "To send by hand"
    SENT_MANUALLY = "sent_manually", "Sent by hand"
    HELD = "held", "Held: no data sharing agreement in force"


# A transfer to a peer hub is sent by the outbox (held while no agreement is in force, failed
# while the peer refuses or cannot be reached, both retried); one with no peer hub waits for
# an officer to send it by hand.
_AUTOMATIC = [TransferStatus.SENT, TransferStatus.FAILED, TransferStatus.HELD]
TRANSFER_STATES = StateMachine(
    states=TransferStatus,
    moves=table(
        {
            TransferStatus.QUEUED: _AUTOMATIC,
            TransferStatus.FAILED: _AUTOMATIC,
            TransferStatus.HELD: _AUTOMATIC,
            TransferStatus.SENT: [],
            TransferStatus.MANUAL: [TransferStatus.SENT_MANUALLY],
            TransferStatus.SENT_MANUALLY: [],
        }
    ),
    refusal=refused_with("A transfer that is {current} cannot become {target}"),
)


class Transfer(models.Model):
    """An out-of-area referral passed to the victim's home area."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="transfer")
    peer_hub = models.ForeignKey(PeerHub, null=True, blank=True, on_delete=models.PROTECT)
    postcode_area = models.CharField(max_length=2, blank=True)
    status = models.CharField(max_length=14, choices=TransferStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    receiver_reference = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"Transfer of referral {self.referral_id}"
