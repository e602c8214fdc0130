"""Adding an application from a job posting: a guarded server-side fetch of the posting's link
(`fetch`), a reader that turns the page, or pasted text, into fields (`reading`, with the
word-level guessing in `text`), and the sanitiser that makes the description safe to show
(`sanitise`). Pure functions: no models, views or settings."""

from jobhunt.postings.fetch import Allowance, FetchError, FetchFailed, FetchRefused, Page, fetch_posting
from jobhunt.postings.reading import Posting, read_posting, read_posting_text
from jobhunt.postings.sanitise import as_safe_html, clean_description, description_text

__all__ = [
    "Allowance",
    "FetchError",
    "FetchFailed",
    "FetchRefused",
    "Page",
    "Posting",
    "as_safe_html",
    "clean_description",
    "description_text",
    "fetch_posting",
    "read_posting",
    "read_posting_text",
]
