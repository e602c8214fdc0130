from django.contrib import admin, messages

from sharing import services
from sharing.models import CalendarFeed, ShareLink


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Support can see whether a feed is on and in use, or turn it off; never its address."""

    list_display = ["user", "created_at", "last_fetched_at"]
    search_fields = ["user__email"]
    list_filter = [("last_fetched_at", admin.EmptyFieldListFilter)]
    fields = ["user", "created_at", "last_fetched_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # a feed is made by its owner, who alone sees its address


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["label", "user", "created_at", "expires_at", "revoked_at", "last_opened_at", "open_count"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "expires_at", "created_at"]
    search_fields = ["user__email", "label"]
    fields = ["user", "label", "created_at", "expires_at", "revoked_at", "last_opened_at", "open_count"]
    readonly_fields = ["user", "created_at", "last_opened_at", "open_count", "revoked_at"]
    actions = ["revoke"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # the token is shown once, to the person who makes the link

    @admin.action(description="Revoke the selected links")
    def revoke(self, request, queryset):
        links = list(queryset.filter(revoked_at__isnull=True))
        for link in links:
            services.share_link_revoke(link=link)
        self.message_user(request, f"Revoked {len(links)} link(s).", messages.SUCCESS)
