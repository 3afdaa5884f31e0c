from django.contrib import admin

from .models import Campaign, Segment, SegmentRule, Visit


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


# Operators' view of the campaign data (the admin site is for superusers only; jobcenter
# staff work in the product's own pages).
@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "jobcenter", "starts_on", "ends_on", "target", "is_pilot"]
    list_filter = ["jobcenter", "is_pilot"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["code", "jobcenter", "confirmation_status", "confirmation_attempts", "sequence"]
    list_filter = ["jobcenter", "confirmation_status"]
    raw_id_fields = ["contact", "campaign_company", "contact_person"]
