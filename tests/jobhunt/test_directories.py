"""The companies and contacts lists: search, filters and sorts like the applications list, only
ever the signed-in person's rows, and bad query strings answered with a field error, never a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt import selectors
from jobhunt.models import Company, Contact, Status
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

COMPANIES = reverse("jobhunt:company_list")
CONTACTS = reverse("jobhunt:contact_list")
# Session and user, the count, the page: the filters themselves look nothing up.
DIRECTORY_QUERIES = 4


def names(response) -> list[str]:
    return [row.name for row in response.context["page"].object_list]


def added(company, days_ago: int):
    # created_at is set on insert (auto_now_add): moved back afterwards.
    Company.objects.filter(pk=company.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))


@pytest.fixture
def companies(user):
    """Four companies: applications in play and ended, one never applied to, added on different days."""
    acme = CompanyFactory(user=user, name="Acme Robotics", website="https://acme.example", notes="Lovely team, Leeds")
    birch = CompanyFactory(user=user, name="birch & co", website="https://birch.example", notes="")
    cobalt = CompanyFactory(user=user, name="Cobalt Labs", website="https://cobalt.example", notes="Remote first")
    dune = CompanyFactory(user=user, name="Dune Analytics", website="", notes="Leeds office, robotics team")
    for status in (Status.APPLIED, Status.INTERVIEWING, Status.REJECTED):
        ApplicationFactory(user=user, company=birch, status=status)
    for status in (Status.REJECTED, Status.GHOSTED, Status.WITHDRAWN, Status.APPLIED):
        ApplicationFactory(user=user, company=cobalt, status=status)
    ApplicationFactory(user=user, company=acme, status=Status.ACCEPTED)
    for company, days_ago in ((acme, 30), (birch, 2), (cobalt, 10), (dune, 1)):
        added(company, days_ago)
    return {"acme": acme, "birch": birch, "cobalt": cobalt, "dune": dune}


@pytest.fixture
def people(user, companies):
    """Four people with different roles, companies, closeness and last contact."""
    today = timezone.localdate()
    return {
        "zoe": ContactFactory(
            user=user,
            name="Zoe Adams",
            company=companies["acme"],
            role=Contact.Role.RECRUITER,
            email="zoe@acme.example",
            relationship_strength=2,
            last_contacted=today - datetime.timedelta(days=3),
        ),
        "ben": ContactFactory(
            user=user,
            name="ben Osei",
            company=None,
            role=Contact.Role.REFERRER,
            email="ben@mail.example",
            notes="Met at the Leeds meetup",
            relationship_strength=5,
            last_contacted=None,
        ),
        "maya": ContactFactory(
            user=user,
            name="Maya Lindqvist",
            company=companies["cobalt"],
            role=Contact.Role.HIRING_MANAGER,
            email="maya@cobalt.example",
            relationship_strength=4,
            last_contacted=today - datetime.timedelta(days=30),
        ),
        "ada": ContactFactory(
            user=user,
            name="Ada Byrne",
            company=companies["birch"],
            role=Contact.Role.RECRUITER,
            email="ada@birch.example",
            relationship_strength=4,
            last_contacted=today,
        ),
    }


# Companies ---------------------------------------------------------------------------------------


def test_companies_are_listed_by_name_with_their_counts_by_default(signed_in, companies):
    response = signed_in.get(COMPANIES)

    rows = [(row.name, row.application_count, row.live_count) for row in response.context["page"].object_list]
    assert rows == [("Acme Robotics", 1, 0), ("birch & co", 3, 2), ("Cobalt Labs", 4, 1), ("Dune Analytics", 0, 0)]
    assert "4 companies." in response.content.decode()


def test_company_search_needs_every_word_to_match_somewhere(user, companies):
    # "leeds" is in two sets of notes, "robotics" in one name and one set of notes.
    assert [c.name for c in selectors.company_list(user, q="leeds robotics")] == ["Acme Robotics", "Dune Analytics"]
    assert [c.name for c in selectors.company_list(user, q="robotics remote")] == []
    # The website counts too, in any case.
    assert [c.name for c in selectors.company_list(user, q="COBALT.EXAMPLE")] == ["Cobalt Labs"]


def test_still_in_play_only_leaves_out_companies_with_nothing_live(signed_in, companies):
    response = signed_in.get(COMPANIES, {"show": "live"})

    assert names(response) == ["birch & co", "Cobalt Labs"]
    assert "2 companies match." in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Acme Robotics", "birch & co", "Cobalt Labs", "Dune Analytics"]),
        ("applications", ["Cobalt Labs", "birch & co", "Acme Robotics", "Dune Analytics"]),
        # Acme and Dune have none in play: the tie goes by name.
        ("live", ["birch & co", "Cobalt Labs", "Acme Robotics", "Dune Analytics"]),
        ("recent", ["Dune Analytics", "birch & co", "Cobalt Labs", "Acme Robotics"]),
    ],
)
def test_companies_sort_in_each_order(signed_in, companies, sort, expected):
    assert names(signed_in.get(COMPANIES, {"sort": sort})) == expected


def test_companies_added_at_the_same_moment_keep_one_order_across_pages(user):
    made = [CompanyFactory(user=user, name=f"Twin {n}") for n in range(5)]
    Company.objects.filter(user=user).update(created_at=timezone.now())

    assert [c.pk for c in selectors.company_list(user, sort="recent")] == [c.pk for c in reversed(made)]


def test_the_companies_list_shows_only_my_companies(signed_in, user, companies, theirs):
    ApplicationFactory(user=theirs["company"].user, company=theirs["company"], status=Status.APPLIED)

    for params in ({}, {"q": "their"}, {"show": "live"}, {"sort": "applications"}):
        response = signed_in.get(COMPANIES, params)
        assert "Their Company" not in names(response)
        assert "Their Company" not in response.content.decode()


def test_filters_that_match_nothing_offer_to_show_everything(signed_in, companies):
    html = signed_in.get(COMPANIES, {"q": "nowhere"}).content.decode()

    assert "0 companies match." in html
    assert "Nothing matches these filters." in html
    assert f'href="{COMPANIES}">Show everything' in html


def test_no_companies_at_all_says_how_they_get_here(signed_in):
    html = signed_in.get(COMPANIES).content.decode()

    assert "No companies yet." in html
    assert "Nothing matches" not in html


def test_company_page_links_keep_the_filters(signed_in, user):
    Company.objects.bulk_create(Company(user=user, name=f"Leeds firm {n:03}") for n in range(60))

    html = signed_in.get(COMPANIES, {"q": "leeds", "sort": "recent"}).content.decode()

    assert "?q=leeds&amp;sort=recent&amp;page=2" in html


# Contacts ----------------------------------------------------------------------------------------


def test_people_are_listed_by_name_by_default(signed_in, people):
    response = signed_in.get(CONTACTS)

    assert names(response) == ["Ada Byrne", "ben Osei", "Maya Lindqvist", "Zoe Adams"]
    assert "4 people." in response.content.decode()


def test_people_search_needs_every_word_to_match_name_email_company_or_notes(user, people):
    def found(q):
        return [c.name for c in selectors.contact_list(user, q=q)]

    assert found("cobalt") == ["Maya Lindqvist"]  # the company's name
    assert found("MAIL.EXAMPLE") == ["ben Osei"]  # the email
    assert found("meetup ben") == ["ben Osei"]  # the notes and the name
    assert found("meetup maya") == []


def test_people_filter_by_role(signed_in, people):
    response = signed_in.get(CONTACTS, {"role": Contact.Role.RECRUITER})

    assert names(response) == ["Ada Byrne", "Zoe Adams"]
    assert "2 people match." in response.content.decode()


def test_one_person_matching_is_said_in_the_singular(signed_in, people):
    assert "1 person matches." in signed_in.get(CONTACTS, {"role": Contact.Role.REFERRER}).content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Ada Byrne", "ben Osei", "Maya Lindqvist", "Zoe Adams"]),
        # By company name; ben has none and comes last.
        ("company", ["Zoe Adams", "Ada Byrne", "Maya Lindqvist", "ben Osei"]),
        # Most recent first, never contacted last.
        ("contacted", ["Ada Byrne", "Zoe Adams", "Maya Lindqvist", "ben Osei"]),
        # Strongest first; Ada and Maya tie on 4 and go by name.
        ("strength", ["ben Osei", "Ada Byrne", "Maya Lindqvist", "Zoe Adams"]),
    ],
)
def test_people_sort_in_each_order(signed_in, people, sort, expected):
    assert names(signed_in.get(CONTACTS, {"sort": sort})) == expected


def test_people_who_tie_everywhere_keep_one_order_by_their_id(user):
    made = [ContactFactory(user=user, name="Sam Lee", company=None, relationship_strength=3) for _ in range(4)]

    for sort in ("name", "company", "contacted", "strength"):
        assert [c.pk for c in selectors.contact_list(user, sort=sort)] == [c.pk for c in made]


def test_the_contacts_list_shows_only_my_people(signed_in, people, theirs):
    for params in ({}, {"q": "their"}, {"role": Contact.Role.RECRUITER}, {"sort": "company"}):
        response = signed_in.get(CONTACTS, params)
        assert "Their Contact" not in names(response)
        assert "Their Contact" not in response.content.decode()


def test_no_people_at_all_says_who_belongs_here(signed_in):
    html = signed_in.get(CONTACTS).content.decode()

    assert "No contacts yet." in html
    assert "Nothing matches" not in html


def test_people_nobody_matches_offer_to_show_everything(signed_in, people):
    html = signed_in.get(CONTACTS, {"q": "nobody-here", "role": Contact.Role.OTHER}).content.decode()

    assert "0 people match." in html
    assert f'href="{CONTACTS}">Show everything' in html


# Bad query strings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (COMPANIES, {"sort": "<script>alert(1)</script>"}, "sort"),
        (COMPANIES, {"show": "nope"}, "show"),
        (COMPANIES, {"q": "q" * 5000}, "q"),
        (CONTACTS, {"sort": "<script>alert(1)</script>"}, "sort"),
        (CONTACTS, {"role": "nope"}, "role"),
        (CONTACTS, {"q": "q" * 5000}, "q"),
    ],
)
def test_a_bad_value_is_an_error_on_its_field_and_the_list_carries_on(signed_in, people, url, params, field):
    response = signed_in.get(url, params)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "is-invalid" in html
    # Ignored: the whole list, in the default order.
    assert len(response.context["page"].object_list) == 4
    assert not response.context["filtering"]


@pytest.mark.parametrize("url", [COMPANIES, CONTACTS])
@pytest.mark.parametrize("page", ["999", "0", "-1", "abc", "9" * 40])
def test_a_strange_page_number_shows_a_real_page(signed_in, people, url, page):
    response = signed_in.get(url, {"page": page, "sort": "name"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 4


# Queries ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 500])
@pytest.mark.parametrize(
    ("url", "params"),
    [
        (COMPANIES, {}),
        (COMPANIES, {"q": "bulk company", "show": "live", "sort": "live", "page": 2}),
        (COMPANIES, {"sort": "applications"}),
        (CONTACTS, {}),
        (CONTACTS, {"q": "person", "role": Contact.Role.OTHER, "sort": "company", "page": 2}),
        (CONTACTS, {"sort": "contacted"}),
    ],
)
def test_the_lists_run_a_fixed_number_of_queries_at_any_size(
    signed_in, user, make_pipeline, django_assert_max_num_queries, url, params, size
):
    make_pipeline(user, size)

    with django_assert_max_num_queries(DIRECTORY_QUERIES):
        response = signed_in.get(url, params)

    assert response.status_code == 200
