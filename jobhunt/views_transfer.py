"""Getting data in and out: CSV downloads, the CSV import steps, and reading a pasted email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import owned
from jobhunt import csv_export, csv_import, email_reading, services
from jobhunt.forms_transfer import DATE_ORDERS, ColumnsForm, EmailConfirmForm, EmailForm, UploadForm
from jobhunt.models import SETBACKS, Application, Contact, ImportJob, Interview, Status

RECENT_IMPORTS = 5
PREVIEW_ROWS = 20
LISTED_PROBLEMS = 100
# Room for the multipart envelope and the other form fields around the file itself.
MULTIPART_MARGIN = 64 * 1024


# The hub and the downloads ---------------------------------------------------------------------


def _hub(request, form, status=200):
    user = request.user
    return render(
        request,
        "jobhunt/transfer/hub.html",
        {
            "form": form,
            "counts": {
                "applications": Application.objects.for_user(user).count(),
                "contacts": Contact.objects.for_user(user).count(),
                "interviews": Interview.objects.for_user(user).count(),
            },
            "imports": ImportJob.objects.for_user(user).defer("text")[:RECENT_IMPORTS],
            "limits": {"megabytes": csv_import.MAX_BYTES // 1024 // 1024, "rows": csv_import.MAX_ROWS},
        },
        status=status,
    )


@login_required
@require_safe
def transfer(request):
    return _hub(request, UploadForm())


@login_required
@require_safe
def export_csv(request, kind):
    if kind not in csv_export.DOWNLOADS:
        raise Http404("No such download.")
    response = StreamingHttpResponse(
        csv_export.download_lines(kind, request.user), content_type="text/csv; charset=utf-8"
    )
    day = request.user.local_today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="rebound-{kind}-{day}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# Import: upload --------------------------------------------------------------------------------


class CappedUploadHandler(FileUploadHandler):
    """Stops storing an upload once it passes the size cap, so a huge file never reaches the disk."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_big = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_big = True
            raise SkipFile()
        return raw_data  # the next handlers keep it

    def file_complete(self, file_size):
        return None


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@login_required
@csrf_exempt  # checked in _upload, once the size cap is in place (Django reads the body for the check)
@require_POST
def import_upload(request):
    if _declared_length(request) > csv_import.MAX_BYTES + MULTIPART_MARGIN:
        # Refused before reading a byte of it; nothing changes, so no token is needed to say so.
        form = UploadForm(data={}, files={}, too_big=True)
        form.is_valid()
        return _hub(request, form, status=413)
    handler = CappedUploadHandler(request, csv_import.MAX_BYTES)
    request.upload_handlers.insert(0, handler)
    return _upload(request, handler)


@csrf_protect
def _upload(request, handler):
    form = UploadForm(request.POST, request.FILES, too_big=handler.too_big)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = csv_import.import_upload(user=request.user, file_name=upload.name, data=upload.read())
        except csv_import.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("jobhunt:import_columns", job.pk)
    return _hub(request, form)


# Import: columns, preview, start ---------------------------------------------------------------


def _jobs(user):
    return ImportJob.objects.for_user(user).select_related("user")


@owned(_jobs, "GET", "HEAD", "POST")
def import_columns(request, job):
    if job.state != ImportJob.State.MAPPING:
        return redirect("jobhunt:import_status", job.pk)
    table = csv_import.parse_table(job.text, job.delimiter)
    samples = [cells for _, cells in table.rows[:5]]
    form = ColumnsForm(request.POST or None, header=table.header, samples=samples, initial=ColumnsForm.initial_for(job))
    if request.method == "POST" and form.is_valid():
        csv_import.import_set_mapping(job=job, mapping=form.mapping(), date_order=form.cleaned_data["date_order"])
        return redirect("jobhunt:import_preview", job.pk)
    return render(request, "jobhunt/transfer/columns.html", {"job": job, "form": form})


