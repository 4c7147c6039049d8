"""The documents of a process, each paragraph with the proposals waiting for the Chair."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from consultations import selectors
from consultations.api.serializers import DocumentWithProposalsSerializer
from drafts import api as drafts_api
from drafts.api.paths import PROCESS_SLUG
from drafts.models import Document
from processes.api import error_responses


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[PROCESS_SLUG],
        responses={200: DocumentWithProposalsSerializer, **error_responses(404)},
    )
)
class DocumentViewSet(drafts_api.DocumentViewSet):
    """The documents of a process; one document with its chapters and paragraphs, each with the
    number of proposals waiting for the Chair."""

    detail_serializer_class = DocumentWithProposalsSerializer

    def decorate(self, document: Document) -> None:
        selectors.attach_pending_counts(document)
