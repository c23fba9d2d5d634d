"""The one state-machine helper: allowed moves pass, anything else is refused in words."""

import pytest
from django.db import models

from victimcare.core.states import InvalidTransition, Move, StateMachine, refused_with, table
from victimcare.dataprotection.models import RIGHTS_REQUEST_STATES, RightsRequestStatus
from victimcare.feedback.models import COMPLAINT_STATES, ComplaintStatus
from victimcare.referrals.models import (
    IMPORT_RUN_STATES,
    TRANSFER_STATES,
    ImportStatus,
    TransferStatus,
)


class Door(models.TextChoices):
    SHUT = "shut", "Shut"
    OPEN = "open", "Open"
    LOCKED = "locked", "Locked"


DOOR = StateMachine(
    states=Door,
    moves={
        Door.SHUT: (Move(Door.OPEN, "Open the door"), Move(Door.LOCKED, "Lock it", by="keyholder")),
        Door.OPEN: (Move(Door.SHUT, "Shut the door"),),
        Door.LOCKED: (),
    },
    refusal=refused_with("A door that is {current} cannot become {target}"),
)


def test_an_allowed_move_is_returned_with_its_label_and_who_makes_it():
    move = DOOR.transition(Door.SHUT, Door.LOCKED)
    assert (move.target, move.label, move.by) == ("locked", "Lock it", "keyholder")
    assert DOOR.can(Door.OPEN, Door.SHUT)
    assert [m.target for m in DOOR.allowed(Door.SHUT)] == ["open", "locked"]


def test_a_move_not_in_the_table_is_refused_with_a_reason_a_person_reads():
    with pytest.raises(InvalidTransition) as refused:
        DOOR.transition(Door.OPEN, Door.LOCKED)
    assert refused.value.reason == "A door that is open cannot become locked"
    assert str(refused.value) == refused.value.reason
    assert DOOR.why_not(Door.LOCKED, Door.OPEN) == "A door that is locked cannot become open"
    assert DOOR.why_not(Door.SHUT, Door.OPEN) is None


def test_staying_put_is_refused_unless_the_table_lists_it():
    assert not DOOR.can(Door.SHUT, Door.SHUT)


def test_a_status_missing_from_the_table_can_go_nowhere():
    partial = StateMachine(states=Door, moves=table({Door.SHUT: [Door.OPEN]}))
    assert partial.allowed(Door.OPEN) == ()
    assert partial.why_not(Door.OPEN, Door.SHUT) == "Something that is open cannot become shut"


def test_a_table_naming_something_that_is_not_a_status_fails_at_import():
    with pytest.raises(ValueError, match="ajar"):
        StateMachine(states=Door, moves=table({Door.SHUT: ["ajar"]}))


def test_table_accepts_plain_targets_and_moves():
    moves = table({Door.SHUT: [Door.OPEN, Move(Door.LOCKED, "Lock")]})
    assert moves == {"shut": (Move("open"), Move("locked", "Lock"))}


@pytest.mark.parametrize(
    ("machine", "current", "target", "allowed"),
    [
        (IMPORT_RUN_STATES, ImportStatus.QUEUED, ImportStatus.RUNNING, True),
        (IMPORT_RUN_STATES, ImportStatus.RUNNING, ImportStatus.RUNNING, False),
        (IMPORT_RUN_STATES, ImportStatus.FINISHED, ImportStatus.RUNNING, False),
        (TRANSFER_STATES, TransferStatus.MANUAL, TransferStatus.SENT_MANUALLY, True),
        (TRANSFER_STATES, TransferStatus.QUEUED, TransferStatus.SENT_MANUALLY, False),
        (TRANSFER_STATES, TransferStatus.FAILED, TransferStatus.SENT, True),
        (RIGHTS_REQUEST_STATES, RightsRequestStatus.OPEN, RightsRequestStatus.COMPLETED, True),
        (RIGHTS_REQUEST_STATES, RightsRequestStatus.REFUSED, RightsRequestStatus.COMPLETED, False),
        (COMPLAINT_STATES, ComplaintStatus.OPEN, ComplaintStatus.RESOLVED, True),
        (COMPLAINT_STATES, ComplaintStatus.RESOLVED, ComplaintStatus.RESOLVED, False),
    ],
)
def test_the_status_fields_use_one_shape_of_table(machine, current, target, allowed):
    assert machine.can(current, target) is allowed


def test_every_status_of_each_field_is_in_its_table():
    for machine in (IMPORT_RUN_STATES, TRANSFER_STATES, RIGHTS_REQUEST_STATES, COMPLAINT_STATES):
        assert set(machine.moves) == set(machine.states.values)
