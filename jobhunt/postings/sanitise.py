"""Job descriptions come from other people's web pages, so their HTML is hostile until cleaned.

`clean_description` keeps the few tags a description needs to stay readable (paragraphs, lists,
emphasis, small headings, links) through nh3's allow-list sanitiser; `description_text` turns
HTML into plain text with the paragraph breaks kept, for search and for the plain-text view.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "h2", "h3", "h4", "a"})
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}}  # "*": no generic attributes (nh3 allows lang, title)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Tags whose *content* goes too, not just the tag: code, styling, embedded documents and
# foreign (SVG/MathML) content, where scripts can hide and whose text means nothing to a reader.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "svg", "math", "template", "noscript"}
    | {"textarea", "select", "button", "head", "title", "canvas", "audio", "video", "applet"}
)

# Layout tags the allow-list would strip down to their text, gluing neighbouring blocks together
# ("Requirements" + "5 years…"). A first pass keeps them (bare, no attributes), they are renamed
# to the nearest allowed tag in that clean, well-formed output, and a second pass applies the real
# allow-list. Renaming in nh3's output rather than in the raw markup keeps it exact and linear.
_RENAMED = {
    **dict.fromkeys(
        ["div", "section", "article", "header", "footer", "main", "aside", "blockquote", "center", "pre", "figure"]
        + ["tr", "dt", "dd"],
        ("<p>", "</p>"),
    ),
    "h1": ("<h2>", "</h2>"),
    "h5": ("<h4>", "</h4>"),
    "h6": ("<h4>", "</h4>"),
    **dict.fromkeys(["td", "th"], ("", " ")),  # cells of a row stay apart by a space
    **dict.fromkeys(["table", "thead", "tbody", "tfoot", "dl"], ("", "")),
}
_LAYOUT_TAG = re.compile(r"<(/?)(" + "|".join(_RENAMED) + r")>")
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _cleaner(base_url: str, *, layout: bool) -> nh3.Cleaner:
    # A relative link would point into *this* site when shown here: resolve it against the
    # posting's own address when we know it, otherwise drop the href (the text stays).
    parts = urlsplit(base_url) if base_url else None
    if parts and parts.scheme in ("http", "https") and parts.hostname:
        relative: object = ("rewrite_with_base", base_url)
    else:
        relative = "deny"
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS) | (set(_RENAMED) if layout else set()),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        url_relative=relative,
        strip_comments=True,
    )


_STRICT = _cleaner("", layout=False)


def clean_description(html: str, *, base_url: str = "") -> str:
    """Return `html` reduced to the allow-listed tags, with every link safe and marked nofollow."""
    if not html or not html.strip():
        return ""
    first = _cleaner(base_url, layout=True).clean(html)
    renamed = _LAYOUT_TAG.sub(lambda m: _RENAMED[m[2]][1 if m[1] else 0], first)
    return _EMPTY_PARAGRAPH.sub("", _STRICT.clean(renamed)).strip()


_BLOCKS = frozenset({"p", "ul", "ol", "h2", "h3", "h4"})


class _TextWriter(HTMLParser):
    """Collects text, turning blocks into blank-line breaks, <br> into line breaks, items into "- "."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append({"li": "\n- ", "br": "\n"}.get(tag, "\n\n" if tag in _BLOCKS else ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        # Source line breaks are layout, not content: collapse all runs of whitespace.
        self.parts.append(re.sub(r"\s+", " ", data))


def description_text(html: str) -> str:
    """Plain text of `html`: paragraphs separated by a blank line, list items as "- " lines."""
    html = clean_description(html)  # html.parser then only meets nh3's well-formed output
    if not html:
        return ""
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    text = "".join(writer.parts)
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


_TAG = re.compile(r"<[a-zA-Z][^>]*>")


def as_safe_html(value: str) -> str:
    """What a person pasted or a posting gave, as safe HTML: markup through the sanitiser, plain
    text as paragraphs (its line breaks kept)."""
    value = (value or "").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        return _paragraphs(html_escape(value))
    cleaned = clean_description(value)
    if "\n" in cleaned and not _BLOCK_TAG.search(cleaned):
        # Text with a little inline markup: its line breaks are its layout, keep them.
        return _STRICT.clean(_paragraphs(cleaned))
    return cleaned


_BLOCK_TAG = re.compile(r"<(?:p|br|li|h[2-4])\b")


def _paragraphs(safe_text: str) -> str:
    parts = [part.strip() for part in re.split(r"\n\s*\n", safe_text) if part.strip()]
    return "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in parts)
