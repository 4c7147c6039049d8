"""The REST API of the text: documents, paragraphs, their history, and the moves on the text.

Thin views (GUIDE §3.7): an input serializer checks and converts the request, a `drafts.services`
function does the work (and re-checks the actor's role), an output serializer shows the result.
Proposals and decisions live one floor up, in `consultations.api`.

- `paths`: the URL patterns and path parameters the router and the schema share;
- `serializers`: what goes out (documents, paragraphs, versions, status changes) and comes in;
- `documents`: the documents of a process, one document with its text;
- `paragraphs`: one paragraph with its history, and the moves on its text and status;
- `publications`: publishing, reading and comparing consolidated texts;
- `imports`: importing a zero draft (preview, confirm, discard).
"""

from drafts.api.documents import DocumentViewSet
from drafts.api.imports import ImportViewSet, ProcessImportViewSet
from drafts.api.paragraphs import ParagraphViewSet
from drafts.api.paths import PROCESS_SLUG, SLUG_PATTERN, UUID_PATTERN
from drafts.api.publications import ProcessPublicationViewSet, PublicationViewSet

__all__ = [
    "PROCESS_SLUG",
    "SLUG_PATTERN",
    "UUID_PATTERN",
    "DocumentViewSet",
    "ImportViewSet",
    "ProcessImportViewSet",
    "ParagraphViewSet",
    "ProcessPublicationViewSet",
    "PublicationViewSet",
]
