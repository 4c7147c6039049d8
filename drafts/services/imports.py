"""Importing a zero draft from Word (.docx), plain text or Markdown, in two steps.

`preview_import` reads the file and stores what it recognised and every problem, creating
nothing else; the secretariat looks at the preview, fixes the file if needed and uploads it
again, or confirms. `confirm_import` creates the document, its chapters and its paragraphs
through the text services (so each paragraph gets its first version, author and reason as if
typed in), all in one transaction: an import is never half-made.
"""

from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts import permissions
from drafts.models import Document, DocumentImport, ImportState
from drafts.services.text import (
    MAX_ALTERNATIVES,
    MAX_PARAGRAPH_TEXT_LENGTH,
    AlternativeText,
    add_chapter,
    add_paragraph,
    create_document,
)
from drafts.wordio import parsing, readers
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Process
from processes.selectors import acting_role

MAX_TITLE_LENGTH = 400
MAX_SHORT_TITLE_LENGTH = 80


class ImportHasProblems(RuleViolation):
    """The file has problems to fix before anything can be created from it."""


class ImportDecided(RuleViolation):
    """The import was already confirmed or discarded."""


def preview_import(
    *, process: Process, actor, filename: str, data: bytes | IO[bytes]
) -> DocumentImport:
    """Reads an uploaded zero draft and stores the preview: chapters, paragraphs, alternatives,
    problems (each with its location) and notes. Creates no document, chapter or paragraph.

    `data` is the file's bytes, or the uploaded file itself (read only after the permission
    check, and never beyond the size limit). A file that cannot be read at all (too big,
    corrupt, not what its name says, too many paragraphs) raises InvalidInput and stores nothing.
    The file is read outside any transaction: the one row written is the only write.
    """
    if not permissions.can_set_up_documents(actor, process):
        raise ActionNotAllowed(_("Only the secretariat imports drafts."))
    name = readers.clean_filename(filename)
    file_format = readers.file_format(name)
    content = readers.read_upload(data, filename=name)
    blocks = readers.read_blocks(filename=name, data=content)
    parsed = parsing.parse(
        blocks, max_text_length=MAX_PARAGRAPH_TEXT_LENGTH, max_alternatives=MAX_ALTERNATIVES
    )
    return DocumentImport.objects.create(
        process=process,
        uploaded_by=actor,
        filename=name,
        file_format=file_format,
        size=len(content),
        structure=parsed.structure(),
        problems=[problem.to_dict() for problem in parsed.problems],
        notes=[note.to_dict() for note in parsed.notes],
    )


def _lock(document_import: DocumentImport) -> DocumentImport:
    return (
        DocumentImport.objects.select_for_update()
        .select_related("process")
        .get(pk=document_import.pk)
    )


def _require_pending(document_import: DocumentImport) -> None:
    if document_import.state == ImportState.CONFIRMED:
        raise ImportDecided(
            _("%(file)s was already imported as %(document)s.")
            % {"file": document_import.filename, "document": document_import.document},
            code="import_confirmed",
        )
    if document_import.state == ImportState.DISCARDED:
        raise ImportDecided(
            _("%(file)s was discarded; upload it again to import it.")
            % {"file": document_import.filename},
            code="import_discarded",
        )


def _required(value: str, what: str, limit: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise InvalidInput(_("Give the document a %(what)s.") % {"what": what})
    if len(value) > limit:
        raise InvalidInput(
            _("The %(what)s has %(length)d characters; the limit is %(limit)d.")
            % {"what": what, "length": len(value), "limit": limit}
        )
    return value


def _decide(document_import: DocumentImport, *, actor, state: ImportState) -> None:
    document_import.state = state
    document_import.decided_by = actor
    document_import.decided_by_role = acting_role(user=actor, process=document_import.process)
    document_import.decided_at = timezone.now()
    document_import.save(
        update_fields=["state", "document", "decided_by", "decided_by_role", "decided_at"]
    )


@transaction.atomic
def confirm_import(
    *, document_import: DocumentImport, actor, title: str, short_title: str, slug: str = ""
) -> Document:
    """Creates the previewed document with its chapters and paragraphs, in one transaction.

    Refused while the preview lists problems (fix the file and upload it again), and once the
    import is confirmed or discarded. Each paragraph's first version is recorded as drafted by
    the actor, its reason naming the file. A refusal from the text services (a slug in use)
    rolls everything back and leaves the import pending.
    """
    document_import = _lock(document_import)
    process = document_import.process
    if not permissions.can_set_up_documents(actor, process):
        raise ActionNotAllowed(_("Only the secretariat imports drafts."))
    _require_pending(document_import)
    if document_import.problems:
        count = len(document_import.problems)
        raise ImportHasProblems(
            _(
                "%(file)s has %(count)d problem(s), the first: %(first)s. Fix the file and "
                "upload it again."
            )
            % {
                "file": document_import.filename,
                "count": count,
                "first": parsing.Problem.from_dict(document_import.problems[0]),
            },
            code="import_has_problems",
        )
    parsed = document_import.parsed
    if not parsed.paragraph_count:
        raise ImportHasProblems(
            _("%(file)s has no paragraph to import.") % {"file": document_import.filename},
            code="import_has_problems",
        )
    title = _required(title, _("title"), MAX_TITLE_LENGTH)
    short_title = _required(short_title, _("short title"), MAX_SHORT_TITLE_LENGTH)
    document = create_document(
        process=process, title=title, short_title=short_title, slug=slug.strip(), actor=actor
    )
    reason = _("Imported from %(file)s.") % {"file": document_import.filename}
    for parsed_chapter in parsed.chapters:
        chapter = add_chapter(
            document=document,
            letter=parsed_chapter.letter,
            title=parsed_chapter.title,
            is_annex=parsed_chapter.is_annex,
            actor=actor,
        )
        for paragraph in parsed_chapter.paragraphs:
            add_paragraph(
                chapter=chapter,
                number=paragraph.number,
                insertion=paragraph.insertion,
                alternatives=[AlternativeText(text=text) for text in paragraph.alternatives],
                actor=actor,
                reason=reason,
            )
    document_import.document = document
    _decide(document_import, actor=actor, state=ImportState.CONFIRMED)
    return document


@transaction.atomic
def discard_import(*, document_import: DocumentImport, actor) -> DocumentImport:
    """The secretariat drops a preview; the record stays, with who discarded it and when."""
    document_import = _lock(document_import)
    if not permissions.can_set_up_documents(actor, document_import.process):
        raise ActionNotAllowed(_("Only the secretariat imports drafts."))
    _require_pending(document_import)
    _decide(document_import, actor=actor, state=ImportState.DISCARDED)
    return document_import
