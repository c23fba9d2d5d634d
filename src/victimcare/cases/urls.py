from django.urls import path

from victimcare.cases import my_cases_views, partner_views, search_views
from victimcare.cases.views import caseload, changes, onward, queue, record, safeguarding, victim

app_name = "cases"
urlpatterns = [
    path("queue/", queue.queue, name="queue"),
    path("search/", search_views.search, name="search"),
    path("queue/consent/", queue.queue, {"queue_list": "consent"}, name="queue-consent"),
    path("queue/recorded/", queue.queue, {"queue_list": "recorded"}, name="queue-recorded"),
    path("cases/open/", record.open_other_case, name="open-other"),
    path("cases/<int:case_id>/", record.case_detail, name="detail"),
    path("cases/<int:case_id>/support/", record.case_section, {"page": "support"}, name="support"),
    path(
        "cases/<int:case_id>/timeline/", record.case_section, {"page": "timeline"}, name="timeline"
    ),
    path(
        "cases/<int:case_id>/messages-to-victim/",
        record.case_section,
        {"page": "outbox"},
        name="outbox",
    ),
    path("cases/<int:case_id>/status/", changes.case_status_change, name="status"),
    path("cases/<int:case_id>/contact/", changes.case_contact_record, name="contact"),
    path("cases/<int:case_id>/victim/", victim.victim_details, name="victim-details"),
    path("cases/<int:case_id>/safe-contact/", changes.case_safe_contact, name="safe-contact"),
    path("cases/<int:case_id>/notes/", changes.case_note_new, name="note"),
    path("cases/<int:case_id>/safeguarding/", changes.case_safeguarding, name="safeguarding"),
    path(
        "cases/<int:case_id>/safeguarding/referrals/new/",
        safeguarding.safeguarding_referral_new,
        name="safeguarding-referral-new",
    ),
    path(
        "cases/<int:case_id>/safeguarding/referrals/<int:safeguarding_id>/",
        safeguarding.safeguarding_referral_edit,
        name="safeguarding-referral-edit",
    ),
    path("cases/<int:case_id>/tasks/<int:task_id>/done/", changes.task_done, name="task-done"),
    path(
        "cases/<int:case_id>/referrals/<int:onward_id>/withdraw/",
        onward.onward_withdraw,
        name="onward-withdraw",
    ),
    path("cases/<int:case_id>/close/", changes.case_close, name="close"),
    path("tasks/", queue.my_tasks, name="tasks"),
    path("my-cases/", my_cases_views.my_cases, name="mine"),
    path("cases/<int:case_id>/follow-ups/", changes.follow_up_new, name="follow-up"),
    path("cases/<int:case_id>/goals/", changes.goal_new, name="goal"),
    path("cases/<int:case_id>/messages/", changes.message_new, name="message"),
    path("cases/<int:case_id>/goals/<int:goal_id>/", changes.goal_update, name="goal-update"),
    path("cases/<int:case_id>/reallocate/", changes.case_reallocate, name="reallocate"),
    path("caseload/", caseload.caseload, name="caseload"),
    path("cases/<int:case_id>/refer/", onward.onward_referral_new, name="onward-referral-new"),
    path("partner/referrals/", partner_views.onward_referrals, name="partner-referrals"),
    path(
        "partner/referrals/<int:onward_id>/",
        partner_views.onward_referral_detail,
        name="partner-referral",
    ),
    path(
        "partner/referrals/<int:onward_id>/update/",
        partner_views.onward_referral_change,
        name="partner-referral-update",
    ),
]
