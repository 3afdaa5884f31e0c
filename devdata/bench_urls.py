"""The product's URL conf plus the benchmark's floor pages (`devdata.bench_settings`)."""

from django.urls import path

from jobcenter_crm.urls import urlpatterns as product_urlpatterns

from . import views

urlpatterns = [
    path("bench/floor/", views.floor_page, name="bench-floor-page"),
    path("bench/floor/post/", views.floor_post, name="bench-floor-post"),
    *product_urlpatterns,
]
