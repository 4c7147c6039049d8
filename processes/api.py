"""API plumbing shared by every app, and the API of processes.

- Every error is JSON of one shape, {"code": ..., "message": ...}: domain errors map to 400/403/409
  by their class, DRF's own errors (validation, authentication, 404, throttling) keep their status
  and get a code too; validation errors add "fields".
- Permission classes ask the permission functions of each app's `permissions.py`, nothing else.
- Responses are JSON only: no endpoint renders user content as HTML (no browsable API).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from processes.errors import (
    ActionNotAllowed,
    DomainError,
    InvalidInput,
    RuleViolation,
    StaleVersion,
)
from processes.models import Member, Process, Stakeholder
from processes.permissions import can_read_drafts
from processes.selectors import memberships_of, visible_processes

# --- Errors -------------------------------------------------------------------------------------

ERROR_CODES: dict[type[DomainError], str] = {
    StaleVersion: "stale_version",
    ActionNotAllowed: "not_allowed",
    InvalidInput: "invalid_input",
    RuleViolation: "rule_violation",
}

# DRF's own error codes, renamed where the domain already has a word for the same thing.
DRF_CODES = {
    "permission_denied": "not_allowed",
    "parse_error": "invalid_input",
    "invalid": "invalid_input",
}


def register_error_code(error_class: type[DomainError], code: str) -> None:
    """Lets a higher app name its own domain errors (processes imports no other app)."""
    ERROR_CODES[error_class] = code


def error_code(error: DomainError) -> str:
    explicit = getattr(error, "code", None)
    if explicit:
        return explicit
    for cls in type(error).__mro__:
        if cls in ERROR_CODES:
            return ERROR_CODES[cls]
    return "domain_error"


def _flatten(detail: Any, prefix: str = "") -> list[str]:
    """Validation errors as "field: message" lines, nested fields joined with dots."""
    if isinstance(detail, dict):
        lines = []
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            lines += _flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name)
        return lines
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [f"{prefix}: {item}" if prefix else str(item) for item in detail]
        lines = []
        for index, item in enumerate(detail):
            if item:
                lines += _flatten(item, f"{prefix}.{index}" if prefix else str(index))
        return lines
    return [f"{prefix}: {detail}" if prefix else str(detail)]


def domain_exception_handler(exc, context):
    """Maps a DomainError to 400/403/409 and every DRF error to {"code": ..., "message": ...}."""
    if isinstance(exc, DomainError):
        set_rollback()  # the service rolled back already; so must an enclosing request atomic
        return Response({"code": error_code(exc), "message": exc.message}, status=exc.http_status)
    if isinstance(exc, RequestDataTooBig):  # DATA_UPLOAD_MAX_MEMORY_SIZE; else an HTML 400
        return Response(
            {"code": "too_large", "message": str(_("The request body is too large."))},
            status=413,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "code": "invalid_input",
            "message": " ".join(_flatten(detail)) or str(_("Invalid input.")),
            "fields": detail,
        }
        return response
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        code = "csrf_failed"  # a session write without the CSRF token: fetch it and resend
    message = exc.detail if isinstance(exc.detail, str) else " ".join(_flatten(exc.detail))
    response.data = {"code": DRF_CODES.get(code, code), "message": str(message)}
    return response


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    code = serializers.CharField(
        help_text="stale_version, not_allowed, invalid_input, not_found, not_authenticated, "
        "authentication_failed, csrf_failed, throttled; for a refused rule of the negotiation: "
        "needs_redraft, paragraph_settled, paragraph_open, paragraph_adopted, text_unsettled, "
        "single_alternative, paragraph_would_be_empty, numbering_exhausted, proposal_withdrawn, "
        "proposal_decided, proposal_closed, redraft_not_needed, already_redrafted, "
        "comment_not_decided, not_a_text_proposal, symbol_taken, publication_rendering, "
        "nothing_to_publish, rendering_not_failed, import_has_problems, import_confirmed, "
        "import_discarded, period_closed, period_overlap, period_not_open, period_has_input, "
        "assignment_cancelled, assignment_answered; for meetings: meeting_number_taken, "
        "meeting_ends_before_it_starts, attendance_outside_dates, participant_already_added, "
        "outcome_number_taken, action_item_owner, action_item_unchanged, "
        "paragraph_of_another_process, paragraph_deleted, agenda_empty, nothing_open "
        "(rule_violation when none applies)."
    )
    message = serializers.CharField(help_text="What went wrong, for a person to act on.")
    fields = serializers.DictField(
        required=False, help_text="Invalid input only: the message(s) for each field."
    )


_ERROR_MEANINGS = {
    400: "Invalid input: malformed text (e.g. unbalanced brackets, with the position), "
    "too long, or a bad value.",
    401: "Not authenticated.",
    403: "Not authenticated, or the user's role does not allow this action.",
    404: "Unknown, or not readable by this user.",
    409: "Conflict: the version you decided on is stale, or a rule of the negotiation forbids it.",
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error responses of an operation, for the OpenAPI schema."""
    return {
        status: OpenApiResponse(ErrorSerializer, description=_ERROR_MEANINGS[status])
        for status in statuses
    }


