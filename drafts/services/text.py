"""Writes to the text. Every change to negotiated text goes through a function here.

Each service takes keyword arguments, receives the acting user as `actor`, runs in one
transaction, locks the rows it changes, re-checks the actor's permission and records who did what.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from drafts import brackets, events, numbering, permissions
from drafts.models import (
    Alternative,
    ChangeKind,
    Chapter,
    Document,
    Paragraph,
    ParagraphStatus,
    ParagraphVersion,
    StatusChange,
)
from drafts.signals import paragraph_revised, paragraph_status_changed
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation, StaleVersion
from processes.models import Process, Stakeholder
from processes.selectors import acting_role

MAX_PARAGRAPH_TEXT_LENGTH = 10_000
MAX_ALTERNATIVES = 20


@dataclass(frozen=True)
class AlternativeText:
    """The text of one alternative as submitted, with the stakeholder who proposed it."""

    text: str
    proposer: Stakeholder | None = None


def clean_alternatives(
    alternatives: Sequence[AlternativeText], *, paragraph_label: str
) -> list[AlternativeText]:
    """Normalises whitespace and refuses empty, oversized or badly bracketed text."""
    if not alternatives:
        raise InvalidInput(_("%(para)s needs some text.") % {"para": paragraph_label})
    if len(alternatives) > MAX_ALTERNATIVES:
        raise InvalidInput(
            _("%(para)s cannot have more than %(max)d alternatives.")
            % {"para": paragraph_label, "max": MAX_ALTERNATIVES}
        )
    cleaned = []
    for position, alternative in enumerate(alternatives, start=1):
        where = paragraph_label if len(alternatives) == 1 else f"{paragraph_label}, ALT {position}"
        text = alternative.text.strip()
        if not text:
            raise InvalidInput(_("%(where)s is empty.") % {"where": where})
        if len(text) > MAX_PARAGRAPH_TEXT_LENGTH:
            raise InvalidInput(
                _("%(where)s has %(length)d characters; the limit is %(max)d.")
                % {"where": where, "length": len(text), "max": MAX_PARAGRAPH_TEXT_LENGTH}
            )
        try:
            brackets.validate(text)
        except brackets.BracketError as error:
            raise InvalidInput(f"{where}: {error}") from error
        cleaned.append(AlternativeText(text=text, proposer=alternative.proposer))
    return cleaned


def _record_version(
    *,
    paragraph: Paragraph,
    alternatives: Sequence[AlternativeText],
    actor,
    reason: str,
    on_behalf_of: Stakeholder | None,
    change: ChangeKind,
    source_proposal_id: int | None = None,
) -> ParagraphVersion:
    """Precondition: the caller holds the paragraph's row lock (or just created it)."""
    last = paragraph.versions.aggregate(last=Max("sequence"))["last"] or 0
    version = ParagraphVersion.objects.create(
        paragraph=paragraph,
        sequence=last + 1,
        author=actor,
        on_behalf_of=on_behalf_of,
        reason=reason,
        change=change,
        actor_role=acting_role(user=actor, process=paragraph.chapter.document.process),
        source_proposal_id=source_proposal_id,
    )
    Alternative.objects.bulk_create(
        Alternative(version=version, position=position, text=alt.text, proposer=alt.proposer)
        for position, alt in enumerate(alternatives, start=1)
    )
    paragraph.current_version = version
    paragraph.save(update_fields=["current_version"])
    paragraph_revised.send(sender=Paragraph, paragraph=paragraph, version=version)
    events.announce_paragraph_change(paragraph=paragraph, kind="revised")
    return version


@transaction.atomic
def create_document(
    *,
    process: Process,
    title: str,
    short_title: str,
    actor,
    slug: str = "",
    symbol_number: int | None = None,
) -> Document:
    if not permissions.can_set_up_documents(actor, process):
        raise ActionNotAllowed(_("Only the secretariat can create documents."))
    slug = slug or slugify(short_title)[:80]
    if Document.objects.filter(process=process, slug=slug).exists():
        raise InvalidInput(
            _("%(process)s already has a document at '%(slug)s'.")
            % {"process": process, "slug": slug}
        )
    order = (process.documents.aggregate(last=Max("order"))["last"] or 0) + 1
    return Document.objects.create(
        process=process,
        title=title,
        short_title=short_title,
        slug=slug,
        symbol_number=symbol_number,
        order=order,
    )


