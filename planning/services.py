"""Writes of the planning app: rules, reminders, the morning digest, reassignment.

Reminders are made and closed in set-based SQL over the planner (planning/planner.py):
no Python loop per company. Each run is one transaction under an advisory lock, so a run
that dies half-way leaves nothing behind and its retry does the whole work, and two
workers running at once take turns; the unique constraints on Reminder are the last
guard (ON CONFLICT), so no reminder ever exists twice.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import Jobcenter, User
from companies.models import CompanyRelationship
from jobcenter_crm.lib.mail import email_message
from screening.models import SegmentRule

from .models import DigestSent, JobcenterContactRule, Reminder
from .planner import PlannerFilter, planner_cte

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key: "planning reminders" (any constant; one per kind of work).
REMINDER_LOCK_KEY = 5_031_001


# --- Rules ------------------------------------------------------------------------------


@transaction.atomic
def segment_rule_update(
    *,
    rule: SegmentRule,
    min_visits: int,
    visit_period_months: int,
    max_contact_gap_months: int,
    demand_update_months: int | None,
    campaign_visits_only: bool,
    rule_text: str,
) -> SegmentRule:
    """Change a jobcenter's rule for one segment. The planner reads rules live, so the
    plan changes at once; open reminders that are no longer due close on the next run."""
    rule.min_visits = min_visits
    rule.visit_period_months = visit_period_months
    rule.max_contact_gap_months = max_contact_gap_months
    rule.demand_update_months = demand_update_months
    rule.campaign_visits_only = campaign_visits_only
    rule.rule_text = rule_text.strip()
    rule.full_clean()
    rule.save(
        update_fields=[
            "min_visits",
            "visit_period_months",
            "max_contact_gap_months",
            "demand_update_months",
            "campaign_visits_only",
            "rule_text",
        ]
    )
    return rule


def contact_rule_get_or_create(*, jobcenter: Jobcenter) -> JobcenterContactRule:
    """The jobcenter's rule for all companies, created with the defaults on first use."""
    rule, _ = JobcenterContactRule.objects.get_or_create(jobcenter=jobcenter)
    return rule


@transaction.atomic
def contact_rule_update(
    *, jobcenter: Jobcenter, max_contact_gap_months: int, rule_text: str
) -> JobcenterContactRule:
    rule = JobcenterContactRule.objects.select_for_update().filter(jobcenter=jobcenter).first()
    rule = rule or JobcenterContactRule(jobcenter=jobcenter)
    rule.max_contact_gap_months = max_contact_gap_months
    rule.rule_text = rule_text.strip()
    rule.full_clean()
    rule.save()
    return rule


# --- Reminders --------------------------------------------------------------------------


def _insert_due_reminders(*, on: datetime.date, jobcenter_id: int) -> int:
    """One jobcenter's due, unplanned items without an open reminder become reminders.
    A closed reminder for the very same due date is opened again: the item is due again
    (a rule changed back, say), and the unique due date must not make us miss it."""
    cte, params = planner_cte(today=on, where=PlannerFilter(jobcenter_id=jobcenter_id))
    params["on"] = on
    sql = f"""WITH {cte}
INSERT INTO planning_reminder
       (code, jobcenter_id, relationship_id, consultant_id, kind, due_on, created_at,
        closed_at, closed_reason)
SELECT gen_random_uuid(), i.jobcenter_id, i.relationship_id, i.responsible_id, i.kind,
       i.due_on, now(), NULL, ''
  FROM items i
 WHERE i.due_on <= %(on)s
   AND i.planned_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM planning_reminder o
                    WHERE o.relationship_id = i.relationship_id AND o.kind = i.kind
                      AND o.closed_at IS NULL)
 ORDER BY i.relationship_id, i.kind
    ON CONFLICT (relationship_id, kind, due_on) DO UPDATE
       SET closed_at = NULL, closed_reason = '', consultant_id = EXCLUDED.consultant_id
     WHERE planning_reminder.closed_at IS NOT NULL"""  # noqa: S608  # fixed SQL fragments; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _close_not_due(*, on: datetime.date, relationship_id: int | None = None) -> int:
    """Close the open reminders whose item is no longer due on `on` per the planner."""
    where = PlannerFilter(
        with_open_reminders=relationship_id is None,
        relationship_ids=(relationship_id,) if relationship_id is not None else None,
    )
    cte, params = planner_cte(today=on, where=where)
    params.update(on=on, relationship_id=relationship_id)
    sql = f"""WITH {cte}
UPDATE planning_reminder rem
   SET closed_at = now(),
       closed_reason = CASE WHEN r.opted_out_on IS NOT NULL OR c.ceased_on IS NOT NULL
                              OR c.merged_into_id IS NOT NULL
                            THEN 'excluded' ELSE 'no_longer_due' END
  FROM companies_companyrelationship r
  JOIN companies_company c ON c.id = r.company_id
 WHERE rem.relationship_id = r.id
   AND rem.closed_at IS NULL
   AND (%(relationship_id)s::bigint IS NULL OR rem.relationship_id = %(relationship_id)s)
   AND NOT EXISTS (SELECT 1 FROM items i
                    WHERE i.relationship_id = rem.relationship_id AND i.kind = rem.kind
                      AND i.due_on <= %(on)s)"""  # noqa: S608  # fixed SQL fragments; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@dataclass
