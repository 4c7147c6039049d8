"""Comment periods of a document, and general comments on it."""

from processes.api import PlatformViewSet


class DocumentPeriodViewSet(PlatformViewSet):
    """/processes/<process_slug>/documents/<document_slug>/periods/"""


class PeriodViewSet(PlatformViewSet):
    """/periods/<id>/"""


class DocumentCommentViewSet(PlatformViewSet):
    """/processes/<process_slug>/documents/<document_slug>/comments/"""
