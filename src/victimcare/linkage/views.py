"""The officers' review queue: possible repeat victims, side by side, decided by a person."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from victimcare.audit.services import access_record
from victimcare.core.access import requires_capability, staff_user
from victimcare.linkage import selectors, services
from victimcare.linkage.models import PersonMerge
from victimcare.people.models import Person

SHOWN = (
    ("given_name", "Given name"), ("family_name", "Family name"), ("dob", "Date of birth"),
    ("postcode", "Postcode"), ("address", "Address"), ("phone", "Phone"), ("email", "Email"),
)  # fmt: skip


def _values(person: Person) -> dict[str, str]:
    parts = [person.address_line_1, person.address_line_2, person.town]
    born = person.date_of_birth
    return {
        "given_name": person.given_name, "family_name": person.family_name,
        "dob": born.strftime("%-d %B %Y") if born else "", "postcode": person.postcode,
        "address": ", ".join(str(p) for p in parts if p), "phone": str(person.phone or ""),
        "email": str(person.email or ""),
    }  # fmt: skip


@requires_capability("linkage.review")
def review_queue(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    pending = list(selectors.candidates_for(user)[:200])
    access_record(
        user=user, route="linkage:queue", object_type="linkage.linkcandidate",
        object_ids=[c.pk for c in pending],
        person_ids=[p for c in pending for p in (c.left_id, c.right_id)],
    )  # fmt: skip
    return render(request, "linkage/queue.html", {"candidates": pending, "nav": "queue"})


@requires_capability("linkage.review")
def review_pair(request: HttpRequest, candidate_id: int) -> HttpResponse:
    user = staff_user(request)
    candidate = selectors.candidate_for(user, candidate_id)
    if candidate is None:
        raise Http404("No such pair")
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("decision") in ("same", "different"):
                services.candidate_decide(
                    candidate=candidate, same_person=request.POST["decision"] == "same",
                    actor=user,
                )  # fmt: skip
            elif request.POST.get("undo"):
                merge = PersonMerge.objects.filter(candidate=candidate, unmerged_at__isnull=True)
                if not merge.exists():
                    raise services.LinkageRefused("There is no merge to undo")
                services.people_unmerge(merge=merge.get(), actor=user)
            else:
                raise services.LinkageRefused("Choose whether they are the same person")
        except services.LinkageRefused as refusal:
            error = str(refusal)
        else:
            return redirect("linkage:pair", candidate_id=candidate.pk)
    left, right = _values(candidate.left), _values(candidate.right)
    compared = {f["field"]: f for f in candidate.fields}
    rows = [(label, left[name], right[name], compared.get(name, {}).get("level", ""),
             compared.get(name, {}).get("weight", "")) for name, label in SHOWN]  # fmt: skip
    access_record(
        user=user, route="linkage:pair", object_type="linkage.linkcandidate",
        object_ids=[candidate.pk], person_ids=[candidate.left_id, candidate.right_id],
    )  # fmt: skip
    open_merge = PersonMerge.objects.filter(candidate=candidate, unmerged_at__isnull=True).exists()
    return render(request, "linkage/pair.html", {
        "candidate": candidate, "rows": rows, "error": error, "open_merge": open_merge,
        "nav": "queue",
    })  # fmt: skip
