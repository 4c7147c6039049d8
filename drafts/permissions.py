"""Who may act on the text: one function per action (GUIDE §3.4).

Templates use them to show or hide a button, the API's permission classes use them, and every
service re-checks them, so the client is never trusted.
"""

from drafts.models import Document, Paragraph
from processes.models import Process
from processes.permissions import User, can_read_drafts, chairs, holds_the_pen, is_secretariat


def can_read_document(user: User, document: Document) -> bool:
    return can_read_drafts(user, document.process)


def can_set_up_documents(user: User, process: Process) -> bool:
    """Creating documents, chapters and paragraphs is the secretariat's work."""
    return is_secretariat(user, process)


def can_revise_paragraph(user: User, paragraph: Paragraph) -> bool:
    """The Chair, Vice-Chairs and the secretariat (as pen-holder) change the text itself."""
    return holds_the_pen(user, paragraph.chapter.document.process)


def can_edit_in_the_room(user: User, paragraph: Paragraph) -> bool:
    """The Chair's moves on the text: retain an alternative, lift or strike brackets, delete."""
    return chairs(user, paragraph.chapter.document.process)


def can_mark_pre_agreed(user: User, paragraph: Paragraph) -> bool:
    return chairs(user, paragraph.chapter.document.process)


def can_mark_agreed(user: User, paragraph: Paragraph) -> bool:
    return chairs(user, paragraph.chapter.document.process)


def can_reopen(user: User, paragraph: Paragraph) -> bool:
    return chairs(user, paragraph.chapter.document.process)


def can_publish(user: User, process: Process) -> bool:
    """Consolidated texts are the secretariat's to publish (and to import drafts for)."""
    return is_secretariat(user, process)


def can_retry_rendering(user: User, process: Process) -> bool:
    return is_secretariat(user, process)
