"""What the person's history at a company says while they add an application there."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from jobhunt import selectors


@login_required
@require_safe
def company_memory_hint(request):
    """The kind word about the company typed on the new application form (`company_name`), from
    the person's own history there, for htmx to put under the field: nothing when there is
    nothing useful to say. Opened as a page rather than by htmx, it leads to the form."""
    if not request.htmx:
        return redirect("jobhunt:application_create")
    memory = selectors.company_memory_for_name(request.user, request.GET.get("company_name", ""))
    if memory is None or not memory.memory_note:
        return HttpResponse("")
    return render(request, "jobhunt/_company_memory_hint.html", {"memory": memory})
