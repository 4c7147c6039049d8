"""Forms of the meeting pages. They parse what was typed and offer the process's own choices; the
services in `meetings.services.meetings` decide (dates, numbers, links, who may act)."""

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from drafts.models import Document
from meetings.models import Attendance, Meeting, MeetingMode, Participant
from processes.models import Member, Process, Role, Stakeholder

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ABSENT = "absent"
AS_THE_MODE_SUGGESTS = ""


def member_label(member: Member) -> str:
    name = member.user.get_full_name() or member.user.get_username()
    return f"{name} ({member.stakeholder})" if member.stakeholder_id else name


def days_of(meeting: Meeting) -> list[date]:
    return [
        meeting.starts_on + timedelta(days=offset)
        for offset in range((meeting.ends_on - meeting.starts_on).days + 1)
    ]


class MeetingForm(forms.Form):
    """Scheduling a meeting or changing it; the number is fixed once the meeting exists."""

    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=32767,
        help_text=_("4 for the fourth meeting; unique in the process."),
    )
    phase = forms.CharField(label=_("Phase"), required=False, max_length=100)
    # The service refuses an empty title with a message that gives an example.
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    starts_on = forms.DateField(label=_("First day"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE_INPUT)
    venue = forms.CharField(label=_("Venue"), required=False, max_length=300)
    mode = forms.ChoiceField(
        label=_("Held"), choices=MeetingMode.choices, initial=MeetingMode.HYBRID
    )
    remote_links = forms.CharField(
        label=_("Remote participation links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: a label, then the address (Webcast https://…)."),
    )
    chair = forms.ModelChoiceField(
        label=_("Chaired by"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("Not decided yet"),
    )
    vice_chairs = forms.ModelMultipleChoiceField(
        label=_("Vice-Chairs"),
        queryset=Stakeholder.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    agenda = forms.ModelMultipleChoiceField(
        label=_("Documents on the agenda"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, process: Process, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["chair"].queryset = (
            Member.objects.filter(
                process=process, role__in=[Role.CHAIR, Role.VICE_CHAIR], is_active=True
            )
            .select_related("user", "stakeholder")
            .order_by("role", "user__last_name", "pk")
        )
        self.fields["chair"].label_from_instance = lambda member: (
            f"{member_label(member)}, {member.get_role_display()}"
        )
        self.fields["vice_chairs"].queryset = Stakeholder.objects.order_by("name")
        self.fields["agenda"].queryset = Document.objects.filter(process=process).order_by(
            "order", "title"
        )
        self.fields["agenda"].label_from_instance = lambda document: document.title
        if meeting is not None:
            self.fields["number"].disabled = True
            self.fields["number"].help_text = _("A meeting keeps its number.")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "title": data["title"],
            "phase": data["phase"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "venue": data["venue"],
            "mode": data["mode"],
            "remote_links": data["remote_links"],
            "chair": data["chair"],
            "vice_chairs": list(data["vice_chairs"]),
            "agenda": list(data["agenda"]),
        }
        if self.meeting is None:
            arguments["number"] = data["number"]
        return arguments


def initial_for(meeting: Meeting) -> dict:
    return {
        "number": meeting.number,
        "phase": meeting.phase,
        "title": meeting.title,
        "starts_on": meeting.starts_on,
        "ends_on": meeting.ends_on,
        "venue": meeting.venue,
        "mode": meeting.mode,
        "remote_links": meeting.remote_links,
        "chair": meeting.chair_id,
        "vice_chairs": [stakeholder.pk for stakeholder in meeting.vice_chairs.all()],
        "agenda": [document.pk for document in meeting.agenda.all()],
    }


# --- Participants: one form per action (the POST's `action` field says which) -------------------


class AddParticipantForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Member"), queryset=Member.objects.none(), empty_label=_("Choose…")
    )
    attendance = forms.ChoiceField(
        label=_("Every day of the meeting"),
        required=False,
        choices=[
            (AS_THE_MODE_SUGGESTS, _("As the meeting is held (in the room if physical)")),
            *Attendance.choices,
        ],
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        # Offered: the process's active members. Others are refused by the service.
        self.fields["member"].queryset = (
            Member.objects.filter(process_id=meeting.process_id, is_active=True)
            .select_related("user", "stakeholder")
            .order_by("stakeholder__name", "user__last_name", "pk")
        )
        self.fields["member"].label_from_instance = lambda member: (
            f"{member_label(member)}, {member.get_role_display()}"
        )

    def days(self) -> dict[date, str] | None:
        attendance = self.cleaned_data["attendance"]
        if attendance == AS_THE_MODE_SUGGESTS:
            return None
        return dict.fromkeys(days_of(self.meeting), attendance)


class AttendanceForm(forms.Form):
    participant = forms.ModelChoiceField(queryset=Participant.objects.none())
    day = forms.DateField(label=_("Day"))
    attendance = forms.ChoiceField(
        label=_("Attendance"), choices=[*Attendance.choices, (ABSENT, _("Absent"))]
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            meeting=meeting
        ).select_related("meeting__process")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        attendance = None if data["attendance"] == ABSENT else data["attendance"]
        return {"participant": data["participant"], "day": data["day"], "attendance": attendance}


class RemoveParticipantForm(forms.Form):
    participant = forms.ModelChoiceField(queryset=Participant.objects.none())

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            meeting=meeting
        ).select_related("member__user", "stakeholder", "meeting__process")
