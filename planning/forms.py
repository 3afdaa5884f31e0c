import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from jobcenter_crm.lib.dates import MAX_RULE_MONTHS, MIN_RULE_MONTHS
from jobcenter_crm.lib.forms import model_choice_field


class SegmentRuleForm(forms.Form):
    min_visits = forms.IntegerField(
        label=_("Minimum visits per period"),
        min_value=0,
        max_value=52,
        help_text=_("0: the segment is not visited as a rule."),
    )
    visit_period_months = forms.IntegerField(
        label=_("Visit period (months)"), min_value=MIN_RULE_MONTHS, max_value=MAX_RULE_MONTHS
    )
    max_contact_gap_months = forms.IntegerField(
        label=_("Longest gap between contacts of any kind (months)"),
        min_value=MIN_RULE_MONTHS,
        max_value=MAX_RULE_MONTHS,
    )
    demand_update_months = forms.IntegerField(
        label=_("Update the service demands every (months)"),
        min_value=MIN_RULE_MONTHS,
        max_value=MAX_RULE_MONTHS,
        required=False,
        help_text=_("Leave empty when the segment's service demands need no regular update."),
    )
    campaign_visits_only = forms.BooleanField(
        label=_("Visited only in campaigns"),
        required=False,
        help_text=_("The plan then asks for no visits; contacts are still planned."),
    )
    rule_text = forms.CharField(
        label=_("The rule in words"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ContactRuleForm(forms.Form):
    max_contact_gap_months = forms.IntegerField(
        label=_("Every company is contacted at least every (months)"),
        min_value=MIN_RULE_MONTHS,
        max_value=MAX_RULE_MONTHS,
        help_text=_("Companies that refused contact are left out."),
    )
    rule_text = forms.CharField(
        label=_("The rule in words"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DigestSettingsForm(forms.Form):
    wants_digest_email = forms.BooleanField(
        label=_("Send me a morning e-mail with my open reminders"), required=False
    )


class CodeListField(forms.MultipleChoiceField):
    """Relationship codes ticked in the table; any well-formed code passes here, and the
    service keeps only the jobcenter's own (the table is paged, so no fixed choices)."""

    def valid_value(self, value: str) -> bool:
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True


class ReassignForm(forms.Form):
    relationships = CodeListField(
        label=_("Companies"),
        error_messages={"required": _("Select at least one company.")},
    )
    responsible = forms.ModelChoiceField(
        label=_("New responsible consultant"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody (the team leads are reminded)"),
    )

    def __init__(self, *args: Any, consultants: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "responsible").queryset = consultants
