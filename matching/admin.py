from django.contrib import admin

from .models import JobOrder


@admin.register(JobOrder)
class JobOrderAdmin(admin.ModelAdmin):
    """For operators (superusers) only, as every admin page: not tenant-scoped."""

    list_display = ["title", "company", "jobcenter", "status", "received_at", "respond_by"]
    list_filter = ["status", "kind", "jobcenter"]
    search_fields = ["title", "occupation", "company__name", "company__cvr"]
    raw_id_fields = ["company", "workplace", "responsible", "created_by", "closed_by"]
    readonly_fields = ["code", "respond_by", "created_at", "updated_at"]
