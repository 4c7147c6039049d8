"""Comment periods and general comments on a document.

The secretariat opens a period on a document (or on some of its chapters) with an opening and a
closing time in the process's time zone ("closes on 21 March" alone means close of business,
18:00 local), and says whether it takes proposals, comments or both. Times are stored in UTC.

**When input is open.** Decided per *document*, not per process: a document that has never had a
comment period takes proposals and comments at any time, as before periods existed; once the
secretariat has opened a period on it, the document takes input only while a period is open
(covering the paragraph's chapter and taking that kind of input). Per document is what people
expect when one document is out for written comments while another is negotiated in session: a
deadline on the Statement must not silently close the Vision. A process that never uses periods
keeps working without formal consultations, as the issue asks. Decisions by the Chair never
depend on periods.

**Overlap.** The periods of one document never overlap, so "the open period" is one or none. Each
write here locks the document's row to serialise with other writes on its periods and checks for
overlap under that lock; on PostgreSQL an exclusion constraint holds it as well (migration
consultations 0003).

**Input and concurrency.** A proposal is checked against the periods as its transaction sees
them (its caller holds the paragraph's lock, not the document's: proposals on one document must
not queue behind each other during a session). A proposal whose check ran before a close was
committed arrived in time. A general comment locks the document's row, as comments are few.

Every change of a period is recorded in Django's admin log (who, when, what changed), which the
admin shows as the period's history.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import permissions
from consultations.models import (
    DEFAULT_REMINDER_HOURS,
    CommentPeriod,
    DocumentComment,
    Proposal,
    ProposalKind,
)
from consultations.period_selectors import (
    chapter_label,
    chapters_label,
    covered_chapters,
    covers,
    deadline,
    moment_at,
    takes,
    window_from,
)
from drafts.models import Chapter, Document, Paragraph
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Process, Stakeholder

CLOSE_OF_BUSINESS = time(18, 0)  # "COB": 18:00 in the process's time zone
MAX_TITLE_LENGTH = 200
MAX_COMMENT_LENGTH = 5_000
MAX_REMINDERS = 5
PERIOD_CLOSED = "period_closed"


# --- Times in the process's zone ----------------------------------------------------------------


def close_of_business(day: date, process: Process) -> datetime:
    """18:00 on `day` in the process's zone (never in a daylight-saving gap, which is at night)."""
    return datetime.combine(day, CLOSE_OF_BUSINESS, tzinfo=process.zone)


def _aware(value, process: Process, *, what: str) -> datetime:
    """`value` as an aware datetime. A naive one is a wall-clock time in the process's zone; a
    date alone is its midnight. A wall-clock time that the zone skips or repeats on a
    daylight-saving day is refused rather than guessed."""
    if not isinstance(value, datetime):
        if isinstance(value, date):
            value = datetime.combine(value, time(0, 0))
        else:
            raise InvalidInput(_("Give %(what)s as a date and time.") % {"what": what})
    if timezone.is_aware(value):
        return value
    zone = process.zone
    first = value.replace(tzinfo=zone, fold=0)
    second = value.replace(tzinfo=zone, fold=1)
    exists = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == value
    if not exists or first.utcoffset() != second.utcoffset():
        raise InvalidInput(
            _(
                "%(when)s does not exist or happens twice in %(zone)s (the clocks change that "
                "night); choose another time for %(what)s."
            )
            % {"when": value.strftime("%d %B %Y %H:%M"), "zone": process.time_zone, "what": what}
        )
    return first


def _closing(process: Process, *, closes_at, closes_on) -> datetime:
    if closes_at is not None and closes_on is not None:
        raise InvalidInput(_("Give a closing time or a closing date (COB), not both."))
    if closes_on is not None:
        if isinstance(closes_on, datetime) or not isinstance(closes_on, date):
            raise InvalidInput(_("Give the closing date as a date alone."))
        return close_of_business(closes_on, process)
    if closes_at is None:
        raise InvalidInput(_("Say when the period closes: a time, or a date (COB)."))
    return _aware(closes_at, process, what=_("the closing time"))


