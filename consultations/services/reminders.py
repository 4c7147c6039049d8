"""Deadline reminders: before a comment period closes, and before a redraft falls due.

Run by Celery beat every REMINDER_CHECK_SECONDS (`consultations.tasks.send_due_reminders`).

When a reminder is due
----------------------
A deadline has offsets, in hours before it: a comment period its own `reminder_hours` (default
72 and 24), a redraft assignment `settings.REDRAFT_REMINDER_HOURS` (default 72 and 24). The
reminder at offset *h* falls at ``deadline - h``. A run at ``now`` looks at every deadline still
ahead (``now < deadline``) whose consultation has begun (the period is open; the assignment is
open, neither answered nor cancelled), and at the offsets whose time has come and that fall
after the start (the period's opening, the assignment's creation; a reminder meant for before
that would tell people what they have just been told):

    start <= deadline - h <= now < deadline

Of those it sends only the one nearest the deadline (the smallest *h*); the earlier ones are
superseded and never sent. So a reminder whose time passed long ago (the beat was down, the
period opened late) is still sent, once, as long as the deadline is ahead, and people get the
most urgent reminder rather than a burst of them. Nothing is ever sent once the deadline has
passed.

Who is reminded
---------------
Before a period closes: every active delegate and focal point (who has not opted out,
`Member.receives_reminders`) of each stakeholder that has sent nothing in that period (no
proposal, no paragraph comment, no general comment with that period). Before a redraft falls
due: the focal point it names, or every active delegate and focal point of the stakeholder it
names (again, unless they opted out).

Exactly once per member, deadline and offset
--------------------------------------------
1. The `ReminderDelivery` row is created first, in a transaction of its own; a unique
   constraint holds one row per member, deadline and offset, so a second beat run, or a second
   worker at the same moment, gets an IntegrityError and leaves the row to whoever made it.
2. Every pending row is then claimed with ``SELECT ... FOR UPDATE SKIP LOCKED``: a worker sends
   only a row it holds locked and still finds pending, so two workers never send the same one,
   and a row whose creation has not committed cannot be seen, let alone sent.
3. The message is sent while the row is held; then the row is marked sent, in that same
   transaction. A mail server that refuses (SMTPException, a refused connection …) leaves it
   pending, with one more attempt and the error, to be tried again by the next run, never
   marked sent.

The one window left is a worker that dies after the mail server accepted the message and
before the row's transaction commits: the row is still pending and the message goes out a
second time. A crash there is far rarer than a lost reminder would be, and the only way to
close it would be the mail server's own deduplication.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import assignment_selectors, mail
from consultations.models import (
    DEFAULT_REMINDER_HOURS,
    AssignmentState,
    CommentPeriod,
    RedraftAssignment,
    ReminderDelivery,
    ReminderState,
)
from processes.models import Member
from processes.permissions import PROPOSING_ROLES

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2_000


def assignment_reminder_hours() -> list[int]:
    """Hours before a redraft's due date at which its assignees are reminded."""
    return _offsets(getattr(settings, "REDRAFT_REMINDER_HOURS", DEFAULT_REMINDER_HOURS))


def _offsets(hours) -> list[int]:
    """The valid offsets (positive whole hours), without repeats; anything else is ignored."""
    try:
        values = {int(h) for h in hours or [] if not isinstance(h, bool)}
    except (TypeError, ValueError):
        return []
    return sorted(h for h in values if h > 0)


def due_offset(*, deadline: datetime, start: datetime, hours, now: datetime) -> int | None:
    """The offset whose reminder is due at `now`, or None (see the module's docstring): of the
    offsets h with start <= deadline - h <= now < deadline, the smallest."""
    if now >= deadline:
        return None
    due = [h for h in _offsets(hours) if start <= deadline - timedelta(hours=h) <= now]
    return min(due, default=None)


# --- Who is reminded ----------------------------------------------------------------------------


def _reachable(members):
    """Members who may be reminded: active, not opted out, with an address."""
    return (
        members.filter(is_active=True, receives_reminders=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "stakeholder")
    )


