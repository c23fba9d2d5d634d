"""URL map. Staff pages live under /staff/, public pages at the root (docs/design.md habit 8)."""

from django.contrib import admin
from django.urls import include, path

from victimcare.commissioning.public_views import (
    consultation_answer,
    consultation_list,
    consultation_thanks,
)
from victimcare.config.api import api_urlpatterns
from victimcare.core.views import health, staff_home

admin.site.site_header = "Victim Care Hub administration"
admin.site.site_title = "Victim Care Hub administration"

urlpatterns = [
    path("health/", health, name="health"),
    path("", include("victimcare.operations.urls")),
    path("staff/", staff_home, name="staff-home"),
    path("staff/", include("victimcare.accounts.urls")),
    path("staff/", include("victimcare.cases.urls")),
    path("staff/", include("victimcare.referrals.urls")),
    path("staff/", include("victimcare.dataprotection.urls")),
    path("staff/", include("victimcare.assessments.urls")),
    path("staff/", include("victimcare.justice.urls")),
    path("staff/", include("victimcare.commissioning.urls")),
    path("staff/", include("victimcare.insights.urls")),
    path("staff/", include("victimcare.linkage.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api_urlpatterns()),
    path("", include("victimcare.feedback.urls")),
    path("consultations/", consultation_list, name="consultations"),
    path("consultations/<uuid:consultation_id>/", consultation_answer, name="consultation"),
    path(
        "consultations/<uuid:consultation_id>/thank-you/",
        consultation_thanks,
        name="consultation-thanks",
    ),
    path("", include("victimcare.portal.urls")),
]

handler403 = "victimcare.core.views.forbidden"
handler404 = "victimcare.core.views.not_found"
handler500 = "victimcare.core.views.server_error"
