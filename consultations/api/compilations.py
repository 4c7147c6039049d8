"""The compilation of a comment period, as JSON: the same structure as the page.

`/compilations/<period id>/` is public where the drafts are (`can_read_compilation`), 404 for
everyone else; `?category=`, `?stakeholder=` and `?with_input=1` filter it as on the page.
"""

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from consultations import compilation as compiling
from consultations.models import CommentPeriod
from consultations.permissions import can_read_compilation
from drafts.api.publications import DiffOpSerializer
from processes.api import PlatformViewSet, error_responses, not_found
from processes.models import StakeholderCategory

# --- Output -------------------------------------------------------------------------------------


class CompilationStakeholderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=StakeholderCategory.choices)


class CompilationInputSerializer(serializers.Serializer):
    source = serializers.CharField(
        help_text="proposal (on a paragraph, comments included) or comment (a general comment)."
    )
    id = serializers.IntegerField(help_text="The proposal's or the general comment's id.")
    kind = serializers.CharField(
        help_text="amend, add_alternative, remove_alternative, delete_paragraph, insert_after, "
        "comment; general_comment for a comment on the whole document."
    )
    kind_label = serializers.CharField()
    state = serializers.CharField(help_text="The proposal's state; empty for a general comment.")
    state_label = serializers.CharField()
    alternative = serializers.CharField(
        source="target_label", help_text='"ALT 2" when it is about one of several alternatives.'
    )
    base_version = serializers.IntegerField(
        allow_null=True, help_text="The version of the paragraph it was made on."
    )
    text = serializers.CharField(help_text="The proposed text, or the comment.")
    redline = DiffOpSerializer(
        many=True, help_text="The changes to the text it was made on; empty for comments."
    )
    redline_text = serializers.CharField(
        source="plain_text", help_text="The redline as text: [+inserted+] and [-deleted-]."
    )
    rationale = serializers.CharField()
    author = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    redraft_of = serializers.IntegerField(allow_null=True)


class CompilationStakeholderInputsSerializer(serializers.Serializer):
    stakeholder = CompilationStakeholderSerializer()
    inputs = CompilationInputSerializer(many=True)


class CompilationCategorySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=StakeholderCategory.choices)
    label = serializers.CharField()
    stakeholders = CompilationStakeholderInputsSerializer(many=True)


class CompilationAlternativeSerializer(serializers.Serializer):
    label = serializers.CharField(help_text='"ALT 1" when the paragraph had several, else "".')
    text = serializers.CharField()
    proposer = serializers.CharField()


class CompiledParagraphSerializer(serializers.Serializer):
    paragraph = serializers.UUIDField(source="uid")
    number = serializers.CharField()
    version = serializers.IntegerField(
        allow_null=True, help_text="The version shown: the one current when the period opened."
    )
    is_new = serializers.BooleanField(help_text="Inserted after the period opened.")
    is_deleted = serializers.BooleanField(help_text="Struck from the text since the period opened.")
    alternatives = CompilationAlternativeSerializer(many=True)
    has_input = serializers.BooleanField()
    input = CompilationCategorySerializer(
        source="groups", many=True, help_text="By stakeholder category, then stakeholder."
    )


class CompiledChapterSerializer(serializers.Serializer):
    letter = serializers.CharField()
    heading = serializers.CharField()
    no_input = serializers.CharField(help_text='The paragraphs with no input: "1, 3-7, 9".')
    paragraphs = serializers.SerializerMethodField()

    @extend_schema_field(CompiledParagraphSerializer(many=True))
    def get_paragraphs(self, chapter) -> list[dict]:
        """Every paragraph, or only those with input when asked (`with_input`)."""
        only = self.context["filters"].only_with_input
        shown = chapter.with_input if only else chapter.paragraphs
        return CompiledParagraphSerializer(shown, many=True).data


class CompilationPeriodSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    process = serializers.CharField(source="document.process.slug")
    time_zone = serializers.CharField(source="document.process.time_zone")

    class Meta:
        model = CommentPeriod
        fields = ["id", "title", "process", "document", "opens_at", "closes_at", "time_zone"]


class CompilationFiltersSerializer(serializers.Serializer):
    category = serializers.CharField()
    stakeholder = serializers.IntegerField(source="stakeholder_id", allow_null=True)
    with_input = serializers.BooleanField(source="only_with_input")


class CompilationSerializer(serializers.Serializer):
    period = CompilationPeriodSerializer()
    filters = CompilationFiltersSerializer()
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="proposals, comments (on paragraphs), general_comments, stakeholders: as "
        "filtered.",
    )
    stakeholders = CompilationStakeholderSerializer(
        many=True, help_text="Everyone who sent input in the period (the stakeholder filter)."
    )
    general_comments = CompilationCategorySerializer(source="general", many=True)
    chapters = CompiledChapterSerializer(many=True)
    html_url = serializers.SerializerMethodField()
    csv_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    def _url(self, name: str, compilation) -> str:
        period = compilation.period
        path = reverse(
            f"consultations:{name}",
            args=[compilation.process.slug, compilation.document.slug, period.pk],
        )
        query = compilation.filters.query
        return self.context["request"].build_absolute_uri(
            f"{path}?{urlencode(query)}" if query else path
        )

    def get_html_url(self, compilation) -> str:
        return self._url("compilation", compilation)

    def get_csv_url(self, compilation) -> str:
        return self._url("compilation_csv", compilation)

    def get_pdf_url(self, compilation) -> str:
        """The PDF page: 202 while it renders, the file when it is ready."""
        return self._url("compilation_pdf", compilation)


# --- Input ------------------------------------------------------------------------------------


class CompilationQuerySerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=StakeholderCategory.choices, required=False, allow_blank=True, default=""
    )
    stakeholder = serializers.IntegerField(required=False, allow_null=True, default=None)
    with_input = serializers.BooleanField(required=False, default=False)


# --- The view -----------------------------------------------------------------------------------


class CompilationViewSet(PlatformViewSet):
    """/compilations/<period id>/"""

    permission_classes = [AllowAny]
    serializer_class = CompilationSerializer
    queryset = CommentPeriod.objects.all()  # names the path parameter's type in the schema
    lookup_value_regex = r"[0-9]+"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The period's id."
            ),
            OpenApiParameter(
                "category",
                OpenApiTypes.STR,
                enum=StakeholderCategory.values,
                description="Only input from this category of stakeholders.",
            ),
            OpenApiParameter(
                "stakeholder", OpenApiTypes.INT, description="Only input from this stakeholder."
            ),
            OpenApiParameter(
                "with_input", OpenApiTypes.BOOL, description="Only paragraphs with input."
            ),
        ],
        responses={200: CompilationSerializer, **error_responses(400, 404)},
        description="Every paragraph of the period's document as it stood when the period "
        "opened, followed by the proposals (redlines) and comments received on it in the "
        "period, by stakeholder category and stakeholder; general comments first. Public where "
        "the drafts are.",
    )
    def retrieve(self, request, pk=None):
        query = CompilationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = CommentPeriod.objects.select_related("document__process").filter(pk=pk).first()
        if period is None or not can_read_compilation(request.user, period.document):
            raise not_found()
        filters = compiling.Filters(
            category=query.validated_data["category"],
            stakeholder_id=query.validated_data["stakeholder"],
            only_with_input=query.validated_data["with_input"],
        )
        compilation = compiling.compile_period(period, filters)
        context = {**self.get_serializer_context(), "filters": filters}
        return Response(CompilationSerializer(compilation, context=context).data)
