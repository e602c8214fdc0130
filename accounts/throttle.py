"""Login throttling helpers for django-axes (settings.AXES_USERNAME_CALLABLE)."""


def axes_username(request, credentials=None) -> str | None:
    """The address a login attempt is for, in lower case.

    Logins ignore case, so the failure count must too: otherwise "Ana@x.org", "ANA@x.org"…
    would each get their own five tries.
    """
    source = credentials or getattr(request, "data", None) or request.POST
    username = source.get("username")
    return username.strip().lower() if username else None
