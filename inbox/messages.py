"""A raw message from the mailbox, read into what the email reader needs and what a suggestion keeps.

Mail in the wild is messy: headers in undeclared 8-bit charsets, charsets that don't exist,
boundaries that don't match, HTML with no plain-text part. Reading never raises: what can't be
decoded is decoded with fallbacks (see `decode`: the declared charset, UTF-8, Windows-1252, and Latin-1,
which takes any byte), and a message that can't be read at all comes back as None.
The work is bounded: only the first text part counts, cut before it is turned into text and again
before it is classified.
"""

import codecs
import email
import email.base64mime
import email.policy
import email.quoprimime
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

import nh3
from django.utils import timezone

# Private names, so the mailbox is read by exactly the rules a pasted email is.
from jobhunt.email_reading import _ADDRESS, _QUOTED_START, Email

SUBJECT_LENGTH = 300  # Suggestion.subject
NAME_LENGTH = 200  # Suggestion.sender_name
ADDRESS_LENGTH = 320  # Suggestion.sender
BODY_LENGTH = 100_000  # characters of body text given to the reader: job mail says what it means early
PART_BYTES = 1_000_000  # bytes of a text part decoded at most (an HTML newsletter can be huge)
PARTS = 100  # MIME parts looked at, at most
EXCERPT_LENGTH = 280

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(?<=\?=)\s+(?==\?)")  # whitespace between two encoded words is not text
# Control characters other than tab and newline (PostgreSQL refuses NUL in text, and none belong in mail text).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Where a block starts or ends: only the tag's name is looked at, so the work stays linear however
# the markup is broken (a "[^>]*" up to a ">" that never comes would scan to the end from each "<p").
_BLOCK_TAG = re.compile(r"<(?=/?(?:br|p|div|li|tr|h[1-6]|table|blockquote)\b)", re.IGNORECASE)
# Removed with their content: what is not read as the message (nh3 keeps the text of other tags).
_NOT_TEXT = {"head", "title", "script", "style", "template", "noscript"}
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")


