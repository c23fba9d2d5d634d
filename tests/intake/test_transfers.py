"""Out-of-area referrals pass to the victim's home hub: two instances of the hub on loopback."""

import datetime
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.banners import success_banners
from tests.factories import DataSharingAgreementFactory, UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import DisclosureEntry
from victimcare.cases.models import Case
from victimcare.intake.importing import feed_import_file
from victimcare.notifications.models import OutboxMessage
from victimcare.referrals.models import PeerHub, Transfer

pytestmark = pytest.mark.django_db(transaction=True)  # the worker runs outside a test transaction
ROOT = Path(__file__).resolve().parents[2]

SETUP_PEER = """
from victimcare.accounts.models import Organisation, PostcodeDistrict, Team
from victimcare.accounts.api_keys import api_key_issue
hub = Organisation.objects.create(name="Northmoor Victim Care", code="northmoor", kind="victim_care_hub")
peer = Organisation.objects.create(name="Wessex Vale Victim Care", code="wessex-vale", kind="victim_care_hub")
team = Team.objects.create(organisation=hub, name="Manchester hub")
PostcodeDistrict.objects.create(team=team, district="M1")
print(api_key_issue(organisation=peer, name="transfers from Wessex Vale")[1])
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def peer_instance(tmp_path: Path) -> Iterator[dict]:
    """A second Victim Care Hub with its own database, serving HTTP on a loopback port."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'peer.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "victimcare.config.settings.base",
        "DJANGO_DOT_ENV": os.devnull,
        "SECRET_KEY": "peer-instance-test-key-" + "k7Qw2Zp9Lx4Rv8Tn3Ym6Hs1Jd5Fb0Gc",  # 50+
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DJANGO_DEBUG", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
    token = (
        subprocess.run(
            [*manage, "shell", "-c", SETUP_PEER],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )  # the shell may print its auto-imports first
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/api/v1/openapi.json", timeout=1)  # noqa: S310
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield {"url": url, "token": token, "env": env, "manage": manage}
    finally:
        server.terminate()
        server.wait(timeout=10)


def peer_referral(peer: dict, crime_reference: str, transfer_reference: str) -> dict:
    """The referral as the peer holds it: under the sender's own source (its organisation
    code at the peer), keyed by the crime reference and the sender's case reference."""
    shown = subprocess.run(
        [*peer["manage"], "show_referral", "wessex-vale", crime_reference, transfer_reference],
        env=peer["env"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(shown.stdout)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_an_out_of_area_referral_reaches_the_home_hub_once(
    peer_instance, write_csv, northgate, django_capture_on_commit_callbacks
) -> None:
    peer = PeerHub.objects.create(
        name="Northmoor Victim Care",
        postcode_areas=["M"],
        url=peer_instance["url"],
        api_key=peer_instance["token"],
    )
    DataSharingAgreementFactory(peer_hub=peer, reference="DSA-NM-1")
    with django_capture_on_commit_callbacks(execute=True):
        feed_import_file(
            path=write_csv(feed_csv([row(crime_reference="CR/77", postcode="M1 1AE")]))
        )
    transfer = Transfer.objects.get()
    assert transfer.status == "queued" and transfer.referral.out_of_area

    run_worker()

    transfer.refresh_from_db()
    assert transfer.status == "sent" and transfer.receiver_reference.startswith("VC-")
    assert Case.objects.get().status == "transferred_out"
    disclosure = DisclosureEntry.objects.get()
    assert (disclosure.recipient, disclosure.route) == ("Northmoor Victim Care", "transfer")
    assert disclosure.object_ids == [str(transfer.referral_id)]
    assert "DSA-NM-1" in disclosure.lawful_basis
    assert disclosure.people == f",{transfer.referral.person_id},"
    received = peer_referral(peer_instance, "CR/77", transfer.referral.case.reference)
    assert received["channel"] == "transfer"
    assert received["unknown_columns"]["police_source"] == "test-police"
    assert received["hub"] == "Manchester hub" and received["out_of_area"] is False
    assert received["victim"]["given_name"] == "Amelia"
    assert received["case"]["reference"] == transfer.receiver_reference

    # The same package again (a retry after a lost answer) changes nothing at the peer.
    message = OutboxMessage.objects.get()
    again = OutboxMessage.objects.create(
        kind="transfer",
        destination=message.destination,
        payload=message.payload,
        related_type=message.related_type,
        related_id=message.related_id,
    )
    from victimcare.notifications.delivery import outbox_deliver

    assert outbox_deliver(message_id=again.pk).status == "sent"
    again_received = peer_referral(peer_instance, "CR/77", transfer.referral.case.reference)
    assert again_received["case"]["reference"] == transfer.receiver_reference


def test_an_unreachable_peer_is_retried_and_nothing_is_disclosed(
    write_csv, northgate, django_capture_on_commit_callbacks
) -> None:
    peer = PeerHub.objects.create(
        name="Offline hub", postcode_areas=["M"], url=f"http://127.0.0.1:{free_port()}", api_key="x"
    )
    DataSharingAgreementFactory(peer_hub=peer)
    with django_capture_on_commit_callbacks(execute=True):
        feed_import_file(path=write_csv(feed_csv([row(postcode="M1 1AE")])))
    run_worker()
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == ("failed", 1)
    assert "could not be reached" in message.last_error
    assert Transfer.objects.get().status == "failed"
    assert not DisclosureEntry.objects.exists()
    # The retry waits its backoff: a sweep before it changes nothing, one after it tries again.
    assert message.next_attempt_at > timezone.now()
    call_command("deliver_outbox", verbosity=0)
    assert OutboxMessage.objects.get().attempts == 1
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    call_command("deliver_outbox", verbosity=0)
    retried = OutboxMessage.objects.get()
    assert (retried.status, retried.attempts) == ("failed", 2)
    assert retried.next_attempt_at - timezone.now() > message.next_attempt_at - message.created_at


def test_without_a_peer_hub_the_referral_waits_for_a_person(client, write_csv, northgate) -> None:
    feed_import_file(path=write_csv(feed_csv([row(postcode="LS6 2AA")])))
    transfer = Transfer.objects.get()
    assert (transfer.status, transfer.postcode_area) == ("manual", "LS")
    assert not OutboxMessage.objects.exists()
    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    leader.organisation.kind = "victim_care_hub"
    leader.organisation.save()
    client.force_login(leader)
    page = client.get(reverse("referrals:transfers")).content.decode()
    assert transfer.referral.case.reference in page
    package = client.get(reverse("referrals:transfer-package", args=[transfer.pk]))
    lines = package.content.decode().splitlines()
    assert lines[0].startswith("source,crime_reference,victim_reference,reported_at")
    assert "LS6 2AA" in lines[1]
    assert DisclosureEntry.objects.get().route == "manual transfer package"

    # Sent by a secure route: the officer records the home area's reference.
    url = reverse("referrals:transfer-sent", args=[transfer.pk])
    refused = client.post(url, {"reference": " "})
    assert "Enter the home area&#x27;s reference" in refused.content.decode()
    sent = client.post(url, {"reference": "LEEDS-4471"}, follow=True)
    assert success_banners(sent) == ["Referral marked as sent to its home area"]
    transfer.refresh_from_db()
    assert (transfer.status, transfer.receiver_reference) == ("sent_manually", "LEEDS-4471")
    assert transfer.referral.case.status == "transferred_out"
    assert (
        transfer.referral.case.reference
        not in client.get(reverse("referrals:transfers"))
        .content.decode()
        .split("Sent to peer hubs")[0]
    )
    assert client.post(url, {"reference": "again"}).status_code == 404  # off the manual list


def test_nothing_goes_to_a_peer_hub_without_a_sharing_agreement(
    write_csv, northgate, django_capture_on_commit_callbacks
) -> None:
    peer = PeerHub.objects.create(
        name="Northmoor Victim Care", postcode_areas=["M"], url="http://127.0.0.1:9", api_key="x"
    )
    DataSharingAgreementFactory(peer_hub=peer, revoked_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        feed_import_file(path=write_csv(feed_csv([row(postcode="M1 1AE")])))
    assert Transfer.objects.get().status == "held"
    assert not OutboxMessage.objects.exists()
    assert not DisclosureEntry.objects.exists()


def test_an_agreement_ended_before_sending_holds_the_transfer(
    write_csv, northgate, django_capture_on_commit_callbacks
) -> None:
    peer = PeerHub.objects.create(
        name="Northmoor Victim Care", postcode_areas=["M"], url="http://127.0.0.1:9", api_key="x"
    )
    agreement = DataSharingAgreementFactory(peer_hub=peer)
    with django_capture_on_commit_callbacks(execute=True):
        feed_import_file(path=write_csv(feed_csv([row(postcode="M1 1AE")])))
    agreement.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    agreement.save()
    run_worker()
    assert Transfer.objects.get().status == "held"
    assert "no data sharing agreement" in OutboxMessage.objects.get().last_error
    assert not DisclosureEntry.objects.exists()
