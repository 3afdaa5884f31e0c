from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("calendar/", views.visit_calendar, name="calendar"),
    path("reminders/", views.reminder_list, name="reminder-list"),
    path("reassign/", views.reassign, name="reassign"),
    path("rules/", views.rule_list, name="rule-list"),
    path("rules/all-companies/edit/", views.contact_rule_edit, name="contact-rule-edit"),
    path("rules/<int:number>/edit/", views.rule_edit, name="rule-edit"),
    path("schedule/", views.schedule, name="schedule"),
    path("settings/", views.digest_settings, name="settings"),
]
