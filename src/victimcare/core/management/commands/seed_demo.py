"""python manage.py seed_demo — a fictional police area to try the hub with.

Creates (once) the Wessex Vale police area: a force, a commissioner's office, a victim care
hub organisation with three hubs and their postcode districts, two support providers, one
user per role, a handful of directory services, and about 500 synthetic referrals written
in police feed v1 format and loaded through `import_referrals`. All people are invented
(Faker en_GB). Run again, it changes nothing and prints the sign-in details.
"""

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import Organisation, OrganisationKind, PostcodeDistrict, Team, User
from victimcare.cases.demo import demo_case_work
from victimcare.cases.models import Case, ShareGroup
from victimcare.commissioning.demo import commissioning_demo
from victimcare.core.spreadsheets import csv_dict_writer
from victimcare.dataprotection.models import DataSharingAgreement
from victimcare.directory.demo import demo_services
from victimcare.directory.models import Service
from victimcare.journeys.onward import onward_referral_send
from victimcare.justice.feed import JUSTICE_COLUMNS
from victimcare.referrals.feed_columns import FEED_COLUMNS
from victimcare.referrals.models import LawfulBasis
from victimcare.referrals.synthetic import synthetic_feed_rows

DEMO_PASSWORD = "demo-password-2026"
# The demo force's API key (demo data only: a real key is random and shown once).
DEMO_API_KEY = "vch_demo2026_wessex-vale-police-demo-key-not-secret"
POLICE_SOURCE = "wessex-vale-police"
HUB_ORGANISATION = "wessex-vale-victim-care"
HUBS = {
    "Northgate hub": [f"BS{n}" for n in range(1, 17)],
    "Riverside hub": [f"BA{n}" for n in range(1, 17)],
    "Southmoor hub": [f"TA{n}" for n in range(1, 25)],
}
OUT_OF_AREA = ["M1", "LS6", "CF10", "EX4"]
# username, first, last, role, organisation code, team name, administrator
USERS = [
    ("vco", "Priya", "Shah", Role.VICTIM_CARE_OFFICER, HUB_ORGANISATION, "Northgate hub", False),
    ("teamleader", "Owen", "Price", Role.TEAM_LEADER, HUB_ORGANISATION, "Northgate hub", False),
    ("partner", "Grace", "Holloway", Role.PARTNER_WORKER, "harbour-lane-support", None, False),
    ("police", "Daniel", "Okafor", Role.POLICE_REFERRER, POLICE_SOURCE, None, False),
    ("commissioner", "Helen", "Marsh", Role.COMMISSIONER, "wessex-vale-opcc", None, False),
    ("auditor", "Tom", "Fielding", Role.AUDITOR, HUB_ORGANISATION, None, False),
    ("admin", "Sam", "Carter", Role.ADMINISTRATOR, HUB_ORGANISATION, None, True),
]
# More officers, so that allocation has a team to share cases across:
# username, first, last, hub, languages, young victims
OFFICERS = [
    ("vco2", "Marek", "Zielinski", "Northgate hub", ["Polish"], False),
    ("vco3", "Ffion", "Rees", "Northgate hub", ["Welsh"], True),
    ("vco4", "Aisha", "Begum", "Riverside hub", ["Urdu"], True),
    ("vco5", "Liam", "Doyle", "Riverside hub", [], False),
    ("vco6", "Chloe", "Ward", "Southmoor hub", ["BSL"], True),
    ("vco7", "Ravi", "Patel", "Southmoor hub", [], False),
]
ORGANISATIONS = [
    ("Wessex Vale Police", POLICE_SOURCE, OrganisationKind.POLICE_FORCE),
    ("Wessex Vale Victim Care", HUB_ORGANISATION, OrganisationKind.VICTIM_CARE_HUB),
    (
        "Office of the Wessex Vale Police and Crime Commissioner",
        "wessex-vale-opcc",
        OrganisationKind.COMMISSIONER_OFFICE,
    ),
    ("Harbour Lane Support", "harbour-lane-support", OrganisationKind.SUPPORT_PROVIDER),
    ("Safe Steps Advocacy", "safe-steps-advocacy", OrganisationKind.SUPPORT_PROVIDER),
]


