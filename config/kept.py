"""What is written once and served again: rendered pages, calendar feeds.

They live in the "shared" cache (Redis when there is one), so whichever web process answers
serves what another wrote. A cache that can't be reached costs only the saving: `get` answers
None and `keep` does nothing, and the caller writes the thing afresh.
"""

import logging

from django.core.cache import caches

log = logging.getLogger(__name__)


def get(key: str):
    try:
        return caches["shared"].get(key)
    except Exception as error:  # whatever the cache backend raises when its server is away
        log.warning("Kept pages and feeds unavailable (%s)", error)
        return None


def keep(key: str, value, seconds: int) -> None:
    try:
        caches["shared"].set(key, value, seconds)
    except Exception as error:
        log.warning("Could not keep a page or feed (%s)", error)
