from django.urls import path

from victimcare.referrals import feed_templates, partner_views, views

app_name = "referrals"
urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path(
        "imports/referral-feed-template.csv",
        feed_templates.referral_feed_template,
        name="feed-template",
    ),
    path("imports/<int:run_id>/", views.import_detail, name="import"),
    path("imports/<int:run_id>/report.csv", views.import_report, name="import-report"),
    path("imports/<int:run_id>/progress.json", views.import_progress, name="import-progress"),
    path("transfers/", views.transfers, name="transfers"),
    path(
        "transfers/<int:transfer_id>/package.csv",
        views.transfer_package_download,
        name="transfer-package",
    ),
    path("transfers/<int:transfer_id>/sent/", views.transfer_sent, name="transfer-sent"),
    path("refer/", partner_views.partner_referral, name="partner-referral"),
    path("refer/sent/", partner_views.partner_referral_sent, name="partner-referral-sent"),
]
