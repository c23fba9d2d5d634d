"""Complaints are read through a selector scoped to the member of staff, and logged."""

import pytest

from tests.factories import OrganisationFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.audit.models import AccessLogEntry
from victimcare.feedback.selectors import complaint_for, complaints_list
from victimcare.feedback.services import complaint_record

pytestmark = pytest.mark.django_db


def _complaint():
    return complaint_record(
        name="Gwen Jones", email="", phone="", case_reference="", about="Nobody called me back"
    )


def test_staff_of_the_organisation_running_the_hubs_see_complaints_and_the_read_is_logged(
    northgate,
):
    complaint = _complaint()
    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    assert complaints_list(user=leader, route="feedback:complaints") == [complaint]
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.route, entry.object_ids) == (
        leader,
        "feedback:complaints",
        [str(complaint.pk)],
    )
    assert complaint_for(user=leader, complaint_id=complaint.pk) == complaint


def test_staff_of_another_organisation_see_no_complaints_and_nothing_is_logged(northgate):
    complaint = _complaint()
    provider = OrganisationFactory(kind=OrganisationKind.SUPPORT_PROVIDER)
    outsider = UserFactory(role=Role.TEAM_LEADER, organisation=provider)
    assert complaints_list(user=outsider, route="feedback:complaints") == []
    assert complaint_for(user=outsider, complaint_id=complaint.pk) is None
    assert not AccessLogEntry.objects.exists()
