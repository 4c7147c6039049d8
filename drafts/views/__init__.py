"""Pages of the text itself: a paragraph's history, the published consolidated texts, and
importing a zero draft.

The document page and the paragraph page live in consultations (they show proposals)."""

from drafts.views.history import paragraph_history, readable_process
from drafts.views.imports import discard as import_discard
from drafts.views.imports import preview as import_preview
from drafts.views.imports import upload as import_upload
from drafts.views.publications import (
    compare_publications,
    compare_publications_pdf,
    pdf_file_response,
    publication_detail,
    publication_docx,
    publication_pdf,
    publication_state,
    publications,
    publications_feed,
    publish,
    retry_publication_pdf,
)

__all__ = [
    "compare_publications",
    "import_discard",
    "import_preview",
    "import_upload",
    "compare_publications_pdf",
    "paragraph_history",
    "pdf_file_response",
    "publication_detail",
    "publication_docx",
    "publication_pdf",
    "publication_state",
    "publications",
    "publications_feed",
    "publish",
    "readable_process",
    "retry_publication_pdf",
]
