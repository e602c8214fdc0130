"""CV and cover-letter versions: what an upload is (checked from its bytes), keeping it, letting it go.

An upload is judged by its content alone, never by its name or the type the browser sent: a PDF,
a Word document (.docx) without macros, or plain UTF-8 text, up to MAX_DOCUMENT_BYTES. Files go
through the documents storage (settings.STORAGES["documents"]) and nowhere else; the file of a
deleted document is removed once the delete is committed (jobhunt.receivers).
"""

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from jobhunt.models import MAX_DOCUMENT_BYTES, Application, Document

MEGABYTES = MAX_DOCUMENT_BYTES // 1024 // 1024
# Read in pieces of this size, so an upload kept on disk never sits in memory more than once.
READ_CHUNK = 64 * 1024
# [Content_Types].xml is a few kilobytes; more than this is not a document worth reading further.
CONTENT_TYPES_LIMIT = 1024 * 1024
# PDF readers look for the end-of-file marker in the last kilobyte.
PDF_TAIL = 1024


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str
    extension: str


PDF = FileType("application/pdf", "PDF", ".pdf")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document", ".docx")
TEXT = FileType("text/plain; charset=utf-8", "Plain text", ".txt")
FILE_TYPES = (PDF, DOCX, TEXT)
# The file types a name claims. Other names claim nothing: the content alone decides.
NAMED = {".pdf": PDF, ".docx": DOCX, ".txt": TEXT, ".text": TEXT}

NOT_ACCEPTED = (
    "This file isn't a PDF, a Word document (.docx) or plain text, the three kinds of file Rebound keeps. "
    "Saving or exporting it as a PDF from the program you wrote it in usually works."
)
OLD_WORD = (
    "This looks like an older Word file (.doc), which Rebound can't keep. In Word, choose Save As and "
    "pick Word Document (.docx) or PDF, then upload that."
)
MACROS = (
    "This Word document carries macros, which Rebound doesn't keep. Save it as a plain Word Document "
    "(.docx) or as a PDF and upload that."
)
WEB_PAGE = (
    "This file is a web page (HTML), not plain text. Save your CV as a PDF or a Word document (.docx) and upload that."
)
EMPTY = "This file is empty."

# What a browser would take for a web page when sniffing (the WHATWG MIME sniffing standard's
# HTML patterns), and XML or SVG: served as text they are harmless, but they are not a CV.
_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)[\s>]"
    rb"|<\?xml|<svg[\s>]",
    re.IGNORECASE,
)


class DocumentRefused(ValueError):
    """Why an upload can't be kept, in words for the person who sent it."""


def too_big_message(size: int | None = None) -> str:
    said = f"This file is {size_in_words(size)}; " if size else "This file is too big: "
    return f"{said}files can be up to {MEGABYTES} MB. A PDF export of the same document is usually much smaller."


