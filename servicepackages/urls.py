from django.urls import path

from . import views

app_name = "servicepackages"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("manage/", views.catalogue_manage, name="catalogue-manage"),
    path("manage/packages/create/", views.package_create, name="package-create"),
    path("manage/packages/<uuid:code>/edit/", views.package_edit, name="package-edit"),
    path("manage/packages/<uuid:code>/move/", views.package_move, name="package-move"),
    path("manage/products/create/", views.product_create, name="product-create"),
    path("manage/products/<uuid:code>/edit/", views.product_edit, name="product-edit"),
    path("manage/products/<uuid:code>/move/", views.product_move, name="product-move"),
    path("manage/products/<uuid:code>/retire/", views.product_retire, name="product-retire"),
    path(
        "manage/products/<uuid:code>/reinstate/",
        views.product_reinstate,
        name="product-reinstate",
    ),
    path("visits/<uuid:code>/checklist/", views.visit_checklist, name="visit-checklist"),
    path("visits/<uuid:code>/outcome/", views.visit_outcome, name="visit-outcome"),
]
