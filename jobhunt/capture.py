"""A job posting turned into a new application's form, ready for the person to check and save:
read from its link (fetched here, within postings.fetch's rules), from its pasted text, or from
what the bookmarklet read in the person's own browser. Nothing here writes: saving is the form's
ordinary POST."""

import json
import re
from html import escape
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from jobhunt import postings
from jobhunt.models import Application, Status

# Lets exact test addresses through the fetch's checks; nothing but the tests ever sets it.
ALLOWANCE: postings.Allowance | None = None

# What the bookmarklet may hand over: more is not a posting, and is cut before it is read.
MAX_JSONLD_BLOCKS = 20
MAX_JSONLD_CHARS = 500_000
MAX_SELECTION_CHARS = 50_000
# The page tags a reader falls back on when there is no JobPosting markup.
PAGE_TAGS = ("og:title", "og:site_name", "og:description", "twitter:title", "twitter:description", "description")


def from_link(url: str) -> postings.Posting:
    """The posting at `url`; raises postings.FetchError with a message for the person."""
    page = postings.fetch_posting(url, allow=ALLOWANCE)
    if page.content_type == "text/plain":
        return postings.read_posting_text(page.text)
    return postings.read_posting(page.text, url=page.url)


def from_text(text: str) -> postings.Posting:
    return postings.read_posting_text(text)


def from_browser(*, url: str, title: str, selection: str, jsonld: list[str], tags: dict[str, str]) -> postings.Posting:
    """What the bookmarklet read on the posting's page: its JobPosting markup, its title and
    sharing tags, and the text the person selected (the description, when the markup has none)."""
    # "</" only occurs inside a JSON string, where "<\/" means the same: each block stays one script.
    safe = [block.replace("</", "<\\/") for block in jsonld[:MAX_JSONLD_BLOCKS]]
    blocks = "".join(f'<script type="application/ld+json">{block}</script>' for block in safe)
    metas = "".join(
        f'<meta property="{escape(name)}" content="{escape(tags[name])}">' for name in PAGE_TAGS if tags.get(name)
    )
    page = f"<html><head><title>{escape(title)}</title>{metas}{blocks}</head><body></body></html>"
    posting = postings.read_posting(page, url=url)
    selection = selection.strip()[:MAX_SELECTION_CHARS]
    if selection:
        chosen = postings.read_posting_text(selection)
        posting.role_title = posting.role_title or chosen.role_title
        posting.company = posting.company or chosen.company
        posting.location = posting.location or chosen.location
        if not posting.description_text or posting.source != "json-ld":
            posting.description_html, posting.description_text = chosen.description_html, chosen.description_text
        posting.found = True
    return posting


def jsonld_blocks(raw: str) -> list[str]:
    """The bookmarklet's JSON-LD blocks (sent as one JSON list of strings); [] when it is not that."""
    try:
        blocks = json.loads(raw) if raw else []
    except ValueError:
        return []
    if not isinstance(blocks, list):
        return []
    return [block for block in blocks[:MAX_JSONLD_BLOCKS] if isinstance(block, str)]


def page_tags(raw: str) -> dict[str, str]:
    """The bookmarklet's page tags (one JSON object of strings), only the ones read."""
    try:
        tags = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(tags, dict):
        return {}
    return {name: value[:5_000] for name, value in tags.items() if name in PAGE_TAGS and isinstance(value, str)}


def _fits(value: str, limit: int = 200) -> str:
    """A read value cut to the field's length at a word, so the form is never refused for it."""
    value = " ".join((value or "").split())
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0]


def web_address(url: str) -> str:
    """`url` when it is a web address the form would keep, otherwise ""."""
    url = (url or "").strip()
    if len(url) > Application._meta.get_field("job_url").max_length:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url


def form_initial(posting: postings.Posting, *, url: str = "") -> dict:
    """The new-application form's values from a posting: saved for later, as a job just found is."""
    initial = {
        "status": Status.SAVED,
        "job_url": web_address(url),
        "company_name": _fits(posting.company),
        "role_title": _fits(posting.role_title),
        "location": _fits(posting.location),
        "workplace": posting.workplace,
        "employment_type": posting.employment_type,
        "date_posted": posting.date_posted,
        "closes_on": posting.closing_date,
        "description": posting.description_html,
    }
    if posting.salary_min is not None or posting.salary_max is not None:
        initial.update(
            salary_min=posting.salary_min,
            salary_max=posting.salary_max,
            salary_currency=posting.salary_currency,
            salary_period=posting.salary_period,
        )
    return {name: value for name, value in initial.items() if value not in ("", None)}


def site_name(url: str) -> str:
    """ "boards.example.com" for a posting's address, for the note that says where it came from."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


# Run on the posting's page when the bookmark is clicked: opens Rebound's capture page with the
# page's link and title, and when that page says it is ready, hands it (and no other site) the
# JobPosting markup, the sharing tags and the selected text. Kept to plain ES5 for any browser.
_BOOKMARKLET = """(function(){
var R=ORIGIN,d={rebound:"posting",url:location.href,title:document.title,
selection:String(getSelection()).slice(0,SELECTION),jsonld:[],tags:{}},left=JSONLD;
document.querySelectorAll('script[type="application/ld+json"]').forEach(function(s){
if(d.jsonld.length<BLOCKS&&s.textContent.length<=left){d.jsonld.push(s.textContent);left-=s.textContent.length}});
TAGS.forEach(function(n){var m=document.querySelector('meta[property="'+n+'"],meta[name="'+n+'"]');
if(m)d.tags[n]=(m.getAttribute("content")||"").slice(0,5000)});
var w=window.open(CAPTURE+"?url="+encodeURIComponent(location.href.slice(0,1000))
+"&title="+encodeURIComponent(document.title.slice(0,300)),"rebound_capture");
addEventListener("message",function h(e){if(e.origin===R&&e.source===w&&e.data&&e.data.rebound==="ready"){
removeEventListener("message",h);w.postMessage(d,R)}})})()"""


def bookmarklet(*, origin: str, capture_url: str) -> str:
    """The bookmarklet's address ("javascript:…") for this site."""
    values = {
        "ORIGIN": json.dumps(origin),
        "CAPTURE": json.dumps(capture_url),
        "SELECTION": str(MAX_SELECTION_CHARS),
        "JSONLD": str(MAX_JSONLD_CHARS),
        "BLOCKS": str(MAX_JSONLD_BLOCKS),
        "TAGS": json.dumps(list(PAGE_TAGS)),
    }
    code = re.sub(r"\b(" + "|".join(values) + r")\b", lambda match: values[match[1]], _BOOKMARKLET)
    # A javascript: address is percent-decoded before it runs.
    return "javascript:" + code.replace("\n", "").replace("%", "%25")
