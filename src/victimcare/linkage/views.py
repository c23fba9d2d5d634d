"""The officers' review queue: possible repeat victims, side by side, decided by a person.

A pair is shown only if the officer may see both people under the case rules, or, for a
pair with someone known only to another team of their organisation, after they give a
reason, kept for the session and written with every access-log row of the pair, as for
opening another team's case (cases.views.record.open_other_case)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from victimcare.accounts.models import User
from victimcare.core.access import requires_capability, staff_user
from victimcare.linkage import reads, review, selectors, services
from victimcare.linkage.comparison import people_compared
from victimcare.linkage.forms import PairReasonForm, UndoJoinForm
from victimcare.linkage.models import CandidateStatus, LinkCandidate
from victimcare.people.models import Person

SHOWN = (
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("dob", "Date of birth"),
    ("postcode", "Postcode"),
    ("address", "Address"),
    ("phone", "Phone"),
    ("email", "Email"),
)
JUSTIFIED_PAIRS = "vch_justified_pairs"
QUEUE_SIZE = 200


def _values(person: Person) -> dict[str, str]:
    parts = [person.address_line_1, person.address_line_2, person.town]
    born = person.date_of_birth
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "dob": f"{born.day} {born:%B %Y}" if born else "",
        "postcode": person.postcode,
        "address": ", ".join(str(p) for p in parts if p),
        "phone": str(person.phone or ""),
        "email": str(person.email or ""),
    }


@requires_capability("linkage.review")
def review_queue(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    pending, elsewhere = reads.review_queue_for(user, size=QUEUE_SIZE, route="linkage:queue")
    rows = [(c, people_compared(c.left, c.right).household) for c in pending]
    return render(
        request, "linkage/queue.html", {"rows": rows, "elsewhere": elsewhere, "nav": "queue"}
    )


def _justification(request: HttpRequest, candidate_id: int) -> str:
    return str(request.session.get(JUSTIFIED_PAIRS, {}).get(str(candidate_id), ""))


def _pair(request: HttpRequest, user: User, candidate_id: int) -> tuple[LinkCandidate, str]:
    """The pair if the user may see both people, or with the reason they gave for seeing one
    known only to another team; 404 otherwise, as for a pair that does not exist. Unlogged:
    for a decision; the page reads it with `reads.pair_for`."""
    found = reads.pair_with_reason(user, candidate_id, reason=_justification(request, candidate_id))
    if found is None:
        raise Http404("No such pair")
    return found


@requires_capability("linkage.review")
def review_pair_reason(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Say why you need to compare a pair with someone known only to another team."""
    user = staff_user(request)
    if selectors.candidate_for(user, candidate_id, justified=False) is not None:
        return redirect("linkage:pair", candidate_id=candidate_id)
    if selectors.candidate_in_organisation(user, candidate_id) is None:
        raise Http404("No such pair")
    form = PairReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        justified = request.session.get(JUSTIFIED_PAIRS, {})
        justified[str(candidate_id)] = form.cleaned_data["justification"]
        request.session[JUSTIFIED_PAIRS] = justified
        return redirect("linkage:pair", candidate_id=candidate_id)
    shown = reads.pair_needing_reason(user, candidate_id, route="linkage:pair-reason")
    if shown is None:
        raise Http404("No such pair")
    candidate, seen = shown
    return render(
        request,
        "linkage/pair_reason.html",
        {"form": form, "candidate": candidate, "seen": seen, "nav": "queue"},
    )


def _decide(request: HttpRequest, user: User, candidate: LinkCandidate) -> None:
    """Apply the posted decision or undo; LinkageRefused says why it cannot be done."""
    decision = request.POST.get("decision")
    if decision in ("same", "different"):
        services.candidate_decide(candidate=candidate, same_person=decision == "same", actor=user)
        if decision == "same":
            messages.success(request, "Their records are joined. You can undo this below.")
        else:
            messages.success(request, "Recorded as two different people.")
    elif request.POST.get("undo"):
        review.candidate_merge_undo(candidate=candidate, actor=user)
        messages.success(
            request, "The merge was undone: they are two people again, each with their own cases."
        )
    else:
        raise services.LinkageRefused("Choose whether they are the same person")


@requires_capability("linkage.review")
def review_pair(request: HttpRequest, candidate_id: int) -> HttpResponse:
    user = staff_user(request)
    error = ""
    if request.method == "POST":
        candidate, _ = _pair(request, user, candidate_id)
        try:
            _decide(request, user, candidate)
        except services.LinkageRefused as refusal:
            error = str(refusal)
        else:
            return redirect("linkage:pair", candidate_id=candidate.pk)
    found = reads.pair_for(
        user, candidate_id, reason=_justification(request, candidate_id), route="linkage:pair"
    )
    if found is None:
        raise Http404("No such pair")
    candidate, justification = found
    left, right = _values(candidate.left), _values(candidate.right)
    rows = [(label, left[name], right[name]) for name, label in SHOWN]
    merge = selectors.candidate_merge(candidate)
    return render(
        request,
        "linkage/pair.html",
        {
            "candidate": candidate,
            "rows": rows,
            "error": error,
            "justification": justification,
            "comparison": people_compared(candidate.left, candidate.right),
            "cases": [
                (candidate.left, "A", selectors.person_cases(user, candidate.left)),
                (candidate.right, "B", selectors.person_cases(user, candidate.right)),
            ],
            "merge": merge,
            "open_merge": merge is not None and merge.unmerged_at is None,
            "pending": candidate.status == CandidateStatus.PENDING,
            "nav": "queue",
        },
    )


@requires_capability("linkage.review")
def automatic_joins(request: HttpRequest) -> HttpResponse:
    """Recent joins intake made on its own, of people the user may see on both sides, to
    check and undo one found wrong. `?case=` narrows them to one case's victim."""
    user = staff_user(request)
    reference = request.GET.get("case", "")[:16]
    joins = reads.automatic_joins_shown(user, case_reference=reference, route="linkage:joins")
    return render(
        request,
        "linkage/joins.html",
        {
            "joins": joins,
            "reference": reference,
            "days": selectors.AUTOMATIC_JOINS_DAYS,
            "nav": "queue",
        },
    )


@requires_capability("linkage.review")
def automatic_join(request: HttpRequest, merge_id: int) -> HttpResponse:
    """One automatic join, side by side, with the form to undo it (a reason is required)."""
    user = staff_user(request)
    form = UndoJoinForm(request.POST or None)
    error = ""
    if request.method == "POST":
        undone = reads.automatic_join_scoped(user, merge_id)
        if undone is None:
            raise Http404("No such join")
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            try:
                review.automatic_join_undo(merge=undone.merge, actor=user, reason=reason)
            except services.LinkageRefused as refusal:
                error = str(refusal)
            else:
                reads.automatic_join_undone(
                    user=user, join=undone, reason=reason, route="linkage:join-undo"
                )
                messages.success(
                    request,
                    "The join was undone: they are two people again, each with their own cases.",
                )
                return redirect("linkage:joins")
    join = reads.automatic_join_for(user, merge_id, route="linkage:join")
    if join is None:
        raise Http404("No such join")
    left, right = _values(join.survivor), _values(join.merged)
    rows = [(label, left[name], right[name]) for name, label in SHOWN]
    return render(
        request,
        "linkage/join.html",
        {
            "join": join,
            "rows": rows,
            "form": form,
            "error": error,
            "comparison": people_compared(join.survivor, join.merged),
            "nav": "queue",
        },
    )
