"""Deny by default, proven for every route: each view declares who may use it."""

import pytest
from django.urls import URLPattern

from tests.core.routes import all_routes, example_url
from tests.factories import CaseTaskFactory, ImportRunFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.core.access import declared_access

# Django's admin checks is_staff itself for every page; administrators only get is_staff.
SELF_GUARDED_NAMESPACES = {"admin"}


ROUTES = [(route, ns, p) for route, ns, p in all_routes() if ns not in SELF_GUARDED_NAMESPACES]


def test_the_walk_finds_the_project_routes() -> None:
    names = {p.name for _, _, p in ROUTES}
    assert {"staff-home", "queue", "detail", "sign-in", "sign-out", "home"} <= names


@pytest.mark.parametrize(("route", "namespace", "pattern"), ROUTES, ids=[r for r, _, _ in ROUTES])
def test_every_route_declares_its_access(route: str, namespace: str, pattern: URLPattern) -> None:
    assert declared_access(pattern.callback), f"/{route} declares no capability and is not public"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "namespace", "pattern"), ROUTES, ids=[r for r, _, _ in ROUTES])
def test_anonymous_users_only_reach_public_routes(
    client, route: str, namespace: str, pattern: URLPattern
) -> None:
    url = example_url(route)
    response = client.get(url)
    access = declared_access(pattern.callback)
    if access == "public":
        # A public page answers, or sends the visitor to another public page (the first
        # question of a form they opened midway); never to sign-in.
        # A public page naming a record that does not exist (a survey link) answers 404.
        assert (
            response.status_code == 200
            or (response.status_code == 302 and not response["Location"].startswith("/staff/"))
            or ("<" in route and response.status_code == 404)
        )
    elif access == "probe":
        # Health probes answer anyone: ready (200) or not (503), never a sign-in page.
        assert response.status_code in {200, 503}
    elif access == "ops-token":
        # Metrics: refused without the operations token (404 while none is configured).
        assert response.status_code in {401, 404}
    elif access == "api-key":
        # The API never redirects to a sign-in page: no key, no data.
        assert response.status_code in {401, 404, 405}
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/sign-in/")


@pytest.mark.django_db
def test_errors_answer_in_the_format_of_the_area(client) -> None:
    api = client.get("/api/v1/referrals/a/b%0Ac/d")  # no route matches a newline there
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and "Page not found" in page.content.decode()


