"""Reading a job posting: the page's schema.org JobPosting (JSON-LD) when it has one, else its
OpenGraph tags, else its <title>; or text a person pasted. The result is a `Posting` of plain,
validated, size-capped fields, and a sanitised description.

Everything here reads hostile input: any field that is missing, of the wrong shape or nonsense is
left blank, and nothing raises.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from jobhunt.postings import text as words
from jobhunt.postings.sanitise import clean_description, description_text

DESCRIPTION_MAX = 100_000  # characters of description, HTML or text
URL_MAX = 500  # Company.website's max_length; a longer URL is dropped, since a cut one is broken
_HTML_MAX = 2 * 1024 * 1024  # as much as a fetch brings back; more is not a job posting
_SCRIPTS_MAX = 50
_NODES_MAX = 20_000  # JSON values visited while looking for a JobPosting
_SHORT_INPUT = 5_000  # characters of a short field's raw value worth looking at


@dataclass
class Posting:
    role_title: str = ""
    company: str = ""
    company_url: str = ""
    location: str = ""
    workplace: str = ""  # "remote" | "hybrid" | "on_site" | ""
    employment_type: str = ""  # "full_time" | "part_time" | "contract" | "temporary" | "internship" | ""
    salary_min: Decimal | None = None
    salary_max: Decimal | None = None
    salary_currency: str = ""  # ISO 4217
    salary_period: str = ""  # "year" | "month" | "week" | "day" | "hour" | ""
    date_posted: date | None = None
    closing_date: date | None = None
    description_html: str = ""
    description_text: str = ""
    source: str = ""  # "json-ld" | "opengraph" | "title" | "text" | "" (nothing read)
    found: bool = False


@dataclass
class _PageScan:
    scripts: list[str] = field(default_factory=list)  # JSON-LD blocks, as text
    meta: dict[str, str] = field(default_factory=dict)  # property or name -> content, first wins
    title: str = ""


# Comments are skipped whole; so is the content of raw-text elements, where "<meta" means nothing.
_CANDIDATE = re.compile(r"<!--|<(script|style|textarea|meta|title)(?=[\s/>])", re.IGNORECASE)
_CLOSING = {tag: re.compile(rf"</{tag}(?=[\s/>])", re.IGNORECASE) for tag in ("script", "style", "textarea", "title")}
_TAG_REST = re.compile(r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")  # possessive: no backtracking
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_TAG_MAX = 4096  # a start tag longer than this is not one worth reading


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        value = next((v for v in match.groups()[1:] if v is not None), "")
        found.setdefault(match[1].lower(), html.unescape(value))
    return found


def _scan(page: str) -> _PageScan:
    """One linear pass over the page for its JSON-LD blocks, <meta> tags and first <title>.

    Not html.parser: on this Python it takes quadratic time on some malformed markup (a 2 MB page
    of "<div<div…" ran for minutes), and pages come from strangers. Only three tags are needed, and
    every step here moves forward: work stays proportional to the page's size.
    """
    scan = _PageScan()
    page = page[:_HTML_MAX]
    position = 0
    while match := _CANDIDATE.search(page, position):
        if match[0] == "<!--":
            position = page.find("-->", match.end()) + 3
            if position < 3:
                break
            continue
        tag = match[1].lower()
        rest = _TAG_REST.match(page, match.end(), min(len(page), match.end() + _TAG_MAX))
        if rest is None:  # no end to this tag: carry on after the next ">"
            position = page.find(">", match.end()) + 1
            if position < 1:
                break
            continue
        attributes = _attributes(page[match.end() : rest.end() - 1])
        position = rest.end()
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").strip().lower()
            if key and attributes.get("content"):
                scan.meta.setdefault(key, attributes["content"][:5000])
            continue
        closing = _CLOSING[tag].search(page, position)
        content = page[position : closing.start() if closing else len(page)]
        if tag == "script" and attributes.get("type", "").strip().lower().startswith("application/ld+json"):
            if len(scan.scripts) < _SCRIPTS_MAX:
                scan.scripts.append(content)
        elif tag == "title" and not scan.title:
            scan.title = words.short(html.unescape(content[:_SHORT_INPUT]), 1000)
        if closing is None:
            break
        position = closing.end()
    return scan


_OPENERS = ("<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA[")
_CLOSERS = ("-->", "//]]>", "/*]]>*/", "]]>")


def _json_blocks(scripts: list[str]) -> list[object]:
    """Each block that parses as JSON; a broken one is skipped, not fatal."""
    blocks = []
    for script in scripts:
        text = script.strip()
        for _ in range(2):  # comment and CDATA wrappers, possibly both (plain string work: linear)
            for opener in _OPENERS:
                text = text[len(opener) :].strip() if text.startswith(opener) else text
            for closer in _CLOSERS:
                text = text[: -len(closer)].strip() if text.endswith(closer) else text
        try:
            blocks.append(json.loads(text, strict=False))  # strict=False: raw newlines inside strings
        except (ValueError, RecursionError):
            continue
    return blocks


_CODE = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")
_PLAIN_URL = re.compile(r"^[!-~]+$")  # printable ASCII, no spaces
_SCHEMA_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?schema\.org/|^schema:", re.IGNORECASE)


def _strings(value: object) -> list[str]:
    """A property that may be one string or a list of them (@type, employmentType…), as a list."""
    values = value[:10] if isinstance(value, list) else [value]
    return [v.strip() for v in values if isinstance(v, str)]


def _is_job_posting(node: dict) -> bool:
    return any(_SCHEMA_PREFIX.sub("", t).casefold() == "jobposting" for t in _strings(node.get("@type")))


def _walk(blocks: list[object]) -> tuple[dict | None, dict[str, dict]]:
    """The first JobPosting anywhere (top level, in an array, in @graph, nested in another object),
    and every object with an @id, so that {"@id": "#org"} references can be followed."""
    stack: list[object] = list(reversed(blocks))
    found: dict | None = None
    ids: dict[str, dict] = {}
    visited = 0
    while stack and visited < _NODES_MAX:
        node = stack.pop()
        visited += 1
        if isinstance(node, dict):
            if isinstance(node.get("@id"), str) and len(node) > 1:
                ids.setdefault(node["@id"], node)
            if found is None and _is_job_posting(node):
                found = node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return found, ids


def _follow(value: object, ids: dict[str, dict]) -> object:
    """The object a bare {"@id": …} reference points to, or `value` itself."""
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return ids.get(value["@id"], value)
    if isinstance(value, list):
        return [_follow(item, ids) for item in value[:20]]
    return value


def _text(value: object, depth: int = 0) -> str:
    """A short plain-text field from a string, a number, a {"name": …} object or a list of those."""
    if depth > 3:
        return ""
    if isinstance(value, str):
        value = value[:_SHORT_INPUT]  # the regexes below must not meet megabytes
        value = html.unescape(value) if "&" in value else value
        return words.short(_TAGS.sub(" ", _CODE.sub(" ", value)))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return words.short(str(value))
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value"), depth + 1)
    if isinstance(value, list):
        for item in value[:10]:
            if found := _text(item, depth + 1):
                return found
    return ""


def _web_url(value: object) -> str:
    """An absolute http(s) URL from a string or list of strings, else "". A relative one is not
    resolved: against a job board's page it would name the board, not the employer."""
    candidates = value if isinstance(value, list) else [value]
    for candidate in candidates[:10]:
        if not isinstance(candidate, str):
            continue
        url = html.unescape(candidate.strip())
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and parts.hostname and len(url) <= URL_MAX and _PLAIN_URL.match(url):
            return url
    return ""


