from django.urls import path

from victimcare.feedback import views

app_name = "feedback"
urlpatterns = [
    path("feedback/<str:token>/", views.survey, name="survey"),
    path("complain/", views.complain, name="complain"),
    path("track/", views.track, name="track"),
    path("track/code/", views.track_code, name="track-code"),
    path("track/case/", views.track_case, name="track-case"),
    path("track/sign-out/", views.track_sign_out, name="track-sign-out"),
    path("track/signed-out/", views.track_signed_out, name="track-signed-out"),
    path("complain/sent/", views.complaint_sent, name="complaint-sent"),
    # Staff pages live under /staff/ like every other (docs/design.md habit 8).
    path("staff/complaints/", views.complaints, name="complaints"),
    path("staff/complaints/<int:complaint_id>/", views.complaint_detail, name="complaint"),
]
