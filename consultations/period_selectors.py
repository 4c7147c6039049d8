"""Reads about comment periods: which period frames input on a document now, the periods of a
document with what they received, the general comments on it, and how their times read.

Times are stored in UTC and shown in the process's zone ("21 March 2014 at 18:00 Geneva time").
Every function here costs a fixed number of queries, however many periods, proposals and
comments there are. Nothing here writes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.models import CommentPeriod, DocumentComment, Proposal, ProposalKind
from drafts.models import Chapter, Document
from processes.models import Process

# The document page counts down to the deadline during its last two days.
COUNTDOWN_FROM = timedelta(hours=48)

# Cities whose clocks an IANA zone keeps without being named after them. Geneva, where the
# WSIS+10 platform meets, keeps Zurich's time: "18:00 Geneva time" is what its delegates read.
ZONE_CITIES = {"Europe/Zurich": "Geneva"}
UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"}


# --- How times read -----------------------------------------------------------------------------


def zone_label(process: Process) -> str:
    """ "Geneva time" for Europe/Zurich, "New York time" for America/New_York, "UTC" for UTC."""
    name = process.time_zone
    if name in UTC_NAMES:
        return "UTC"
    city = ZONE_CITIES.get(name) or name.rsplit("/", 1)[-1].replace("_", " ")
    return _("%(city)s time") % {"city": city}


def local(moment: datetime, process: Process) -> datetime:
    return timezone.localtime(moment, process.zone)


def moment_at(moment: datetime, process: Process) -> str:
    """ "21 March 2014 at 18:00 Geneva time": for sentences ("closed on …")."""
    when = local(moment, process)
    return _("%(date)s at %(time)s %(zone)s") % {
        "date": date_format(when, "j F Y"),
        "time": date_format(when, "H:i"),
        "zone": zone_label(process),
    }


def deadline(moment: datetime, process: Process) -> str:
    """ "21 March 2014, 18:00 Geneva time": for banners and lists ("open until …")."""
    when = local(moment, process)
    return _("%(date)s, %(time)s %(zone)s") % {
        "date": date_format(when, "j F Y"),
        "time": date_format(when, "H:i"),
        "zone": zone_label(process),
    }


def countdown(closes_at: datetime, at: datetime) -> str:
    """ "closes in 5 hours 12 minutes" in the last 48 hours before `closes_at`; else ""."""
    left = closes_at - at
    if left <= timedelta(0) or left > COUNTDOWN_FROM:
        return ""
    minutes_left = int(left.total_seconds()) // 60
    if minutes_left == 0:
        return _("closes in less than a minute")
    hours, minutes = divmod(minutes_left, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return _("closes in %(left)s") % {"left": " ".join(parts)}


def chapter_label(chapter: Chapter) -> str:
    return _("Chapter %(letter)s") % {"letter": chapter.letter} if chapter.letter else _("Annex")


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def chapters_label(chapters: list[Chapter]) -> str:
    """ "Chapter B", "Chapters B and C", "Chapters A, B and the Annex", "the Annex"."""
    letters = [c.letter for c in chapters if c.letter]
    annex = [_("the Annex")] if any(not c.letter for c in chapters) else []
    if not letters:
        return _("the Annex")
    if len(letters) == 1:
        return _and([_("Chapter %(letter)s") % {"letter": letters[0]}, *annex])
    return _("Chapters %(list)s") % {"list": _and([*letters, *annex])}


def input_kinds_label(period: CommentPeriod) -> str:
    """ "Comments and proposals", "Proposals" or "Comments": what the period takes."""
    if period.takes_proposals and period.takes_comments:
        return _("Comments and proposals")
    return _("Proposals") if period.takes_proposals else _("Comments")


# --- Which period frames input now --------------------------------------------------------------


def state(period: CommentPeriod, *, at: datetime | None = None) -> str:
    """ "open", "upcoming" or "closed" at `at` (now): the page and the API say the same."""
    now = at or timezone.now()
    if period.is_open(now):
        return "open"
    return "upcoming" if period.opens_at > now else "closed"


def covered_chapters(period: CommentPeriod) -> list[Chapter]:
    """The chapters a period is limited to ([] for the whole document); prefetched."""
    return sorted(period.chapters.all(), key=lambda chapter: chapter.order)


def covers(period: CommentPeriod, chapter: Chapter) -> bool:
    chapters = covered_chapters(period)
    return not chapters or any(c.pk == chapter.pk for c in chapters)


def takes(period: CommentPeriod, kind: str) -> bool:
    """Whether the period takes a proposal of `kind`; comment-only proposals are comments."""
    return period.takes_comments if kind == ProposalKind.COMMENT else period.takes_proposals


@dataclass(frozen=True)
class InputWindow:
    """Whether a document takes input at `at`, and the periods that frame that moment.

    A document that has never had a period takes input at any time (`always_open`); once it has
    had one, it takes input only while a period is open (see `consultations.services.periods`).
    """

    process: Process
    at: datetime
    has_periods: bool
    open_period: CommentPeriod | None = None
    next_period: CommentPeriod | None = None
    last_closed: CommentPeriod | None = None

    @property
    def always_open(self) -> bool:
        return not self.has_periods

    @property
    def takes_proposals(self) -> bool:
        return self.always_open or bool(self.open_period and self.open_period.takes_proposals)

    @property
    def takes_comments(self) -> bool:
        return self.always_open or bool(self.open_period and self.open_period.takes_comments)

    @property
    def open_chapters(self) -> str:
        """ "Chapters B and C" when the open period is limited to some; "" otherwise."""
        if self.open_period is None:
            return ""
        chapters = covered_chapters(self.open_period)
        return chapters_label(chapters) if chapters else ""

    @property
    def open_kinds(self) -> str:
        return input_kinds_label(self.open_period) if self.open_period else ""

    @property
    def open_until(self) -> str:
        return deadline(self.open_period.closes_at, self.process) if self.open_period else ""

    @property
    def countdown(self) -> str:
        return countdown(self.open_period.closes_at, self.at) if self.open_period else ""

    @property
    def next_opens(self) -> str:
        return moment_at(self.next_period.opens_at, self.process) if self.next_period else ""

    @property
    def closed_on(self) -> str:
        return moment_at(self.last_closed.closes_at, self.process) if self.last_closed else ""


def _chapters_in_order() -> Prefetch:
    return Prefetch("chapters", queryset=Chapter.objects.order_by("order"))


def window_from(periods: list[CommentPeriod], *, process: Process, at: datetime) -> InputWindow:
    """The window at `at` among a document's periods (no query: they are loaded)."""
    open_now = [p for p in periods if p.is_open(at)]
    upcoming = sorted((p for p in periods if p.opens_at > at), key=lambda p: p.opens_at)
    closed = sorted((p for p in periods if p.closes_at <= at), key=lambda p: p.closes_at)
    return InputWindow(
        process=process,
        at=at,
        has_periods=bool(periods),
        open_period=open_now[0] if open_now else None,
        next_period=upcoming[0] if upcoming else None,
        last_closed=closed[-1] if closed else None,
    )


