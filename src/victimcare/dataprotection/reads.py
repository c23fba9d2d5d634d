"""Reads of a person's data for the data protection pages: each scopes to the auditor (staff
of the organisation that runs the area's hubs) and writes the access-log row itself, so a
page cannot forget it."""

from dataclasses import dataclass

from django.db.models import QuerySet

from victimcare.accounts.models import User
from victimcare.accounts.selectors import runs_area_hubs
from victimcare.audit.services import access_record, access_record_of
from victimcare.cases.models import Case
from victimcare.dataprotection.models import LegalHold, RightsRequest
from victimcare.dataprotection.selectors import erasure_preview, legal_holds_in_force
from victimcare.people.models import Person


@dataclass(frozen=True)
class RightsRequestShown:
    rights: RightsRequest
    person: Person
    cases: list[str]  # the references of the person's cases


@dataclass(frozen=True)
class ErasureShown(RightsRequestShown):
    erased: list[tuple[str, str]]  # what erasing the person removes, in words
    on_hold: bool


def rights_request_for(user: User, request_id: int) -> RightsRequest | None:
    """A rights request, if the user is an auditor of the hubs' organisation (unlogged: for
    a change the page then redirects from)."""
    if not runs_area_hubs(user.organisation):
        return None
    return RightsRequest.objects.select_related("person").filter(pk=request_id).first()


def rights_requests_for(user: User) -> QuerySet[RightsRequest]:
    """Every rights request, open ones first by due date, for an auditor of the hubs'
    organisation; none for anyone else. The list names no person, so it is not logged."""
    if not runs_area_hubs(user.organisation):
        return RightsRequest.objects.none()
    return RightsRequest.objects.order_by("status", "due_on", "id")


def case_for_reference(user: User, reference: str) -> Case | None:
    """The case a reference typed by an auditor names (any case of the hubs), unlogged: the
    pages use it to find a person to search the logs by or record a request for."""
    if not runs_area_hubs(user.organisation):
        return None
    return Case.objects.filter(reference=reference.strip().upper()).first()


def _person_read(user: User, person: Person, route: str) -> list[str]:
    access_record_of(user=user, route=route, obj=person, person_ids=[person.pk])
    return list(Case.objects.filter(person=person).values_list("reference", flat=True))


def rights_request_shown(*, user: User, request_id: int, route: str) -> RightsRequestShown | None:
    """A rights request with its person and their cases; the read of the person is logged."""
    rights = rights_request_for(user, request_id)
    if rights is None:
        return None
    cases = _person_read(user, rights.person, route)
    return RightsRequestShown(rights=rights, person=rights.person, cases=cases)


def erasure_shown(*, user: User, request_id: int, route: str) -> ErasureShown | None:
    """An erasure request with what erasing its person removes; the read is logged."""
    rights = rights_request_for(user, request_id)
    if rights is None:
        return None
    person = rights.person
    cases = _person_read(user, person, route)
    return ErasureShown(
        rights=rights,
        person=person,
        cases=cases,
        erased=erasure_preview(person),
        on_hold=LegalHold.objects.filter(person=person, lifted_at__isnull=True).exists(),
    )


def legal_holds_shown(*, user: User, route: str) -> list[tuple[LegalHold, list[str]]]:
    """The legal holds in force, with their people's case references; they name people, so
    reading them is logged (when there are any)."""
    if not runs_area_hubs(user.organisation):
        return []
    holds = legal_holds_in_force()
    if holds:
        access_record(
            user=user,
            route=route,
            object_type="dataprotection.legalhold",
            object_ids=[hold.pk for hold, _ in holds],
            person_ids=[hold.person_id for hold, _ in holds],
        )
    return holds
