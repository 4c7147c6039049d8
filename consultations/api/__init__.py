"""The REST API of proposals and the Chair's decisions on them.

Thin views (GUIDE §3.7): an input serializer checks and converts the request, a
`consultations.services` function does the work (and re-checks the actor's role), an output
serializer shows the result. The text itself is served by `drafts.api`; this package adds what
consultations knows about it (pending proposals per paragraph).

- `serializers`: proposals, decisions and the text with its pending proposals, out and in;
- `documents`: the documents of a process, each paragraph with its pending proposals;
- `proposals`: the proposals on a paragraph, and one proposal with what may be done with it;
- `periods`: comment periods and general comments; `compilations`: what a period received;
- `assignments`: redraft assignments.
"""

from consultations import services
from consultations.api.assignments import AssignmentViewSet, DocumentAssignmentViewSet
from consultations.api.compilations import CompilationViewSet
from consultations.api.documents import DocumentViewSet
from consultations.api.periods import DocumentCommentViewSet, DocumentPeriodViewSet, PeriodViewSet
from consultations.api.proposals import ParagraphProposalViewSet, ProposalViewSet
from processes.api import register_error_code

register_error_code(services.ProposalNeedsRedraft, "needs_redraft")

__all__ = [
    "AssignmentViewSet",
    "CompilationViewSet",
    "DocumentAssignmentViewSet",
    "DocumentCommentViewSet",
    "DocumentPeriodViewSet",
    "DocumentViewSet",
    "ParagraphProposalViewSet",
    "PeriodViewSet",
    "ProposalViewSet",
]
