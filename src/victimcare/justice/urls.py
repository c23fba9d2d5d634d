from django.urls import path

from victimcare.justice import feed_templates, views

app_name = "justice"
urlpatterns = [
    path(
        "imports/justice-updates-template.csv",
        feed_templates.justice_updates_template,
        name="feed-template",
    ),
    path("cases/<int:case_id>/justice/", views.case_justice, name="case"),
    path(
        "cases/<int:case_id>/justice/messages/<int:message_id>/",
        views.message_decide,
        name="message-decide",
    ),
    path("cases/<int:case_id>/justice/court/", views.court_support, name="court"),
    path(
        "cases/<int:case_id>/justice/reviews/<int:review_id>/request/",
        views.review_request,
        name="review-request",
    ),
    path(
        "cases/<int:case_id>/justice/reviews/<int:review_id>/decision/",
        views.review_decision,
        name="review-decision",
    ),
    path("cases/<int:case_id>/justice/restorative/", views.restorative_new, name="restorative"),
    path(
        "cases/<int:case_id>/justice/restorative/<int:restorative_id>/",
        views.restorative_step,
        name="restorative-step",
    ),
    path("compliance/", views.compliance, name="compliance"),
    path(
        "compliance/export.csv",
        views.compliance_export,
        {"file_format": "csv"},
        name="compliance-csv",
    ),
    path(
        "compliance/export.pdf",
        views.compliance_export,
        {"file_format": "pdf"},
        name="compliance-pdf",
    ),
    path(
        "compliance/export.xlsx",
        views.compliance_export,
        {"file_format": "xlsx"},
        name="compliance-xlsx",
    ),
]
