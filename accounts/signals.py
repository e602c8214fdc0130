"""What accounts tells the apps above it (they connect in their AppConfig.ready)."""

from django.dispatch import Signal

# The person's time zone or reminder hour changed. Sent inside the profile update's transaction
# with `user` (already saved), `old_time_zone` and `old_reminder_hour`.
local_time_changed = Signal()
