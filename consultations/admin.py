"""Proposals, decisions and general comments are records of what people did: read-only in the
admin. Comment periods are listed here with their history; they change on their own page."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from consultations.models import CommentPeriod, Decision, DocumentComment, Proposal
from drafts.admin import ReadOnlyAdminMixin


class DecisionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Decision
    fields = ["created_at", "outcome", "actor", "actor_role", "reason", "resulting_version"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "paragraph", "kind", "stakeholder", "state", "created_at"]
    list_filter = ["state", "kind", "paragraph__chapter__document__process"]
    search_fields = ["text", "rationale", "stakeholder__name", "author__username"]
    list_select_related = ["paragraph__chapter__document", "stakeholder"]
    inlines = [DecisionInline]


# --- Comment periods and general comments -------------------------------------------------------


@admin.register(CommentPeriod)
class CommentPeriodAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Periods are opened, changed and closed on the document's periods page, whose services
    check the rules (no overlap, closing after opening, reminders that fit) and record each
    change; here the secretariat finds them and their history."""

    list_display = ["__str__", "document", "opens_at", "closes_at", "takes_proposals"]
    list_filter = ["document__process", "document"]
    list_select_related = ["document"]
    fields = [
        "document",
        "title",
        "opens_at",
        "closes_at",
        "chapters",
        "takes_proposals",
        "takes_comments",
        "reminder_hours",
        "created_by",
        "created_at",
        "manage",
    ]
    readonly_fields = fields

    @admin.display(description=_("Open, change or close"))
    def manage(self, period: CommentPeriod) -> str:
        document = period.document
        url = reverse(
            "consultations:period", args=[document.process.slug, document.slug, period.pk]
        )
        return format_html('<a href="{}">{}</a>', url, _("On the document's periods page"))


@admin.register(DocumentComment)
class DocumentCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What stakeholders sent is a record: read-only."""

    list_display = ["__str__", "stakeholder", "period", "created_at"]
    list_filter = ["document__process", "document"]
    list_select_related = ["document", "stakeholder", "period"]
    search_fields = ["text", "stakeholder__name", "author__username"]
    fields = ["document", "period", "stakeholder", "author", "text", "created_at"]
    readonly_fields = fields
