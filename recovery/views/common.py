"""What the recovery views share: the journey-finding decorator, a service's refusal shown on its
form, and where to go back to."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from recovery import selectors


def journey_view(*methods, part=None):
    """Find the journey (and `part`, one of its rows, given as (URL keyword, model)) among the
    signed-in person's own first, so another person's is a 404 whatever the method; only then
    allow `methods`. The view gets the objects instead of their ids."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk, **kwargs):
            journey = selectors.journey_for_pages(request.user, pk)
            if journey is None:
                raise Http404
            if part:
                name, model = part
                kwargs[name] = get_object_or_404(model.objects.for_user(request.user), pk=kwargs[name], journey=journey)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, journey, **kwargs)

        return login_required(wrapper)

    return decorator


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def focus_first_field(form) -> None:
    """A form brought in at the person's request takes the focus (htmx focuses [autofocus] too)."""
    first = next(iter(form.fields.values()), None)
    if first is not None:
        first.widget.attrs["autofocus"] = True
