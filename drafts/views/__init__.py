"""Pages of the text itself: a paragraph's history, and the published consolidated texts.

The document page and the paragraph page live in consultations (they show proposals)."""

from drafts.views.history import paragraph_history, readable_process
from drafts.views.publications import (
    compare_publications,
    compare_publications_pdf,
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
    "compare_publications_pdf",
    "paragraph_history",
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
