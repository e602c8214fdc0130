"""Small helpers every app's pages share."""

from collections.abc import Callable
from functools import cache

from django.core.paginator import Page, Paginator
from django.urls import get_script_prefix, reverse


def page_of(request, rows, size: int) -> Page:
    """The `?page=` page of `rows` (a bad or too large number gives the nearest page), with the
    page numbers to show around it in `elided_range`."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    page.elided_range = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return page


def url_for_each_pk(view_name: str, around: Callable[[str], str] = str) -> Callable[[int], str]:
    """The address of `view_name` for any pk, from one reverse(): the pattern is reversed with a
    marker that each pk then replaces. A list of a thousand rows pays for one reverse, not 1,000."""
    marker = "9876543210"
    before, after = around(reverse(view_name, args=[marker])).rsplit(marker, 1)
    return lambda pk: f"{before}{pk}{after}"


@cache
def _address_for_each_pk(view_name: str, script_prefix: str) -> Callable[[int], str]:
    # The URL patterns never change while the process runs: each is reversed once per prefix.
    return url_for_each_pk(view_name)


def address_of(view_name: str, pk: int) -> str:
    """reverse(view_name, args=[pk]) for a view whose only argument is a pk, without a reverse()
    per call: a page listing a hundred rows links to each of them."""
    return _address_for_each_pk(view_name, get_script_prefix())(pk)
