"""The CV and cover-letter versions: the list with its upload form, one version, its download, its delete.

Thin, like the other pages: the person's own rows only (another person's document is a 404),
the checks and writes in jobhunt.documents. A file is only ever handed over by the download view,
as an attachment, to its owner: the documents storage has no public address.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import owned
from core.pages import page_of
from jobhunt import documents
from jobhunt.forms_documents import DocumentForm
from jobhunt.models import Document

PAGE_SIZE = 25


def _documents(user):
    return Document.objects.for_user(user)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_list(request):
    """The person's versions, newest first, and the upload form (POST here)."""
    form = DocumentForm(request.POST, request.FILES) if request.method == "POST" else DocumentForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = documents.document_upload(
                user=request.user, kind=data["kind"], name=data["name"], uploaded_file=data["file"]
            )
        except documents.DocumentRefused as refused:
            form.add_error("file", str(refused))
        else:
            messages.success(request, f"Saved “{document.name}”. Pick it on an application under “What I sent”.")
            return redirect("jobhunt:document_list")
    page = page_of(request, documents.documents_with_uses(request.user), PAGE_SIZE)
    return render(
        request,
        "jobhunt/documents/list.html",
        {"form": form, "page": page, "rows": documents.rows(page.object_list), "megabytes": documents.MEGABYTES},
    )


@owned(_documents, "GET", "HEAD")
def document_detail(request, document):
    """One version: what it is, and the applications it went with."""
    applications = list(documents.applications_sent_with(request.user, document))
    return render(
        request,
        "jobhunt/documents/detail.html",
        {"row": documents.DocumentRow(document, len(applications)), "applications": applications},
    )


@owned(_documents, "GET", "HEAD")
def document_download(request, document):
    """The file, to its owner only, as an attachment of the type it was checked to be."""
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("This file is no longer in the store.") from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=documents.download_name(document),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Should a browser show it anyway, it runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@owned(_documents, "GET", "HEAD", "POST")
def document_delete(request, document):
    if request.method == "POST":
        documents.document_delete(document=document)
        messages.success(request, f"Deleted “{document.name}”.")
        return redirect("jobhunt:document_list")
    return render(
        request,
        "jobhunt/confirm_delete.html",
        {
            "object": document,
            "title": f"Delete “{document.name}”?",
            "consequence": (
                "The file goes for good. Applications it went with stay as they are, just without it "
                "noted. This can't be undone."
            ),
            "cancel": document.get_absolute_url(),
        },
    )
