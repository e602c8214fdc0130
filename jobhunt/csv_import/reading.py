"""From the uploaded bytes to a table: the limits, the encoding, the separator, the line with the
column names and the rows under it. Anything that stops a file here is an ImportFileError with
a message for the person."""

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from jobhunt.csv_import.columns import guess_mapping
from jobhunt.csv_import.values import AMBIGUOUS, parse_date

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100


class ImportFileError(Exception):
    """A file that cannot be imported, with a message for the person."""


def too_big_message(size: int | None = None) -> str:
    size_text = f" is {size / 1024 / 1024:.0f} MB:" if size and size >= 1024 * 1024 else " is too big:"
    return (
        f"This file{size_text} the limit is {MAX_BYTES // 1024 // 1024} MB. "
        "Split it into smaller files, or leave out columns you don't need."
    )


SIGNATURES = [
    (b"PK\x03\x04", "an Excel, Numbers or LibreOffice workbook (or a ZIP archive)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Excel workbook (.xls)"),
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
]
SAVE_AS_CSV = "In your spreadsheet, choose File → Download (or Save as) → CSV, and upload that file."
DELIMITERS = ",;\t|"


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding that read it: UTF-8 (with or without a byte-order mark),
    UTF-16 with a byte-order mark, else Windows-1252, else Latin-1."""
    if not data.strip():
        raise ImportFileError("This file is empty.")
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise ImportFileError(f"This looks like {what}, not a CSV file. {SAVE_AS_CSV}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(f"This file could not be read as text. {SAVE_AS_CSV}") from None
        # UTF-32 starts with the same mark; its text (or binary behind a mark) has NULs, which no
        # database column keeps (PostgreSQL refused the row: a 500).
        if "\x00" in text:
            raise ImportFileError(f"This doesn't look like a CSV file (it holds binary data). {SAVE_AS_CSV}")
        return text, "utf-16"
    if b"\x00" in data:
        raise ImportFileError(f"This doesn't look like a CSV file (it holds binary data). {SAVE_AS_CSV}")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text, encoding = data.decode("latin-1"), "latin-1"
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\r\n")
    if controls > max(2, len(text) // 200):
        raise ImportFileError(f"This doesn't look like a CSV file (it holds binary data). {SAVE_AS_CSV}")
    if text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        raise ImportFileError(f"This is a web page, not a CSV file. {SAVE_AS_CSV}")
    return text, "utf-8" if encoding == "utf-8-sig" else encoding


def sniff_delimiter(text: str) -> str:
    """The separator the header line uses most: comma, semicolon (European Excel), tab or bar."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank row, the header included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            cells = [cell.strip() for cell in cells]
            if any(cells):
                yield reader.line_num, cells
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num} could not be read as CSV ({error}).") from None


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells padded to the header's width)


# A title or a blank-ish line may sit above the column names ("My job search 2025").
HEADER_SEARCH_LINES = 10


def parse_table(text: str, delimiter: str) -> Table:
    """The column names (the first line that names a column Rebound knows, else the first line)
    and the rows under them, all as wide as the widest row."""
    lines = read_rows(text, delimiter)
    head = list(itertools.islice(lines, HEADER_SEARCH_LINES))
    if not head:
        raise ImportFileError("This file is empty.")
    start = next((number for number, (_, cells) in enumerate(head) if _names_columns(cells)), 0)
    header = head[start][1]
    rows = []
    for row in itertools.chain(head[start + 1 :], lines):
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                f"This file has more than {MAX_ROWS:,} rows. Split it into smaller files and import them one by one."
            )
        rows.append(row)
    width = max(len(header), *(len(cells) for _, cells in rows)) if rows else len(header)
    if width > MAX_COLUMNS:
        raise ImportFileError(
            f"This file has {width:,} columns; Rebound reads up to {MAX_COLUMNS}. Leave out the ones you don't need."
        )
    pad = [""] * width
    return Table(header=(header + pad)[:width], rows=[(number, (cells + pad)[:width]) for number, cells in rows])


def _names_columns(cells: list[str]) -> bool:
    return bool(guess_mapping(cells)) and not any(_looks_like_data(cell) for cell in cells)


def check_header(table: Table) -> None:
    if any(_looks_like_data(cell) for cell in table.header):
        raise ImportFileError(
            "The first line looks like data rather than column names. Add a line at the top naming the "
            "columns (for example Company, Role, Status, Date applied)."
        )
    if not table.rows:
        raise ImportFileError("This file has column names but no rows under them.")


def _looks_like_data(cell: str) -> bool:
    if not cell:
        return False
    if re.fullmatch(r"[\d\s.,:/\-€$£%]+", cell):
        return True
    parsed, problem = parse_date(cell, "")
    return parsed is not None or problem == AMBIGUOUS or cell.lower().startswith(("http://", "https://", "www."))