def _company(org: object) -> tuple[str, str]:
    if isinstance(org, list):
        org = next((o for o in org if isinstance(o, (dict, str))), None)
    if isinstance(org, dict):
        return _text(org.get("name")), _web_url(org.get("sameAs")) or _web_url(org.get("url"))
    return _text(org), ""


def _place(place: object) -> str:
    if not isinstance(place, dict):
        return _text(place) if isinstance(place, str) else ""
    address = place.get("address")
    if isinstance(address, dict):
        parts: list[str] = []
        for key in ("addressLocality", "addressRegion", "addressCountry"):
            part = _text(address.get(key))
            if part and part.casefold() not in (p.casefold() for p in parts):
                parts.append(part)
        return ", ".join(parts) or _text(address.get("name")) or _text(place.get("name"))
    return _text(address) or _text(place.get("name"))


def _location(places: object, posting: dict) -> str:
    places = places if isinstance(places, list) else [places]
    names: list[str] = []
    for place in places[:20]:
        name = _place(place)
        if name and name not in names:
            names.append(name)
    if not names:  # a remote job often says only where applicants may live
        return _text(posting.get("applicantLocationRequirements"))
    return words.short("; ".join(names))


def _employment(posting: dict) -> str:
    kinds = [part for kind in _strings(posting.get("employmentType")) for part in kind.split(",")]
    return next((code for code in map(words.employment_type, kinds) if code), "")