def period_recipients(period: CommentPeriod):
    """Delegates and focal points of the stakeholders that have sent nothing in `period`."""
    return _reachable(
        Member.objects.filter(
            process_id=period.document.process_id,
            role__in=PROPOSING_ROLES,
            stakeholder__isnull=False,
        )
        .exclude(stakeholder__proposals__period=period)
        .exclude(stakeholder__document_comments__period=period)
    )


def assignment_recipients(assignment: RedraftAssignment):
    """The focal point the assignment names, or those who act for the stakeholder it names."""
    if assignment.focal_point_id:
        return _reachable(Member.objects.filter(pk=assignment.focal_point_id))
    return _reachable(
        Member.objects.filter(
            process_id=assignment.document.process_id,
            stakeholder_id=assignment.stakeholder_id,
            role__in=PROPOSING_ROLES,
        )
    )


# --- Creating the rows --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Due:
    period: CommentPeriod | None
    assignment: RedraftAssignment | None
    hours_before: int
    members: list[Member]


def _due_now(now: datetime) -> list[_Due]:
    found = []
    periods = CommentPeriod.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related(
        "document"
    )
    for period in periods:
        hours = due_offset(
            deadline=period.closes_at, start=period.opens_at, hours=period.reminder_hours, now=now
        )
        if hours is not None:
            found.append(_Due(period, None, hours, list(period_recipients(period))))
    assignments = RedraftAssignment.objects.filter(
        state=AssignmentState.OPEN, due_at__gt=now
    ).select_related("document")
    offsets = assignment_reminder_hours()
    for assignment in assignments:
        hours = due_offset(
            deadline=assignment.due_at, start=assignment.created_at, hours=offsets, now=now
        )
        if hours is not None:
            found.append(_Due(None, assignment, hours, list(assignment_recipients(assignment))))
    return found


def create_due_reminders(*, now: datetime | None = None) -> int:
    """Creates the row of every reminder due at `now` that nobody has created yet; returns how
    many this call created. Each row is its own transaction (see the module's docstring)."""
    now = now or timezone.now()
    created = 0
    for due in _due_now(now):
        existing = set(
            ReminderDelivery.objects.filter(
                period=due.period, assignment=due.assignment, hours_before=due.hours_before
            ).values_list("member_id", flat=True)
        )
        for member in due.members:
            if member.pk in existing:
                continue
            try:
                with transaction.atomic():
                    ReminderDelivery.objects.create(
                        member=member,
                        period=due.period,
                        assignment=due.assignment,
                        hours_before=due.hours_before,
                    )
            except IntegrityError:
                continue  # another run made it at the same moment: it is theirs to send
            created += 1
    return created


# --- Sending ------------------------------------------------------------------------------------


