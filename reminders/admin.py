from django.contrib import admin

from reminders.models import Delivery, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: reminders change only through schedule(), cancel() and the dispatcher."""

    list_display = ("kind", "user", "state", "due_at", "attempts", "sent_at", "short_error")
    list_filter = ("state", "kind")
    search_fields = ("user__email", "key")
    list_select_related = ("user",)
    date_hierarchy = "due_at"
    ordering = ("-due_at",)
    show_full_result_count = False

    @admin.display(description="last error")
    def short_error(self, reminder):
        return reminder.last_error[:80]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: the daily emails, written by the dispatcher alone."""

    list_display = ("user", "day", "state", "attempts", "sent_at")
    list_filter = ("state",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    date_hierarchy = "day"
    ordering = ("-day",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
