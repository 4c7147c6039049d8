"""The models of the text (documents … versions), its publications, and PDF renderings."""

from drafts.models.imports import DocumentImport, ImportState
from drafts.models.publications import (
    ImmutableModel,
    ParagraphChange,
    Publication,
    PublicationStage,
    PublishedChapter,
    PublishedParagraph,
)
from drafts.models.renderings import Rendering, RenderingState
from drafts.models.text import (
    Alternative,
    ChangeKind,
    Chapter,
    Document,
    ImmutableRecordError,
    Paragraph,
    ParagraphStatus,
    ParagraphVersion,
    StatusChange,
)

__all__ = [
    "Alternative",
    "ChangeKind",
    "Chapter",
    "Document",
    "DocumentImport",
    "ImmutableModel",
    "ImmutableRecordError",
    "ImportState",
    "Paragraph",
    "ParagraphChange",
    "ParagraphStatus",
    "ParagraphVersion",
    "Publication",
    "PublicationStage",
    "PublishedChapter",
    "PublishedParagraph",
    "Rendering",
    "RenderingState",
    "StatusChange",
]
