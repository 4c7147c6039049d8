"""Published consolidated texts: publish, list, read (state, symbol, status lines, file URLs),
compare two, retry a failed PDF.

Reading is public, as on the pages: publishing is how a text is made available to everyone.
Publications are addressed by id (symbols contain slashes); `?symbol=` finds one by symbol.
"""

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from drafts import comparison, permissions, selectors, services
from drafts.api.paths import PROCESS_SLUG
from drafts.api.serializers import ParagraphStatusField
from drafts.models import Publication, PublicationStage
from processes.api import PlatformViewSet, UserSerializer, error_responses, not_found
from processes.errors import ActionNotAllowed
from processes.models import Process

# --- Output -------------------------------------------------------------------------------------


class PublishedAlternativeSerializer(serializers.Serializer):
    label = serializers.SerializerMethodField()
    text = serializers.CharField()

    def get_label(self, alternative) -> str:
        return f"ALT {alternative.position}"


class PublishedParagraphSerializer(serializers.Serializer):
    paragraph = serializers.UUIDField(source="paragraph.uid")
    number = serializers.CharField(source="display_number")
    status = ParagraphStatusField()
    change = serializers.CharField(
        help_text="Since the previous publication: first, new, changed, renumbered, unchanged."
    )
    previous_number = serializers.CharField(help_text="Its number in the previous publication.")
    version = serializers.IntegerField(source="version.sequence")
    alternatives = PublishedAlternativeSerializer(source="version.alternatives", many=True)


class PublishedChapterSerializer(serializers.Serializer):
    heading = serializers.CharField()
    status_line = serializers.CharField()
    paragraphs = PublishedParagraphSerializer(many=True)


class PdfSerializer(serializers.Serializer):
    state = serializers.CharField(help_text="queued, rendering, ready or failed")
    error = serializers.CharField(help_text="Why it failed (or why it is being retried).")
    page_count = serializers.IntegerField(allow_null=True)
    byte_size = serializers.IntegerField(allow_null=True)
    url = serializers.SerializerMethodField(help_text="Null until the PDF is ready.")

    def get_url(self, rendering) -> str | None:
        publication = self.context["publication_of"][rendering.pk]
        if not rendering.is_ready:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("drafts:publication_pdf", args=[publication.process.slug, publication.symbol])
        )


class PublicationSummarySerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    chapter = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    docx_url = serializers.SerializerMethodField()
    previous = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = [
            "id",
            "symbol",
            "title",
            "document",
            "chapter",
            "stage",
            "meeting_number",
            "document_number",
            "status_as_of",
            "status_as_of_label",
            "status_line",
            "published_at",
            "previous",
            "pdf",
            "html_url",
            "docx_url",
        ]

    def get_chapter(self, publication) -> str | None:
        """The chapter's letter, or null when the whole document was published."""
        return publication.chapter.letter if publication.chapter else None

    def get_previous(self, publication) -> int | None:
        return publication.previous_id

    def _url(self, name: str, publication) -> str:
        return self.context["request"].build_absolute_uri(
            reverse(f"drafts:{name}", args=[publication.process.slug, publication.symbol])
        )

    def get_html_url(self, publication) -> str:
        return self._url("publication", publication)

    def get_docx_url(self, publication) -> str:
        return self._url("publication_docx", publication)

    @extend_schema_field(PdfSerializer)
    def get_pdf(self, publication) -> dict:
        context = {**self.context, "publication_of": {publication.rendering_id: publication}}
        return PdfSerializer(publication.rendering, context=context).data


class PublicationSerializer(PublicationSummarySerializer):
    published_by = UserSerializer()
    chapters = PublishedChapterSerializer(many=True)

    class Meta(PublicationSummarySerializer.Meta):
        fields = [*PublicationSummarySerializer.Meta.fields, "published_by", "chapters"]


class DiffOpSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="equal, insert or delete")
    text = serializers.CharField()


class ComparedParagraphSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=", ".join(comparison.KINDS))
    old_number = serializers.CharField()
    new_number = serializers.CharField()
    old_status = serializers.CharField()
    new_status = serializers.CharField()
    ops = DiffOpSerializer(many=True)


class ComparedChapterSerializer(serializers.Serializer):
    heading = serializers.CharField()
    paragraphs = ComparedParagraphSerializer(many=True)


class ComparisonSerializer(serializers.Serializer):
    older = serializers.CharField(source="older.symbol")
    newer = serializers.CharField(source="newer.symbol")
    counts = serializers.DictField(child=serializers.IntegerField())
    chapters = ComparedChapterSerializer(many=True)


# --- Input ------------------------------------------------------------------------------------


class PublishSerializer(serializers.Serializer):
    document = serializers.SlugField(help_text="The document's slug.")
    chapter = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A chapter's letter to publish that chapter alone; null for the whole document.",
    )
    stage = serializers.ChoiceField(choices=PublicationStage.choices)
    meeting_number = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=99_999
    )
    document_number = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=99_999,
        help_text="Default: the next free number in the meeting's series.",
    )
    close_of_business = serializers.BooleanField(
        default=True,
        help_text='"Status as of …, COB" (default), or the exact local time when false.',
    )


