"""Starting a new application from its posting: a link read here, pasted text, or what the
bookmarklet read on the posting's own page. Each ends on the new-application form filled in;
only that form's own POST saves."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jobhunt import capture, postings, selectors
from jobhunt.forms import ApplicationForm
from jobhunt.forms_capture import BrowserReadForm, LinkForm, PostingTextForm


def new_application_page(request, form, *, link_form=None, text_form=None, read=None, capturing=False, status=200):
    """The new-application page: ways to start from the posting above the form itself."""
    job_url = form["job_url"].value() or ""
    context = {
        "form": form,
        "link_form": link_form or LinkForm(),
        "text_form": text_form or PostingTextForm(),
        "read": read,
        "existing": selectors.application_with_link(request.user, job_url) if read else None,
        "capturing": capturing,
    }
    return render(request, "jobhunt/application_new.html", context, status=status)


class Read:
    """What the page says about a posting it just read: where from, and whether anything was found."""

    def __init__(self, posting: postings.Posting, *, where: str):
        self.found = posting.found
        self.where = where


def _prefilled(request, posting: postings.Posting, *, url: str, where: str, capturing: bool = False):
    form = ApplicationForm(user=request.user, creating=True, initial=capture.form_initial(posting, url=url))
    return new_application_page(request, form, read=Read(posting, where=where), capturing=capturing)


def _blank(request):
    return ApplicationForm(user=request.user, creating=True)


@login_required
@require_POST
def application_read_link(request):
    link_form = LinkForm(request.POST)
    if link_form.is_valid():
        url = link_form.cleaned_data["url"]
        try:
            posting = capture.from_link(url)
        except postings.FetchError as error:
            link_form.add_error("url", error.message)
        else:
            return _prefilled(request, posting, url=url, where=capture.site_name(url))
    return new_application_page(request, _blank(request), link_form=link_form)


@login_required
@require_POST
def application_read_text(request):
    text_form = PostingTextForm(request.POST)
    if not text_form.is_valid():
        return new_application_page(request, _blank(request), text_form=text_form)
    return _prefilled(request, capture.from_text(text_form.cleaned_data["text"]), url="", where="the text you pasted")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_capture(request):
    """Opened by the bookmarklet: first by GET with the page's link and title (enough on its own),
    then its script asks the posting's page for the rest and POSTs it here."""
    form = BrowserReadForm(request.POST if request.method == "POST" else request.GET)
    form.is_valid()  # every field is optional: whatever came, in its cut size
    parts = form.posting_parts()
    posting = capture.from_browser(**parts)
    where = capture.site_name(parts["url"]) or "that page"
    response = _prefilled(request, posting, url=parts["url"], where=where, capturing=request.method != "POST")
    # The bookmarklet's window keeps its link to the posting's page (Django's default policy,
    # same-origin, would cut it): that link is how the page's markup reaches this one.
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    return response


@login_required
@require_safe
def bookmarklet(request):
    origin = request.build_absolute_uri("/").rstrip("/")
    code = capture.bookmarklet(origin=origin, capture_url=origin + reverse("jobhunt:application_capture"))
    return render(request, "jobhunt/bookmarklet.html", {"code": code})
