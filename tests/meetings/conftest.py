"""Meetings made through the real services: the fourth physical meeting of the MPP, 14-17 April
2014 in Geneva, with the Vision on its agenda."""

from datetime import date

import pytest

from meetings import services
from meetings.models import MeetingMode
from processes.models import Member, Role
from tests.factories import StakeholderFactory

FOURTH_MEETING_DAYS = (date(2014, 4, 14), date(2014, 4, 17))


@pytest.fixture
def chair_member(process, chair):
    return Member.objects.get(user=chair, process=process, role=Role.CHAIR)


@pytest.fixture
def fourth_meeting(process, secretariat, chair_member, vision):
    egypt, switzerland, saudi = (
        StakeholderFactory(name=name) for name in ("Egypt", "Switzerland", "Saudi Arabia (VC)")
    )
    return services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=4,
        phase="Phase Five",
        title="Fourth Physical Meeting",
        starts_on=FOURTH_MEETING_DAYS[0],
        ends_on=FOURTH_MEETING_DAYS[1],
        venue="ITU Headquarters, Geneva",
        mode=MeetingMode.HYBRID,
        remote_links="Webcast https://www.itu.int/webcast\nVirtual room https://www.itu.int/room",
        chair=chair_member,
        vice_chairs=[egypt, switzerland, saudi],
        agenda=[vision],
    )
