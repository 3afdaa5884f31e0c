"""Screening's writes, by topic. The names are re-exported here so callers keep writing
`from screening.services import visit_book` or `services.visit_book(...)`.

- `segments`: default contact rules, the proposal from the two answers, the assessment;
- `questions`: each jobcenter's screening questions;
- `campaigns`: a net list saved as a campaign, moving its companies, pilot feedback;
- `calls`: the call queue (claiming the next company, a call's outcome);
- `screenings`: a screening call recorded;
- `visits`: booking, moving, cancelling a visit and its e-mail confirmation.

Dependencies point one way: screenings -> calls, questions, segments, visits."""

from .calls import (
    CALL_OUTCOMES,
    CLAIM_DURATION,
    NO_ANSWER_RETRY,
    campaign_company_claim_next,
    campaign_company_record_outcome,
)
from .campaigns import campaign_companies_move, campaign_create, pilot_feedback_save
from .questions import QUESTION_FIELDS, screening_questions_for, screening_questions_update
from .screenings import NewContactPerson, ScreeningAnswers, company_screen, screening_record
from .segments import (
    ANSWER_1_SEGMENTS,
    ANSWER_2_SEGMENT,
    SegmentProposal,
    segment_assess,
    segment_propose,
    segment_rules_install_defaults,
)
from .visits import (
    VisitBooking,
    visit_book,
    visit_cancel,
    visit_confirmation_queue,
    visit_confirmation_send,
    visit_confirmations_sweep,
    visit_move,
)

__all__ = [
    "ANSWER_1_SEGMENTS",
    "ANSWER_2_SEGMENT",
    "CALL_OUTCOMES",
    "CLAIM_DURATION",
    "NO_ANSWER_RETRY",
    "QUESTION_FIELDS",
    "NewContactPerson",
    "ScreeningAnswers",
    "SegmentProposal",
    "VisitBooking",
    "campaign_companies_move",
    "company_screen",
    "campaign_company_claim_next",
    "campaign_company_record_outcome",
    "campaign_create",
    "pilot_feedback_save",
    "screening_questions_for",
    "screening_questions_update",
    "screening_record",
    "segment_assess",
    "segment_propose",
    "segment_rules_install_defaults",
    "visit_book",
    "visit_cancel",
    "visit_confirmation_queue",
    "visit_confirmation_send",
    "visit_confirmations_sweep",
    "visit_move",
]