# --- Checks shared by opening and changing a period ---------------------------------------------


def _lock_document(document: Document) -> Document:
    """The document re-read under a row lock: writes on its periods queue here."""
    Document.objects.select_for_update().filter(pk=document.pk).values_list("pk").get()
    return Document.objects.select_related("process").get(pk=document.pk)


def _require_manager(actor, process: Process, action: str) -> None:
    if not permissions.can_manage_periods(actor, process):
        raise ActionNotAllowed(
            _("Only the secretariat %(action)s comment periods.") % {"action": action}
        )


def _span(period: CommentPeriod, process: Process) -> str:
    return _("%(opens)s to %(closes)s") % {
        "opens": deadline(period.opens_at, process),
        "closes": deadline(period.closes_at, process),
    }


def _named(period: CommentPeriod, *, sentence_start: bool = False) -> str:
    if period.title:
        return f"“{period.title}”"
    return _("The comment period") if sentence_start else _("the comment period")


def _check_times(opens_at: datetime, closes_at: datetime, process: Process) -> None:
    if closes_at <= opens_at:
        raise InvalidInput(
            _("The period would close (%(closes)s) before it opens (%(opens)s).")
            % {"closes": moment_at(closes_at, process), "opens": moment_at(opens_at, process)}
        )


def _check_no_overlap(
    document: Document, opens_at: datetime, closes_at: datetime, *, other_than=None
) -> None:
    overlapping = CommentPeriod.objects.filter(
        document=document, opens_at__lt=closes_at, closes_at__gt=opens_at
    ).order_by("opens_at")
    if other_than is not None:
        overlapping = overlapping.exclude(pk=other_than.pk)
    other = overlapping.first()
    if other is not None:
        raise RuleViolation(
            _(
                "It would overlap %(other)s (%(span)s): the periods of a document never overlap. "
                "Change or close that one first."
            )
            % {"other": _named(other), "span": _span(other, document.process)},
            code="period_overlap",
        )


def _check_chapters(document: Document, chapters: Iterable[Chapter]) -> list[Chapter]:
    chosen = list(chapters)
    foreign = [c for c in chosen if c.document_id != document.pk]
    if foreign:
        raise InvalidInput(
            _("%(chapter)s is not a chapter of %(document)s.")
            % {"chapter": foreign[0].heading, "document": document}
        )
    return chosen


def _check_kinds(takes_proposals: bool, takes_comments: bool) -> None:
    if not (takes_proposals or takes_comments):
        raise InvalidInput(_("A period takes proposals, comments or both: choose at least one."))


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if len(title) > MAX_TITLE_LENGTH:
        raise InvalidInput(
            _("The title has %(length)d characters; the limit is %(max)d.")
            % {"length": len(title), "max": MAX_TITLE_LENGTH}
        )
    return title


def _hours(length: timedelta) -> str:
    hours = length / timedelta(hours=1)
    return f"{hours:.0f}" if hours == int(hours) else f"{hours:.1f}"


def _reminders(hours, *, opens_at: datetime, closes_at: datetime, given: bool) -> list[int]:
    """Offsets in whole hours before the deadline, longest first. Left out when opening, the
    default offsets (72 h and 24 h) that fit in the period; given, each must fit."""
    length = closes_at - opens_at
    if not given:
        return [h for h in DEFAULT_REMINDER_HOURS if timedelta(hours=h) <= length]
    values = list(hours or [])
    if any(isinstance(h, bool) or not isinstance(h, int) for h in values):
        raise InvalidInput(_("Give reminders as whole hours before the deadline, e.g. 72, 24."))
    if any(h < 1 for h in values):
        raise InvalidInput(_("A reminder comes at least 1 hour before the deadline."))
    values = sorted(set(values), reverse=True)
    if len(values) > MAX_REMINDERS:
        raise InvalidInput(
            _("At most %(max)d reminders per period, please.") % {"max": MAX_REMINDERS}
        )
    # compared in seconds: an absurd number of hours is too early, not a timedelta overflow
    too_early = [h for h in values if h * 3600 > length.total_seconds()]
    if too_early:
        raise InvalidInput(
            _(
                "A reminder %(hours)d hours before the deadline would come before the period "
                "opens: the period lasts %(length)s hours."
            )
            % {"hours": too_early[0], "length": _hours(length)}
        )
    return values


