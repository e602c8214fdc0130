"""CV and cover-letter versions: what an upload is (from its bytes), keeping it, handing it back to
its owner only, and letting it go (with the account too)."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.services import user_delete
from jobhunt import documents
from jobhunt.documents import DOCX, PDF, TEXT, DocumentRefused, document_type
from jobhunt.models import MAX_DOCUMENT_BYTES, Application, Document, Status
from reminders import emails, registry
from reminders.models import Reminder
from sharing import services as sharing
from tests.factories import ApplicationFactory, InterviewFactory

LIST = reverse("jobhunt:document_list")


# Files, as the programs that write them do ------------------------------------------------------


def minimal_pdf(padding: int = 0) -> bytes:
    """A one-page PDF a reader opens: header, objects, a cross-reference table with true offsets
    (and `padding` bytes of comment, for a bigger file)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    if padding:
        out.write(b"%" + b"x" * padding + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    table = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table))
    return out.getvalue()


WORD_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def minimal_docx(*, main: str = MAIN, extra: dict[str, bytes] | None = None) -> bytes:
    """A one-paragraph Word document, zipped as Word zips it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", WORD_TYPES.format(main=main))
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Ada Lovelace, analyst</w:t></w:r></w:p></w:body></w:document>",
        )
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
WEB_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
TEXT_CV = "Ada Lovelace\nAnalyst — Zürich\n".encode()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def storage(tmp_path, monkeypatch):
    """A documents storage of this test's own, so what is left in it is this test's doing."""
    fresh = FileSystemStorage(location=tmp_path / "documents", base_url=None)
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", fresh)
    return fresh


def files_of(storage, user) -> list[str]:
    try:
        return storage.listdir(str(user.pk))[1]
    except FileNotFoundError:
        return []


def keep(user, name="CV – data roles, Nov", content=TEXT_CV, file_name="cv.txt", kind=Document.Kind.CV) -> Document:
    return documents.document_upload(user=user, kind=kind, name=name, uploaded_file=upload(file_name, content))


def post_upload(client, file, *, kind="cv", name="CV – data roles, Nov"):
    return client.post(LIST, {"kind": kind, "name": name, "file": file})


# What a file is -----------------------------------------------------------------------------------


def test_a_real_pdf_is_a_pdf():
    assert document_type(minimal_pdf(), "cv.pdf") == PDF


def test_a_real_word_document_is_a_word_document():
    assert document_type(minimal_docx(), "cv.docx") == DOCX


def test_utf8_text_is_plain_text():
    assert document_type(TEXT_CV, "cv.txt") == TEXT
    assert document_type("\ufeffWith a byte order mark".encode(), "") == TEXT


def test_the_name_never_decides_what_a_file_is():
    assert document_type(minimal_pdf(), "") == PDF
    assert document_type(minimal_pdf(), "scan") == PDF
    assert document_type(minimal_docx(), "cv.zip") == DOCX


@pytest.mark.parametrize(
    "content",
    [PNG, plain_zip(), PROGRAM, "Ünïcödé in Latin-1".encode("latin-1"), "UTF-16 text".encode("utf-16")],
    ids=["png", "zip", "program", "latin-1 text", "utf-16 text"],
)
def test_anything_else_is_refused_naming_the_accepted_formats(content):
    with pytest.raises(DocumentRefused, match=r"isn't a PDF, a Word document \(\.docx\) or plain text"):
        document_type(content, "cv")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (plain_zip(), "isn't a PDF"),
        (PROGRAM, "isn't a PDF"),
        (WEB_PAGE, "web page"),
        (TEXT_CV, "named as a PDF"),
        (minimal_docx(), "named as a PDF"),
    ],
    ids=["zip", "program", "web page", "text", "word document"],
)
def test_a_file_named_cv_pdf_whose_bytes_are_something_else_is_refused(content, why):
    with pytest.raises(DocumentRefused, match=why):
        document_type(content, "cv.pdf")


def test_a_pdf_without_its_end_of_file_marker_is_not_a_pdf():
    with pytest.raises(DocumentRefused):
        document_type(b"%PDF-1.4\n" + b"x" * 5000, "cv.pdf")


def test_a_word_document_with_a_macro_project_is_refused():
    with pytest.raises(DocumentRefused, match="macros"):
        document_type(minimal_docx(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "cv.docx")


def test_a_word_document_that_declares_itself_macro_enabled_is_refused():
    with pytest.raises(DocumentRefused, match="macros"):
        document_type(minimal_docx(main=MACRO_MAIN), "cv.docx")


def test_a_zip_without_a_word_body_is_not_a_word_document():
    with pytest.raises(DocumentRefused, match="isn't a PDF"):
        document_type(plain_zip(), "cv.docx")


def test_a_program_with_a_word_document_stuck_on_its_end_is_refused():
    with pytest.raises(DocumentRefused):
        document_type(PROGRAM + minimal_docx(), "cv.docx")


def test_a_web_page_is_not_plain_text_whatever_its_name():
    for name in ("cv.txt", "cv.html", "cv"):
        with pytest.raises(DocumentRefused, match="web page"):
            document_type(b"  \n" + WEB_PAGE, name)


def test_an_older_word_file_is_told_how_to_save_it_instead():
    with pytest.raises(DocumentRefused, match=r"Save As"):
        document_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "cv.doc")


def test_an_empty_file_and_one_byte_over_the_limit_are_refused():
    with pytest.raises(DocumentRefused, match="empty"):
        document_type(b"", "cv.txt")
    with pytest.raises(DocumentRefused, match="up to 5 MB"):
        document_type(b"a" * (MAX_DOCUMENT_BYTES + 1), "cv.txt")
    assert document_type(b"a" * MAX_DOCUMENT_BYTES, "cv.txt") == TEXT


class Counting(io.RawIOBase):
    """An endless upload that counts what is read of it."""

    def __init__(self):
        self.read_so_far = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        self.read_so_far += len(buffer)
        buffer[:] = b"a" * len(buffer)
        return len(buffer)


def test_no_more_than_the_limit_and_one_byte_of_an_upload_is_ever_read():
    endless = Counting()

    data = documents.read_upload(endless)

    assert len(data) == MAX_DOCUMENT_BYTES + 1
    assert endless.read_so_far == MAX_DOCUMENT_BYTES + 1


def test_sizes_read_in_kilobytes_and_megabytes():
    assert documents.size_in_words(300) == "less than 1 KB"
    assert documents.size_in_words(48 * 1024 + 100) == "48 KB"
    assert documents.size_in_words(int(1.24 * 1024 * 1024)) == "1.2 MB"
    assert documents.size_in_words(MAX_DOCUMENT_BYTES) == "5 MB"


def test_an_uploaded_name_loses_its_folders_and_invisible_characters():
    assert documents.original_name("C:\\Users\\ada\\cv.pdf") == "cv.pdf"
    assert documents.original_name("../../cv\u202efdp.exe") == "cvfdp.exe"
    assert documents.original_name("a\r\nb.txt") == "ab.txt"
    long = documents.original_name("a" * 300 + ".docx")
    assert len(long) == 255 and long.endswith(".docx")


# Uploading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "content", "found"),
    [("cv.pdf", minimal_pdf(), PDF), ("cv.docx", minimal_docx(), DOCX), ("cv.txt", TEXT_CV, TEXT)],
    ids=["pdf", "docx", "text"],
)
def test_each_accepted_kind_of_file_is_kept_with_the_type_found_in_it(
    signed_in, user, storage, file_name, content, found
):
    response = post_upload(signed_in, upload(file_name, content, content_type="image/png"))  # the browser's word

    assert response.status_code == 302
    assert response.url == LIST
    document = Document.objects.get(user=user)
    assert (document.name, document.kind, document.original_name) == ("CV – data roles, Nov", "cv", file_name)
    assert (document.content_type, document.size) == (found.content_type, len(content))
    assert document.file.name.startswith(f"{user.pk}/") and file_name not in document.file.name
    with storage.open(document.file.name) as stored:
        assert stored.read() == content


def test_a_version_left_unnamed_takes_the_file_s_name(signed_in, user):
    post_upload(signed_in, upload("Ada CV 2025.pdf", minimal_pdf()), name="  ")

    assert Document.objects.get(user=user).name == "Ada CV 2025"


@pytest.mark.parametrize(
    ("file_name", "content", "said"),
    [
        ("photo.png", PNG, "isn't a PDF, a Word document (.docx) or plain text"),
        ("cv.pdf", plain_zip(), "isn't a PDF, a Word document (.docx) or plain text"),
        ("cv.pdf", WEB_PAGE, "web page"),
        ("cv.pdf", PROGRAM, "isn't a PDF, a Word document (.docx) or plain text"),
        ("cv.docx", minimal_docx(extra={"word/vbaProject.bin": b"macro"}), "macros"),
    ],
    ids=["png", "zip named pdf", "html named pdf", "program named pdf", "docx with macros"],
)
def test_a_refused_file_gets_a_field_error_and_nothing_is_stored(signed_in, user, storage, file_name, content, said):
    response = post_upload(signed_in, upload(file_name, content, content_type="application/pdf"))

    assert response.status_code == 200
    assert said in response.context["form"].errors["file"][0]
    assert "is-invalid" in response.content.decode()
    assert not Document.objects.exists()
    assert files_of(storage, user) == []


def test_a_file_over_5_mb_gets_a_friendly_field_error_and_nothing_is_stored(signed_in, user, storage):
    big = minimal_pdf(MAX_DOCUMENT_BYTES + 1 - len(minimal_pdf()))
    assert len(big) > MAX_DOCUMENT_BYTES

    response = post_upload(signed_in, upload("cv.pdf", big, content_type="application/pdf"))

    assert response.status_code == 200
    assert "files can be up to 5 MB" in response.context["form"].errors["file"][0]
    assert not Document.objects.exists()
    assert files_of(storage, user) == []


def test_the_service_checks_the_content_whoever_calls_it(user, storage):
    with pytest.raises(DocumentRefused):
        keep(user, content=PROGRAM, file_name="cv.pdf")

    assert not Document.objects.exists()
    assert files_of(storage, user) == []


# The list and one version -------------------------------------------------------------------------


def test_the_list_is_kind_when_there_is_nothing_yet(signed_in):
    text = signed_in.get(LIST).content.decode()

    assert "Your CVs and cover letters" in text
    assert "empty-state" in text and "Nothing kept here yet" in text
    assert 'enctype="multipart/form-data"' in text and "btn-rebound" in text


def test_the_list_shows_each_version_newest_first_with_its_size_and_uses(signed_in, user):
    older = keep(user, name="CV – general", content=TEXT_CV)
    newer = keep(user, name="CV – data roles, Nov", content=minimal_pdf(60_000), file_name="data.pdf")
    letter = keep(user, name="Letter – Fernhill", kind=Document.Kind.COVER_LETTER, file_name="letter.txt")
    ApplicationFactory(user=user, cv=newer, cover_letter=letter)
    ApplicationFactory(user=user, cv=newer)

    text = signed_in.get(LIST).content.decode()

    assert text.index("CV – data roles, Nov") < text.index("CV – general")
    assert "data.pdf" in text and "PDF, 59 KB" in text
    assert "Plain text, less than 1 KB" in text
    assert "Sent with 2 applications" in text and "Sent with 1 application<" in text
    assert "Not sent with an application yet" in text
    assert reverse("jobhunt:document_download", args=[older.pk]) in text
    assert reverse("jobhunt:document_delete", args=[older.pk]) in text
    assert "Cover letter" in text


def test_the_list_runs_the_same_queries_however_many_versions(signed_in, user, django_assert_num_queries):
    keep(user)
    with django_assert_num_queries(4):  # session, user, the page's count, the versions with their uses
        signed_in.get(LIST)
    for number in range(10):
        ApplicationFactory(user=user, cv=keep(user, name=f"CV {number}"))
    with django_assert_num_queries(4):
        signed_in.get(LIST)


def test_a_version_s_page_lists_the_applications_it_went_with(signed_in, user):
    document = keep(user)
    sent = ApplicationFactory(user=user, role_title="Data Analyst", cv=document)
    ApplicationFactory(user=user, role_title="Not with it")

    response = signed_in.get(document.get_absolute_url())

    text = response.content.decode()
    assert response.status_code == 200
    assert "Data Analyst" in text and "Not with it" not in text
    assert sent.get_absolute_url() in text and "As the CV" in text


def test_the_profile_page_links_to_the_versions(signed_in):
    assert LIST in signed_in.get(reverse("accounts:profile")).content.decode()


# Downloading --------------------------------------------------------------------------------------


def test_the_download_is_an_attachment_of_the_checked_type_kept_out_of_every_cache(signed_in, user):
    content = minimal_pdf()
    document = keep(user, content=content, file_name="Ada CV.pdf")

    response = signed_in.get(reverse("jobhunt:document_download", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Ada CV.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == content


def test_a_name_outside_ascii_is_encoded_in_the_download_header(signed_in, user):
    document = keep(user, file_name='Zoë "CV".txt')

    disposition = signed_in.get(reverse("jobhunt:document_download", args=[document.pk]))["Content-Disposition"]

    assert disposition == "attachment; filename*=utf-8''Zo%C3%AB%20%22CV%22.txt"


def test_a_file_named_as_a_program_comes_back_with_the_extension_of_what_it_is(signed_in, user):
    document = keep(user, file_name="notes.exe")

    response = signed_in.get(reverse("jobhunt:document_download", args=[document.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="notes.exe.txt"'
    assert response["Content-Type"] == "text/plain; charset=utf-8"


# Another person's versions ------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["document_detail", "document_download", "document_delete"])
def test_another_person_s_version_is_a_404_on_every_route_and_nothing_changes(signed_in, other_user, storage, route):
    theirs = keep(other_user, name="Their CV")
    path = reverse(f"jobhunt:{route}", args=[theirs.pk])

    assert signed_in.get(path).status_code == 404
    assert signed_in.post(path).status_code == 404

    assert Document.objects.filter(pk=theirs.pk).exists()
    assert storage.exists(theirs.file.name)


def test_another_person_s_versions_never_show_in_my_list(signed_in, other_user):
    keep(other_user, name="Their CV", file_name="their-cv.txt")

    text = signed_in.get(LIST).content.decode()

    assert "Their CV" not in text and "their-cv.txt" not in text


# Letting go ---------------------------------------------------------------------------------------


def test_deleting_asks_first(signed_in, user):
    document = keep(user)

    response = signed_in.get(reverse("jobhunt:document_delete", args=[document.pk]))

    assert response.status_code == 200
    assert "Yes, delete" in response.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()


def test_deleting_a_version_removes_its_file_once_committed_and_its_applications_keep_going(
    signed_in, user, storage, django_capture_on_commit_callbacks
):
    document = keep(user)
    application = ApplicationFactory(user=user, cv=document)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = signed_in.post(reverse("jobhunt:document_delete", args=[document.pk]))

    assert response.status_code == 302
    assert callbacks, "the file goes after the commit, not before"
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not storage.exists(document.file.name)
    application.refresh_from_db()
    assert application.cv is None and application.status == Status.APPLIED


def test_a_delete_that_is_rolled_back_keeps_the_file(user, storage, django_capture_on_commit_callbacks):
    document = keep(user)

    with django_capture_on_commit_callbacks(execute=False):
        documents.document_delete(document=document)  # never committed: the test's transaction rolls back

    assert storage.exists(document.file.name)


def test_deleting_the_account_leaves_no_file_of_that_person(
    user, other_user, storage, django_capture_on_commit_callbacks
):
    mine = [keep(user), keep(user, content=minimal_pdf(), file_name="cv.pdf"), keep(user, kind="cover_letter")]
    theirs = keep(other_user)
    assert len(files_of(storage, user)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=user)

    assert files_of(storage, user) == []
    assert not any(storage.exists(document.file.name) for document in mine)
    assert storage.exists(theirs.file.name)


# The export and privacy ---------------------------------------------------------------------------


def test_the_export_describes_each_version_without_its_file(signed_in, user, other_user):
    document = keep(user, content=minimal_pdf(), file_name="cv.pdf")
    keep(other_user, name="Their CV")

    response = signed_in.get(reverse("accounts:export"))
    data = json.loads(b"".join(response.streaming_content))

    assert data["documents"] == [
        {
            "id": document.pk,
            "kind": "cv",
            "name": "CV – data roles, Nov",
            "original_name": "cv.pdf",
            "size": len(minimal_pdf()),
            "content_type": "application/pdf",
            "uploaded_at": document.uploaded_at.isoformat(),
        }
    ]
    assert "%PDF" not in json.dumps(data)


def test_no_version_name_reaches_the_coach_page_the_calendar_feed_or_an_email(client, user):
    cv = keep(user, name="Secret CV name", file_name="secret-cv-file.txt")
    letter = keep(user, name="Secret letter name", kind="cover_letter", file_name="secret-letter.txt")
    application = ApplicationFactory(user=user, cv=cv, cover_letter=letter, status=Status.INTERVIEWING)
    interview = InterviewFactory(application=application)
    _, token = sharing.share_link_create(user=user, label="Coach", days=30)
    feed = sharing.calendar_feed_reset(user=user)
    about = {
        "application_follow_up": application,
        "ghosting_check": application,
        "interview_prep": interview,
        "thank_you_note": interview,
        "weekly_plan_digest": user,
    }

    seen = [
        client.get(reverse("sharing:coach_page", args=[token])).content.decode(),
        client.get(reverse("sharing:calendar_feed", args=[feed.token])).content.decode(),
    ]
    for kind, target in about.items():
        message = emails.build(Reminder(pk=1, user=user, kind=kind), registry.get(kind), target)
        seen += [message.subject, message.body, message.alternatives[0][0]]

    everything = "\n".join(seen)
    assert application.role_title in everything  # the pages and emails do speak of the application
    for private in ("Secret CV name", "Secret letter name", "secret-cv-file", "secret-letter", "/documents/"):
        assert private not in everything


def test_applications_that_went_with_a_version_are_found_from_it(user):
    document = keep(user)
    as_letter = keep(user, kind="cover_letter")
    both = ApplicationFactory(user=user, cv=document, cover_letter=as_letter)

    assert list(documents.applications_sent_with(user, as_letter)) == [both]
    assert Application.objects.filter(cv=document).count() == 1
