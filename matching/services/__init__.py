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
from .instruments import instrument_end, instrument_register
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
from .search import (
    bookmark_toggle,
    saved_search_create,
    saved_search_delete,
    saved_search_mark_run,
    synonym_add,
    synonym_delete,
    talent_pool_add,
    talent_pool_create,
    talent_pool_delete,
    talent_pool_mark_opened,
    talent_pool_remove,
)

__all__ = [
    "instrument_end",
    "instrument_register",
    "bookmark_toggle",
    "saved_search_create",
    "saved_search_delete",
    "saved_search_mark_run",
    "synonym_add",
    "synonym_delete",
    "talent_pool_add",
    "talent_pool_create",
    "talent_pool_delete",
    "talent_pool_mark_opened",
    "talent_pool_remove",
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