class Command(BaseCommand):
    help = "Create the fictional Wessex Vale demo area, users and ~500 synthetic referrals once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--referrals", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.filter(code=HUB_ORGANISATION).exists():
            self.stdout.write("Demo data is already in place.")
        else:
            self._create_area()
            feed = self._write_feed(options["referrals"])
            call_command("import_referrals", str(feed), stdout=self.stdout, stderr=self.stderr)
            self._refer_onward()
            updates = self._write_justice_updates()
            call_command(
                "import_justice_updates", str(updates), stdout=self.stdout, stderr=self.stderr
            )
            call_command("schedule_duties", stdout=self.stdout)
            commissioning_demo(
                office=Organisation.objects.get(code="wessex-vale-opcc"),
                hub_team=Team.objects.get(name="Northgate hub"),
            )
            closed = demo_case_work(hub_name="Northgate hub")
            self.stdout.write(f"Demo case work: {closed} Northgate cases supported and closed")
            call_command("refresh_insights", stdout=self.stdout)
            self._link_repeat_victims()
        self._print_logins()

    @transaction.atomic
    def _create_area(self) -> None:
        organisations = {
            code: Organisation.objects.create(name=name, code=code, kind=kind)
            for name, code, kind in ORGANISATIONS
        }
        hub = organisations[HUB_ORGANISATION]
        teams = {}
        for name, districts in HUBS.items():
            teams[name] = Team.objects.create(organisation=hub, name=name)
            PostcodeDistrict.objects.bulk_create(
                PostcodeDistrict(team=teams[name], district=d) for d in districts
            )
        for username, first, last, role, org, team, is_admin in USERS:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                role=role,
                organisation=organisations[org],
                team=teams.get(team) if team else None,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        hub_org = organisations[HUB_ORGANISATION]
        for username, first, last, team, languages, young in OFFICERS:
            officer = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                role=Role.VICTIM_CARE_OFFICER,
                organisation=hub_org,
                team=teams[team],
                languages=languages,
                young_victims=young,
            )
            officer.set_password(DEMO_PASSWORD)
            officer.save()
        api_key_issue(
            organisation=organisations[POLICE_SOURCE], name="demo feed", token=DEMO_API_KEY
        )
        for code in ("harbour-lane-support", "safe-steps-advocacy"):
            DataSharingAgreement.objects.create(
                organisation=organisations[code],
                reference=f"DSA-WV-{code.split('-')[0].upper()}-2026",
                purpose="Referral of victims of crime for support, with each victim's consent",
                lawful_basis=LawfulBasis.CONSENT,
                starts_on=datetime.date(2026, 4, 1),
                ends_on=datetime.date(2029, 3, 31),
            )
        demo_services(
            organisations=organisations, districts=[d for ds in HUBS.values() for d in ds]
        )

    def _refer_onward(self) -> None:
        """A few Northgate victims referred, with consent, to Harbour Lane (the demo partner)."""
        officer = User.objects.get(username="vco")
        service = Service.objects.get(name="Harbour Lane emotional support")
        cases = Case.objects.filter(
            team__name="Northgate hub", referral__referral_consent="given"
        ).order_by("pk")[:3]
        shares = [
            [ShareGroup.CONTACT, ShareGroup.CRIME, ShareGroup.NEEDS],
            [ShareGroup.CONTACT, ShareGroup.CRIME],
            [ShareGroup.CRIME],
        ]
        for case, shared in zip(cases, shares, strict=False):
            onward_referral_send(
                case=case,
                service=service,
                consent_given=True,
                shared=shared,
                reason="Would like someone to talk to about feeling unsafe at home.",
                actor=officer,
            )

    def _write_feed(self, count: int) -> Path:
        path = Path(settings.BASE_DIR) / "var" / "demo" / "wessex-vale-referrals.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        districts = [d for ds in HUBS.values() for d in ds]
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv_dict_writer(handle, fieldnames=FEED_COLUMNS)
            writer.writeheader()
            writer.writerows(
                synthetic_feed_rows(
                    count=count,
                    source=POLICE_SOURCE,
                    districts=districts,
                    out_of_area_districts=OUT_OF_AREA,
                )
            )
        return path

    def _write_justice_updates(self) -> Path:
        """Police and court events for some demo victims: arrests, charges (with statement
        offers), trials (court visits, reminders), sentences, and decisions of no further
        action whose messages wait for an officer's approval."""
        path = Path(settings.BASE_DIR) / "var" / "demo" / "wessex-vale-justice-updates.csv"
        now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        cases = list(
            Case.objects.filter(referral__auto_referral__in=["refer", "consent_given"])
            .exclude(team__isnull=True)
            .select_related("referral")
            .order_by("pk")[:60]
        )
        plan: list[tuple[str, dict[str, str]]] = [
            ("suspect_arrested", {}),
            ("suspect_charged", {}),
            ("trial_listed", {"court": "Wessex Vale Crown Court", "weeks": "6"}),
            ("hearing_listed", {"court": "Wessex Vale Magistrates' Court", "weeks": "2"}),
            ("no_further_action", {}),
            ("sentence", {"custodial_months": "14"}),
        ]
        rows = []
        for n, case in enumerate(cases):
            event, extra = plan[n % len(plan)]
            referral = case.referral
            happened = max(now - datetime.timedelta(days=n % 9), referral.reported_at)
            hearing = now + datetime.timedelta(weeks=int(extra.get("weeks", 0)))
            rows.append(
                {
                    "source": referral.source,
                    "crime_reference": referral.crime_reference,
                    "victim_reference": referral.victim_reference,
                    "event": event,
                    "event_at": happened.isoformat(timespec="minutes"),
                    "court": extra.get("court", ""),
                    "hearing_at": hearing.isoformat(timespec="minutes") if "weeks" in extra else "",
                    "custodial_months": extra.get("custodial_months", ""),
                }
            )
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv_dict_writer(handle, fieldnames=JUSTICE_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return path

    def _link_repeat_victims(self) -> None:
        """Train the linkage model on the demo people and queue possible repeats for review."""
        # Here, not at the top: the linkage model loads Splink and DuckDB, which only this
        # step of the demo needs.
        from victimcare.linkage.services import linkage_model_train, people_dedupe
        from victimcare.linkage.splink_model import NotEnoughPeople

        try:
            stored = linkage_model_train(actor_label="seed_demo")
            queued = people_dedupe(threshold=settings.LINKAGE_REVIEW_THRESHOLD)
        except (NotEnoughPeople, ValueError) as reason:
            self.stdout.write(f"Repeat-victim linkage not trained: {reason}")
            return
        self.stdout.write(
            f"Linkage model version {stored.version}; {queued} possible repeat "
            "victims queued for review"
        )

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDemo sign-ins (all invented; password for each: {DEMO_PASSWORD})")
        for username, first, last, role, _org, team, _admin in USERS:
            where = f", {team}" if team else ""
            self.stdout.write(f"  {username:<13} {first} {last}: {role.label}{where}")
        for username, first, last, team, languages, young in OFFICERS:
            skills = ", ".join([*languages, *(["young victims"] if young else [])])
            extra = f" ({skills})" if skills else ""
            self.stdout.write(
                f"  {username:<13} {first} {last}: Victim care officer, {team}{extra}"
            )
        self.stdout.write(
            f"\nDemo API key for {POLICE_SOURCE} (Authorization: Bearer <key>): {DEMO_API_KEY}"
        )
        if settings.DEBUG and settings.VCH_DEMO_SKIP_TWO_FACTOR:
            self.stdout.write(
                "Two-factor sign-in is skipped for this local demo (DEBUG on). In any other "
                "setting each user sets up an authenticator app at first sign-in."
            )
