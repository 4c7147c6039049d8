"""The documents of a process, and one document with its chapters and paragraphs."""

from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.response import Response

from drafts import selectors
from drafts.api.paths import PROCESS_SLUG, SLUG_PATTERN
from drafts.api.serializers import DocumentSerializer, DocumentSummarySerializer
from drafts.models import Document
from processes.api import PlatformViewSet, error_responses, not_found, readable_or_404
from processes.models import Process


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlatformViewSet):
    """The documents of a process; one document with its chapters and paragraphs."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = DocumentSummarySerializer
    detail_serializer_class = DocumentSerializer

    @cached_property
    def process(self) -> Process:
        process = Process.objects.filter(slug=self.kwargs["process_slug"]).first()
        if process is None:
            raise not_found()
        readable_or_404(self.request.user, process)
        return process

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, not a request
            return Document.objects.none()
        return selectors.documents_with_progress(process=self.process)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return self.serializer_class

    def decorate(self, document: Document) -> None:
        """Hook for the apps above drafts: attach what they know about the loaded paragraphs."""

    @extend_schema(parameters=[PROCESS_SLUG])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=[PROCESS_SLUG], responses={200: DocumentSerializer, **error_responses(404)}
    )
    def retrieve(self, request, *args, **kwargs):
        try:
            document = selectors.document_with_text(process=self.process, slug=kwargs["slug"])
        except Document.DoesNotExist:
            raise not_found() from None
        self.decorate(document)
        return Response(self.get_serializer(document).data)
