"""The victim's support plan: goals and how they went."""

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import Case, GoalStatus, SupportGoal
from victimcare.cases.services.versions import CaseChangeRefused, refuse_once_ended
from victimcare.directory.needs import NEED_CATEGORIES


@transaction.atomic
def support_goal_add(*, case: Case, category: str, goal: str, actor: User) -> SupportGoal:
    refuse_once_ended(case, "adding a goal")
    if category not in dict(NEED_CATEGORIES):
        raise CaseChangeRefused("Choose the need the goal is for", field="category")
    if not goal.strip():
        raise CaseChangeRefused("Enter the goal", field="goal")
    created = SupportGoal.objects.create(
        case=case, category=category, goal=goal.strip(), set_by=actor
    )
    audit_event_record(
        action=AuditAction.SUPPORT_GOAL_SET,
        obj=case,
        actor=actor,
        data={"goal_id": created.pk, "category": category},
    )
    return created


@transaction.atomic
def support_goal_update(*, goal: SupportGoal, status: str, actor: User) -> SupportGoal:
    if status not in GoalStatus.values:
        raise CaseChangeRefused("Choose how the goal went")
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    audit_event_record(
        action=AuditAction.SUPPORT_GOAL_UPDATED,
        obj=goal.case,
        actor=actor,
        data={"goal_id": goal.pk, "status": status},
    )
    return goal
