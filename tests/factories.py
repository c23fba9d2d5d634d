"""factory_boy factories with Faker en_GB: invented people only."""

import datetime
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import Organisation, OrganisationKind, PostcodeDistrict, Team, User
from victimcare.cases.models import Case, CaseTask, OnwardReferral, TaskKind
from victimcare.dataprotection.models import DataSharingAgreement
from victimcare.directory.models import Service
from victimcare.feedback.models import SurveyInvitation
from victimcare.people.models import Person
from victimcare.referrals.models import Channel, ImportRun, Referral, VictimDetails

factory.Faker._DEFAULT_LOCALE = "en_GB"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    code = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.VICTIM_CARE_HUB


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Hub {n}")

    @factory.post_generation
    def districts(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        for district in extracted or []:
            PostcodeDistrict.objects.create(team=self, district=district)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.VICTIM_CARE_OFFICER
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    kind = "individual"
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    postcode = "BS1 4DJ"


VICTIM_DETAILS = (
    "kind",
    "given_name",
    "family_name",
    "business_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "first_language",
    "interpreter_needed",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "preferred_contact",
    "safe_to_contact",
    "contact_notes",
)


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    source = "test-police"
    crime_reference = factory.Sequence(lambda n: f"CR/{n:06d}")
    victim_reference = "V1"
    channel = Channel.POLICE_FEED
    person = factory.SubFactory(PersonFactory)
    reported_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=3))
    incident_type = "crime"
    crime_category = "Burglary"
    offence_description = "Burglary in a dwelling"
    referral_consent = "given"
    postcode_district = "BS1"
    entitlement_level = "standard"
    auto_referral = "consent_given"
    auto_referral_reason = "The victim consented to referral to support services"
    contact_due_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=2))
    contact_due_reason = "Victims' Code: 2 working days"
    update_within_working_days = 5

    @factory.post_generation
    def victim(self, create: bool, extracted: dict[str, Any] | None, **kwargs: Any) -> None:
        """The referral's own copy of its victim's details: the person's, unless given."""
        if create:
            copied = {name: getattr(self.person, name) for name in VICTIM_DETAILS}
            VictimDetails.objects.create(referral=self, **{**copied, **(extracted or {}), **kwargs})


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    referral = factory.SubFactory(ReferralFactory)
    person = factory.SelfAttribute("referral.person")
    team = None
    triage = factory.SelfAttribute("referral.auto_referral")
    contact_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=2)
    )
    contact_deadline_reason = "Victims' Code: 2 working days"


class CaseTaskFactory(DjangoModelFactory):
    """A follow-up an officer owes on a case, due in five days."""

    class Meta:
        model = CaseTask

    case = factory.SubFactory(CaseFactory)
    kind = TaskKind.FOLLOW_UP
    title = "Ring the victim back"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))


class ImportRunFactory(DjangoModelFactory):
    """An import of a referral file (importing, unless a status is given)."""

    class Meta:
        model = ImportRun

    filename = factory.Sequence(lambda n: f"feed-{n}.csv")


class SurveyInvitationFactory(DjangoModelFactory):
    """The single-use satisfaction survey link of a closed case."""

    class Meta:
        model = SurveyInvitation

    case = factory.SubFactory(CaseFactory)


class DataSharingAgreementFactory(DjangoModelFactory):
    class Meta:
        model = DataSharingAgreement

    reference = factory.Sequence(lambda n: f"DSA-{n:03d}")
    purpose = "Referral of victims of crime for support, with their consent"
    lawful_basis = "public_task"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Support service {n}")
    provider = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.SUPPORT_PROVIDER)
    service_type = "emotional_support"
    description = "Emotional and practical support for victims of crime"


def onward_referral(
    case: Case, service: Service, shared: list[str], **kwargs: Any
) -> OnwardReferral:
    """An onward referral sent with consent, under an agreement with the service's provider."""
    agreement = DataSharingAgreement.objects.filter(organisation=service.provider).first()
    if agreement is None:
        agreement = DataSharingAgreementFactory(organisation=service.provider)
    return OnwardReferral.objects.create(
        case=case, service=service, consent_given=True, shared=shared, agreement=agreement, **kwargs
    )
