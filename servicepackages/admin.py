from django.contrib import admin

from .models import Package, Product, Track


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ["name", "jobcenter", "order"]
    list_filter = ["jobcenter"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "jobcenter", "track", "level", "retired_at"]
    list_filter = ["jobcenter", "track", "level"]