def read_upload(upload) -> bytes:
    """The bytes of `upload`, but never more than MAX_DOCUMENT_BYTES + 1 of them: one byte over is
    enough to know a file is too big, whatever size it claims to be."""
    if getattr(upload, "seekable", lambda: False)():
        upload.seek(0)  # from the start, even if something read it before
    chunks, left = [], MAX_DOCUMENT_BYTES + 1
    while left > 0:
        chunk = upload.read(min(left, READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def document_type(data: bytes, file_name: str = "") -> FileType:
    """What `data` is, from its bytes: a PDF, a Word document or plain text; DocumentRefused
    otherwise, saying why. `file_name` never makes a file acceptable: it only refuses one named as
    a type its bytes are not (a zip, a program or a web page named cv.pdf)."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(too_big_message(len(data)))
    if not data:
        raise DocumentRefused(EMPTY)
    found = _pdf(data) or _docx(data) or _text(data)
    suffix = PurePosixPath(file_name.lower()).suffix
    if found is None:
        raise DocumentRefused(OLD_WORD if suffix == ".doc" else NOT_ACCEPTED)
    claimed = NAMED.get(suffix)
    if claimed is not None and claimed != found:
        raise DocumentRefused(
            f"This file is named as a {claimed.label} ({suffix}), but inside it isn't one. "
            "Upload the document itself: a PDF, a Word document (.docx) or plain text."
        )
    return found


def _pdf(data: bytes) -> FileType | None:
    return PDF if data.startswith(b"%PDF-") and b"%%EOF" in data[-PDF_TAIL:] else None


def _docx(data: bytes) -> FileType | None:
    # A zip from its first byte: a program with a zip stuck on its end (a self-extractor) is not one.
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return None
            with archive.open("[Content_Types].xml") as types:
                declared = types.read(CONTENT_TYPES_LIMIT + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
        return None  # broken, encrypted or oddly packed: not a document Word wrote
    except NotImplementedError:  # a compression method zipfile doesn't know
        return None
    if len(declared) > CONTENT_TYPES_LIMIT:
        return None
    # Macros live in vbaProject.bin, and a macro-enabled document says so in its content types.
    if b"macroenabled" in declared.lower() or any(
        PurePosixPath(name).name.lower() in {"vbaproject.bin", "vbadata.xml"} for name in names
    ):
        raise DocumentRefused(MACROS)
    return DOCX


def _text(data: bytes) -> FileType | None:
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _MARKUP.match(text.lstrip("\ufeff \t\r\n\f").encode()):
        raise DocumentRefused(WEB_PAGE)
    return TEXT


def file_type_of(content_type: str) -> FileType | None:
    return next((kind for kind in FILE_TYPES if kind.content_type == content_type), None)


def original_name(name: str) -> str:
    """The uploaded file's name, as it is shown and offered back on download: its last part only,
    without control or direction characters (U+202E can make "cv‮fdp.exe" read "cvexe.pdf"), at
    most 255 characters with its extension kept."""
    name = PurePosixPath(name.replace("\\", "/")).name
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip() or "document"
    if len(name) > 255:
        suffix = PurePosixPath(name).suffix[:20]
        name = name[: 255 - len(suffix)] + suffix
    return name


def download_name(document: Document) -> str:
    """The original name, ending in the extension of what the file was found to be: a text file
    uploaded as "notes.exe" comes back as "notes.exe.txt", so nothing opens it as a program."""
    kind = file_type_of(document.content_type)
    name = document.original_name or "document"
    if kind is None:
        return name
    endings = [suffix for suffix, named in NAMED.items() if named == kind]
    return name if PurePosixPath(name.lower()).suffix in endings else f"{name}{kind.extension}"


def size_in_words(size: int) -> str:
    """ "less than 1 KB", "48 KB", "1.2 MB", "5 MB"."""
    if size < 1024:
        return "less than 1 KB"
    if size < 1000 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


# Writes ------------------------------------------------------------------------------------------


@transaction.atomic
def document_upload(*, user, kind: str, name: str, uploaded_file) -> Document:
    """A new version, its file checked (DocumentRefused if it can't be kept) and stored under a
    random name. `name` left empty takes the file's name without its extension."""
    data = read_upload(uploaded_file)
    original = original_name(getattr(uploaded_file, "name", "") or "")
    found = document_type(data, original)
    document = Document(
        user=user,
        kind=Document.Kind(kind),
        name=(name.strip() or PurePosixPath(original).stem or original)[:200],
        content_type=found.content_type,
        original_name=original,
        size=len(data),
    )
    # The storage API only: the stored name comes from the model's upload_to, never from here.
    document.file.save(original, ContentFile(data), save=False)
    try:
        document.save()
    except BaseException:
        document.file.storage.delete(document.file.name)  # no row, so no file either
        raise
    return document


@transaction.atomic
def document_delete(*, document: Document) -> None:
    """The version goes; its file follows once the delete is committed (jobhunt.receivers, which
    also covers account deletion and the admin). Applications it went with keep going without it."""
    document.delete()


# Reads -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    applications: int

    @property
    def size(self) -> str:
        return size_in_words(self.document.size)

    @property
    def file_type(self) -> str:
        kind = file_type_of(self.document.content_type)
        return kind.label if kind else "File"


def went_with(document) -> Q:
    """The applications `document` (or OuterRef to one) went with, as CV or as cover letter."""
    return Q(cv=document) | Q(cover_letter=document)


def documents_with_uses(user) -> QuerySet:
    """The person's versions, newest first, each with `applications`: how many applications it
    went with. One statement (a counted subquery per row, on the foreign keys' indexes)."""
    uses = (
        Application.objects.for_user(user)
        .filter(went_with(OuterRef("pk")))
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return Document.objects.for_user(user).annotate(
        applications=Coalesce(Subquery(uses, output_field=IntegerField()), 0)
    )


def rows(documents) -> list[DocumentRow]:
    return [DocumentRow(document, document.applications) for document in documents]


def applications_sent_with(user, document: Document) -> QuerySet:
    """The person's applications this version went with, most recently moved first."""
    return Application.objects.for_user(user).filter(went_with(document)).select_related("company")