@transaction.atomic
def add_chapter(
    *, document: Document, letter: str, title: str, actor, is_annex: bool = False
) -> Chapter:
    if not permissions.can_set_up_documents(actor, document.process):
        raise ActionNotAllowed(_("Only the secretariat can add chapters."))
    letter = letter.strip().upper()
    if letter and document.chapters.filter(letter=letter).exists():
        raise InvalidInput(
            _("%(document)s already has a Chapter %(letter)s.")
            % {"document": document, "letter": letter}
        )
    order = (document.chapters.aggregate(last=Max("order"))["last"] or 0) + 1
    return Chapter.objects.create(
        document=document, letter=letter, title=title, order=order, is_annex=is_annex
    )


@transaction.atomic
def add_paragraph(
    *,
    chapter: Chapter,
    number: int,
    alternatives: Sequence[AlternativeText],
    actor,
    insertion: int = 0,
    reason: str = "",
    on_behalf_of: Stakeholder | None = None,
) -> Paragraph:
    """Adds a numbered paragraph with its first version (the secretariat sets up the text)."""
    if not permissions.can_set_up_documents(actor, chapter.document.process):
        raise ActionNotAllowed(_("Only the secretariat can add paragraphs."))
    label = f"Para {numbering.display_number(number, insertion)}"
    if chapter.paragraphs.filter(number=number, insertion=insertion).exists():
        raise InvalidInput(
            _("%(chapter)s already has %(para)s.") % {"chapter": chapter.heading, "para": label}
        )
    cleaned = clean_alternatives(alternatives, paragraph_label=label)
    paragraph = Paragraph.objects.create(chapter=chapter, number=number, insertion=insertion)
    _record_version(
        paragraph=paragraph,
        alternatives=cleaned,
        actor=actor,
        reason=reason,
        on_behalf_of=on_behalf_of,
        change=ChangeKind.DRAFTED,
    )
    return paragraph


def lock_paragraph(paragraph: Paragraph) -> Paragraph:
    """The paragraph, re-read under a row lock; callers must be inside a transaction."""
    # Lock first, read after. A SELECT ... FOR UPDATE that has waited for another transaction
    # re-reads only the row it locks (READ COMMITTED): rows it joins come from the snapshot
    # taken before the wait, so the join to a version created meanwhile finds nothing and
    # current_version reads None. A new statement, once the lock is held, sees the latest text.
    Paragraph.objects.select_for_update().filter(pk=paragraph.pk).values_list("pk").get()
    related = ("chapter__document__process", "current_version")
    return Paragraph.objects.select_related(*related).get(pk=paragraph.pk)


def check_expected_version(paragraph: Paragraph, expected_version: int) -> None:
    """Refuses a decision taken on a version that is no longer current (a conflict)."""
    current = paragraph.current_version.sequence
    if expected_version != current:
        raise StaleVersion(
            _(
                "%(para)s has changed since you opened it (you saw version %(seen)s, "
                "it is now at version %(current)d). Reload it and decide on the current text."
            )
            % {"para": paragraph.label, "seen": expected_version, "current": current}
        )


def _require_open(paragraph: Paragraph) -> None:
    if paragraph.status != ParagraphStatus.OPEN:
        raise RuleViolation(
            _("%(para)s is %(status)s; the Chair must reopen it before the text can change.")
            % {"para": paragraph.label, "status": paragraph.get_status_display().lower()},
            code="paragraph_settled",
        )


def current_texts(paragraph: Paragraph) -> list[AlternativeText]:
    return [
        AlternativeText(text=alt.text, proposer=alt.proposer)
        for alt in paragraph.current_version.alternatives.select_related("proposer").order_by(
            "position"
        )
    ]


