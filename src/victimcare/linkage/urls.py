from django.urls import path

from victimcare.linkage import model_views, views

app_name = "linkage"
urlpatterns = [
    path("repeat-victims/", views.review_queue, name="queue"),
    path("repeat-victims/<int:candidate_id>/", views.review_pair, name="pair"),
    path("repeat-victims/joined/", views.automatic_joins, name="joins"),
    path("repeat-victims/joined/<int:merge_id>/", views.automatic_join, name="join"),
    path("linkage-model/", model_views.model_weights, name="model"),
    path("repeat-victims/<int:candidate_id>/reason/", views.review_pair_reason, name="pair-reason"),
]
