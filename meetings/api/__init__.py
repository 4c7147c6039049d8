"""The REST API of meetings: meetings and their participants, the Chair's outcomes and action
items, and the live screen with its event stream.

Thin views (GUIDE §3.7): an input serializer checks and converts the request, a
`meetings.services` function does the work (and re-checks the actor's role), an output serializer
shows the result. A meeting is addressed by its process's slug and its number, as on the pages.

- `serializers`: what goes out and comes in;
- `base`: the process and meeting of the URL, and the permission classes;
- `meetings`: meetings and participants; `screen`: the live screen and its event stream;
- `outcomes`: outcome points and action items.
"""

from meetings.api.meetings import MeetingViewSet, ParticipantViewSet
from meetings.api.outcomes import ActionItemViewSet, OutcomePointViewSet, ProcessActionItemViewSet

__all__ = [
    "ActionItemViewSet",
    "MeetingViewSet",
    "OutcomePointViewSet",
    "ParticipantViewSet",
    "ProcessActionItemViewSet",
]
