from django.contrib import admin
from django.db import models

from jobhunt.models import Application, Company, Contact, Document, ImportJob, Interview, StageEvent


class OwnedAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Company)
class CompanyAdmin(OwnedAdmin):
    list_display = ["name", "user", "website", "created_at"]
    search_fields = ["name", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"


class StageEventInline(admin.TabularInline):
    """The timeline is written by jobhunt.services.application_move only: shown, never edited here."""

    model = StageEvent
    fields = ["happened_at", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(OwnedAdmin):
    list_display = ["role_title", "company", "user", "status", "date_applied", "interest", "status_changed_at"]
    list_filter = ["status", "source", "interest"]
    search_fields = ["role_title", "company__name", "user__email", "location"]
    list_select_related = ["company", "user"]
    date_hierarchy = "date_applied"
    autocomplete_fields = ["company", "contacts"]
    raw_id_fields = ["user"]
    # Status changes go through application_move so the timeline and reminders follow.
    readonly_fields = ["status", "status_changed_at", "created_at", "updated_at"]
    inlines = [StageEventInline]


@admin.register(Contact)
class ContactAdmin(OwnedAdmin):
    list_display = ["name", "role", "company", "user", "email", "last_contacted", "relationship_strength"]
    list_filter = ["role", "relationship_strength"]
    search_fields = ["name", "email", "company__name", "user__email"]
    list_select_related = ["company", "user"]
    autocomplete_fields = ["company"]
    raw_id_fields = ["user"]


@admin.register(Interview)
class InterviewAdmin(OwnedAdmin):
    list_display = ["application", "kind", "scheduled_at", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["application__role_title", "application__company__name", "application__user__email"]
    list_select_related = ["application__company"]
    date_hierarchy = "scheduled_at"
    autocomplete_fields = ["contacts"]
    raw_id_fields = ["application"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """For support: what happened to an import. The file's text is not shown (it is the person's data)."""

    list_display = ["file_name", "user", "state", "total_rows", "imported", "duplicates", "skipped", "created_at"]
    list_filter = ["state", "encoding"]
    search_fields = ["file_name", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    raw_id_fields = ["user"]
    exclude = ["text"]
    readonly_fields = [
        "file_name",
        "encoding",
        "delimiter",
        "mapping",
        "date_order",
        "total_rows",
        "processed",
        "imported",
        "duplicates",
        "skipped",
        "errors",
        "created_at",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Shown and deleted here (the file goes with the row), never added or changed: an upload is
    checked by jobhunt.documents, which only the person's own page goes through."""

    list_display = ["name", "kind", "user", "original_name", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["name", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "kind", "name", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
