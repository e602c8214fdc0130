"""Another person's objects do not exist for you, on every URL of the project.

The URL configuration is walked, not listed by hand: a new route that nobody declared in
tests/security/routes.py fails here with the line to add.
"""

import pytest
from django.urls import reverse

from tests.security.routes import (
    OBJECT_ROUTES,
    PLAIN_ROUTES,
    PUBLIC_ROUTES,
    SIGNED_IN_DATA,
    TOKEN_ROUTES,
    address,
    all_urls,
    every_page,
    missing_declaration,
)
from tests.security.world import THEIR_WORDS, changes, snapshot

URLS = {url.name: url for url in all_urls()}
SIGN_IN = reverse("accounts:login")


def test_every_route_is_declared_or_needs_signing_in():
    missing = [message for url in all_urls() if (message := missing_declaration(url))]

    assert not missing, "\n".join(missing)


def test_the_declarations_name_only_routes_that_exist():
    declared = (
        OBJECT_ROUTES.keys() | PLAIN_ROUTES.keys() | PUBLIC_ROUTES.keys() | TOKEN_ROUTES.keys() | SIGNED_IN_DATA.keys()
    )
    stale = sorted(declared - URLS.keys())

    assert not stale, f"remove {stale} from tests/security/routes.py: no such route any more"
    assert TOKEN_ROUTES.keys() <= PUBLIC_ROUTES.keys(), "a token route is a public route: list it in PUBLIC_ROUTES"
    kinds = (OBJECT_ROUTES.keys(), PLAIN_ROUTES.keys(), PUBLIC_ROUTES.keys())
    assert sum(len(kind) for kind in kinds) == len(set().union(*kinds)), "declare each route in one kind only"


def test_the_object_routes_are_exactly_those_with_arguments():
    without_arguments = sorted(name for name in OBJECT_ROUTES if name in URLS and not URLS[name].arguments)

    assert not without_arguments, f"{without_arguments} take no object: move them out of OBJECT_ROUTES"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OBJECT_ROUTES))
def test_another_persons_object_is_a_404_on_get_and_post_and_nothing_changes(
    name, signed_in, mine, theirs, owner_client
):
    url = URLS[name]
    their_kwargs, their_data = address(url, theirs)
    my_kwargs, _ = address(url, mine)
    # Their object straight, and (for nested URLs) their row reached through my own parent object.
    ids = [key for key in their_kwargs if their_kwargs[key] != my_kwargs[key]]
    attempts = [their_kwargs] + ([{**my_kwargs, key: their_kwargs[key]} for key in ids] if len(ids) > 1 else [])
    before = snapshot()

    for kwargs in attempts:
        path = reverse(name, kwargs=kwargs)
        assert signed_in.get(path).status_code == 404, f"GET {path} showed another person's object"
        assert signed_in.post(path, their_data).status_code == 404, f"POST {path} reached another person's object"
        assert signed_in.head(path).status_code == 404, f"HEAD {path} reached another person's object"

    assert changes(before, snapshot()) == []
    # The same requests from the owner do reach the object: the 404s above were about ownership.
    path = reverse(name, kwargs=their_kwargs)
    shown, posted = owner_client.get(path).status_code, owner_client.post(path, their_data).status_code
    assert shown in (200, 302, 405), f"the owner can't open {path} ({shown}): fix its kwargs in OBJECT_ROUTES"
    assert posted in (302, 405), (
        f"the owner's POST to {path} answered {posted}: give OBJECT_ROUTES[{name!r}] the data a valid form sends"
    )
    assert (shown, posted) != (405, 405)


@pytest.mark.django_db
def test_no_page_of_mine_shows_a_word_of_theirs(signed_in, mine, theirs):
    """Lists, searches, figures and downloads are about the signed-in person only."""
    pages = list(every_page(signed_in, mine))

    leaking = [name for name, _response, text in pages if THEIR_WORDS in text]
    assert not leaking, f"these pages show another person's data: {leaking}"
    assert len(pages) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OBJECT_ROUTES))