@transaction.atomic
def revise_paragraph(
    *,
    paragraph: Paragraph,
    alternatives: Sequence[AlternativeText],
    actor,
    expected_version: int,
    reason: str,
    on_behalf_of: Stakeholder | None = None,
    change: ChangeKind = ChangeKind.PEN_EDIT,
    source_proposal_id: int | None = None,
) -> ParagraphVersion:
    """Records a new version of an open paragraph's text.

    The secretariat edits as pen-holder (a reason is required); the Chair's decisions on
    proposals come here through the consultations services with the proposal's id.
    """
    paragraph = lock_paragraph(paragraph)
    if not permissions.can_revise_paragraph(actor, paragraph):
        raise ActionNotAllowed(
            _("Only the Chair, the Vice-Chairs and the secretariat can change the text.")
        )
    _require_open(paragraph)
    check_expected_version(paragraph, expected_version)
    cleaned = clean_alternatives(alternatives, paragraph_label=paragraph.label)
    if change == ChangeKind.PEN_EDIT and not reason.strip():
        raise InvalidInput(_("Say why the text of %(para)s is edited.") % {"para": paragraph.label})
    if [a.text for a in cleaned] == [a.text for a in current_texts(paragraph)]:
        raise InvalidInput(
            _("The new text of %(para)s is the same as the current text.")
            % {"para": paragraph.label}
        )
    return _record_version(
        paragraph=paragraph,
        alternatives=cleaned,
        actor=actor,
        reason=reason.strip(),
        on_behalf_of=on_behalf_of,
        change=change,
        source_proposal_id=source_proposal_id,
    )


def _chair_move(
    *, paragraph: Paragraph, actor, expected_version: int, what: str
) -> tuple[Paragraph, list[AlternativeText]]:
    """Common preconditions of the Chair's moves on the text: lock, role, status, version."""
    paragraph = lock_paragraph(paragraph)
    if not permissions.can_edit_in_the_room(actor, paragraph):
        raise ActionNotAllowed(_("Only the Chair or a Vice-Chair can %(what)s.") % {"what": what})
    _require_open(paragraph)
    check_expected_version(paragraph, expected_version)
    return paragraph, current_texts(paragraph)


def _alternative_at(
    paragraph: Paragraph, texts: list[AlternativeText], position: int
) -> AlternativeText:
    if not 1 <= position <= len(texts):
        raise InvalidInput(
            _("%(para)s has no ALT %(position)s.") % {"para": paragraph.label, "position": position}
        )
    return texts[position - 1]


@transaction.atomic
def retain_alternative(
    *, paragraph: Paragraph, position: int, actor, expected_version: int, reason: str = ""
) -> ParagraphVersion:
    """The Chair keeps one alternative; the others are dropped (and stay in the history)."""
    paragraph, texts = _chair_move(
        paragraph=paragraph,
        actor=actor,
        expected_version=expected_version,
        what=_("choose between alternatives"),
    )
    if len(texts) < 2:
        raise RuleViolation(
            _("%(para)s has only one text.") % {"para": paragraph.label},
            code="single_alternative",
        )
    kept = _alternative_at(paragraph, texts, position)
    dropped = ", ".join(f"ALT {n}" for n in range(1, len(texts) + 1) if n != position)
    note = _("ALT %(kept)s retained; %(dropped)s dropped.") % {"kept": position, "dropped": dropped}
    return _record_version(
        paragraph=paragraph,
        alternatives=[kept],
        actor=actor,
        reason=f"{note} {reason}".strip(),
        on_behalf_of=None,
        change=ChangeKind.ALTERNATIVE_RETAINED,
    )


def _bracket_move(
    *,
    paragraph: Paragraph,
    alternative: int,
    bracket_start: int,
    actor,
    expected_version: int,
    reason: str,
    operation,
    change: ChangeKind,
    what: str,
) -> ParagraphVersion:
    paragraph, texts = _chair_move(
        paragraph=paragraph, actor=actor, expected_version=expected_version, what=what
    )
    target = _alternative_at(paragraph, texts, alternative)
    try:
        new_text = operation(target.text, bracket_start)
    except ValueError:
        raise InvalidInput(
            _("There is no bracketed passage at character %(offset)d of %(para)s.")
            % {"offset": bracket_start + 1, "para": paragraph.label}
        ) from None
    if not new_text.strip():
        raise RuleViolation(
            _("Striking that passage would leave %(para)s empty; propose its deletion instead.")
            % {"para": paragraph.label},
            code="paragraph_would_be_empty",
        )
    texts[alternative - 1] = AlternativeText(text=new_text, proposer=target.proposer)
    return _record_version(
        paragraph=paragraph,
        alternatives=clean_alternatives(texts, paragraph_label=paragraph.label),
        actor=actor,
        reason=reason.strip(),
        on_behalf_of=None,
        change=change,
    )


