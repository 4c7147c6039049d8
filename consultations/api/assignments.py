"""Redraft assignments."""

from processes.api import PlatformViewSet


class DocumentAssignmentViewSet(PlatformViewSet):
    """/processes/<process_slug>/documents/<document_slug>/assignments/"""


class AssignmentViewSet(PlatformViewSet):
    """/assignments/<id>/"""
