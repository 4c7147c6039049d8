"""The live screen: the paragraph the room is negotiating, projected and followed remotely.

Putting a paragraph on screen is announced after commit on the meeting's screen channel; text
and status changes come from drafts on the document's channel. The screen stream listens to both.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts import events
from drafts.models import Paragraph, ParagraphStatus
from meetings import permissions
from meetings.models import Meeting
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation


def screen_channel(meeting_id: int) -> str:
    return f"meetings.screen.{meeting_id}"


def _lock(meeting: Meeting, actor) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("process").get(pk=meeting.pk)
    if not permissions.can_put_on_screen(actor, meeting.process):
        raise ActionNotAllowed(
            _("Only the Chair, a Vice-Chair or the secretariat can change what is on screen.")
        )
    return meeting


def _show(meeting: Meeting, paragraph: Paragraph | None, actor) -> Meeting:
    meeting.on_screen = paragraph
    meeting.on_screen_since = timezone.now()
    meeting.on_screen_by = actor
    meeting.save(update_fields=["on_screen", "on_screen_since", "on_screen_by"])
    events.publish_after_commit(
        screen_channel(meeting.pk),
        {
            "kind": "screen",
            "meeting": meeting.pk,
            "paragraph": paragraph.pk if paragraph else None,
            "document": paragraph.chapter.document_id if paragraph else None,
            "at": meeting.on_screen_since.isoformat(),
        },
    )
    return meeting


@transaction.atomic
def put_on_screen(*, meeting: Meeting, paragraph: Paragraph, actor) -> Meeting:
    meeting = _lock(meeting, actor)
    paragraph = Paragraph.objects.select_related("chapter__document").get(pk=paragraph.pk)
    if paragraph.chapter.document.process_id != meeting.process_id:
        raise InvalidInput(
            _("That paragraph belongs to another process; only texts of %(p)s go on this screen.")
            % {"p": meeting.process.code},
            code="paragraph_of_another_process",
        )
    if paragraph.status == ParagraphStatus.DELETED:
        raise RuleViolation(
            _("Para %(para)s was deleted; it cannot go on screen.")
            % {"para": paragraph.display_number},
            code="paragraph_deleted",
        )
    return _show(meeting, paragraph, actor)


@transaction.atomic
def clear_screen(*, meeting: Meeting, actor) -> Meeting:
    meeting = _lock(meeting, actor)
    return _show(meeting, None, actor)


def _agenda_paragraphs(meeting: Meeting):
    """Every paragraph of the agenda's documents, in reading order (documents by title)."""
    return (
        Paragraph.objects.filter(chapter__document__in=meeting.agenda.all())
        .select_related("chapter__document")
        .order_by(
            "chapter__document__title",
            "chapter__document_id",
            "chapter__order",
            "number",
            "insertion",
        )
    )


@transaction.atomic
def put_next_open_on_screen(*, meeting: Meeting, actor) -> Meeting:
    """The Chair's "next": the first open paragraph of the agenda after the one on screen
    (from the top when nothing of the agenda is on screen), wrapping round once."""
    meeting = _lock(meeting, actor)
    paragraphs = list(_agenda_paragraphs(meeting).values_list("pk", "status"))
    if not paragraphs:
        raise RuleViolation(_("No document is on this meeting's agenda yet."), code="agenda_empty")
    start = next(
        (index + 1 for index, (pk, _s) in enumerate(paragraphs) if pk == meeting.on_screen_id), 0
    )
    ordered = paragraphs[start:] + paragraphs[:start]
    upcoming = next((pk for pk, status in ordered if status == ParagraphStatus.OPEN), None)
    if upcoming is None:
        raise RuleViolation(
            _("Every paragraph on the agenda is settled: nothing is left open."),
            code="nothing_open",
        )
    return _show(meeting, Paragraph.objects.select_related("chapter").get(pk=upcoming), actor)
