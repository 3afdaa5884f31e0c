from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("candidates/<uuid:code>/", views.candidate_detail, name="candidate-detail"),
    path("candidates/<uuid:code>/access/", views.candidate_access, name="candidate-access"),
    path("candidates/<uuid:code>/export/", views.candidate_export, name="candidate-export"),
]
