from accounts.models import Jobcenter

from .defaults import load_defaults
from .models import Segment, SegmentRule


def segment_rules_install_defaults(*, jobcenter: Jobcenter) -> None:
    """Give the jobcenter Struer's contact rules for every segment it has no rule for."""
    segments = {segment.number: segment for segment in Segment.objects.all()}
    for row in load_defaults()["segments"]:
        rule = row["rule"]
        SegmentRule.objects.get_or_create(
            jobcenter=jobcenter,
            segment=segments[row["number"]],
            defaults={
                "min_visits": rule["min_visits"],
                "visit_period_months": rule["visit_period_months"],
                "max_contact_gap_months": rule["max_contact_gap_months"],
                "demand_update_months": rule.get("demand_update_months"),
                "campaign_visits_only": rule["campaign_visits_only"],
                "rule_text": rule.get("rule_text", ""),
            },
        )
