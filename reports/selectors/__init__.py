"""The reports' reads: set-based aggregates in a fixed number of queries, whatever the
data size, each building `Table`s whose numbers link to the companies behind them. One
module per report; `scope` is the filter setup they all start from."""

from .activity import activity_counts, activity_report, job_orders_recorded
from .cooperation import cooperation_table
from .demand import demand_tables
from .mine import my_figures, overdue_work_counts
from .overview import consultant_figures, contacts_by_channel
from .scope import (
    Scope,
    SegmentCounts,
    dashboard_refreshed_at,
    segment_counts,
    segment_labels,
    tallied_segment_counts,
)
from .segments import segment_dashboard, segment_table
from .service import service_report
from .summary import monthly_summary

__all__ = [
    "Scope",
    "SegmentCounts",
    "activity_counts",
    "activity_report",
    "consultant_figures",
    "contacts_by_channel",
    "dashboard_refreshed_at",
    "cooperation_table",
    "demand_tables",
    "job_orders_recorded",
    "monthly_summary",
    "my_figures",
    "overdue_work_counts",
    "segment_counts",
    "segment_dashboard",
    "segment_labels",
    "segment_table",
    "service_report",
    "tallied_segment_counts",
]
