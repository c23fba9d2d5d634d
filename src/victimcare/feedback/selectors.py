"""Reads of complaints, scoped to the member of staff, each read written to the access log."""

from django.db.models import QuerySet

from victimcare.accounts.models import User
from victimcare.accounts.selectors import runs_area_hubs
from victimcare.audit.services import access_record, access_record_of
from victimcare.cases.models import Case, CaseNote
from victimcare.feedback.models import CaseMessage, Complaint, SurveyInvitation

LISTED = 200


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    """Complaints belong to the organisation that runs the area's hubs: only its staff see
    them; anyone else sees none."""
    if not runs_area_hubs(user.organisation):
        return Complaint.objects.none()
    return Complaint.objects.all()


def complaints_list(*, user: User, route: str) -> list[Complaint]:
    """The latest complaints the user may see, newest first; the read is access-logged."""
    rows = list(complaints_visible_to(user)[:LISTED])
    if rows:
        access_record(
            user=user,
            route=route,
            object_type="feedback.complaint",
            object_ids=[c.pk for c in rows],
            person_ids=[],
        )
    return rows


def complaint_for(*, user: User, complaint_id: int) -> Complaint | None:
    """One complaint if the user may see it, unlogged: for a change the page then redirects
    from. A page that shows it reads it with `complaint_shown`."""
    return complaints_visible_to(user).filter(pk=complaint_id).first()


def complaint_shown(*, user: User, complaint_id: int, route: str) -> Complaint | None:
    """One complaint if the user may see it; the read is access-logged."""
    complaint = complaint_for(user=user, complaint_id=complaint_id)
    if complaint is not None:
        access_record_of(user=user, route=route, obj=complaint, person_ids=[])
    return complaint


# --- The victim's own pages (Track my case, the survey): no user, the session or the link
# names the record.


def tracked_case(case_id: int | None) -> Case | None:
    """The case a victim signed in to Track my case for (its id kept in their session)."""
    if not case_id:
        return None
    return Case.objects.select_related("officer", "team").filter(pk=case_id).first()


def tracked_messages(case: Case) -> QuerySet[CaseMessage]:
    """The messages between the victim and their case's officers."""
    return CaseMessage.objects.filter(case=case)


def tracked_updates(case: Case) -> QuerySet[CaseNote]:
    """The case's notes the officer shared with the victim, newest first."""
    return case.notes.filter(shared_with_victim=True).order_by("-written_at")


def survey_invitation(token: str) -> SurveyInvitation | None:
    """The survey invitation a link's token names, if any."""
    return SurveyInvitation.objects.filter(token=token).first()
