"""The Chair's main outcomes: numbered points and decisions, action items, and their PDF."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from drafts import services as drafts_services
from drafts.models import Document, Paragraph, Publication, Rendering
from meetings import permissions
from meetings.models import ActionItem, ActionItemState, Meeting, OutcomeKind, OutcomePoint
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Member, Role, Stakeholder

MAX_OUTCOME_LENGTH = 20_000
MAX_ACTION_LENGTH = 2_000
MAX_OUTCOME_NUMBER = 32_767  # the column's limit (a small integer)


def _require_recorder(actor, meeting: Meeting) -> None:
    if not permissions.can_record_outcomes(actor, meeting.process):
        raise ActionNotAllowed(
            _("Only the Chair, a Vice-Chair or the secretariat can record the meeting's outcomes.")
        )


def _clean_text(text: str | None, *, limit: int, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("The %(what)s needs some text.") % {"what": what})
    if len(text) > limit:
        raise InvalidInput(
            _("The %(what)s has %(length)d characters; the limit is %(max)d.")
            % {"what": what, "length": len(text), "max": limit}
        )
    return text


@transaction.atomic
def record_outcome_point(
    *,
    meeting: Meeting,
    actor,
    text: str,
    kind: str = OutcomeKind.POINT,
    number: int | None = None,
    documents: Iterable[Document] = (),
    publications: Iterable[Publication] = (),
    paragraphs: Iterable[Paragraph] = (),
) -> OutcomePoint:
    """Adds a numbered point (the next number unless given) with links to what it is about."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_recorder(actor, meeting)
    text = _clean_text(text, limit=MAX_OUTCOME_LENGTH, what=_("outcome point"))
    if kind not in OutcomeKind.values:
        raise InvalidInput(_("An outcome is a point or a decision."))
    documents, publications, paragraphs = list(documents), list(publications), list(paragraphs)
    process_id = meeting.process_id
    if (
        any(d.process_id != process_id for d in documents)
        or any(p.process_id != process_id for p in publications)
        or any(p.chapter.document.process_id != process_id for p in paragraphs)
    ):
        raise InvalidInput(
            _("An outcome can only link to texts of %(p)s.") % {"p": meeting.process.code}
        )
    if number is None:
        number = (meeting.outcome_points.aggregate(last=Max("number"))["last"] or 0) + 1
    elif not 1 <= number <= MAX_OUTCOME_NUMBER:
        raise InvalidInput(
            _("Outcome points are numbered from 1 to %(max)d.") % {"max": MAX_OUTCOME_NUMBER}
        )
    elif meeting.outcome_points.filter(number=number).exists():
        raise RuleViolation(
            _("Point %(n)d exists already.") % {"n": number}, code="outcome_number_taken"
        )
    point = OutcomePoint.objects.create(
        meeting=meeting, number=number, kind=kind, text=text, recorded_by=actor
    )
    point.documents.set(documents)
    point.publications.set(publications)
    point.paragraphs.set(paragraphs)
    return point


@transaction.atomic
def add_action_item(
    *,
    meeting: Meeting,
    actor,
    text: str,
    owner_stakeholder: Stakeholder | None = None,
    owner_member: Member | None = None,
    owner_is_secretariat: bool = False,
    due_on: date | None = None,
    outcome_point: OutcomePoint | None = None,
) -> ActionItem:
    """Records who must do what by when. Exactly one owner: a stakeholder, a focal point, or the
    secretariat."""
    meeting = Meeting.objects.select_for_update().select_related("process").get(pk=meeting.pk)
    _require_recorder(actor, meeting)
    text = _clean_text(text, limit=MAX_ACTION_LENGTH, what=_("action item"))
    owners = [owner_stakeholder is not None, owner_member is not None, owner_is_secretariat]
    if sum(owners) != 1:
        raise InvalidInput(
            _("Name the action item's owner: a stakeholder, a focal point or the secretariat.")
            if not any(owners)
            else _(
                "An action item has one owner: a stakeholder, a focal point or the secretariat."
            ),
            code="action_item_owner",
        )
    if owner_member is not None and owner_member.process_id != meeting.process_id:
        raise InvalidInput(
            _("%(who)s is not a member of %(p)s.")
            % {"who": owner_member, "p": meeting.process.code}
        )
    if owner_member is not None and (
        owner_member.role != Role.FOCAL_POINT or not owner_member.is_active
    ):
        raise InvalidInput(
            _(
                "%(who)s is not an active focal point: give the action item to their "
                "stakeholder, to a focal point or to the secretariat."
            )
            % {"who": owner_member},
            code="action_item_owner",
        )
    if outcome_point is not None and outcome_point.meeting_id != meeting.pk:
        raise InvalidInput(_("That outcome point belongs to another meeting."))
    return ActionItem.objects.create(
        meeting=meeting,
        text=text,
        owner_stakeholder=owner_stakeholder,
        owner_member=owner_member,
        owner_is_secretariat=owner_is_secretariat,
        due_on=due_on,
        outcome_point=outcome_point,
        created_by=actor,
    )


@transaction.atomic
def set_action_item_state(*, item: ActionItem, state: str, actor) -> ActionItem:
    item = ActionItem.objects.select_for_update().select_related("meeting__process").get(pk=item.pk)
    _require_recorder(actor, item.meeting)
    if state not in ActionItemState.values:
        raise InvalidInput(_("An action item is open, done or cancelled."))
    if item.state == state:
        raise RuleViolation(
            _("The action item is already %(state)s.")
            % {"state": item.get_state_display().lower()},
            code="action_item_unchanged",
        )
    item.state = state
    item.state_changed_at = timezone.now()
    item.state_changed_by = actor
    item.save(update_fields=["state", "state_changed_at", "state_changed_by"])
    return item


def outcomes_filename(meeting: Meeting) -> str:
    return f"{slugify(meeting.process.code)}-meeting-{meeting.number}-outcomes.pdf"


def request_outcomes_pdf(*, meeting: Meeting, context: dict) -> Rendering:
    """The outcomes as a PDF, through the same worker machinery as publications: rendered once
    per content; asking again after a failure tries again. `context` is the outcomes page's."""
    html = render_to_string("meetings/outcomes/print.html", context)
    with transaction.atomic():
        return drafts_services.request_rendering(
            purpose="outcomes", filename=outcomes_filename(meeting), html=html, retry_failed=True
        )
