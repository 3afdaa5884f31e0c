from django.contrib import admin

from .models import Segment, SegmentRule


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "service_form"]


@admin.register(SegmentRule)
class SegmentRuleAdmin(admin.ModelAdmin):
    list_display = [
        "jobcenter",
        "segment",
        "min_visits",
        "visit_period_months",
        "max_contact_gap_months",
    ]
    list_filter = ["jobcenter"]