def _time_left(deadline: datetime, now: datetime) -> str:
    hours = max(int((deadline - now).total_seconds() // 3600), 0)
    if hours >= 48:
        return _("about %(days)d days") % {"days": hours // 24}
    if hours >= 1:
        return _("about %(hours)d hours") % {"hours": hours} if hours > 1 else _("about an hour")
    return _("less than an hour")


def _why_not(row: ReminderDelivery, now: datetime) -> str:
    """Why a pending reminder should not be sent now ("" when it should)."""
    member = row.member
    if not (member.is_active and member.receives_reminders and member.user.email):
        return _("Not sent: the member no longer takes reminders.")
    if row.period_id:
        period = row.period
        if not period.is_open(now):
            return _("Not sent: the period is not open.")
        if not period_recipients(period).filter(pk=member.pk).exists():
            return _("Not sent: %(name)s has sent input since.") % {"name": member.stakeholder}
        same_deadline = {"period": period}
    else:
        assignment = row.assignment
        if assignment.state != AssignmentState.OPEN or assignment.due_at <= now:
            return _("Not sent: the assignment is %(state)s.") % {
                "state": assignment.get_state_display().lower()
            }
        if not assignment_recipients(assignment).filter(pk=member.pk).exists():
            return _("Not sent: the member no longer answers this assignment.")
        same_deadline = {"assignment": assignment}
    nearer = ReminderDelivery.objects.filter(
        member=member, hours_before__lt=row.hours_before, **same_deadline
    ).exists()
    if nearer:
        return _("Not sent: superseded by a reminder nearer the deadline.")
    return ""


def _message(row: ReminderDelivery, now: datetime) -> tuple[str, dict]:
    member = row.member
    common = {
        "member": member,
        "name": member.user.get_full_name() or member.user.get_username(),
        "stakeholder": member.stakeholder,
        "hours_before": row.hours_before,
    }
    if row.period_id:
        period = row.period
        document = period.document
        process = document.process
        return "reminder_period", {
            **common,
            "period": period,
            "document": document,
            "process": process,
            "deadline": assignment_selectors.local_deadline(period.closes_at, process),
            "time_left": _time_left(period.closes_at, now),
            "link": mail.absolute(
                reverse("consultations:document", args=[process.slug, document.slug])
            ),
        }
    assignment = row.assignment
    document = assignment.document
    process = document.process
    return "reminder_assignment", {
        **common,
        "assignment": assignment,
        "summary": assignment_selectors.summary(assignment),
        "paragraphs": assignment_selectors.paragraphs_label(
            assignment_selectors.ordered_paragraphs(assignment)
        ),
        "document": document,
        "process": process,
        "deadline": assignment_selectors.local_deadline(assignment.due_at, process),
        "time_left": _time_left(assignment.due_at, now),
        "link": mail.absolute(
            reverse("consultations:assignment", args=[process.slug, document.slug, assignment.pk])
        ),
    }


def _claim(pk: int) -> ReminderDelivery | None:
    """The row, locked, if it is still pending and no other worker holds it."""
    held = (
        ReminderDelivery.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, state=ReminderState.PENDING)
        .values_list("pk", flat=True)
    )
    if not list(held):
        return None
    return (
        ReminderDelivery.objects.select_related(
            "member__user",
            "member__stakeholder",
            "period__document__process",
            "assignment__document__process",
            "assignment__stakeholder",
            "assignment__focal_point__user",
            "assignment__focal_point__stakeholder",
        )
        .prefetch_related("assignment__paragraphs__chapter")
        .get(pk=pk)
    )


def send_reminder(*, pk: int, now: datetime | None = None) -> bool:
    """Sends one pending reminder if this worker can claim it and it is still wanted; returns
    whether it was sent. A refusal by the mail server leaves it pending (attempts + 1, the
    error kept) for the next run."""
    now = now or timezone.now()
    with transaction.atomic():
        row = _claim(pk)
        if row is None:
            return False
        reason = _why_not(row, now)
        if reason:
            if row.last_error != reason:
                row.last_error = reason
                row.save(update_fields=["last_error"])
            return False
        template, context = _message(row, now)
        try:
            mail.send_now(to=[row.member.user.email], template=template, context=context)
        except Exception as error:  # SMTPException, a refused connection, a broken template
            row.attempts += 1
            row.last_error = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
            row.save(update_fields=["attempts", "last_error"])
            logger.warning(
                "Reminder %s to %s not sent (attempt %d): %s",
                row.pk,
                row.member.user.email,
                row.attempts,
                row.last_error,
            )
            return False
        row.state = ReminderState.SENT
        row.attempts += 1
        row.last_error = ""
        row.sent_at = timezone.now()
        row.save(update_fields=["state", "attempts", "last_error", "sent_at"])
        return True


def pending_reminders(*, now: datetime):
    """Pending rows whose deadline is still ahead: new ones and those the mail server refused."""
    return (
        ReminderDelivery.objects.filter(state=ReminderState.PENDING)
        .filter(
            Q(period__opens_at__lte=now, period__closes_at__gt=now)
            | Q(assignment__state=AssignmentState.OPEN, assignment__due_at__gt=now)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Creates and sends every reminder that is due; returns how many were sent.

    Safe to run twice, and in two workers at once: see the module's docstring. Must be called
    outside any transaction (the beat task is): a reminder leaves only once its row's creation
    has committed, and a caller's open transaction would hold that commit back."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "send_due_reminders runs outside a transaction: its rows must commit before sending."
        )
    now = now or timezone.now()
    create_due_reminders(now=now)
    return sum(send_reminder(pk=pk, now=now) for pk in list(pending_reminders(now=now)))
