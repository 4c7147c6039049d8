"""API plumbing shared by every app: domain errors as JSON."""

from rest_framework.response import Response
from rest_framework.views import exception_handler

from processes.errors import (
    ActionNotAllowed,
    DomainError,
    InvalidInput,
    RuleViolation,
    StaleVersion,
)

ERROR_CODES = {
    StaleVersion: "stale_version",
    ActionNotAllowed: "not_allowed",
    InvalidInput: "invalid_input",
    RuleViolation: "rule_violation",
}


def error_code(error: DomainError) -> str:
    for cls in type(error).__mro__:
        if cls in ERROR_CODES:
            return getattr(error, "code", None) or ERROR_CODES[cls]
    return "domain_error"


def domain_exception_handler(exc, context):
    """Maps a DomainError to 400/403/409 with {"code": ..., "message": ...}; DRF does the rest."""
    if isinstance(exc, DomainError):
        return Response({"code": error_code(exc), "message": exc.message}, status=exc.http_status)
    return exception_handler(exc, context)
