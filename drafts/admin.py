"""Admin for the text. Negotiated text is read-only here: it changes only through the services,
which check roles and record every version; documents and chapters can be set up."""

from django.contrib import admin

from drafts.models import (
    Alternative,
    Chapter,
    Document,
    Paragraph,
    ParagraphVersion,
    Publication,
    PublishedChapter,
    Rendering,
    StatusChange,
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ["order", "letter", "title", "is_annex"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["short_title", "process", "symbol_number", "order"]
    list_filter = ["process"]
    search_fields = ["title", "short_title"]
    prepopulated_fields = {"slug": ["short_title"]}
    inlines = [ChapterInline]


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "order", "is_annex"]
    list_filter = ["document__process", "document"]
    list_select_related = ["document"]


class AlternativeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Alternative
    fields = ["position", "text", "proposer"]
    readonly_fields = fields


class ParagraphVersionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ParagraphVersion
    fields = ["sequence", "created_at", "author", "on_behalf_of", "reason"]
    readonly_fields = fields
    ordering = ["-sequence"]


class StatusChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StatusChange
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["display_number", "chapter", "status", "status_changed_at"]
    list_filter = ["status", "chapter__document__process", "chapter__document"]
    list_select_related = ["chapter__document"]
    readonly_fields = ["uid", "chapter", "number", "insertion", "status", "current_version"]
    inlines = [ParagraphVersionInline, StatusChangeInline]


@admin.register(ParagraphVersion)
class ParagraphVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "created_at", "author", "on_behalf_of"]
    list_select_related = ["paragraph__chapter__document", "author", "on_behalf_of"]
    inlines = [AlternativeInline]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["paragraph", "from_status", "to_status", "actor", "created_at"]
    list_select_related = ["paragraph__chapter__document", "actor"]


class PublishedChapterInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PublishedChapter
    fields = ["position", "heading", "status_line"]
    readonly_fields = fields


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Published texts never change: the admin shows them and offers no way to edit or delete.
    The PDF's state is the rendering's, shown on the publication's page."""

    list_display = ["symbol", "title", "status_as_of_label", "published_at", "published_by"]
    list_filter = ["process", "stage"]
    list_select_related = ["published_by"]
    search_fields = ["symbol", "title"]
    inlines = [PublishedChapterInline]


@admin.register(Rendering)
class RenderingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["filename", "purpose", "state", "page_count", "attempts", "queued_at"]
    list_filter = ["state", "purpose"]
    exclude = ["html"]
