"""The compilation of a comment period, as JSON."""

from processes.api import PlatformViewSet


class CompilationViewSet(PlatformViewSet):
    """/compilations/<period id>/"""
