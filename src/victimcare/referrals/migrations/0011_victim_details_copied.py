"""Each referral's victim details, copied from the person it arrived with (ADR 38).

A referral that a merge moved to another person takes the details of the person it was
received with (the merge's merged person, which a merge never changes), so the details a
join hid come back; any other referral takes its person's current details."""

from django.db import migrations

from victimcare.people.normalise import name_key

FIELDS = (
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
CHUNK = 2000


def copy_details(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    VictimDetails = apps.get_model("referrals", "VictimDetails")
    Person = apps.get_model("people", "Person")
    PersonMerge = apps.get_model("linkage", "PersonMerge")
    received_with: dict[int, int] = {}
    for merge in PersonMerge.objects.filter(unmerged_at__isnull=True).order_by("-pk"):
        for pk in (merge.moved or {}).get("referrals", []):
            received_with[int(pk)] = merge.merged_id  # the earliest merge is written last
    done = set(VictimDetails.objects.values_list("referral_id", flat=True))
    pairs = [
        (pk, received_with.get(pk, person_id))
        for pk, person_id in Referral.objects.order_by("pk").values_list("pk", "person_id")
        if pk not in done
    ]
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        people = Person.objects.in_bulk({person_id for _, person_id in chunk})
        details = []
        for referral_id, person_id in chunk:
            person = people[person_id]
            values = {name: getattr(person, name) for name in FIELDS}
            details.append(
                VictimDetails(
                    referral_id=referral_id,
                    **values,
                    name_key=name_key(person.given_name, person.family_name),
                )
            )
        VictimDetails.objects.bulk_create(details)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0010_victim_details_per_referral"),
        ("linkage", "0003_model_term_frequencies"),
        ("people", "0003_historicalperson_merged_into_person_merged_into"),
    ]

    operations = [migrations.RunPython(copy_details, migrations.RunPython.noop)]
