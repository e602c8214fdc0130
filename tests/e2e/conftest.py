"""Browser tests: Playwright driving Debian's headless Chromium against pytest-django's live server.

Locally they skip when Chromium is missing; with CI=true they fail instead, so CI never passes
without running them.
"""

import pytest

from tests.browser import chromium


# Package scope: Playwright's loop closes once this folder's tests are done, so browser tests
# elsewhere in the suite can start their own.
@pytest.fixture(scope="package")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def keyboard_page(browser, live_server):
    """A page for keyboard-only walks. Reduced motion: focus rings appear at once instead of fading in."""
    context = browser.new_context(base_url=live_server.url, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
