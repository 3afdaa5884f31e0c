"""Seed 000's evaluation of the screening pilot ("Opfølgning på testperiode"): the
questions the consultants who tested the tool answer. Danish data texts, grouped as in
the seed; the keys are what PilotFeedback stores."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PilotQuestion:
    key: str
    group: str
    text: str


PILOT_QUESTIONS: tuple[PilotQuestion, ...] = (
    PilotQuestion("makes_sense", "Giver det mening?", "Giver det mening?"),
    PilotQuestion(
        "companies_understand", "Giver det mening?", "Forstår virksomhederne spørgsmålene?"
    ),
    PilotQuestion(
        "consultants_understand",
        "Giver det mening?",
        "Forstår virksomhedskonsulenterne spørgsmålene?",
    ),
    PilotQuestion(
        "natural_dialogue",
        "Giver det mening?",
        "Kan spørgsmålene bruges som en naturlig del af dialogen?",
    ),
    PilotQuestion("change_questions", "Giver det mening?", "Skal der ændres i spørgsmålene?"),
    PilotQuestion("works", "Virker det?", "Virker det?"),
    PilotQuestion("segments_well", "Virker det?", "Er det effektivt til at segmentere med?"),
    PilotQuestion(
        "real_insight", "Virker det?", "Giver det et reelt indblik i virksomhedernes efterspørgsel?"
    ),
    PilotQuestion("what_to_deliver", "Virker det?", "Giver det et afsæt for, hvad I skal levere?"),
    PilotQuestion(
        "detail_level",
        "Virker det?",
        "Skal der ændres på detaljeringsniveauet i afkrydsning af efterspurgte services?",
    ),
    PilotQuestion(
        "practical_to_record",
        "Sammenhæng med øvrige arbejdsgange",
        "Er det praktisk at afrapportere registreringerne?",
    ),
    PilotQuestion(
        "follow_up",
        "Sammenhæng med øvrige arbejdsgange",
        "Kan der følges op på registreringerne?",
    ),
    PilotQuestion(
        "needs_delivered",
        "Sammenhæng med øvrige arbejdsgange",
        "Bliver der leveret på behov I afdækker?",
    ),
    PilotQuestion(
        "change_workflow",
        "Sammenhæng med øvrige arbejdsgange",
        "Skal der ændres på arbejdsgange omkring screeningen?",
    ),
)
PILOT_QUESTION_KEYS = frozenset(question.key for question in PILOT_QUESTIONS)
