from django.urls import path

from victimcare.dataprotection import views

app_name = "dataprotection"
urlpatterns = [
    path("audit/access-log/", views.access_log, name="access-log"),
    path("data-protection/requests/", views.rights_requests, name="requests"),
    path("data-protection/requests/new/", views.rights_request_new, name="request-new"),
    path("data-protection/requests/<int:request_id>/", views.rights_request_detail, name="request"),
    path(
        "data-protection/requests/<int:request_id>/erase/",
        views.rights_request_erase,
        name="request-erase",
    ),
    path(
        "data-protection/requests/<int:request_id>/export.zip",
        views.rights_request_export,
        name="request-export",
    ),
    path("data-protection/retention/", views.retention, name="retention"),
    path(
        "data-protection/sharing-agreements/",
        views.sharing_agreements,
        name="sharing-agreements",
    ),
    path("data-protection/disposal-log/", views.disposal_log, name="disposal-log"),
]
