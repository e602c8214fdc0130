"""Pages of the pipeline. Thin: find the person's own object (404 otherwise), validate a form,
call one service, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import owned
from core.pages import page_of
from jobhunt import drafts, extensions, pickers, selectors, services, views_capture
from jobhunt.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    CompanyFilterForm,
    CompanyForm,
    ContactFilterForm,
    ContactForm,
    InterviewForm,
    MoveForm,
    QuickAddForm,
)
from jobhunt.models import (
    AWAITING_REPLY,
    FOLLOW_UP_AFTER_DAYS,
    SETBACKS,
    Application,
    Company,
    Contact,
    Interview,
    Status,
)

PAGE_SIZE = 25
DIRECTORY_PAGE_SIZE = 50

form_methods = require_http_methods(["GET", "HEAD", "POST"])


def _people(user, form, company):
    """The people picked on `form`, and those typed as "someone else" (found, or added at `company`)."""
    data = form.cleaned_data
    return services.people_picked(user=user, picked=data["contacts"], typed=data["new_people"], company=company)


def _contact_company(user, form):
    name = form.company_name()
    return services.company_for_name(user=user, name=name) if name else None


def _form_page(request, form, *, title, submit, cancel):
    return render(request, "jobhunt/form.html", {"form": form, "title": title, "submit": submit, "cancel": cancel})


# Dashboard, board, list ------------------------------------------------------------------------


@login_required
@require_safe
def board(request):
    return render(request, "jobhunt/board.html", {"board": selectors.board(request.user), "statuses": Status.choices})


@login_required
@require_safe
def application_list(request):
    form = ApplicationFilterForm(request.GET, user=request.user)
    filters = form.filters()
    rows = selectors.application_list(request.user, **filters).values_list(*selectors.LISTED_COLUMNS)
    page = page_of(request, rows, PAGE_SIZE)
    page.object_list = selectors.listed(page.object_list, request.user, request.user.local_today())
    filtering = bool(filters["q"] or filters["status"] or filters["company"])
    return render(
        request,
        "jobhunt/application_list.html",
        {"form": form, "page": page, "filtering": filtering, "company": filters["company"]},
    )


# Applications ----------------------------------------------------------------------------------


def _applications(user):
    return Application.objects.for_user(user).select_related("company", "cv", "cover_letter")


@login_required
@require_POST
def application_quick_add(request):
    form = QuickAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, "To add an application quickly, give both the company and the role.")
        return redirect("home:dashboard")
    application = services.application_quick_add(
        user=request.user, company_name=form.cleaned_data["company_name"], role_title=form.cleaned_data["role_title"]
    )
    messages.success(request, f"Added {application}. Good luck!")
    return redirect(application)


@login_required
@form_methods
def application_create(request):
    form = ApplicationForm(request.POST or None, user=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        details = form.details()
        company = services.company_for_name(user=request.user, name=form.company_name())
        application = services.application_create(
            user=request.user,
            company=company,
            role_title=details.pop("role_title"),
            status=form.cleaned_data["status"],
            contacts=_people(request.user, form, company),
            **details,
        )
        messages.success(request, f"Added {application}.")
        return redirect(application)
    return views_capture.new_application_page(request, form)


@owned(_applications, "GET", "HEAD")
def application_detail(request, application):
    contacts = list(application.contacts.select_related("company"))
    # `?move=ghosted` (from the silence email) preselects that stage in the move form.
    move_to = request.GET.get("move") if request.GET.get("move") in Status.values else application.status
    return render(
        request,
        "jobhunt/application_detail.html",
        {
            "application": application,
            "events": application.events.all(),
            "interviews": application.interviews.prefetch_related("contacts"),
            "contacts": contacts,
            "follow_up": _follow_up_draft(application, contacts, request.user),
            "move_form": MoveForm(initial={"to_status": move_to}),
            "statuses": Status.choices,
            "panels": extensions.application_panels(application),
        },
    )


def _follow_up_draft(application, contacts, user):
    """A check-in draft once an application has waited a week with no answer."""
    if application.status not in AWAITING_REPLY or application.days_silent(user.local_today()) < FOLLOW_UP_AFTER_DAYS:
        return None
    addressed = [contact for contact in contacts if contact.email] or contacts
    return drafts.follow_up(application, addressed[0] if addressed else None)


@owned(_applications, "GET", "HEAD", "POST")
def application_edit(request, application):
    form = ApplicationForm(
        request.POST or None,
        instance=application,
        user=request.user,
        creating=False,
    )
    if request.method == "POST" and form.is_valid():
        company = services.company_for_name(user=request.user, name=form.company_name())
        services.application_update(
            application=application, company=company, contacts=_people(request.user, form, company), **form.details()
        )
        messages.success(request, "Saved.")
        return redirect(application)
    return _form_page(
        request, form, title=f"Edit {application}", submit="Save changes", cancel=application.get_absolute_url()
    )


@owned(_applications, "GET", "HEAD", "POST")
def application_delete(request, application):
    if request.method == "POST":
        services.application_delete(application=application)
        messages.success(request, f"Deleted {application}.")
        return redirect("jobhunt:application_list")
    return render(
        request,
        "jobhunt/confirm_delete.html",
        {
            "object": application,
            "title": f"Delete {application}?",
            "consequence": "Its timeline, interviews and planned reminders go with it. This can't be undone.",
            "cancel": application.get_absolute_url(),
        },
    )


@owned(_applications, "GET", "HEAD", "POST")
def application_move(request, application):
    """GET: the stages to move to, as buttons (a board card's Move, without the script).
    POST: the move, answered in JSON for the board script, else back where it was made."""
    if request.method != "POST":
        return render(
            request,
            "jobhunt/application_move.html",
            {"application": application, "statuses": Status.choices, "next": _next_url(request, application)},
        )
    form = MoveForm(request.POST)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        if wants_json:
            return JsonResponse({"ok": False, "error": error}, status=400)
        messages.error(request, f"That move didn't happen: {error}")
        return redirect(_next_url(request, application))
    to_status = Status(form.cleaned_data["to_status"])
    event = services.application_move(
        application=application, to_status=to_status, note=form.cleaned_data["note"].strip()
    )
    # An accepted offer gets its own page: the congratulations and what to close.
    accepted = reverse("home:offer_accepted", args=[application.pk]) if event and to_status == Status.ACCEPTED else ""
    if wants_json:
        answer = {"ok": True, "moved": event is not None, "status": to_status, "label": to_status.label}
        return JsonResponse(answer | ({"next": accepted} if accepted else {}))
    if accepted:
        return redirect(accepted)
    if event is None:
        messages.info(request, f"{application} is already in {to_status.label}.")
    elif to_status in SETBACKS:
        messages.info(request, f"Moved {application} to {to_status.label}. That's hard. Take a breath first.")
    else:
        messages.success(request, f"Moved {application} to {to_status.label}.")
    return redirect(_next_url(request, application))


@owned(_applications, "GET", "HEAD", "POST")
def application_withdraw(request, application):
    """Step back from an application politely: a drafted note to send, then the move."""
    back = _next_url(request, application)
    if not application.is_live:
        messages.info(request, f"{application} has already ended.")
        return redirect(back)
    if request.method == "POST":
        services.application_move(application=application, to_status=Status.WITHDRAWN, note="Withdrew politely.")
        messages.success(request, f"Withdrawn: {application}. Kind of you to let them know.")
        return redirect(back)
    contacts = list(application.contacts.all())
    addressed = [contact for contact in contacts if contact.email] or contacts
    return render(
        request,
        "jobhunt/application_withdraw.html",
        {
            "application": application,
            "draft": drafts.withdrawal(application, addressed[0] if addressed else None),
            "next": back,
        },
    )


def _next_url(request, application):
    """Back where the move was made (board, list, dashboard), if that is one of our own pages."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if url and safe else application.get_absolute_url()


# Companies -------------------------------------------------------------------------------------


def _companies(user):
    return Company.objects.for_user(user)


@login_required
@require_safe
def company_list(request):
    form = CompanyFilterForm(request.GET)
    filters = form.filters()
    page = page_of(request, selectors.company_list(request.user, **filters), DIRECTORY_PAGE_SIZE)
    filtering = bool(filters["q"] or filters["live_only"])
    return render(
        request,
        "jobhunt/company_list.html",
        {"form": form, "page": page, "filtering": filtering, "sort": filters["sort"]},
    )


@login_required
@form_methods
def company_create(request):
    form = CompanyForm(request.POST or None, user=request.user, instance=Company(user=request.user))
    if request.method == "POST" and form.is_valid():
        company = services.company_save(company=form.save(commit=False))
        messages.success(request, f"Added {company}.")
        return redirect(company)
    return _form_page(request, form, title="New company", submit="Add company", cancel=reverse("jobhunt:company_list"))


@owned(_companies, "GET", "HEAD")
def company_detail(request, company):
    return render(
        request,
        "jobhunt/company_detail.html",
        {
            "company": company,
            "applications": company.applications.all(),
            "contacts": company.contacts.all(),
            "memory": selectors.company_memory(company),
        },
    )


@owned(_companies, "GET", "HEAD", "POST")
def company_edit(request, company):
    form = CompanyForm(request.POST or None, user=request.user, instance=company)
    if request.method == "POST" and form.is_valid():
        services.company_save(company=form.save(commit=False))
        messages.success(request, "Saved.")
        return redirect(company)
    return _form_page(request, form, title=f"Edit {company}", submit="Save changes", cancel=company.get_absolute_url())


@owned(_companies, "GET", "HEAD", "POST")
def company_delete(request, company):
    if request.method == "POST":
        services.company_delete(company=company)
        messages.success(request, f"Deleted {company}.")
        return redirect("jobhunt:company_list")
    count = company.applications.count()
    return render(
        request,
        "jobhunt/confirm_delete.html",
        {
            "object": company,
            "title": f"Delete {company}?",
            "consequence": (
                f"Its {count} application{'s' if count != 1 else ''} go with it, timelines included. "
                "The contacts you met there stay in your contacts. This can't be undone."
            ),
            "cancel": company.get_absolute_url(),
        },
    )


# Contacts --------------------------------------------------------------------------------------


def _contacts(user):
    return Contact.objects.for_user(user).select_related("company")


@login_required
@require_safe
def contact_list(request):
    form = ContactFilterForm(request.GET)
    filters = form.filters()
    page = page_of(request, selectors.contact_list(request.user, **filters), DIRECTORY_PAGE_SIZE)
    filtering = bool(filters["q"] or filters["role"])
    return render(
        request,
        "jobhunt/contact_list.html",
        {"form": form, "page": page, "filtering": filtering, "sort": filters["sort"]},
    )


@login_required
@form_methods
def contact_create(request):
    initial = {}
    company_id = request.GET.get("company")
    if company_id and company_id.isdigit():
        company = Company.objects.for_user(request.user).filter(pk=company_id).first()
        initial["company_name"] = company.name if company else ""
    form = ContactForm(request.POST or None, user=request.user, instance=Contact(user=request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.company = _contact_company(request.user, form)
        contact = services.contact_save(contact=contact)
        messages.success(request, f"Added {contact}.")
        return redirect(contact)
    return _form_page(request, form, title="New contact", submit="Add contact", cancel=reverse("jobhunt:contact_list"))


@owned(_contacts, "GET", "HEAD")
def contact_detail(request, contact):
    return render(
        request,
        "jobhunt/contact_detail.html",
        {
            "contact": contact,
            "applications": contact.applications.select_related("company"),
            "interviews": contact.interviews.select_related("application__company"),
        },
    )


@owned(_contacts, "GET", "HEAD", "POST")
def contact_edit(request, contact):
    form = ContactForm(request.POST or None, user=request.user, instance=contact)
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.company = _contact_company(request.user, form)
        services.contact_save(contact=contact)
        messages.success(request, "Saved.")
        return redirect(contact)
    return _form_page(request, form, title=f"Edit {contact}", submit="Save changes", cancel=contact.get_absolute_url())


@owned(_contacts, "GET", "HEAD", "POST")
def contact_delete(request, contact):
    if request.method == "POST":
        services.contact_delete(contact=contact)
        messages.success(request, f"Deleted {contact}.")
        return redirect("jobhunt:contact_list")
    return render(
        request,
        "jobhunt/confirm_delete.html",
        {
            "object": contact,
            "title": f"Delete {contact}?",
            "consequence": "The applications and interviews they were part of stay. This can't be undone.",
            "cancel": contact.get_absolute_url(),
        },
    )


# Interviews ------------------------------------------------------------------------------------


def _interviews(user):
    return Interview.objects.for_user(user).select_related("application__company")


@owned(_applications, "GET", "HEAD", "POST")
def interview_create(request, application):
    form = InterviewForm(
        request.POST or None,
        user=request.user,
        instance=Interview(application=application),
        initial={"contacts": application.contacts.all()} if request.method == "GET" else None,
    )
    if request.method == "POST" and form.is_valid():
        interview = services.interview_save(
            interview=form.save(commit=False), contacts=_people(request.user, form, application.company)
        )
        messages.success(request, "Interview added. You've got this.")
        return redirect(interview.application)
    return _form_page(
        request,
        form,
        title=f"New interview: {application}",
        submit="Add interview",
        cancel=application.get_absolute_url(),
    )


@owned(_interviews, "GET", "HEAD")
def interview_detail(request, interview):
    return render(
        request,
        "jobhunt/interview_detail.html",
        {"interview": interview, "people": interview.contacts.select_related("company")},
    )


@owned(_interviews, "GET", "HEAD", "POST")
def interview_edit(request, interview):
    form = InterviewForm(request.POST or None, user=request.user, instance=interview)
    if request.method == "POST" and form.is_valid():
        company = interview.application.company
        services.interview_save(interview=form.save(commit=False), contacts=_people(request.user, form, company))
        messages.success(request, "Saved.")
        return redirect(interview)
    return _form_page(
        request, form, title=f"Edit {interview}", submit="Save changes", cancel=interview.get_absolute_url()
    )


@owned(_interviews, "GET", "HEAD", "POST")
def interview_delete(request, interview):
    if request.method == "POST":
        services.interview_delete(interview=interview)
        messages.success(request, "Interview deleted.")
        return redirect(interview.application)
    return render(
        request,
        "jobhunt/confirm_delete.html",
        {
            "object": interview,
            "title": f"Delete this {interview.get_kind_display().lower()} interview?",
            "consequence": "Its notes and reminders go with it. This can't be undone.",
            "cancel": interview.get_absolute_url(),
        },
    )


@owned(_applications, "POST")
def offer_ends_search(request, application):
    """An accepted offer: the search is over, or it was a side role and the search goes on."""
    ends = request.POST.get("ends") != "0"
    try:
        services.offer_ends_search(application=application, ends=ends)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, "Follow-ups stopped: enjoy it." if ends else "Got it: your follow-ups carry on while you look."
        )
    return redirect(_next_url(request, application))


@owned(_interviews, "POST")
def interview_put_back(request, interview):
    """An interview cancelled with its application's ending, back on now the application is."""
    try:
        services.interview_put_back(interview=interview)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Put back on. Rebound will remind you the day before.")
    return redirect(interview.application)


# Finding a company or people as they are typed (htmx fragments) --------------------------------


@login_required
@require_safe
def company_search(request):
    """The person's matching companies as <option>s for a company field's <datalist>. Opened as
    a page rather than by htmx, it leads to the companies list."""
    if not request.htmx:
        return redirect("jobhunt:company_list")
    names = selectors.company_matches(request.user, request.GET.get("company_name", ""))
    return render(request, "jobhunt/_company_options.html", {"names": names})


@login_required
@require_safe
def people_search(request):
    """The person's contacts matching what was typed as "someone else", as checkboxes to tick
    into the people field named `field` (those already ticked there are left out). Opened as a
    page rather than by htmx, it leads to the contacts list."""
    if not request.htmx:
        return redirect("jobhunt:contact_list")
    field = request.GET.get("field", "contacts")[:100]
    term = next((value for key, value in request.GET.items() if key.endswith("new_people")), "")[:200]
    ticked = [pk for pk in request.GET.getlist(field) if pk.isdigit() and len(pk) < 19]
    people = selectors.people_matches(request.user, term, besides=ticked)
    found = [{"pk": person.pk, "label": pickers.contact_label(person)} for person in people]
    return render(request, "jobhunt/_people_found.html", {"people": found, "field": field, "term": term.strip()})
