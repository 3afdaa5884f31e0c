from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.overview, name="overview"),
    path("reports/segments/", views.segment_dashboard, name="segments"),
    path("reports/mine/", views.mine, name="mine"),
    path(
        "reports/<slug:report>/export/<slug:table>.<str:file_format>",
        views.export,
        name="export",
    ),
]
