from django.contrib import admin

from processes.models import Member, Process, Stakeholder


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    autocomplete_fields = ["user", "stakeholder"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "time_zone", "drafts_are_public"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"slug": ["code"]}
    inlines = [MemberInline]


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "category"]
    list_filter = ["category"]
    search_fields = ["name", "short_name"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["user", "process", "stakeholder", "role", "is_active"]
    list_filter = ["process", "role", "is_active"]
    search_fields = ["user__username", "user__last_name", "stakeholder__name"]
    autocomplete_fields = ["user", "stakeholder"]
    list_select_related = ["user", "process", "stakeholder"]


admin.site.site_header = "Drafting platform administration"
admin.site.site_title = "Drafting platform"
