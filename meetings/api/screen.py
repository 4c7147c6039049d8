"""The live screen of a meeting: what is on it, the Chair's moves on it, and its event stream.

- `GET …/meetings/<number>/screen/`: the paragraph on screen with its current text (null when
  the screen is blank);
- `PUT` or `POST …/screen/` {"paragraph": uid}: put that paragraph on screen (400
  `paragraph_of_another_process`, 409 `paragraph_deleted`);
- `POST …/screen/next/`: the next open paragraph of the agenda (409 `agenda_empty`,
  `nothing_open`);
- `DELETE …/screen/` or `POST …/screen/clear/`: a blank screen;
- `GET …/screen/events/` (Accept: text/event-stream): the screen as server-sent events, the whole
  screen now and again after each change (`meetings.live`).

Changing the screen is for the Chair, a Vice-Chair or the secretariat (403 `not_allowed`).
"""

from django.db import connections
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from drafts.api.paths import PROCESS_SLUG
from meetings import live, selectors, services
from meetings.api.base import MAY_PUT_ON_SCREEN, MEETING_NUMBER
from meetings.api.serializers import ScreenInputSerializer, ScreenSerializer
from meetings.models import Meeting
from processes.api import error_responses

SCREEN_ACTIONS = ("show_on_screen", "clear_screen", "clear_screen_now", "next_on_screen")


class EventStreamRenderer(BaseRenderer):
    """Lets a client that accepts only text/event-stream (an EventSource) reach the stream.

    The stream itself is a StreamingHttpResponse and is not rendered here: only a refusal is
    (404, 403 …), as one `error` event whose data is the usual JSON body."""

    media_type = "text/event-stream"
    format = "event-stream"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return b"event: error\ndata: " + JSONRenderer().render(data) + b"\n\n"


_SCREEN_PARAMETERS = [PROCESS_SLUG, MEETING_NUMBER]


class ScreenActions:
    """The screen's actions, for the meetings viewset (which provides `get_object()`, the
    meeting of the URL, and `validated()`)."""

    def get_permissions(self):
        if self.action in SCREEN_ACTIONS:
            return [MAY_PUT_ON_SCREEN()]
        return super().get_permissions()

    def respond_with_screen(self, meeting: Meeting) -> Response:
        state = selectors.on_screen(meeting.pk)
        return Response(ScreenSerializer(state, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=_SCREEN_PARAMETERS,
        responses={200: ScreenSerializer, **error_responses(404)},
    )
    @action(detail=True, methods=["get"], url_path="screen")
    def screen(self, request, *args, **kwargs):
        """What is on screen now: the paragraph (null when the screen is blank) and its current
        text, alternatives included."""
        return self.respond_with_screen(self.get_object())

    @extend_schema(
        parameters=_SCREEN_PARAMETERS,
        request=ScreenInputSerializer,
        responses={200: ScreenSerializer, **error_responses(400, 403, 404, 409)},
    )
    @screen.mapping.put
    def show_on_screen(self, request, *args, **kwargs):
        """The Chair puts a paragraph of the process on screen (400
        `paragraph_of_another_process`; 409 `paragraph_deleted`)."""
        meeting = self.get_object()
        data = self.validated(ScreenInputSerializer)
        services.put_on_screen(meeting=meeting, actor=request.user, **data)
        return self.respond_with_screen(meeting)

    screen.mapping.post(show_on_screen)

    @extend_schema(
        parameters=_SCREEN_PARAMETERS,
        request=None,
        responses={200: ScreenSerializer, **error_responses(403, 404)},
    )
    @screen.mapping.delete
    def clear_screen(self, request, *args, **kwargs):
        """The Chair blanks the screen; answers the blank screen."""
        meeting = self.get_object()
        services.clear_screen(meeting=meeting, actor=request.user)
        return self.respond_with_screen(meeting)

    @extend_schema(
        parameters=_SCREEN_PARAMETERS,
        request=None,
        responses={200: ScreenSerializer, **error_responses(403, 404)},
    )
    @action(detail=True, methods=["post"], url_path="screen/clear")
    def clear_screen_now(self, request, *args, **kwargs):
        """The Chair blanks the screen (as DELETE …/screen/, for clients that only POST)."""
        return self.clear_screen(request, *args, **kwargs)

    @extend_schema(
        parameters=_SCREEN_PARAMETERS,
        request=None,
        responses={200: ScreenSerializer, **error_responses(403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="screen/next")
    def next_on_screen(self, request, *args, **kwargs):
        """The Chair's "next": the first open paragraph of the agenda after the one on screen,
        wrapping round once (409 `agenda_empty`, `nothing_open`)."""
        meeting = self.get_object()
        services.put_next_open_on_screen(meeting=meeting, actor=request.user)
        return self.respond_with_screen(meeting)

    @extend_schema(
        parameters=_SCREEN_PARAMETERS,
        responses={
            (200, "text/event-stream"): OpenApiResponse(
                OpenApiTypes.STR,
                description="Server-sent events: `screen` events whose data is the screen as "
                "HTML, the whole screen at once and again after every change (another "
                "paragraph on screen, a new version or status of the one on it); comments as "
                "heartbeats; `gone` if the meeting is deleted. The stream ends after an hour "
                "and the client reconnects (`retry`).",
            ),
            **error_responses(404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="screen/events",
        renderer_classes=[JSONRenderer, EventStreamRenderer],
    )
    def screen_events(self, request, *args, **kwargs):
        """The live screen as server-sent events, for those who follow it remotely."""
        meeting = self.get_object()
        # The stream may last an hour: it must not hold this thread's database connection.
        connections.close_all()
        return live.event_stream_response(meeting.pk, user=request.user)