@transaction.atomic
def lift_brackets(
    *,
    paragraph: Paragraph,
    bracket_start: int,
    actor,
    expected_version: int,
    alternative: int = 1,
    reason: str = "",
) -> ParagraphVersion:
    """The Chair lifts a pair of brackets: the passage stays, agreed.

    `bracket_start` is the offset of the passage's "[" in the alternative's text.
    """
    return _bracket_move(
        paragraph=paragraph,
        alternative=alternative,
        bracket_start=bracket_start,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        operation=brackets.lift,
        change=ChangeKind.BRACKETS_LIFTED,
        what=_("lift brackets"),
    )


@transaction.atomic
def strike_bracketed_passage(
    *,
    paragraph: Paragraph,
    bracket_start: int,
    actor,
    expected_version: int,
    alternative: int = 1,
    reason: str = "",
) -> ParagraphVersion:
    """The Chair strikes a bracketed passage: it goes, with its attributions."""
    return _bracket_move(
        paragraph=paragraph,
        alternative=alternative,
        bracket_start=bracket_start,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        operation=brackets.strike,
        change=ChangeKind.PASSAGE_STRUCK,
        what=_("strike bracketed text"),
    )


@transaction.atomic
def insert_paragraph_after(
    *,
    paragraph: Paragraph,
    alternatives: Sequence[AlternativeText],
    actor,
    reason: str,
    on_behalf_of: Stakeholder | None = None,
    change: ChangeKind = ChangeKind.DRAFTED,
    source_proposal_id: int | None = None,
) -> Paragraph:
    """A new paragraph after this one, numbered as negotiators do: 21bis, then 21ter."""
    paragraph = lock_paragraph(paragraph)
    if not permissions.can_revise_paragraph(actor, paragraph):
        raise ActionNotAllowed(
            _("Only the Chair, the Vice-Chairs and the secretariat can insert paragraphs.")
        )
    # Insertions after 21 and after 21bis draw on one run of suffixes, so they queue on the
    # chapter's row (taken after the paragraph's). Locking the sibling paragraphs instead
    # deadlocks: each insertion already holds its own paragraph and waits for the other's.
    Chapter.objects.select_for_update().filter(pk=paragraph.chapter_id).values_list("pk").get()
    siblings = Paragraph.objects.filter(chapter_id=paragraph.chapter_id, number=paragraph.number)
    insertion = numbering.next_insertion(siblings.values_list("insertion", flat=True))
    try:
        label = f"Para {numbering.display_number(paragraph.number, insertion)}"
    except ValueError as error:
        raise RuleViolation(str(error), code="numbering_exhausted") from None
    cleaned = clean_alternatives(alternatives, paragraph_label=label)
    new = Paragraph.objects.create(
        chapter_id=paragraph.chapter_id, number=paragraph.number, insertion=insertion
    )
    new.chapter = paragraph.chapter
    _record_version(
        paragraph=new,
        alternatives=cleaned,
        actor=actor,
        reason=reason,
        on_behalf_of=on_behalf_of,
        change=change,
        source_proposal_id=source_proposal_id,
    )
    return new


def unsettled_reasons(alternatives: Sequence[str]) -> list[str]:
    """Why a text cannot be agreed yet (the rule: no brackets, a single alternative)."""
    reasons = []
    if len(alternatives) > 1:
        reasons.append(
            _("it still has %(count)d alternatives: choose one") % {"count": len(alternatives)}
        )
    bracketed = sum(
        1
        for text in alternatives
        for passage in brackets.bracketed_passages(text)
        if passage.depth == 1
    )
    if bracketed:
        reasons.append(
            _("it still has %(count)d bracketed passage(s): remove the brackets")
            % {"count": bracketed}
        )
    return reasons


def _change_status(
    *,
    paragraph: Paragraph,
    to_status: ParagraphStatus,
    actor,
    expected_version: int | None,
    reason: str,
    source_proposal_id: int | None = None,
) -> StatusChange:
    """Precondition: the caller holds the paragraph's row lock and has checked permission."""
    if expected_version is not None:
        check_expected_version(paragraph, expected_version)
    if to_status in (ParagraphStatus.PRE_AGREED, ParagraphStatus.AGREED):
        texts = [alt.text for alt in paragraph.current_version.alternatives.all()]
        problems = unsettled_reasons(texts)
        if problems:
            raise RuleViolation(
                _("Para %(para)s cannot be marked %(status)s: %(problems)s.")
                % {
                    "para": paragraph.display_number,
                    "status": to_status.label.lower(),
                    "problems": "; ".join(problems),
                },
                code="text_unsettled",
            )
    change = StatusChange.objects.create(
        paragraph=paragraph,
        version=paragraph.current_version,
        from_status=paragraph.status,
        to_status=to_status,
        actor=actor,
        actor_role=acting_role(user=actor, process=paragraph.chapter.document.process),
        source_proposal_id=source_proposal_id,
        reason=reason,
    )
    paragraph.status = to_status
    paragraph.status_changed_at = timezone.now()
    paragraph.save(update_fields=["status", "status_changed_at"])
    paragraph_status_changed.send(sender=Paragraph, paragraph=paragraph, status_change=change)
    events.announce_paragraph_change(paragraph=paragraph, kind="status")
    return change


