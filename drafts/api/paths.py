"""URL patterns and path parameters of the text's API, shared by the router and the schema."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

UUID_PATTERN = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"

PROCESS_SLUG = OpenApiParameter(
    "process_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The process's slug."
)

DOCUMENT_SLUG = OpenApiParameter(
    "document_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The document's slug."
)
