"""Meetings of a process: when and where, who chaired, who took part and how, what was on the
agenda and what is on screen now."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drafts.models import Document, Paragraph
from processes.models import Member, Process, Stakeholder


class MeetingMode(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    REMOTE = "remote", _("Remote")
    HYBRID = "hybrid", _("Physical and remote")


class Meeting(models.Model):
    """One meeting of a process, e.g. "Phase Five: Fourth Physical Meeting, 14-17 April 2014"."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("4 for the fourth meeting; unique in the process.")
    )
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    mode = models.CharField(
        _("mode"), max_length=20, choices=MeetingMode.choices, default=MeetingMode.HYBRID
    )
    remote_links = models.TextField(
        _("remote participation links"),
        blank=True,
        help_text=_("One per line: a label, then the address (e.g. Webcast https://…)."),
    )
    chair = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
        null=True,
        blank=True,
        verbose_name=_("Chair"),
    )
    vice_chairs = models.ManyToManyField(
        Stakeholder, related_name="meetings_vice_chaired", blank=True, verbose_name=_("Vice-Chairs")
    )
    agenda = models.ManyToManyField(
        Document, related_name="meetings", blank=True, verbose_name=_("documents on the agenda")
    )
    # The live screen: what the room and remote participants see now.
    on_screen = models.ForeignKey(
        Paragraph, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_screen_since = models.DateTimeField(null=True, blank=True)
    on_screen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["process", "starts_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "number"],
                name="meeting_number_unique",
                violation_error_message=_("The process already has a meeting with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d %b %Y})"

    @property
    def links(self) -> list[tuple[str, str]]:
        """The remote-participation links as (label, address) pairs."""
        pairs = []
        for line in self.remote_links.splitlines():
            label, _space, address = line.strip().rpartition(" ")
            if address:
                pairs.append((label.strip() or address, address))
        return pairs


class Attendance(models.TextChoices):
    IN_ROOM = "in_room", _("In the room")
    REMOTE = "remote", _("Remote")


class Participant(models.Model):
    """A member who took part in a meeting, for the stakeholder they represented there."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="participations")
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="participations",
        null=True,
        blank=True,
        help_text=_("Whom they represented; empty for the Chair or secretariat ex officio."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "stakeholder__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="participant_once_per_meeting",
                violation_error_message=_("This member is already a participant of the meeting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} at {self.meeting}"


class AttendanceDay(models.Model):
    """How a participant took part on one day of the meeting."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))
    attendance = models.CharField(_("attendance"), max_length=20, choices=Attendance.choices)

    class Meta:
        verbose_name = _("attendance day")
        verbose_name_plural = _("attendance days")
        ordering = ["participant", "day"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="attendance_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_attendance_display()}"