# The records a route's parameters name, made in the world of one organisation.
@pytest.fixture
def other_organisations_world(northgate):
    from django.utils import timezone

    from tests.factories import CaseFactory, ServiceFactory, onward_referral
    from victimcare.dataprotection.models import RightsRequest
    from victimcare.referrals.models import Transfer

    case = CaseFactory(team=northgate, referral__person__given_name="Zebedee")
    run = ImportRunFactory(filename="feed.csv", organisation=northgate.organisation)
    transfer = Transfer.objects.create(referral=case.referral, status="manual", postcode_area="LS")
    onward = onward_referral(case, ServiceFactory(), ["contact", "crime", "needs"])
    rights = RightsRequest.objects.create(
        kind="access",
        person=case.person,
        received_on=timezone.localdate(),
        due_on=timezone.localdate(),
        identity_checked=True,
    )
    from victimcare.cases.models import SupportGoal

    task = CaseTaskFactory(
        case=case, kind="follow_up", title="Ring back", due_on=timezone.localdate()
    )
    goal = SupportGoal.objects.create(case=case, category="health", goal="Sleep better")
    from victimcare.cases.models import SafeguardingReferral

    safeguarding = SafeguardingReferral.objects.create(
        case=case, agency="police", made_on=timezone.localdate(), recorded_by=UserFactory()
    )
    from victimcare.feedback.models import Complaint

    complaint = Complaint.objects.create(
        reference="CP-TEST1-TEST1", name="Zebedee", about="x", respond_by=timezone.localdate()
    )
    from victimcare.justice.models import JusticeEvent, RestorativeJustice, RightToReview
    from victimcare.notifications.models import OutboxMessage

    event = JusticeEvent.objects.create(
        source="test-police",
        crime_reference=case.referral.crime_reference,
        event="no_further_action",
        event_at=timezone.now(),
    )
    review = RightToReview.objects.create(
        case=case, event=event, window_closes_on=timezone.localdate()
    )
    restorative = RestorativeJustice.objects.create(case=case, requested_on=timezone.localdate())
    message = OutboxMessage.objects.create(
        kind="justice_update", destination="victim", payload={}, case=case, status="awaiting"
    )
    from victimcare.commissioning.models import Consultation

    consultation = Consultation.objects.create(
        owner=northgate.organisation,
        title="Victim services consultation",
        introduction="x",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
        published=True,
    )
    from victimcare.commissioning.models import Lot

    lot = Lot.objects.create(
        owner=northgate.organisation,
        name="Advocacy",
        provider_name="Zebedee Trust",
        arrangement="grant",
        value_per_year=10,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    from tests.factories import PersonFactory
    from victimcare.linkage.models import LinkCandidate

    other = PersonFactory(given_name="Zebedee")
    left, right = sorted([case.person, other], key=lambda p: p.pk)
    candidate = LinkCandidate.objects.create(
        left=left, right=right, probability=0.8, match_weight=4, fields=[], model_version=1
    )
    from victimcare.linkage.models import PersonMerge

    joined = PersonFactory(given_name="Zebedee")
    merge = PersonMerge.objects.create(survivor=case.person, merged=joined, moved={})
    from tests.factories import OrganisationFactory
    from victimcare.accounts.api_keys import api_key_issue
    from victimcare.commissioning.models import Exercise, ExerciseStage

    their_key, _ = api_key_issue(
        organisation=OrganisationFactory(kind="police_force"), name="Zebedee feed"
    )
    exercise = Exercise.objects.create(owner=northgate.organisation, name="Victim services")
    stage = ExerciseStage.objects.create(exercise=exercise, stage="award")
    return {
        "key_id": their_key.pk,
        "stage_id": stage.pk,
        "merge_id": merge.pk,
        "candidate_id": candidate.pk,
        "lot_id": lot.pk,
        "consultation_id": consultation.public_id,
        "message_id": message.pk,
        "review_id": review.pk,
        "restorative_id": restorative.pk,
        "complaint_id": complaint.pk,
        "token": "no-such-token",
        "goal_id": goal.pk,
        "safeguarding_id": safeguarding.pk,
        "task_id": task.pk,
        "stage": "first",
        "request_id": rights.pk,
        "case_id": case.pk,
        "run_id": run.pk,
        "transfer_id": transfer.pk,
        "onward_id": onward.pk,
        "service_id": onward.service_id,
        "source": case.referral.source,
        "crime_reference": case.referral.crime_reference,
        "victim_reference": case.referral.victim_reference,
    }


def fill(route: str, values: dict) -> str:
    """The route's address with each parameter naming a record of the other organisation."""
    import re

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


PARAMETERISED = [(r, ns, p) for r, ns, p in ROUTES if "<" in r]
PLAIN = [(r, ns, p) for r, ns, p in ROUTES if "<" not in r]


def test_the_walk_covers_every_route_with_a_record_in_its_address() -> None:
    names = {p.name for _, _, p in PARAMETERISED}
    assert {
        "detail",
        "onward-referral-new",
        "partner-referral",
        "import",
        "referral_get",
        "complaint",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_users_of_another_organisation_get_nothing_from_any_route(
    client, role, other_organisations_world
) -> None:
    from tests.factories import OrganisationFactory, TeamFactory
    from victimcare.accounts.api_keys import api_key_issue

    stranger_org = OrganisationFactory(name="Elsewhere", kind="victim_care_hub")
    team = TeamFactory(organisation=stranger_org, name="Elsewhere hub")
    stranger = UserFactory(role=role, organisation=stranger_org, team=team, is_staff=True)
    client.force_login(stranger)
    force = OrganisationFactory(code="other-police", kind="police_force")
    key = api_key_issue(organisation=force, name="their feed")[1]

    for route, _namespace, pattern in PARAMETERISED:
        url = fill(route, other_organisations_world)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if route.startswith("api/") else {}
        response = client.get(url, **headers)
        if declared_access(pattern.callback) == "public":
            # Public by design (a published consultation): open to all, and no victim data.
            assert b"Zebedee" not in response.content, url
            continue
        assert response.status_code in {403, 404}, f"{role} got {response.status_code} at {url}"
        response = client.post(url, **headers)
        assert response.status_code in {403, 404, 405}, (
            f"{role} got {response.status_code} at {url}"
        )

    for route, _namespace, pattern in PLAIN:
        response = client.get(example_url(route))
        # A readiness probe may say "not ready" (no worker here); it names no record.
        probe = {503} if declared_access(pattern.callback) == "probe" else set()
        assert response.status_code in {200, 302, 401, 403, 404, 405} | probe, route
        assert b"Zebedee" not in response.content, (
            f"{role} saw another organisation's victim at /{route}"
        )


def test_a_route_that_declares_nothing_fails_the_check() -> None:
    """The test of the test: a new view without a declaration is caught."""
    from django.http import HttpResponse
    from django.urls import path

    from tests.core.routes import walk
    from victimcare.core.access import requires_capability

    def undeclared_view(request):
        return HttpResponse("victim data")

    @requires_capability("cases.view")
    def declared_view(request):
        return HttpResponse("victim data")

    patterns = [
        path("staff/new-report/", undeclared_view, name="new-report"),
        path("staff/declared/", declared_view, name="declared"),
    ]
    undeclared = [r for r, _, p in walk(patterns) if not declared_access(p.callback)]
    assert undeclared == ["staff/new-report/"]
