from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .governance import merge_request_decide
from .models import DateRepair, IndustrySection, MergeRequest, Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region_name"]
    search_fields = ["code", "name"]


@admin.register(IndustrySection)
class IndustrySectionAdmin(admin.ModelAdmin):
    list_display = ["letter", "name", "division_from", "division_to"]


@admin.register(MergeRequest)
class MergeRequestAdmin(admin.ModelAdmin):
    """Operators decide the merges that touch more than one jobcenter."""

    list_display = ["merged", "kept", "jobcenter", "requested_by", "requested_at", "status"]
    list_filter = ["status"]
    readonly_fields = [
        "jobcenter",
        "kept",
        "merged",
        "requested_by",
        "requested_at",
        "reason",
        "status",
        "decided_by",
        "decided_at",
        "merge",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Merge the chosen records"))
    def approve(self, request: HttpRequest, queryset: QuerySet[MergeRequest]) -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Reject the chosen requests"))
    def reject(self, request: HttpRequest, queryset: QuerySet[MergeRequest]) -> None:
        self._decide(request, queryset, approve=False)

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[MergeRequest], *, approve: bool
    ) -> None:
        assert isinstance(request.user, User)  # the admin site admits signed-in staff only
        for merge_request in queryset:
            try:
                merge_request_decide(request=merge_request, operator=request.user, approve=approve)
            except ValidationError as refusal:
                self.message_user(
                    request, f"{merge_request}: {' '.join(refusal.messages)}", messages.ERROR
                )
            else:
                self.message_user(request, f"{merge_request}: {merge_request.get_status_display()}")


@admin.register(DateRepair)
class DateRepairAdmin(admin.ModelAdmin):
    """What the date-window migration changed, for the operator (read only)."""

    list_display = ["table_name", "column_name", "row_id", "original", "repaired_to"]
    list_filter = ["table_name", "column_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