def input_window(document: Document, *, at: datetime | None = None) -> InputWindow:
    """Whether `document` takes input now (or `at`): two queries at most (the periods, and
    their chapters when there are periods)."""
    at = at or timezone.now()
    periods = list(
        CommentPeriod.objects.filter(document=document).prefetch_related(_chapters_in_order())
    )
    return window_from(periods, process=document.process, at=at)


def document_heading(*, process_slug: str, document_slug: str, at: datetime) -> Document | None:
    """The document with its process, annotated with the ids of the periods that frame `at`
    (`open_period_id`, `next_period_id`, `last_closed_id`): one query, for the document page,
    which then loads those periods only when there are some (`window_of_heading`)."""
    periods = CommentPeriod.objects.filter(document=OuterRef("pk")).values("pk")
    return (
        Document.objects.select_related("process")
        .filter(process__slug=process_slug, slug=document_slug)
        .annotate(
            open_period_id=Subquery(
                periods.filter(opens_at__lte=at, closes_at__gt=at).order_by("opens_at")[:1]
            ),
            next_period_id=Subquery(periods.filter(opens_at__gt=at).order_by("opens_at")[:1]),
            last_closed_id=Subquery(periods.filter(closes_at__lte=at).order_by("-closes_at")[:1]),
        )
        .first()
    )


def window_of_heading(heading: Document, *, at: datetime) -> InputWindow:
    """The input window of a document loaded by `document_heading`: no query for a document
    without periods, two otherwise (the periods that frame `at`, and their chapters)."""
    ids = [
        pk
        for pk in (heading.open_period_id, heading.next_period_id, heading.last_closed_id)
        if pk is not None
    ]
    periods = (
        list(CommentPeriod.objects.filter(pk__in=ids).prefetch_related(_chapters_in_order()))
        if ids
        else []
    )
    return window_from(periods, process=heading.process, at=at)


# --- Periods, with what they received -----------------------------------------------------------


def _count_of(model, **filters) -> Coalesce:
    counted = (
        model.objects.filter(**filters)
        .order_by()
        .values("period")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(periods: QuerySet[CommentPeriod]) -> QuerySet[CommentPeriod]:
    """Each period annotated with `proposal_count` and `comment_count` (paragraph comments are
    proposals of the kind "comment only") and with its chapters and creator loaded."""
    return (
        periods.annotate(
            proposal_count=_count_of(Proposal, period=OuterRef("pk")),
            comment_count=_count_of(DocumentComment, period=OuterRef("pk")),
        )
        .select_related("created_by", "document__process")
        .prefetch_related(_chapters_in_order())
    )


def periods_of(document: Document) -> list[CommentPeriod]:
    """The document's periods, oldest first, with counts of input received: two queries."""
    return list(with_counts(CommentPeriod.objects.filter(document=document)).order_by("opens_at"))


def period_of(document: Document, period_id) -> CommentPeriod | None:
    """One period of the document with its counts, or None: two queries."""
    return (
        with_counts(CommentPeriod.objects.filter(document=document, pk=period_id))
        .order_by()
        .first()
    )


def period_by_id(period_id) -> CommentPeriod | None:
    """A period with its document, process and counts, or None (the API's /periods/<id>/)."""
    return with_counts(CommentPeriod.objects.filter(pk=period_id)).order_by().first()


def document_of(*, process_slug: str, document_slug: str) -> Document | None:
    return (
        Document.objects.select_related("process")
        .filter(process__slug=process_slug, slug=document_slug)
        .first()
    )


# --- General comments ---------------------------------------------------------------------------


def comments_of(document: Document) -> QuerySet[DocumentComment]:
    """The general comments on a document, oldest first, with their stakeholder, author and
    period: one query."""
    return (
        DocumentComment.objects.filter(document=document)
        .select_related("document", "stakeholder", "author", "period")
        .order_by("created_at", "pk")
    )