@transaction.atomic
def mark_pre_agreed(
    *, paragraph: Paragraph, actor, expected_version: int, reason: str = ""
) -> StatusChange:
    """The Chair records that the paragraph is agreed at this level, pending adoption."""
    paragraph = lock_paragraph(paragraph)
    if not permissions.can_mark_pre_agreed(actor, paragraph):
        raise ActionNotAllowed(_("Only the Chair or a Vice-Chair can mark a paragraph pre-agreed."))
    if paragraph.status != ParagraphStatus.OPEN:
        raise RuleViolation(
            _("Para %(para)s is already %(status)s.")
            % {"para": paragraph.display_number, "status": paragraph.get_status_display().lower()},
            code="paragraph_settled",
        )
    return _change_status(
        paragraph=paragraph,
        to_status=ParagraphStatus.PRE_AGREED,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def mark_agreed(
    *, paragraph: Paragraph, actor, expected_version: int, reason: str = ""
) -> StatusChange:
    """The Chair records adoption of a paragraph (from open or pre-agreed)."""
    paragraph = lock_paragraph(paragraph)
    if not permissions.can_mark_agreed(actor, paragraph):
        raise ActionNotAllowed(_("Only the Chair or a Vice-Chair can mark a paragraph agreed."))
    if paragraph.status not in (ParagraphStatus.OPEN, ParagraphStatus.PRE_AGREED):
        raise RuleViolation(
            _("Para %(para)s is %(status)s.")
            % {"para": paragraph.display_number, "status": paragraph.get_status_display().lower()},
            code="paragraph_settled",
        )
    return _change_status(
        paragraph=paragraph,
        to_status=ParagraphStatus.AGREED,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def reopen(
    *, paragraph: Paragraph, actor, reason: str, expected_version: int | None = None
) -> StatusChange:
    """The Chair reopens a pre-agreed paragraph for negotiation; a reason is required.

    Agreed (adopted) text is final and is not reopened here.
    """
    paragraph = lock_paragraph(paragraph)
    if not permissions.can_reopen(actor, paragraph):
        raise ActionNotAllowed(_("Only the Chair or a Vice-Chair can reopen a paragraph."))
    if paragraph.status == ParagraphStatus.OPEN:
        raise RuleViolation(
            _("Para %(para)s is already open.") % {"para": paragraph.display_number},
            code="paragraph_open",
        )
    if paragraph.status == ParagraphStatus.AGREED:
        raise RuleViolation(
            _("Para %(para)s has been adopted; adopted text is not reopened.")
            % {"para": paragraph.display_number},
            code="paragraph_adopted",
        )
    if not reason.strip():
        raise InvalidInput(
            _("Say why Para %(para)s is reopened.") % {"para": paragraph.display_number}
        )
    return _change_status(
        paragraph=paragraph,
        to_status=ParagraphStatus.OPEN,
        actor=actor,
        # A pre-agreed text cannot change, but it may have been reopened, revised and pre-agreed
        # again since the Chair looked: then the Chair is reopening a text they have not seen.
        expected_version=expected_version,
        reason=reason.strip(),
    )


@transaction.atomic
def delete_paragraph(
    *,
    paragraph: Paragraph,
    actor,
    expected_version: int,
    reason: str,
    source_proposal_id: int | None = None,
) -> StatusChange:
    """Strikes a whole paragraph from the text; it keeps its identity and history."""
    paragraph = lock_paragraph(paragraph)
    if not permissions.can_edit_in_the_room(actor, paragraph):
        raise ActionNotAllowed(_("Only the Chair or a Vice-Chair can delete a paragraph."))
    _require_open(paragraph)
    return _change_status(
        paragraph=paragraph,
        to_status=ParagraphStatus.DELETED,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        source_proposal_id=source_proposal_id,
    )