def _check_received_input(period: CommentPeriod, opens_at: datetime, closes_at: datetime) -> None:
    """Input a period has received stays inside it: its times may not move past that input."""
    bounds = [
        model.objects.filter(period=period).aggregate(
            first=Min("created_at"), last=Max("created_at")
        )
        for model in (Proposal, DocumentComment)
    ]
    firsts = [b["first"] for b in bounds if b["first"] is not None]
    lasts = [b["last"] for b in bounds if b["last"] is not None]
    process = period.document.process
    if firsts and opens_at > min(firsts):
        raise RuleViolation(
            _("The period received input on %(when)s: it cannot open later than that.")
            % {"when": moment_at(min(firsts), process)},
            code="period_has_input",
        )
    if lasts and closes_at <= max(lasts):
        raise RuleViolation(
            _("The period received input on %(when)s: it cannot close earlier than that.")
            % {"when": moment_at(max(lasts), process)},
            code="period_has_input",
        )


def _log(actor, period: CommentPeriod, flag: int, message: str) -> None:
    """The audit record: Django's admin log, shown as the period's history in the admin."""
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[period],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


# --- The secretariat ----------------------------------------------------------------------------


@transaction.atomic
def open_period(
    *,
    document: Document,
    actor,
    opens_at,
    closes_at=None,
    closes_on: date | None = None,
    chapters: Iterable[Chapter] = (),
    takes_proposals: bool = True,
    takes_comments: bool = True,
    reminder_hours: list[int] | None = None,
    title: str = "",
) -> CommentPeriod:
    """The secretariat opens a comment period on `document` (all of it, or `chapters`).

    `opens_at` and `closes_at` are aware datetimes, or naive ones meaning wall-clock time in
    the process's zone; `closes_on` (a date, instead of `closes_at`) means 18:00 local (COB).
    `reminder_hours` left out: the default reminders (72 h and 24 h before) that fit.
    """
    document = _lock_document(document)
    process = document.process
    _require_manager(actor, process, _("opens"))
    title = _check_title(title)
    opens_at = _aware(opens_at, process, what=_("the opening time"))
    closes_at = _closing(process, closes_at=closes_at, closes_on=closes_on)
    _check_times(opens_at, closes_at, process)
    _check_kinds(takes_proposals, takes_comments)
    chosen = _check_chapters(document, chapters)
    reminders = _reminders(
        reminder_hours, opens_at=opens_at, closes_at=closes_at, given=reminder_hours is not None
    )
    _check_no_overlap(document, opens_at, closes_at)
    period = CommentPeriod.objects.create(
        document=document,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        takes_proposals=takes_proposals,
        takes_comments=takes_comments,
        reminder_hours=reminders,
        created_by=actor,
    )
    period.chapters.set(chosen)
    _log(actor, period, ADDITION, _("Opened: %(span)s.") % {"span": _span(period, process)})
    return period


def _lock_period(period: CommentPeriod) -> tuple[CommentPeriod, Document]:
    """The period's document locked (the lock every write on periods takes), then the period."""
    document = _lock_document(Document(pk=period.document_id))
    period = (
        CommentPeriod.objects.select_related("document__process")
        .prefetch_related("chapters")
        .get(pk=period.pk)
    )
    return period, document


