"""The REST API under /api/v1/: one router for every app's viewsets, and token sign-in.

Authentication: a browser session (writes need the CSRF token, as in the pages), or a token:
POST /api/v1/auth/token/ with {"username": ..., "password": ...} answers {"token": ...}; send it
as `Authorization: Token <token>`. Sign-in attempts are throttled and count towards the login
lockout (django-axes), like the login page.
"""

from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import APIRootView, DefaultRouter
from rest_framework.throttling import SimpleRateThrottle

from consultations import api as consultations
from drafts import api as drafts
from meetings import api as meetings
from processes import api as processes

UUID = drafts.UUID_PATTERN
SLUG = drafts.SLUG_PATTERN


class TokenSignInThrottle(SimpleRateThrottle):
    """Guessing passwords through the token endpoint is slow: a few attempts per minute from
    one address (signed in or not). The address is DRF's (REST_FRAMEWORK["NUM_PROXIES"])."""

    scope = "auth_token"
    rate = "10/minute"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ObtainToken(ObtainAuthToken):
    """Exchange a username and password for the user's API token.

    Takes no session or token itself: the credentials in the body are all it looks at.
    """

    authentication_classes = []
    throttle_classes = [TokenSignInThrottle]


class JSONRootView(APIRootView):
    renderer_classes = [JSONRenderer]


class Router(DefaultRouter):
    APIRootView = JSONRootView


router = Router()
router.register("processes", processes.ProcessViewSet, basename="process")
# The consultations viewset extends the drafts one with each paragraph's pending proposals.
router.register(
    rf"processes/(?P<process_slug>{SLUG})/documents",
    consultations.DocumentViewSet,
    basename="document",
)
router.register("paragraphs", drafts.ParagraphViewSet, basename="paragraph")
router.register(
    rf"paragraphs/(?P<paragraph_uid>{UUID})/proposals",
    consultations.ParagraphProposalViewSet,
    basename="paragraph-proposal",
)
router.register("proposals", consultations.ProposalViewSet, basename="proposal")
router.register(
    rf"processes/(?P<process_slug>{SLUG})/publications",
    drafts.ProcessPublicationViewSet,
    basename="process-publication",
)
router.register("publications", drafts.PublicationViewSet, basename="publication")
router.register(
    rf"processes/(?P<process_slug>{SLUG})/imports",
    drafts.ProcessImportViewSet,
    basename="process-import",
)
router.register("imports", drafts.ImportViewSet, basename="import")
DOCUMENT = rf"processes/(?P<process_slug>{SLUG})/documents/(?P<document_slug>{SLUG})"
router.register(
    rf"{DOCUMENT}/periods", consultations.DocumentPeriodViewSet, basename="document-period"
)
router.register("periods", consultations.PeriodViewSet, basename="period")
router.register(
    rf"{DOCUMENT}/comments", consultations.DocumentCommentViewSet, basename="document-comment"
)
router.register("compilations", consultations.CompilationViewSet, basename="compilation")
router.register(
    rf"{DOCUMENT}/assignments",
    consultations.DocumentAssignmentViewSet,
    basename="document-assignment",
)
router.register("assignments", consultations.AssignmentViewSet, basename="assignment")
MEETINGS = rf"processes/(?P<process_slug>{SLUG})/meetings"
router.register(MEETINGS, meetings.MeetingViewSet, basename="meeting")
MEETING = rf"{MEETINGS}/(?P<number>[0-9]{{1,5}})"
router.register(rf"{MEETING}/participants", meetings.ParticipantViewSet, basename="participant")
router.register(
    rf"{MEETING}/outcome-points", meetings.OutcomePointViewSet, basename="outcome-point"
)
router.register(rf"{MEETING}/action-items", meetings.ActionItemViewSet, basename="action-item")
router.register(
    rf"processes/(?P<process_slug>{SLUG})/action-items",
    meetings.ProcessActionItemViewSet,
    basename="process-action-item",
)

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    *router.urls,
]
