"""How the importer compares the words people write: column names, stage and source words."""

import re
import unicodedata


def phrases(text: str) -> tuple[str, ...]:
    """ "a, b c, d" → ("a", "b c", "d"): word lists that read as lists."""
    return tuple(phrase.strip() for phrase in text.split(","))


def compact(text: str) -> str:
    """Lower case letters and digits only: "Date Applied", "date_applied" and "DATE-APPLIED:" are one."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def words(text: str) -> str:
    """Lower case words separated by single spaces: "Rejected (by email)" → "rejected by email"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def has_word(text: str, start: str) -> bool:
    """`start` begins a word of `text` ("reject" in "rejected by email", not "round" in "background")."""
    return re.search(rf"\b{re.escape(start)}", text) is not None
