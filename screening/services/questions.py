"""Each jobcenter's two screening questions (seed 000)."""

from django.db import transaction

from accounts.models import Jobcenter, User

from ..defaults import load_defaults
from ..models import ScreeningQuestionSet


def _jobcenter_short_name(jobcenter: Jobcenter) -> str:
    # "Jobcenter Struer" -> "Struer", so Struer's "Er Jobcenter {jobcenter} ..." reads right.
    name = jobcenter.name.strip()
    prefix = "Jobcenter "
    return name[len(prefix) :] if name.lower().startswith(prefix.lower()) else name


def screening_questions_for(*, jobcenter: Jobcenter) -> ScreeningQuestionSet:
    """The jobcenter's screening questions, created from Struer's defaults (seed 000) with
    the jobcenter's name filled in the first time they are needed."""
    existing = ScreeningQuestionSet.objects.filter(jobcenter=jobcenter).first()
    if existing is not None:
        return existing
    defaults = load_defaults()["questions"]
    answers = {row["code"]: row["text"] for row in defaults["answers_2"]}
    answers_1 = {row["code"]: row["text"] for row in defaults["answers_1"]}
    question_set, _created = ScreeningQuestionSet.objects.get_or_create(
        jobcenter=jobcenter,
        defaults={
            "question_1": defaults["question_1"].replace(
                "{jobcenter}", _jobcenter_short_name(jobcenter)
            ),
            "answer_1_yes": answers_1["yes"],
            "answer_1_no": answers_1["no"],
            "question_2": defaults["question_2"].replace(
                "{jobcenter}", _jobcenter_short_name(jobcenter)
            ),
            "answer_binding_agreement": answers["binding_agreement"],
            "answer_regular_contact": answers["regular_contact"],
            "answer_company_calls": answers["company_calls"],
            "answer_no_cooperation": answers["no_cooperation"],
        },
    )
    return question_set


QUESTION_FIELDS = (
    "question_1",
    "answer_1_yes",
    "answer_1_no",
    "question_2",
    "answer_binding_agreement",
    "answer_regular_contact",
    "answer_company_calls",
    "answer_no_cooperation",
)


@transaction.atomic
def screening_questions_update(
    *, question_set: ScreeningQuestionSet, user: User, texts: dict[str, str]
) -> ScreeningQuestionSet:
    for name in QUESTION_FIELDS:
        setattr(question_set, name, texts[name].strip())
    question_set.updated_by = user
    question_set.full_clean()
    question_set.save(update_fields=[*QUESTION_FIELDS, "updated_by", "updated_at"])
    return question_set
