from django.urls import path

from . import views

app_name = "servicepackages"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
]