class CompareSerializer(serializers.Serializer):
    older = serializers.IntegerField(help_text="A publication's id.")
    newer = serializers.IntegerField(help_text="A publication's id.")


# --- Views ------------------------------------------------------------------------------------


def _readable(process: Process, symbol: str) -> Publication | None:
    """A publication with everything PublicationSerializer reads, in a fixed number of queries
    (each paragraph is addressed by its uid: one query for all of them, not one each)."""
    publication = selectors.publication_by_symbol(process=process, symbol=symbol)
    if publication is not None:
        prefetch_related_objects([publication], "chapters__paragraphs__paragraph", "published_by")
    return publication


class ProcessPublicationViewSet(mixins.ListModelMixin, PlatformViewSet):
    """The publications of a process, newest first; the secretariat publishes here."""

    serializer_class = PublicationSummarySerializer

    def get_permissions(self):
        return [IsAuthenticated()] if self.action == "create" else [AllowAny()]

    @cached_property
    def process(self) -> Process:
        process = Process.objects.filter(slug=self.kwargs["process_slug"]).first()
        if process is None:
            raise not_found()
        return process

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Publication.objects.none()
        queryset = selectors.publications_of(self.process).select_related("process")
        symbol = self.request.query_params.get("symbol")
        return queryset.filter(symbol=symbol) if symbol else queryset

    @extend_schema(
        parameters=[
            PROCESS_SLUG,
            OpenApiParameter("symbol", OpenApiTypes.STR, description="Only this symbol."),
        ],
        responses={200: PublicationSummarySerializer(many=True), **error_responses(404)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=[PROCESS_SLUG],
        request=PublishSerializer,
        responses={
            201: PublicationSerializer,
            200: PublicationSerializer,
            **error_responses(400, 403, 404, 409),
        },
        description="Publishes a document or one chapter (secretariat only). 201 with the new "
        "publication, or 200 with the earlier one when the text has not changed since it "
        "(nothing is rendered again). The PDF is rendered in the background: poll `pdf.state`.",
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(PublishSerializer)
        if not permissions.can_publish(request.user, self.process):
            raise ActionNotAllowed(_("Only the secretariat publishes consolidated texts."))
        document = self.process.documents.filter(slug=data["document"]).first()
        if document is None:
            raise not_found()
        chapter = None
        if data["chapter"] is not None:
            chapter = document.chapters.filter(letter=data["chapter"]).first()
            if chapter is None:
                raise not_found()
        published = services.publish(
            document=document,
            chapter=chapter,
            actor=request.user,
            stage=data["stage"],
            meeting_number=data["meeting_number"],
            document_number=data["document_number"],
            close_of_business=data["close_of_business"],
        )
        publication = _readable(self.process, published.publication.symbol)
        return Response(
            PublicationSerializer(publication, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if published.is_new else status.HTTP_200_OK,
        )


class PublicationViewSet(mixins.RetrieveModelMixin, PlatformViewSet):
    """One publication with its text; comparing two; retrying a failed PDF."""

    serializer_class = PublicationSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return Publication.objects.all()

    def get_object(self) -> Publication:
        found = Publication.objects.filter(pk=self.kwargs["pk"]).values("process_id", "symbol")
        if not found:
            raise not_found()
        process = Process.objects.get(pk=found[0]["process_id"])
        return _readable(process, found[0]["symbol"])

    @extend_schema(responses={200: PublicationSerializer, **error_responses(404)})
    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("older", OpenApiTypes.INT, required=True),
            OpenApiParameter("newer", OpenApiTypes.INT, required=True),
        ],
        responses={200: ComparisonSerializer, **error_responses(400, 404)},
        description="What changed between two publications of the same document, paragraph by "
        "paragraph (word-level redline; new, deleted and renumbered paragraphs marked).",
    )
    @action(detail=False, methods=["get"])
    def compare(self, request):
        query = CompareSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = Publication.objects.in_bulk(
            [query.validated_data["older"], query.validated_data["newer"]]
        )
        older = found.get(query.validated_data["older"])
        newer = found.get(query.validated_data["newer"])
        if older is None or newer is None:
            raise not_found()
        return Response(ComparisonSerializer(comparison.compare_publications(older, newer)).data)

    @extend_schema(
        request=None,
        responses={200: PublicationSerializer, **error_responses(403, 404, 409)},
        description="Queues a failed PDF again (secretariat only).",
    )
    @action(
        detail=True, methods=["post"], url_path="retry-pdf", permission_classes=[IsAuthenticated]
    )
    def retry_pdf(self, request, pk=None):
        publication = self.get_object()
        if not permissions.can_retry_rendering(request.user, publication.process):
            raise ActionNotAllowed(_("Only the secretariat retries a PDF."))
        services.retry_rendering(rendering=publication.rendering)
        publication.rendering.refresh_from_db()
        return Response(self.get_serializer(publication).data)
