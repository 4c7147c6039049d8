"""Meetings, their participants and the Chair's outcomes, for the secretariat to find and correct.

The pages (scheduling, participants, outcomes) go through the services that check the rules; the
admin is the place to correct a record afterwards. What the database can hold (unique numbers, a
meeting that ends after it starts, one owner per action item) it holds here too. The live screen
is not edited here: it changes from the Chair's dashboard.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from meetings.models import ActionItem, AttendanceDay, Meeting, OutcomePoint, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["member", "stakeholder", "attendance"]
    readonly_fields = ["attendance"]
    autocomplete_fields = ["member", "stakeholder"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("member__user", "member__stakeholder", "member__process", "stakeholder")
            .prefetch_related("days")
        )

    @admin.display(description=_("attendance"))
    def attendance(self, participant: Participant) -> str:
        return "; ".join(
            f"{day.day:%d %b}: {day.get_attendance_display()}" for day in participant.days.all()
        )


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "process", "phase", "starts_on", "ends_on", "venue", "mode"]
    list_filter = ["process", "mode"]
    list_select_related = ["process"]
    search_fields = ["title", "phase", "venue"]
    date_hierarchy = "starts_on"
    ordering = ["-starts_on"]
    fields = [
        "process",
        "number",
        "phase",
        "title",
        "starts_on",
        "ends_on",
        "venue",
        "mode",
        "remote_links",
        "chair",
        "vice_chairs",
        "agenda",
        "page",
    ]
    readonly_fields = ["page"]
    autocomplete_fields = ["chair"]
    filter_horizontal = ["vice_chairs", "agenda"]
    inlines = [ParticipantInline]

    @admin.display(description=_("On the site"))
    def page(self, meeting: Meeting) -> str:
        if meeting.pk is None:
            return "—"
        url = reverse("meetings:meeting", args=[meeting.process.slug, meeting.number])
        return format_html('<a href="{}">{}</a>', url, _("The meeting's page"))


@admin.register(AttendanceDay)
class AttendanceDayAdmin(admin.ModelAdmin):
    list_display = ["participant", "day", "attendance"]
    list_filter = ["participant__meeting__process", "attendance"]
    list_select_related = [
        "participant__member__user",
        "participant__member__stakeholder",
        "participant__member__process",
        "participant__meeting",
    ]
    search_fields = ["participant__member__user__last_name", "participant__stakeholder__name"]


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    fields = [
        "text",
        "owner_stakeholder",
        "owner_member",
        "owner_is_secretariat",
        "due_on",
        "state",
    ]
    autocomplete_fields = ["owner_stakeholder", "owner_member"]


@admin.register(OutcomePoint)
class OutcomePointAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "number", "kind", "recorded_by", "recorded_at"]
    list_filter = ["meeting__process", "kind", "meeting"]
    list_select_related = ["meeting", "recorded_by"]
    search_fields = ["text"]
    fields = [
        "meeting",
        "number",
        "kind",
        "text",
        "documents",
        "publications",
        "paragraphs",
        "recorded_by",
        "recorded_at",
    ]
    readonly_fields = ["recorded_by", "recorded_at"]
    raw_id_fields = ["paragraphs"]
    filter_horizontal = ["documents", "publications"]
    inlines = [ActionItemInline]

    def save_formset(self, request, form, formset, change):
        # Action items added here are the meeting's, made by whoever adds them.
        for item in formset.save(commit=False):
            if item.pk is None:
                item.meeting = form.instance.meeting
                item.created_by = request.user
            item.save()
        for item in formset.deleted_objects:
            item.delete()
        formset.save_m2m()


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "due_on", "state", "owner_is_secretariat"]
    list_filter = ["meeting__process", "state", "owner_is_secretariat", "meeting"]
    list_select_related = [
        "meeting",
        "owner_stakeholder",
        "owner_member__user",
        "owner_member__stakeholder",
    ]
    search_fields = ["text", "owner_stakeholder__name", "owner_member__user__last_name"]
    date_hierarchy = "due_on"
    fields = [
        "meeting",
        "outcome_point",
        "text",
        "owner_stakeholder",
        "owner_member",
        "owner_is_secretariat",
        "due_on",
        "state",
        "state_changed_at",
        "state_changed_by",
        "created_by",
        "created_at",
    ]
    readonly_fields = ["state_changed_at", "state_changed_by", "created_by", "created_at"]
    autocomplete_fields = ["owner_stakeholder", "owner_member", "outcome_point"]

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
