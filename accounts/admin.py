from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Jobcenter, User


@admin.register(Jobcenter)
class JobcenterAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "contact_collision_days"]
    filter_horizontal = ["served_municipalities"]


@admin.register(User)
class CrmUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "jobcenter", "role", "is_active"]
    list_filter = ["jobcenter", "role", "is_active"]
    fieldsets = (*(UserAdmin.fieldsets or ()), (_("Jobcenter"), {"fields": ["jobcenter", "role"]}))