@transaction.atomic
def change_period(
    *,
    period: CommentPeriod,
    actor,
    title: str | None = None,
    opens_at=None,
    closes_at=None,
    closes_on: date | None = None,
    chapters: Iterable[Chapter] | None = None,
    takes_proposals: bool | None = None,
    takes_comments: bool | None = None,
    reminder_hours: list[int] | None = None,
) -> CommentPeriod:
    """The secretariat changes a period: what is left out (None) stays as it is; `chapters=()`
    means the whole document. Extending a closed period's deadline opens it again.

    Input already received stays inside the period: its opening may not move after the first
    proposal or comment, nor its closing before the last."""
    period, document = _lock_period(period)
    process = document.process
    _require_manager(actor, process, _("changes"))
    new_title = period.title if title is None else _check_title(title)
    new_opens = (
        period.opens_at if opens_at is None else _aware(opens_at, process, what=_("the opening"))
    )
    if closes_at is None and closes_on is None:
        new_closes = period.closes_at
    else:
        new_closes = _closing(process, closes_at=closes_at, closes_on=closes_on)
    _check_times(new_opens, new_closes, process)
    new_proposals = period.takes_proposals if takes_proposals is None else takes_proposals
    new_comments = period.takes_comments if takes_comments is None else takes_comments
    _check_kinds(new_proposals, new_comments)
    new_chapters = None if chapters is None else _check_chapters(document, chapters)
    reminders = _reminders(
        period.reminder_hours if reminder_hours is None else reminder_hours,
        opens_at=new_opens,
        closes_at=new_closes,
        given=True,
    )
    _check_no_overlap(document, new_opens, new_closes, other_than=period)
    _check_received_input(period, new_opens, new_closes)

    before = _span(period, process)
    period.title = new_title
    period.opens_at = new_opens
    period.closes_at = new_closes
    period.takes_proposals = new_proposals
    period.takes_comments = new_comments
    period.reminder_hours = reminders
    period.save(
        update_fields=[
            "title",
            "opens_at",
            "closes_at",
            "takes_proposals",
            "takes_comments",
            "reminder_hours",
        ]
    )
    if new_chapters is not None:
        period.chapters.set(new_chapters)
    covered = covered_chapters(CommentPeriod.objects.prefetch_related("chapters").get(pk=period.pk))
    _log(
        actor,
        period,
        CHANGE,
        _("Changed from %(before)s to %(after)s; %(scope)s; takes %(kinds)s.")
        % {
            "before": before,
            "after": _span(period, process),
            "scope": chapters_label(covered) if covered else _("the whole document"),
            "kinds": ", ".join(
                kind
                for kind, taken in ((_("proposals"), new_proposals), (_("comments"), new_comments))
                if taken
            ),
        },
    )
    return period


@transaction.atomic
def close_period_now(*, period: CommentPeriod, actor) -> CommentPeriod:
    """The secretariat closes an open period at once: its deadline becomes now."""
    period, document = _lock_period(period)
    process = document.process
    _require_manager(actor, process, _("closes"))
    now = timezone.now()
    if period.closes_at <= now:
        raise RuleViolation(
            _("%(period)s already closed on %(when)s.")
            % {
                "period": _named(period, sentence_start=True),
                "when": moment_at(period.closes_at, process),
            },
            code="period_not_open",
        )
    if period.opens_at >= now:
        raise RuleViolation(
            _("%(period)s has not opened yet (it opens on %(when)s): change its times instead.")
            % {
                "period": _named(period, sentence_start=True),
                "when": moment_at(period.opens_at, process),
            },
            code="period_not_open",
        )
    period.closes_at = now
    period.save(update_fields=["closes_at"])
    _log(actor, period, CHANGE, _("Closed early, on %(when)s.") % {"when": moment_at(now, process)})
    return period


# --- Input: proposals and general comments ------------------------------------------------------