class ReminderRun:
    created: int
    closed: int


def reminders_close_satisfied(*, on: datetime.date | None = None) -> int:
    """Close every open reminder whose item is no longer due: the contact was logged, a
    rule changed, or the company refused contact or ceased. Set-based; returns the count."""
    with transaction.atomic():
        return _close_not_due(on=on or timezone.localdate())


def reminders_close_for_relationship(relationship: CompanyRelationship) -> int:
    """Close the relationship's reminders that logging a contact satisfied. Called by
    companies.services.contact_log through transaction.on_commit; a failure here must
    never break logging, so it is logged and swallowed."""
    try:
        if not connection.in_atomic_block:
            # One statement, its own transaction: no BEGIN and COMMIT round trips.
            return _close_not_due(on=timezone.localdate(), relationship_id=relationship.pk)
        # Inside a transaction, a savepoint keeps a failure from breaking the caller's.
        with transaction.atomic():
            return _close_not_due(on=timezone.localdate(), relationship_id=relationship.pk)
    except Exception:
        logger.exception("Closing the reminders of relationship %s failed", relationship.pk)
        return 0


def reminders_create(*, on: datetime.date | None = None) -> ReminderRun:
    """Make a reminder for every item of every jobcenter's plan that is due or overdue on
    `on` and not planned, and close those no longer due. The reminder's due_on is the
    rule's due date, not the run's date, so a run that catches up after beat was down
    for days makes each reminder once. Idempotent; safe to run twice or concurrently."""
    on = on or timezone.localdate()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REMINDER_LOCK_KEY])
        closed = _close_not_due(on=on)
        created = 0
        for jobcenter_id in Jobcenter.objects.order_by("pk").values_list("pk", flat=True):
            created += _insert_due_reminders(on=on, jobcenter_id=jobcenter_id)
    return ReminderRun(created=created, closed=closed)


def reminders_open_count(*, user: User) -> int:
    """What the navigation badge shows: one COUNT on the partial open-reminder index."""
    if not user.is_authenticated or user.jobcenter_id is None:
        return 0
    return Reminder.objects.open().for_recipient(user).count()


# --- Reassignment -----------------------------------------------------------------------


@transaction.atomic
def relationships_reassign(
    *, user: User, relationship_codes: list[str], responsible: User | None
) -> int:
    """Make `responsible` (a consultant of the team lead's own jobcenter, or nobody) the
    responsible consultant of the given relationships of the jobcenter; their open
    reminders move along. Codes of other jobcenters are ignored. Returns the count."""
    if responsible is not None and responsible.jobcenter_id != user.jobcenter_id:
        raise ValueError("The consultant belongs to another jobcenter.")
    relationships = CompanyRelationship.objects.for_user(user).filter(code__in=relationship_codes)
    ids = list(relationships.select_for_update().values_list("pk", flat=True))
    CompanyRelationship.objects.filter(pk__in=ids).update(responsible=responsible)
    Reminder.objects.open().filter(relationship_id__in=ids).update(consultant=responsible)
    return len(ids)


# --- Settings and the morning digest ----------------------------------------------------


def user_digest_set(*, user: User, wants_digest_email: bool) -> User:
    user.wants_digest_email = wants_digest_email
    user.save(update_fields=["wants_digest_email"])
    return user


def digest_send_for_user(*, user: User, on: datetime.date) -> bool:
    """Send the user's morning digest for `on` once: the DigestSent row is claimed in the
    same transaction as the e-mail is sent, so a retry after a failed send sends again
    and a second run on the same day sends nothing. Returns whether it was sent."""
    reminders = list(
        Reminder.objects.open()
        .for_recipient(user)
        .select_related("relationship__company")
        .order_by("due_on", "pk")[:200]
    )
    if not reminders:
        return False
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, sent_on=on, reminder_count=len(reminders))
            email_message(
                template="planning/email/reminder_digest",
                context={"user": user, "reminders": reminders, "on": on},
                to=[user.email],
            ).send()
    except IntegrityError:
        return False  # already sent today
    return True


def reminder_digests_send(*, on: datetime.date | None = None) -> int:
    """One digest e-mail per user who wants one and has open reminders. The loop is per
    user (tens per jobcenter), never per company."""
    on = on or timezone.localdate()
    users = (
        User.objects.active()
        .filter(wants_digest_email=True, jobcenter__isnull=False)
        .exclude(email="")
        .exclude(Exists(DigestSent.objects.filter(user=OuterRef("pk"), sent_on=on)))
        .order_by("pk")
    )
    return sum(digest_send_for_user(user=user, on=on) for user in users)
