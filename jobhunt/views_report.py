"""The log of the search for a benefits office: the page with its preview, and the same range as
CSV and as PDF. Every one of them only reads, so the range travels in the query string."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from jobhunt import report
from jobhunt.forms_report import SearchLogRangeForm


def _form(request) -> SearchLogRangeForm:
    today = request.user.local_today()
    asked = "start" in request.GET or "end" in request.GET
    return SearchLogRangeForm(request.GET if asked else None, today=today)


def _page(request, form, *, status=200):
    """The page: the range form, and when it is valid, the preview and the downloads."""
    context = {"form": form, "log": None}
    if form.refused:
        return render(request, "jobhunt/report/search_log.html", context, status=status)
    start, end = form.range()
    query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    context.update(log=report.search_log(user=request.user, start=start, end=end), query=query)
    return render(request, "jobhunt/report/search_log.html", context, status=status)


def _download(content, *, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _file_name(start: date, end: date, extension: str) -> str:
    return f"rebound-search-log-{start.isoformat()}-to-{end.isoformat()}.{extension}"


@login_required
@require_safe
def search_log(request):
    return _page(request, _form(request))


@login_required
@require_safe
def search_log_csv(request):
    form = _form(request)
    if form.refused:
        return _page(request, form, status=400)
    start, end = form.range()
    log = report.search_log(user=request.user, start=start, end=end)
    return _download(report.csv_text(log), content_type="text/csv; charset=utf-8", name=_file_name(start, end, "csv"))


@login_required
@require_safe
def search_log_pdf(request):
    form = _form(request)
    if form.refused:
        return _page(request, form, status=400)
    start, end = form.range()
    paper = request.GET.get("paper", "")
    log = report.search_log(user=request.user, start=start, end=end)
    pdf = report.pdf_bytes(
        log, paper=paper if paper in report.PAPER_SIZES else "a4", made_on=request.user.local_today()
    )
    return _download(pdf, content_type="application/pdf", name=_file_name(start, end, "pdf"))
