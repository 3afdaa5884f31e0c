from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.overview, name="overview"),
    path("reports/segments/", views.segment_dashboard, name="segments"),
    path("reports/mine/", views.mine, name="mine"),
    path("reports/service/", views.service, name="service"),
    path("reports/demand/", views.demand, name="demand"),
    path("reports/activity/", views.activity, name="activity"),
    path("reports/activity/refresh/", views.activity_refresh, name="activity-refresh"),
    path("reports/cooperation/", views.cooperation, name="cooperation"),
    # 'Opdatér nu' of the pages read from the pre-computed segment and service figures.
    *(
        path(
            f"{prefix}refresh/",
            views.dashboard_refresh,
            {"report": report},
            name=f"{report}-refresh",
        )
        for prefix, report in (
            ("reports/", "overview"),
            ("reports/segments/", "segments"),
            ("reports/service/", "service"),
            ("reports/cooperation/", "cooperation"),
        )
    ),
    path(
        "reports/<slug:report>/export/<slug:table>.<str:file_format>",
        views.export,
        name="export",
    ),
]
