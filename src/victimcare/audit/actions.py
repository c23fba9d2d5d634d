"""Every action the audit trail records, with what it means in words.

Services write `AuditAction` members, never free strings, so an auditor reading the trail
sees "A case's status changed" rather than `case.status_changed`. A test reads the source
and fails if code writes an action that is not registered here; `audit_event` refuses one
at run time too. The stored value is the namespaced name (`case.opened`), so rows written
before this registry read the same.
"""

from django.db import models


class AuditAction(models.TextChoices):
    # Accounts and access
    API_KEY_ISSUED = "api_key.issued", "An API key was issued to a partner"
    API_KEY_REVOKED = "api_key.revoked", "An API key was revoked"
    TWO_FACTOR_SET_UP = "two_factor.set_up", "A member of staff set up two-factor sign-in"
    TWO_FACTOR_BACKUP_CODES_REPLACED = (
        "two_factor.backup_codes_replaced",
        "A member of staff replaced their backup codes",
    )
    TWO_FACTOR_BACKUP_CODE_USED = (
        "two_factor.backup_code_used",
        "A member of staff signed in with a backup code",
    )

    # Referrals, imports and transfers
    REFERRAL_RECEIVED = "referral.received", "A referral was received"
    REFERRAL_UPDATED = "referral.updated", "A referral was updated by a later copy"
    REFERRAL_RESEND_REFUSED = (
        "referral.resend_refused",
        "A later copy of a referral named another victim and was refused",
    )
    VICTIM_DETAILS_CHANGED = (
        "referral.victim_changed",
        "An officer changed the victim's details held for a referral and its case",
    )
    REFERRAL_PERSISTENTLY_TARGETED = (
        "referral.persistently_targeted",
        "A referral was marked as a persistently targeted victim",
    )
    REFERRALS_IMPORT_UPLOADED = "referrals.import_uploaded", "A referral file was uploaded"
    IMPORT_STOPPED = "import.stopped", "An import that had stopped part-way was ended"
    IMPORT_TAKEN_OVER = (
        "import.taken_over",
        "An upload whose worker had stopped was queued again for another worker",
    )
    TRANSFER_OPENED = "transfer.opened", "An out-of-area referral was set to go to its home area"
    TRANSFER_SENT = "transfer.sent", "A transfer was sent to the victim's home area"
    TRANSFER_SENT_BY_HAND = (
        "transfer.sent_by_hand",
        "An officer sent a transfer to the victim's home area by hand",
    )

    # Cases
    CASE_OPENED = "case.opened", "A case was opened"
    CASE_ALLOCATED = "case.allocated", "A case was allocated to a team"
    CASE_REALLOCATED = "case.reallocated", "A case was moved to another team or officer"
    CASE_UPDATED_FROM_REFERRAL = (
        "case.updated_from_referral",
        "A case was updated from a later copy of its referral",
    )
    CASE_STATUS_CHANGED = "case.status_changed", "A case's status changed"
    CASE_MESSAGES_WITHHELD = (
        "case.messages_withheld",
        "Messages waiting to go to the victim were withheld: the case was sent in error",
    )
    CASE_CONTACT_ATTEMPTED = (
        "case.contact_attempted",
        "An attempt to contact the victim was recorded",
    )
    CASE_SAFE_CONTACT_CHANGED = (
        "case.safe_contact_changed",
        "How the victim may safely be contacted changed",
    )
    CASE_NOTE_ADDED = "case.note_added", "A note was added to a case"
    CASE_SAFEGUARDING_RECORDED = "case.safeguarding_recorded", "A safeguarding concern was recorded"
    SAFEGUARDING_REFERRAL_RECORDED = (
        "case.safeguarding_referral_recorded",
        "A safeguarding referral made for the victim was recorded",
    )
    SAFEGUARDING_REFERRAL_UPDATED = (
        "case.safeguarding_referral_updated",
        "A safeguarding referral's outcome, reference or follow-up date changed",
    )
    CASE_MESSAGE_FROM_VICTIM = "case.message_from_victim", "The victim sent a secure message"
    CASE_MESSAGE_TO_VICTIM = "case.message_to_victim", "Staff sent the victim a secure message"
    TASK_OPENED = "task.opened", "A task was added to a case"
    TASK_DONE = "task.done", "A task was done"
    TASK_ENDED = "task.ended", "A task was ended: handed over or no longer needed"
    REFERRAL_CONSENT_GIVEN = (
        "referral.consent_given",
        "The victim's consent to referral was recorded with an onward referral",
    )
    SUPPORT_GOAL_SET = "support_goal.set", "A support goal was set"
    SUPPORT_GOAL_UPDATED = "support_goal.updated", "A support goal was marked achieved or not"
    ONWARD_REFERRAL_SENT = "onward_referral.sent", "A case was referred on to another service"
    ONWARD_REFERRAL_STATUS_CHANGED = (
        "onward_referral.status_changed",
        "An onward referral was accepted, declined, completed or withdrawn",
    )

    # Assessments
    NEEDS_ASSESSMENT_RECORDED = "needs_assessment.recorded", "A needs assessment was taken"
    NEEDS_ASSESSMENT_CORRECTED = "needs_assessment.corrected", "A needs assessment was corrected"
    RISK_ASSESSMENT_RECORDED = (
        "risk_assessment.recorded",
        "A domestic abuse risk checklist was taken",
    )
    PROTECTION_ASSESSMENT_RECORDED = (
        "protection_assessment.recorded",
        "A protection needs assessment was taken",
    )
    QUESTIONNAIRE_ADDED = "questionnaire.added", "An assessment questionnaire was added"
    QUESTIONNAIRE_CHANGED = "questionnaire.changed", "An assessment questionnaire was changed"

    # Criminal justice
    JUSTICE_EVENT_RECEIVED = "justice.event_received", "News from the police or court arrived"
    JUSTICE_EVENT_UPDATED = (
        "justice.event_updated",
        "Later news from the police or court changed a record",
    )
    JUSTICE_EVENT_APPLIED = "justice.event_applied", "News from the police or court reached a case"
    JUSTICE_MESSAGE_APPROVED = (
        "justice.message_approved",
        "An update to the victim was approved to send",
    )
    JUSTICE_MESSAGE_EDITED = (
        "justice.message_edited",
        "An officer changed the words of an update to the victim before approving it",
    )
    JUSTICE_MESSAGE_WITHHELD = "justice.message_withheld", "An update to the victim was withheld"
    JUSTICE_COURT_SUPPORT_CHANGED = "justice.court_support_changed", "Court support changed"
    JUSTICE_REVIEW_REQUESTED = "justice.review_requested", "The victim asked for a Right to Review"
    JUSTICE_REVIEW_DECIDED = "justice.review_decided", "A Right to Review was decided"
    JUSTICE_RESTORATIVE_REQUESTED = (
        "justice.restorative_requested",
        "The victim asked about restorative justice",
    )
    JUSTICE_RESTORATIVE_MOVED = (
        "justice.restorative_moved",
        "A restorative justice referral moved on a step",
    )

    # Linkage
    LINKAGE_MODEL_TRAINED = "linkage.model_trained", "The record linkage model was trained"
    LINKAGE_MERGED = "linkage.merged", "Two person records were merged as one person"
    LINKAGE_UNMERGED = "linkage.unmerged", "A merge of person records was undone"
    LINKAGE_AUTOMATIC_JOIN_UNDONE = (
        "linkage.automatic_join_undone",
        "A join intake made on its own was undone by an officer",
    )
    LINKAGE_CANDIDATE_DECIDED = (
        "linkage.candidate_decided",
        "A possible match between person records was decided",
    )

    # Feedback and complaints
    SURVEY_ANSWERED = "survey.answered", "A victim answered the satisfaction survey"
    COMPLAINT_RECEIVED = "complaint.received", "A complaint was received"
    COMPLAINT_RESOLVED = "complaint.resolved", "A complaint was resolved"
    TRACKING_SIGNED_IN = "tracking.signed_in", "A victim signed in to follow their case"

    # Data protection
    RIGHTS_REQUEST_RECORDED_ACCESS = (
        "rights_request.recorded.access",
        "A subject access request was recorded",
    )
    RIGHTS_REQUEST_RECORDED_ERASURE = (
        "rights_request.recorded.erasure",
        "An erasure request was recorded",
    )
    RIGHTS_REQUEST_ANSWERED = "rights_request.answered", "A subject access request was answered"
    RIGHTS_REQUEST_IDENTITY_CHECKED = (
        "rights_request.identity_checked",
        "The requester's identity was confirmed for a rights request",
    )
    PERSON_ERASED = "person.erased", "A person's data was erased on request"
    DATA_SHARING_AGREEMENT_ADDED = (
        "datasharingagreement.added",
        "A data sharing agreement was added",
    )
    DATA_SHARING_AGREEMENT_CHANGED = (
        "datasharingagreement.changed",
        "A data sharing agreement was changed",
    )
    RETENTION_RULE_ADDED = "retentionrule.added", "A retention rule was added"
    RETENTION_RULE_CHANGED = "retentionrule.changed", "A retention rule was changed"
    LEGAL_HOLD_ADDED = "legalhold.added", "A legal hold was placed on a person's records"
    LEGAL_HOLD_CHANGED = "legalhold.changed", "A legal hold was changed or lifted"

    # Entitlements and commissioning
    ENTITLEMENTS_RULES_CHANGED = "entitlements.rules_changed", "The Victims' Code rules changed"
    COMMISSIONING_EXERCISE_STARTED = (
        "commissioning.exercise_started",
        "A commissioning exercise was started",
    )
    COMMISSIONING_STAGE_DATED = (
        "commissioning.stage_dated",
        "A commissioning stage's dates were set",
    )
    COMMISSIONING_FUNDING_ADDED = "commissioning.funding_added", "A funding stream was added"
    COMMISSIONING_LOT_ADDED = "commissioning.lot_added", "A lot was added to an exercise"
    COMMISSIONING_KPI_SET = "commissioning.kpi_set", "A contract's performance measure was set"
    COMMISSIONING_RETURN_UPLOADED = (
        "commissioning.return_uploaded",
        "A provider uploaded a performance return",
    )
    COMMISSIONING_CONSULTATION_CREATED = (
        "commissioning.consultation_created",
        "A consultation was opened",
    )
    COMMISSIONING_CONSULTATION_ANSWERED = (
        "commissioning.consultation_answered",
        "Someone answered a consultation",
    )
    COMMISSIONING_RESPONSE_TAGGED = (
        "commissioning.response_tagged",
        "A consultation response was tagged",
    )


def action_description(action: str) -> str:
    """The words for a stored action; an action no longer registered shows as stored."""
    try:
        return str(AuditAction(action).label)
    except ValueError:
        return action