def _refusal(document: Document, window, *, chapter: Chapter | None, kind: str) -> RuleViolation:
    """Why `document` takes no input of `kind` (on `chapter`) now, in words a delegate can act
    on: when it closed, when it opens, or what the open period takes."""
    process = document.process
    current = window.open_period
    if current is not None:
        until = deadline(current.closes_at, process)
        if chapter is not None and not covers(current, chapter):
            message = _(
                "Input on %(chapter)s is closed: the comment period open until %(until)s covers "
                "%(covered)s only."
            ) % {
                "chapter": chapter_label(chapter),
                "until": until,
                "covered": chapters_label(covered_chapters(current)),
            }
        elif kind == ProposalKind.COMMENT:
            message = _(
                "The comment period open until %(until)s takes proposals only, not comments."
            ) % {"until": until}
        else:
            message = _(
                "The comment period open until %(until)s takes comments only, not proposals."
            ) % {"until": until}
    elif window.next_period is not None:
        message = _("Input on %(document)s opens on %(when)s.") % {
            "document": document,
            "when": moment_at(window.next_period.opens_at, process),
        }
        if window.last_closed is not None:
            message += " " + _("The last comment period closed on %(when)s.") % {
                "when": moment_at(window.last_closed.closes_at, process)
            }
    else:
        message = _("The comment period closed on %(when)s.") % {
            "when": moment_at(window.last_closed.closes_at, process)
        }
    return RuleViolation(message, code=PERIOD_CLOSED)


def _open_period_for(
    document: Document, *, chapter: Chapter | None, kind: str
) -> CommentPeriod | None:
    periods = list(CommentPeriod.objects.filter(document=document).prefetch_related("chapters"))
    if not periods:
        return None  # never had a period: input is always open
    window = window_from(periods, process=document.process, at=timezone.now())
    current = window.open_period
    if current is not None and takes(current, kind):
        if chapter is None or covers(current, chapter):
            return current
    raise _refusal(document, window, chapter=chapter, kind=kind)


def period_for_proposal(*, paragraph: Paragraph, kind: ProposalKind) -> CommentPeriod | None:
    """The open period a proposal (or paragraph comment) of `kind` on `paragraph` falls in, or
    None where the document has never had a period (input is then always open). Raises
    RuleViolation ("period_closed"), with the closing time in the process's zone, when input is
    closed: "The comment period closed on 21 March 2014 at 18:00 Geneva time."

    Precondition: the caller holds the paragraph's lock, and `paragraph` comes with its chapter,
    document and process."""
    return _open_period_for(paragraph.chapter.document, chapter=paragraph.chapter, kind=kind)


def _commenting_stakeholder(actor, process: Process, on_behalf_of: Stakeholder | None):
    represented = permissions.stakeholders_represented(actor, process)
    if not represented:
        raise ActionNotAllowed(
            _("Only delegates and focal points comment, for their stakeholder; observers follow.")
        )
    if on_behalf_of is None:
        if len(represented) > 1:
            raise InvalidInput(
                _("You act for %(names)s: say on whose behalf you comment.")
                % {"names": ", ".join(s.name for s in represented)}
            )
        return represented[0]
    if all(s.pk != on_behalf_of.pk for s in represented):
        raise ActionNotAllowed(
            _("You do not act for %(name)s in this process.") % {"name": on_behalf_of.name}
        )
    return on_behalf_of


@transaction.atomic
def submit_document_comment(
    *, document: Document, actor, text: str, on_behalf_of: Stakeholder | None = None
) -> DocumentComment:
    """A delegate or focal point comments on the document as a whole, for the stakeholder they
    act for (one they choose when they act for several). Only while a period taking comments is
    open, where the document has periods (the same rule as for proposals)."""
    document = _lock_document(document)
    stakeholder = _commenting_stakeholder(actor, document.process, on_behalf_of)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Write your comment."))
    if len(text) > MAX_COMMENT_LENGTH:
        raise InvalidInput(
            _("The comment has %(length)s characters; the limit is %(max)s.")
            % {"length": f"{len(text):,}", "max": f"{MAX_COMMENT_LENGTH:,}"}
        )
    period = _open_period_for(document, chapter=None, kind=ProposalKind.COMMENT)
    return DocumentComment.objects.create(
        document=document, period=period, author=actor, stakeholder=stakeholder, text=text
    )
