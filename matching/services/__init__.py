"""Writes of the matching app, one module per topic, re-exported here. Pages, the REST
API, commands and tasks all call these."""

from .candidates import (
    CandidateInput,
    candidate_access_log,
    candidate_delete,
    candidate_upsert,
    candidates_delete_stale,
    candidates_upsert_batch,
)
from .job_orders import (
    JobOrderError,
    job_order_close,
    job_order_create,
    job_order_pause,
    job_order_respond,
    job_order_resume,
    job_order_settings_get,
    job_order_settings_update,
    job_order_update,
    job_orders_expire,
)
from .placements import placement_advance, placement_propose, placement_record

__all__ = [
    "CandidateInput",
    "JobOrderError",
    "candidate_access_log",
    "candidate_delete",
    "candidate_upsert",
    "candidates_delete_stale",
    "candidates_upsert_batch",
    "job_order_close",
    "job_order_create",
    "job_order_pause",
    "job_order_respond",
    "job_order_resume",
    "job_order_settings_get",
    "job_order_settings_update",
    "job_order_update",
    "job_orders_expire",
    "placement_advance",
    "placement_propose",
    "placement_record",
]