@dataclass
class _Salary:
    low: Decimal | None = None
    high: Decimal | None = None
    currency: str = ""
    period: str = ""


def _amount(value: object, fallback_currency: str) -> _Salary:
    """A MonetaryAmount (or distribution), a bare number or a numeric string, read into a range.

    A reversed range (min above max) is swapped, not dropped: both numbers are plausible amounts
    and the order is the only mistake. A single value is a range of one (min == max).
    """
    if isinstance(value, list):
        for item in value[:10]:
            if (salary := _amount(item, fallback_currency)).low is not None or salary.high is not None:
                return salary
        return _Salary()
    if not isinstance(value, dict):
        single = words.amount(value)
        return _Salary(single, single, fallback_currency) if single is not None else _Salary()
    currency = words.currency_code(value.get("currency")) or fallback_currency
    unit = value.get("unitText") or value.get("duration")
    inner = value.get("value")
    low, high, single = words.amount(value.get("minValue")), words.amount(value.get("maxValue")), None
    if isinstance(inner, dict):  # QuantitativeValue
        unit = inner.get("unitText") or unit
        low = words.amount(inner.get("minValue")) or low
        high = words.amount(inner.get("maxValue")) or high
        single = words.amount(inner.get("value"))
    elif isinstance(inner, list):
        single = next((n for n in map(words.amount, inner[:10]) if n is not None), None)
    else:
        single = words.amount(inner)
    if low is None and high is None and single is None:  # MonetaryAmountDistribution
        low = words.amount(value.get("percentile10")) or words.amount(value.get("percentile25"))
        high = words.amount(value.get("percentile90")) or words.amount(value.get("percentile75"))
        single = words.amount(value.get("median"))
    if low is None and high is None:
        low = high = single
    if low is not None and high is not None and low > high:
        low, high = high, low
    if low is None and high is None:
        return _Salary()
    return _Salary(low, high, currency, words.salary_period(unit))


def _salary(posting: dict) -> _Salary:
    fallback = words.currency_code(posting.get("salaryCurrency"))
    for key in ("baseSalary", "estimatedSalary"):
        salary = _amount(posting.get(key), fallback)
        if salary.low is not None or salary.high is not None:
            return salary
    return _Salary()


def _description(raw: str, base: str) -> tuple[str, str]:
    """(sanitised HTML, plain text), each capped at DESCRIPTION_MAX characters."""
    raw = raw[: DESCRIPTION_MAX * 10]
    if not re.search(r"<[a-zA-Z!/]", raw):
        if "&lt;" in raw:  # entity-escaped HTML, as many boards publish it: unescape once
            raw = html.unescape(raw)
        if not re.search(r"<[a-zA-Z!/]", raw):
            raw = words.paragraphs_html(raw)
    cleaned = clean_description(raw, base_url=base)
    limit = DESCRIPTION_MAX
    while len(cleaned) > DESCRIPTION_MAX:
        cut = cleaned[: max(limit, 0)]
        if cut.rfind("<") > cut.rfind(">"):  # don't leave half a tag
            cut = cut[: cut.rfind("<")]
        shorter = clean_description(cut, base_url=base)  # closes whatever the cut left open
        if len(shorter) <= DESCRIPTION_MAX:
            cleaned = shorter
        limit -= len(shorter) - DESCRIPTION_MAX + 100  # the closing tags took that much room
    return cleaned, description_text(cleaned)[:DESCRIPTION_MAX]


