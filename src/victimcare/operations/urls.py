from django.urls import path

from victimcare.operations.views import health_live, health_ready, metrics

urlpatterns = [
    path("health/live", health_live, name="health-live"),
    path("health/ready", health_ready, name="health-ready"),
    path("metrics", metrics, name="metrics"),
]
