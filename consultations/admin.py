"""Proposals and decisions are records of what people did: read-only in the admin."""

from django.contrib import admin

from consultations.models import Decision, Proposal
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