@owned(_jobs, "GET", "HEAD", "POST")
def import_preview(request, job):
    if not csv_import.can_start(job):
        return redirect("jobhunt:import_status", job.pk)
    if csv_import.mapping_problems(job.mapping):
        return redirect("jobhunt:import_columns", job.pk)
    if request.method == "POST":
        job = csv_import.import_start(job=job)
        if job.state == ImportJob.State.DONE:
            messages.success(request, f"Imported {job.imported:,} application{'s' if job.imported != 1 else ''}.")
        return redirect("jobhunt:import_status", job.pk)
    check = csv_import.check_rows(job)
    importable = check.importable
    return render(
        request,
        "jobhunt/transfer/preview.html",
        {
            "job": job,
            "check": check,
            "count": len(importable),
            "sample": importable[:PREVIEW_ROWS],
            "problems": check.with_problems[:LISTED_PROBLEMS],
            "problem_count": len(check.with_problems),
            "duplicates": check.duplicates[:LISTED_PROBLEMS],
            "duplicate_count": len(check.duplicates),
            "fields": [(name, label) for name, label in csv_import.FIELDS if name in job.mapping.values()],
            "background": csv_import.runs_in_background(job),
            "date_order": dict(DATE_ORDERS).get(check.date_order, ""),
        },
    )


def _status(job) -> dict:
    done = csv_import.progress(job)
    total = job.total_rows or 1
    return {
        "state": job.state,
        "label": job.get_state_display(),
        "processed": done,
        "total": job.total_rows,
        "percent": min(100, round(100 * done / total)),
        "finished": job.is_finished,
        "stuck": csv_import.is_stuck(job),
    }


@owned(_jobs, "GET", "HEAD")
def import_status(request, job):
    if job.state == ImportJob.State.MAPPING:
        return redirect(job)
    return render(
        request,
        "jobhunt/transfer/status.html",
        {"job": job, "status": _status(job), "can_start": csv_import.can_start(job)},
    )


@owned(_jobs, "GET", "HEAD")
def import_progress(request, job):
    return JsonResponse(_status(job) | {"url": reverse("jobhunt:import_status", args=[job.pk])})


@owned(_jobs, "POST")
def import_discard(request, job):
    try:
        csv_import.import_discard(job=job)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("jobhunt:import_status", job.pk)
    messages.info(request, f"Removed {job.file_name}.")
    return redirect("jobhunt:transfer")


# Paste an email --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_read(request):
    """Reads the pasted email and suggests a move; writes nothing (the confirmation does)."""
    form = EmailForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        email = email_reading.parse(form.cleaned_data["text"])
        reading = email_reading.classify(email)
        matches, applications = email_reading.match_applications(request.user, email)
        matched = {match.application.pk for match in matches}
        note = f"From an email: “{reading.reasons[0]}”" if reading.suggests_move else "From an email"
        context |= {
            "email": email,
            "reading": reading,
            "matches": matches,
            "others": [application for application in applications if application.pk not in matched],
            "confirm": EmailConfirmForm(
                user=request.user,
                initial={
                    "application": matches[0].application.pk if matches else None,
                    "to_status": reading.status if reading.suggests_move else "",
                    "note": note[:500],
                },
            ),
        }
    return render(request, "jobhunt/transfer/email.html", context)


@login_required
@require_POST
def email_confirm(request):
    form = EmailConfirmForm(request.POST, user=request.user)
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        messages.error(request, f"Nothing changed: {error}")
        return redirect("jobhunt:email_read")
    application = form.cleaned_data["application"]
    to_status = Status(form.cleaned_data["to_status"])
    event = services.application_move(
        application=application, to_status=to_status, note=form.cleaned_data["note"].strip() or "From an email"
    )
    if event is None:
        messages.info(request, f"{application} was already in {to_status.label}.")
    elif to_status in SETBACKS:
        messages.info(
            request, f"Moved {application} to {to_status.label}. That's hard. When you're ready, start below."
        )
    elif to_status == Status.INTERVIEWING:
        messages.success(request, f"Moved {application} to {to_status.label}. Add the interview once it's booked.")
    else:
        messages.success(request, f"Moved {application} to {to_status.label}.")
    return redirect(application)