# --- Reading and permissions ------------------------------------------------------------------


def not_found() -> exceptions.NotFound:
    """One answer for "no such thing" and "not yours to read", so as not to reveal either."""
    return exceptions.NotFound(_("Not found."))


def readable_or_404(user, process: Process) -> None:
    if not can_read_drafts(user, process):
        raise not_found()


def allowed_if(check: Callable[[Any, Any], bool], message: str) -> type[BasePermission]:
    """A DRF permission class that asks one permission function about the object acted on.

    Anonymous users are turned away first (401/403 "not_authenticated", as DRF decides);
    a signed-in user whom the function refuses gets 403 "not_allowed" with `message`.
    The service called afterwards checks again: the API never relies on this alone.
    """

    class Allowed(IsAuthenticated):
        def has_object_permission(self, request, view, obj) -> bool:
            return check(request.user, obj)

    Allowed.message = message
    Allowed.code = "not_allowed"
    Allowed.__name__ = Allowed.__qualname__ = f"AllowedIf_{check.__name__}"
    Allowed.__doc__ = f"Calls {check.__module__}.{check.__name__}."
    return Allowed


class PlatformViewSet(viewsets.GenericViewSet):
    """Base of our viewsets: JSON in (writes), JSON out, never HTML."""

    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]

    def paginated(self, queryset, serializer_class, prepare=None) -> Response:
        """A page of the queryset (the whole of it without pagination), serialized.

        `prepare(objects)` may attach computed attributes to the objects before serializing.
        """
        page = self.paginate_queryset(queryset)
        objects = list(queryset) if page is None else page
        if prepare is not None:
            prepare(objects)
        data = serializer_class(objects, many=True, context=self.get_serializer_context()).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def validated(self, serializer_class: type[serializers.Serializer]) -> dict:
        """The request body, checked and converted by an input serializer (400 otherwise)."""
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- Processes ----------------------------------------------------------------------------------


class StakeholderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stakeholder
        fields = ["id", "name", "short_name", "category"]


class UserSerializer(serializers.Serializer):
    """A person as the audit trail shows them: no e-mail, no username when a name is known."""

    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()


class MembershipSerializer(serializers.ModelSerializer):
    stakeholder = StakeholderSerializer(allow_null=True)

    class Meta:
        model = Member
        fields = ["role", "stakeholder"]


class ProcessSerializer(serializers.ModelSerializer):
    class Meta:
        model = Process
        fields = ["slug", "code", "name", "description", "time_zone", "drafts_are_public"]


class ProcessDetailSerializer(ProcessSerializer):
    your_memberships = serializers.SerializerMethodField(
        help_text="The roles (and stakeholders) in which the requesting user acts here."
    )

    class Meta(ProcessSerializer.Meta):
        fields = [*ProcessSerializer.Meta.fields, "your_memberships"]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_your_memberships(self, process) -> list[dict]:
        user = self.context["request"].user
        if not user.is_authenticated:
            return []
        return MembershipSerializer(memberships_of(user=user, process=process), many=True).data


class ProcessViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlatformViewSet):
    """Negotiation processes whose working drafts the user may read."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return visible_processes(user=self.request.user).order_by("name", "pk")

    def get_serializer_class(self):
        return ProcessDetailSerializer if self.action == "retrieve" else ProcessSerializer

    def get_object(self) -> Process:
        process = Process.objects.filter(slug=self.kwargs["slug"]).first()
        if process is None:
            raise not_found()
        readable_or_404(self.request.user, process)
        return process