def test_an_object_that_does_not_exist_is_a_404(name, signed_in, mine):
    kwargs, data = address(URLS[name], mine)
    for key, value in kwargs.items():
        if isinstance(value, int):
            path = reverse(name, kwargs={**kwargs, key: 2**31 - 1})
            assert signed_in.get(path).status_code == 404, path
            assert signed_in.post(path, data).status_code == 404, path


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(name for name in URLS if name not in PUBLIC_ROUTES))
def test_signed_out_visitors_are_sent_to_sign_in_and_change_nothing(name, client, theirs):
    kwargs, data = address(URLS[name], theirs)
    path = reverse(name, kwargs=kwargs)
    before = snapshot()

    for response in (client.get(path), client.post(path, data)):
        assert response.status_code == 302, (
            f"{name} answers a signed-out visitor with {response.status_code}: make it login_required, "
            f"or add it to PUBLIC_ROUTES in tests/security/routes.py if anyone may open it"
        )
        assert response.url.startswith(f"{SIGN_IN}?next="), f"{name} sends a visitor to {response.url}"

    assert changes(before, snapshot()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC_ROUTES))
def test_public_pages_open_without_an_account(name, client, theirs):
    kwargs, _ = address(URLS[name], theirs)

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code in (200, 302, 404, 405)
    if response.status_code == 302:
        assert not response.url.startswith(SIGN_IN), f"{name} asks to sign in: remove it from PUBLIC_ROUTES"


def _tampered(token: str, other: str) -> list[str]:
    """Ways to alter a token: each character class swapped at both ends and in the middle, one
    character short or long, and spliced with another person's valid token."""

    def swap(char):
        return "B" if char == "A" else "A" if char.isalpha() else "1" if char == "0" else "0"

    variants = {token[:-1], token + "A", token[:-1] + swap(token[-1]), swap(token[0]) + token[1:]}
    middle = len(token) // 2
    variants.add(token[:middle] + swap(token[middle]) + token[middle + 1 :])

    def cut_at(value):  # where a signed value ends and its signature starts, if it shows
        return max(value.rfind(":"), value.rfind(".")) if ":" in value or "." in value else len(value) // 2

    cut, other_cut = cut_at(token), cut_at(other)
    variants |= {token[:cut] + other[other_cut:], other[:other_cut] + token[cut:]}
    return sorted(variants - {token, other, ""})


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TOKEN_ROUTES))
def test_an_altered_token_opens_nothing_and_changes_nothing(name, client, mine, theirs):
    token_route, url = TOKEN_ROUTES[name], URLS[name]
    their_kwargs, data = address(url, theirs)
    my_kwargs, _ = address(url, mine)
    before = snapshot()
    tampered = _tampered(their_kwargs[token_route.argument], my_kwargs[token_route.argument])

    for token in tampered:
        path = reverse(name, kwargs={**their_kwargs, token_route.argument: token})
        for response in (client.get(path), client.post(path, data)):
            assert token_route.refused(response), f"{name} accepted an altered token {token!r}"

    assert changes(before, snapshot()) == []
    assert len(tampered) >= 5
    assert token_route.works(client.get(reverse(name, kwargs=their_kwargs))), "the untouched token must work"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(name for name in TOKEN_ROUTES if len(URLS[name].arguments) > 1))
def test_one_persons_token_with_another_persons_ids_opens_nothing(name, client, mine, theirs):
    """Every other argument of a token URL (a user id, say) swapped for the other person's."""
    token_route, url = TOKEN_ROUTES[name], URLS[name]
    their_kwargs, data = address(url, theirs)
    my_kwargs, _ = address(url, mine)
    before = snapshot()

    for key in their_kwargs.keys() - {token_route.argument}:
        path = reverse(name, kwargs={**their_kwargs, key: my_kwargs[key]})
        for response in (client.get(path), client.post(path, data)):
            assert token_route.refused(response), f"{name} accepted {key} of one person with another's token"

    assert changes(before, snapshot()) == []