@dataclass(frozen=True, kw_only=True)
class Message:
    message_key: str  # SHA-256 hex of the Message-ID (of the raw message when it has none)
    received_at: datetime
    sender: str  # address, lower case; "" when there is none to read
    sender_name: str
    subject: str
    body: str  # text, quoted replies left out, at most BODY_LENGTH characters

    def to_email(self) -> Email:
        """The form jobhunt's email reader classifies and matches against applications."""
        found = [address.lower() for address in _ADDRESS.findall(self.body)]
        addresses = [self.sender, *found] if self.sender else found
        return Email(
            subject=self.subject,
            sender_name=self.sender_name,
            sender=self.sender,
            addresses=list(dict.fromkeys(addresses)),
            body=self.body,
        )

    def excerpt(self, phrase: str = "", length: int = EXCERPT_LENGTH) -> str:
        """About `length` characters of the body around the first place `phrase` appears, on one line."""
        text = " ".join(self.body.split())
        if len(text) <= length:
            return text
        at = text.lower().find(" ".join(phrase.split()).lower()) if phrase.strip() else -1
        start = max(0, at - length // 3) if at > 0 else 0
        start = min(start, len(text) - length)
        if start > 0:  # begin at a word
            space = text.find(" ", start, start + 30)
            start = space + 1 if space != -1 else start
        end = start + length - 2  # room for the two ellipses
        if end < len(text):
            space = text.rfind(" ", end - 30, end)
            end = space if space > start else end
        return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def read(raw: bytes, *, now: datetime | None = None) -> Message | None:
    """The message in `raw` (RFC 822 bytes), or None when there is nothing to read in it."""
    now = now or timezone.now()
    try:
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        sender_name, sender = _sender(parsed)
        subject = _one_line(_header(parsed, "Subject"))[:SUBJECT_LENGTH]
        body = _body(parsed)
        message_id = _one_line(_header(parsed, "Message-ID"))
        received_at = _date(parsed, now)
    except Exception:  # the email package's own bugs on hostile input: a message we can't read
        return None
    if not (sender or subject or body):
        return None
    return Message(
        message_key=hashlib.sha256(message_id.encode() if message_id else raw).hexdigest(),
        received_at=received_at,
        sender=sender,
        sender_name=sender_name,
        subject=subject,
        body=body,
    )


# Text in any charset ----------------------------------------------------------------------------


def _codec(charset: str | None) -> str | None:
    """The codec to try first for a declared charset; None for "unknown or plain ASCII"."""
    try:
        name = codecs.lookup(charset.strip().strip('"')).name if charset else None
    except (LookupError, ValueError):
        return None
    if name == "ascii":
        return None  # often declared for what is really UTF-8 or Windows-1252: let those try
    if name == "iso8859-1":
        return "cp1252"  # as browsers do: Windows-1252 is what "ISO-8859-1" mail usually holds
    return name


def decode(data: bytes, charset: str | None = None) -> str:
    """Bytes as text, whatever they hold. The declared charset or UTF-8 when one reads them without
    error; then the declared charset with a replacement character for what it can't read (a broken
    byte in Shift_JIS text should not turn the rest into Latin letters); then Windows-1252, and
    Latin-1, which reads any byte. UTF-8 that isn't is most often Windows-1252 mislabelled."""
    declared = _codec(charset)
    for name in dict.fromkeys(filter(None, (declared, "utf-8"))):
        try:
            return data.decode(name)
        except (UnicodeError, LookupError):
            continue
    if declared and declared not in ("utf-8", "cp1252"):
        try:
            return data.decode(declared, errors="replace")
        except (UnicodeError, LookupError):
            pass
    try:
        return data.decode("cp1252")
    except UnicodeError:
        return data.decode("latin-1")


def _unescaped(text: str) -> str:
    """The email package keeps undecodable 8-bit bytes as lone surrogates: decode them properly."""
    if not any("\udc80" <= char <= "\udcff" for char in text):
        return text
    return decode(text.encode("utf-8", errors="surrogateescape"))


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words, each in its own charset with the fallbacks of `decode`."""

    def word(match: re.Match) -> str:
        charset, encoding, text = match[1].split("*")[0], match[2].upper(), match[3]  # "*lang" is RFC 2231
        try:
            if encoding == "B":
                data = email.base64mime.decode(text + "=" * (-len(text) % 4))
            else:
                data = email.quoprimime.header_decode(text).encode("latin-1", errors="replace")
        except (ValueError, TypeError):
            return match[0]
        return decode(data, charset)

    return _ENCODED_WORD.sub(word, _BETWEEN_WORDS.sub("", value))


def _raw_header(parsed: EmailMessage, name: str) -> str:
    for key, value in parsed.raw_items():
        if key.lower() == name.lower():
            return value
    return ""


def _header(parsed: EmailMessage, name: str) -> str:
    """A header as text. The email package's reading unless it lost characters (undeclared 8-bit,
    an unknown charset) or failed, then ours, with the fallbacks."""
    try:
        value = parsed[name]
        text = "" if value is None else str(value)
    except Exception:  # a header the package can't parse
        text = "\ufffd"
    if "\ufffd" in text or any("\udc80" <= char <= "\udcff" for char in text):
        raw = _raw_header(parsed, name)
        ours = _decode_words(_unescaped(" ".join(raw.split())))
        if ours.count("\ufffd") < text.count("\ufffd") or not text.strip("\ufffd"):
            text = ours
        text = _unescaped(text)
    return _clean(text)


def _sender(parsed: EmailMessage) -> tuple[str, str]:
    """(name, address) of whoever the From header names first."""
    name, address = "", ""
    try:
        header = parsed["From"]
        found: tuple[Address, ...] = getattr(header, "addresses", ()) if header is not None else ()
        if found:
            name, address = found[0].display_name, found[0].addr_spec
    except Exception:  # a From the package can't parse: read it plainly below
        name, address = "", ""
    if not address:
        text = _header(parsed, "From")
        (name, address), *_ = getaddresses([text]) or [("", "")]
        if not address and (match := _ADDRESS.search(text)):
            address = match[0]
    address = _one_line(_unescaped(address)).lower()
    if "@" not in address or len(address) > ADDRESS_LENGTH or " " in address:
        address = ""
    name = _one_line(_decode_words(_unescaped(name))).strip('"').strip()
    return name[:NAME_LENGTH], address


def _date(parsed: EmailMessage, now: datetime) -> datetime:
    """When it was sent, by its Date header; now when it has none that reads (or one in the future)."""
    try:
        when = parsedate_to_datetime(_raw_header(parsed, "Date").strip())
        if when.tzinfo is None:  # "-0000": the time is UTC, the zone unknown
            when = when.replace(tzinfo=UTC)
        return min(when, now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return now


# The body -------------------------------------------------------------------------------------


def _body(parsed: EmailMessage) -> str:
    """The first plain-text part, or else the first HTML part as text; quoted replies left out."""
    plain = html_part = None
    for number, part in enumerate(parsed.walk()):
        if number >= PARTS:
            break
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain":
            plain = part
            break
        if kind == "text/html" and html_part is None:
            html_part = part
    part = plain or html_part
    if part is None:
        return ""
    payload = part.get_payload(decode=True) or b""
    if not isinstance(payload, bytes):
        return ""
    text = decode(payload[:PART_BYTES], part.get_content_charset())
    if part is html_part:
        text = html_to_text(text)
    return _without_quotes(_clean(text))[:BODY_LENGTH]


def html_to_text(markup: str) -> str:
    """What a person reads in an HTML email: the text, blocks on lines of their own, no markup,
    no head, scripts or styles."""
    text = html.unescape(nh3.clean(_BLOCK_TAG.sub("\n<", markup), tags=set(), clean_content_tags=_NOT_TEXT))
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _without_quotes(text: str) -> str:
    """As jobhunt's reader does for a pasted email: ">" lines and everything after "On … wrote:" go."""
    kept = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _QUOTED_START.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()
