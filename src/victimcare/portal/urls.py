from django.urls import path

from victimcare.portal import leaving, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set-language"),
    path("exit/", leaving.exit_this_page, name="exit"),
    path("find-support/", views.find_postcode, name="find-postcode"),
    path("find-support/what-happened/", views.find_what_happened, name="find-what-happened"),
    path("find-support/what-would-help/", views.find_what_would_help, name="find-what-would-help"),
    path("find-support/services/", views.find_results, name="find-results"),
    path("services/<int:service_id>/", views.service_page, name="service"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("refer-yourself/", views.refer_start, name="refer"),
    *[
        path(f"refer-yourself/{step}/", views.refer_step_view(step), name=f"refer-{step}")
        for step, _ in views.REFER_STEPS
    ],
    path("refer-yourself/check/", views.refer_check, name="refer-check"),
    path("refer-yourself/sent/", views.refer_done, name="refer-done"),
]
