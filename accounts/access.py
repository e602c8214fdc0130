"""Access to a person's own rows, the one way views look objects up."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404


def owned(rows, *methods):
    """Find the object among the signed-in person's own rows first, so another person's object
    is a 404 whatever the method; only then allow `methods`. The view gets the object.

    `rows` is a model whose manager has `for_user(user)`, or a function user -> queryset.
    """
    rows_for = rows.objects.for_user if hasattr(rows, "objects") else rows

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk):
            found = get_object_or_404(rows_for(request.user), pk=pk)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, found)

        return login_required(wrapper)

    return decorator
