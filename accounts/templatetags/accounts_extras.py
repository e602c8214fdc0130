from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def in_minutes(value: timedelta | None) -> int:
    """A wait as a whole number of minutes, rounded up ("try again in 15 minutes")."""
    if not value:
        return 0
    return max(1, -(-int(value.total_seconds()) // 60))