def _from_job_posting(posting: dict, ids: dict[str, dict], base: str) -> Posting:
    result = Posting(source="json-ld", role_title=_text(posting.get("title")))
    result.company, result.company_url = _company(_follow(posting.get("hiringOrganization"), ids))
    result.location = _location(_follow(posting.get("jobLocation"), ids), posting)
    result.employment_type = _employment(posting)
    salary = _salary(posting)
    result.salary_min, result.salary_max = salary.low, salary.high
    result.salary_currency, result.salary_period = salary.currency, salary.period
    result.date_posted = words.iso_date(posting.get("datePosted"))
    result.closing_date = words.iso_date(posting.get("validThrough"))
    description = posting.get("description")
    if isinstance(description, str):
        result.description_html, result.description_text = _description(description, base)
    if "TELECOMMUTE" in (kind.upper() for kind in _strings(posting.get("jobLocationType"))):
        result.workplace = "remote"
    return result


def _from_page_tags(scan: _PageScan, base: str) -> Posting:
    """OpenGraph first, then the <title>; og:site_name is the company unless it's a job board."""
    meta = scan.meta
    og_title = meta.get("og:title") or meta.get("twitter:title") or ""
    company = words.company_from_site_name(meta.get("og:site_name", ""))
    description = meta.get("og:description") or meta.get("twitter:description") or ""
    result = Posting()
    if og_title or description:
        result.source = "opengraph"
        role, titled_company = words.split_title(og_title)
    elif scan.title:
        result.source = "title"
        role, titled_company = words.split_title(scan.title)
        description = meta.get("description", "")
    else:
        return result
    result.role_title = role
    result.company = company or titled_company
    if description:
        result.description_html, result.description_text = _description(description, base)
    return result


def _finish(result: Posting) -> Posting:
    if not result.workplace:
        result.workplace = words.workplace_hint(result.role_title, result.description_text)
    result.found = bool(result.role_title or result.company or result.description_text)
    if not result.found:
        result.source = ""
    return result


def read_posting(html: str, *, url: str = "") -> Posting:
    """Read a posting page's fields; `url` (the page's address) resolves its relative links."""
    if not isinstance(html, str) or not html.strip():
        return Posting()
    base = _web_url(url)
    scan = _scan(html)
    fallback = _from_page_tags(scan, base)
    posting, ids = _walk(_json_blocks(scan.scripts))
    if posting is None:
        return _finish(fallback)
    result = _from_job_posting(posting, ids, base)
    # Markup that leaves out the title, employer or description: the page's own tags may still say.
    result.role_title = result.role_title or fallback.role_title
    result.company = result.company or fallback.company
    if not result.description_text:
        result.description_html, result.description_text = fallback.description_html, fallback.description_text
    return _finish(result)


def read_posting_text(text: str) -> Posting:
    """Read pasted posting text: all of it as the description, plus what it plainly says."""
    if not isinstance(text, str) or not text.strip():
        return Posting()
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()[:DESCRIPTION_MAX]
    guess = words.guess_from_text(text)
    result = Posting(
        source="text",
        role_title=guess.role_title,
        company=guess.company,
        location=guess.location,
        employment_type=guess.employment_type,
        workplace=guess.workplace,
        description_html=clean_description(words.paragraphs_html(text)),
        description_text=re.sub(r"\n{3,}", "\n\n", text),
    )
    return _finish(result)
