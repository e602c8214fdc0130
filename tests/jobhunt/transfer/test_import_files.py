"""Files that can't be imported get a clear message on the page, never an error page, and leave
nothing behind; odd but readable files (other encodings, separators) are read."""

import io
import zipfile

import pytest
from django.core.files.uploadhandler import SkipFile
from django.urls import reverse

from jobhunt import csv_import
from jobhunt.models import ImportJob
from jobhunt.views_transfer import CappedUploadHandler
from tests.jobhunt.transfer.conftest import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Company", "Role", "Status", "Date applied"]


def refused(response, message):
    assert response.status_code in (200, 413)
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def xlsx_bytes() -> bytes:
    """A (minimal) Excel workbook: a ZIP archive, as every .xlsx is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "This file is empty."),
        (b"  \r\n\n  ", "This file is empty."),
        (b"\n\n,,,\n , ,\n", "This file is empty."),
        (csv_bytes([HEADER]), "has column names but no rows"),
        (
            csv_bytes([["Fernhill", "Engineer", "Applied", "2025-03-04"]] * 3),
            "looks like data rather than column names",
        ),
        (xlsx_bytes(), "Excel, Numbers or LibreOffice workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "older Excel workbook"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "an image"),
        (bytes(range(256)) * 4, "holds binary data"),
        (b"Company,Role\nAcme\x00,Engineer\n", "holds binary data"),
        (b"<!DOCTYPE html><html><body>Jobs</body></html>", "a web page"),
        (b'Company,Role\n"Acme,Engineer\n' + b"x" * 140_000, "could not be read as CSV"),
    ],
    ids=[
        "empty",
        "blank lines",
        "separators only",
        "header only",
        "no header",
        "xlsx",
        "xls",
        "pdf",
        "png",
        "random bytes",
        "nul byte",
        "html",
        "unclosed quote",
    ],
)
def test_a_file_that_cant_be_imported_is_refused_with_a_clear_message(upload, data, message):
    refused(upload(data), message)


def test_a_file_with_too_many_rows_is_refused(upload):
    rows = [HEADER] + [[f"Company {n}", "Engineer", "Applied", ""] for n in range(csv_import.MAX_ROWS + 1)]

    refused(upload(csv_bytes(rows)), f"more than {csv_import.MAX_ROWS:,} rows")


def test_a_file_at_the_row_limit_is_accepted(upload):
    rows = [HEADER] + [[f"Company {n}", "Engineer", "", ""] for n in range(csv_import.MAX_ROWS)]

    assert upload(csv_bytes(rows)).status_code == 302
    assert ImportJob.objects.get().total_rows == csv_import.MAX_ROWS


def test_a_50_mb_upload_is_refused_before_it_is_read(upload):
    fifty_megabytes = b"Company,Role\n" + b"Acme,Engineer\n" * (50 * 1024 * 1024 // 14)

    response = upload(fifty_megabytes)

    assert response.status_code == 413
    refused(response, "the limit is 5 MB")


def test_a_file_just_over_the_limit_is_refused_while_it_is_read(upload):
    # Small enough to pass the declared-length check, too big once the bytes are counted.
    data = b"Company,Role\n" + b"A" * (csv_import.MAX_BYTES - 5) + b",x\n"

    refused(upload(data), "the limit is 5 MB")


def test_the_size_cap_counts_the_bytes_not_the_declared_length(rf, user):
    handler = CappedUploadHandler(rf.post("/"), limit=10)

    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"678901", 5)
    assert handler.too_big


def test_a_utf8_file_with_a_byte_order_mark_reads_its_first_column_name(upload):
    upload(b"\xef\xbb\xbf" + csv_bytes([HEADER, ["Zoë & Co", "Engineer", "", ""]]))

    job = ImportJob.objects.get()
    assert job.encoding == "utf-8"
    assert job.mapping["0"] == "company"
    assert "Zoë & Co" in job.text


def test_a_windows_1252_file_is_read_and_the_page_says_so(signed_in, upload):
    upload(csv_bytes([HEADER, ["Café Crème – Ltd", "Engineer", "", ""]], encoding="cp1252"))

    job = ImportJob.objects.get()
    assert job.encoding == "cp1252"
    assert "Café Crème – Ltd" in job.text
    page = signed_in.get(reverse("jobhunt:import_columns", args=[job.pk])).content.decode()
    assert "isn't saved as UTF-8" in page


def test_a_latin_1_file_that_isnt_windows_1252_is_still_read(upload):
    upload(b"Company,Role\nS\x81ren AG,Engineer\n")  # 0x81 is undefined in cp1252

    assert ImportJob.objects.get().encoding == "latin-1"


def test_a_utf16_file_saved_by_excel_is_read(upload):
    upload(csv_bytes([HEADER, ["Fernhill", "Engineer", "", ""]], delimiter="\t").decode().encode("utf-16"))

    job = ImportJob.objects.get()
    assert job.encoding == "utf-16"
    assert job.delimiter == "\t"
    assert job.mapping == {"0": "company", "1": "role_title", "2": "status", "3": "date_applied"}


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_semicolon_tab_and_bar_separated_files_are_read(upload, delimiter):
    upload(csv_bytes([HEADER, ["Fernhill, Inc.", "Engineer", "", ""]], delimiter=delimiter))

    job = ImportJob.objects.get()
    assert job.delimiter == delimiter
    table = csv_import.parse_table(job.text, job.delimiter)
    assert table.rows[0][1][0] == "Fernhill, Inc."


def test_a_post_without_a_file_asks_for_one(signed_in):
    response = signed_in.post(reverse("jobhunt:import_upload"))

    assert response.status_code == 200
    assert "Choose a CSV file to upload." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_title_line_above_the_column_names_is_skipped(upload):
    upload(csv_bytes([["My job search, 2025"], [], HEADER, ["Fernhill", "Engineer", "Applied", "2025-03-04"]]))

    job = ImportJob.objects.get()
    table = csv_import.parse_table(job.text, job.delimiter)
    assert table.header == HEADER
    assert [cells[0] for _, cells in table.rows] == ["Fernhill"]


def test_cells_beyond_the_last_named_column_are_kept_as_unnamed_columns(signed_in, upload):
    upload(csv_bytes([["Company", "Role"], ["Fernhill", "Engineer", "Referred by Anna"]]))

    job = ImportJob.objects.get()
    table = csv_import.parse_table(job.text, job.delimiter)
    assert table.header == ["Company", "Role", ""]
    assert table.rows[0][1] == ["Fernhill", "Engineer", "Referred by Anna"]
    page = signed_in.get(reverse("jobhunt:import_columns", args=[job.pk])).content.decode()
    assert "Column 3" in page


def test_a_file_with_too_many_columns_is_refused(upload):
    wide = ["Company", "Role"] + [f"Extra {n}" for n in range(csv_import.MAX_COLUMNS)]

    refused(upload(csv_bytes([wide, ["Acme", "Engineer"]])), f"Rebound reads up to {csv_import.MAX_COLUMNS}")


def test_a_single_line_of_separators_is_not_read_as_a_million_columns(upload):
    refused(upload(b"Company,Role\nAcme,Engineer" + b"," * 1_000_000 + b"\n"), "columns; Rebound reads up to")
