"""Importing a zero draft: upload for a preview (multipart), read it, confirm or discard.

Only the secretariat; nothing but the preview exists until it is confirmed.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from drafts import permissions, services
from drafts.api.paths import PROCESS_SLUG
from drafts.models import DocumentImport
from processes.api import PlatformViewSet, error_responses, not_found
from processes.errors import ActionNotAllowed
from processes.models import Process


class ImportProblemSerializer(serializers.Serializer):
    where = serializers.CharField(help_text='e.g. "Chapter B, Para 21, ALT 2, character 112"')
    message = serializers.CharField()


class ImportedParagraphSerializer(serializers.Serializer):
    number = serializers.CharField(source="display_number")
    alternatives = serializers.ListField(child=serializers.CharField())


class ImportedChapterSerializer(serializers.Serializer):
    heading = serializers.CharField()
    letter = serializers.CharField()
    is_annex = serializers.BooleanField()
    paragraphs = ImportedParagraphSerializer(many=True)


class DocumentImportSerializer(serializers.ModelSerializer):
    chapters = ImportedChapterSerializer(source="parsed.chapters", many=True)
    problems = ImportProblemSerializer(source="parsed.problems", many=True)
    notes = ImportProblemSerializer(source="parsed.notes", many=True)
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    suggested_title = serializers.SerializerMethodField()

    class Meta:
        model = DocumentImport
        fields = [
            "id",
            "filename",
            "file_format",
            "size",
            "state",
            "paragraph_count",
            "can_be_confirmed",
            "suggested_title",
            "chapters",
            "problems",
            "notes",
            "document",
            "created_at",
            "decided_at",
        ]

    def get_suggested_title(self, document_import) -> str:
        return document_import.structure.get("title", "")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=".docx, .txt or .md; at most 10 MB.")


class ConfirmSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=400)
    short_title = serializers.CharField(max_length=80)
    slug = serializers.SlugField(max_length=80, required=False, default="")


class ImportedDocumentSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class ProcessImportViewSet(PlatformViewSet):
    """/processes/<process_slug>/imports/: upload a zero draft for a preview."""

    parser_classes = [MultiPartParser, FormParser]

    @cached_property
    def process(self) -> Process:
        process = Process.objects.filter(slug=self.kwargs["process_slug"]).first()
        if process is None:
            raise not_found()
        return process

    @extend_schema(
        parameters=[PROCESS_SLUG],
        request={"multipart/form-data": UploadSerializer},
        responses={201: DocumentImportSerializer, **error_responses(400, 403, 404)},
        description="Reads the file and stores what was recognised and every problem with its "
        "location. Nothing else is created until the import is confirmed.",
    )
    def create(self, request, *args, **kwargs):
        if not permissions.can_set_up_documents(request.user, self.process):
            raise ActionNotAllowed(_("Only the secretariat imports documents."))
        upload = self.validated(UploadSerializer)["file"]
        document_import = services.preview_import(
            process=self.process, actor=request.user, filename=upload.name, data=upload
        )
        return Response(DocumentImportSerializer(document_import).data, status=201)


class ImportViewSet(mixins.RetrieveModelMixin, PlatformViewSet):
    """/imports/<id>/: a preview; confirm or discard it."""

    serializer_class = DocumentImportSerializer
    parser_classes = [JSONParser]
    queryset = DocumentImport.objects.all()

    def get_object(self) -> DocumentImport:
        document_import = (
            DocumentImport.objects.select_related("process", "document")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if document_import is None or not permissions.can_set_up_documents(
            self.request.user, document_import.process
        ):
            raise not_found()
        return document_import

    @extend_schema(responses={200: DocumentImportSerializer, **error_responses(404)})
    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        request=ConfirmSerializer,
        responses={201: ImportedDocumentSerializer, **error_responses(400, 404, 409)},
        description="Creates the document, its chapters and paragraphs in one transaction; "
        "refused (409 import_has_problems) while the preview lists problems.",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        document_import = self.get_object()
        data = self.validated(ConfirmSerializer)
        document = services.confirm_import(
            document_import=document_import, actor=request.user, **data
        )
        return Response(ImportedDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: DocumentImportSerializer, **error_responses(404, 409)},
    )
    @action(detail=True, methods=["post"])
    def discard(self, request, pk=None):
        document_import = services.discard_import(
            document_import=self.get_object(), actor=request.user
        )
        return Response(self.get_serializer(document_import).data)
