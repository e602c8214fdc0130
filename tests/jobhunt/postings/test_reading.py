"""Reading postings: sample pages in the shapes job boards publish, pasted text, and hostile input."""

from __future__ import annotations

import json
import random
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jobhunt.postings import Posting, clean_description, description_text, read_posting, read_posting_text

PAGES = Path(__file__).parent / "pages"
REL = 'rel="noopener noreferrer nofollow"'


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def job(**fields: object) -> str:
    """A page whose only structured data is one JobPosting with `fields`."""
    data = {"@context": "https://schema.org", "@type": "JobPosting", **fields}
    return f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head></html>'


# Sample pages, field by field


def test_a_single_job_posting_object_with_an_escaped_description_is_read_whole():
    assert read_posting(page("greenhouse_like.html"), url="https://boards.example/fernhill/jobs/4410") == Posting(
        role_title="Senior Backend Engineer",
        company="Fernhill Robotics",
        company_url="https://www.fernhill-robotics.example",
        location="Portland, OR, US",
        employment_type="full_time",
        salary_min=Decimal("150000"),
        salary_max=Decimal("185000"),
        salary_currency="USD",
        salary_period="year",
        date_posted=date(2025, 2, 3),
        closing_date=date(2025, 3, 31),
        description_html="<p>Fernhill builds warehouse robots.</p><h2>What you'll do</h2>"
        "<ul><li>Design <strong>APIs</strong></li><li>Run Postgres &amp; Redis</li></ul>",
        description_text="Fernhill builds warehouse robots.\n\nWhat you'll do\n\n- Design APIs\n- Run Postgres & Redis",
        source="json-ld",
        found=True,
    )


def test_a_graph_with_a_type_list_a_string_organization_and_a_remote_contract():
    assert read_posting(page("lever_like.html")) == Posting(
        role_title="Data Platform Contractor",
        company="Quarry Labs",
        location="Germany",
        workplace="remote",
        employment_type="contract",
        salary_min=Decimal("85"),
        salary_max=Decimal("85"),
        salary_currency="EUR",
        salary_period="hour",
        date_posted=date(2025, 1, 15),
        description_html="<p><b>Remote</b> within Germany.</p><p>Six-month contract, 20 hours a week.</p>",
        description_text="Remote within Germany.\n\nSix-month contract, 20 hours a week.",
        source="json-ld",
        found=True,
    )


def test_a_top_level_array_with_a_url_type_several_places_and_a_salary_string_with_commas():
    assert read_posting(page("workday_like.html")) == Posting(
        role_title="Clinical Data Analyst",
        company="Brightwater Health Group",
        company_url="https://brightwater.example/careers",
        location="Leeds, West Yorkshire; Manchester, United Kingdom",
        employment_type="full_time",
        salary_min=Decimal("3250"),
        salary_max=Decimal("3250"),
        salary_currency="GBP",
        salary_period="month",
        date_posted=date(2025, 4, 1),
        closing_date=None,  # "not a date"
        description_html="<p>We are looking for an analyst.</p><p>You will:</p>"
        "<ul><li>build dashboards</li><li>work with ward teams</li></ul>",
        description_text="We are looking for an analyst.\n\nYou will:\n\n- build dashboards\n- work with ward teams",
        source="json-ld",
        found=True,
    )


def test_a_posting_nested_in_a_web_page_with_only_an_estimated_salary_and_a_hybrid_hint():
    assert read_posting(page("linkedin_like.html")) == Posting(
        role_title="Product Manager",
        company="Northwind Analytics",
        company_url="https://northwind.example",  # "not a url" in sameAs is passed over
        location="Amsterdam, North Holland, NL",
        workplace="hybrid",
        employment_type="full_time",
        salary_min=Decimal("62000"),
        salary_max=Decimal("84000"),
        salary_currency="EUR",
        salary_period="year",
        date_posted=date(2025, 5, 20),
        description_html="<p>This is a <em>hybrid</em> role: three days a week in our Amsterdam office.</p>",
        description_text="This is a hybrid role: three days a week in our Amsterdam office.",
        source="json-ld",
        found=True,
    )


def test_a_broken_block_is_skipped_and_the_first_good_posting_wins():
    assert read_posting(page("indeed_like.html")) == Posting(
        role_title="Warehouse Shift Lead",
        company="Lumen & Pike",
        location="Bristol, GB",  # the region repeats the town, so it is said once
        employment_type="temporary",
        salary_min=Decimal("12.00"),  # written reversed (14.50 to 12.00): swapped
        salary_max=Decimal("14.50"),
        salary_currency="",  # "dollars" is not an ISO code
        salary_period="hour",
        date_posted=None,  # 2025-13-45
        closing_date=date(2025, 6, 30),
        description_html="<p>Lead a team of six on the night shift.</p>",
        description_text="Lead a team of six on the night shift.",
        source="json-ld",
        found=True,
    )


def test_hostile_markup_in_a_posting_comes_out_sanitised_and_nonsense_values_are_dropped():
    posting = read_posting(page("hostile.html"), url="https://boards.example/quarry/jobs/9")
    assert posting == Posting(
        role_title="Growth Marketer",
        company="Quarry Labs",
        company_url="",  # javascript: in sameAs
        description_html=f"<p>Grow our <a {REL}>reach</a> and "
        f'<a href="https://quarry.example/team" {REL}>team</a>.</p>'
        f'<p>See <a {REL}>details</a> or <a href="https://boards.example/apply" {REL}>apply</a> '
        f'or <a href="mailto:jobs@quarry.example" {REL}>write</a>.</p>',
        description_text="Grow our reach and team.\n\nSee details or apply or write.",
        source="json-ld",
        found=True,
    )


def test_without_structured_data_opengraph_is_read_and_a_careers_site_name_is_the_company():
    assert read_posting(page("opengraph_only.html")) == Posting(
        role_title="Embedded Firmware Engineer",
        company="Acme Instruments",
        workplace="hybrid",
        description_html="<p>Write firmware for lab instruments used in 40 countries. "
        "Hybrid, two days a week in Lyon.</p>",
        description_text="Write firmware for lab instruments used in 40 countries. Hybrid, two days a week in Lyon.",
        source="opengraph",
        found=True,
    )


def test_a_page_with_nothing_but_a_title_is_split_into_role_and_company():
    assert read_posting(page("title_only.html")) == Posting(
        role_title="Junior UX Designer", company="Lumen & Pike", source="title", found=True
    )


@pytest.mark.parametrize(
    "title, role, company",
    [
        ("Backend Engineer at Fernhill Robotics", "Backend Engineer", "Fernhill Robotics"),
        ("Job Application for Data Analyst at Quarry Labs", "Data Analyst", "Quarry Labs"),
        ("Backend Engineer - Fernhill Robotics | Indeed.com", "Backend Engineer", "Fernhill Robotics"),
        ("Backend Engineer | Fernhill Robotics", "Backend Engineer", "Fernhill Robotics"),
        ("Fernhill Robotics - Backend Engineer", "Backend Engineer", "Fernhill Robotics"),
        (
            "Fernhill Robotics hiring Backend Engineer in Portland, OR | LinkedIn",
            "Backend Engineer",
            "Fernhill Robotics",
        ),
        ("Head of Talent at Greenhouse", "Head of Talent", "Greenhouse"),  # a board name inside a segment
        ("Backend Engineer", "Backend Engineer", ""),
        ("Careers | LinkedIn", "", ""),
    ],
)
def test_page_titles_are_split_the_way_boards_write_them(title, role, company):
    posting = read_posting(f"<title>{title}</title>")
    assert (posting.role_title, posting.company) == (role, company)


def test_a_job_board_site_name_is_not_taken_for_the_company():
    html = '<meta property="og:site_name" content="LinkedIn"><meta property="og:title" content="Product Designer">'
    assert (read_posting(html).role_title, read_posting(html).company) == ("Product Designer", "")


def test_markup_that_leaves_out_the_company_is_completed_from_the_title():
    html = "<title>Backend Engineer at Fernhill Robotics</title>" + job(title="Backend Engineer (Platform)")
    posting = read_posting(html)
    assert (posting.role_title, posting.company, posting.source) == (
        "Backend Engineer (Platform)",
        "Fernhill Robotics",
        "json-ld",
    )


# Shapes of JSON-LD


@pytest.mark.parametrize(
    "kind",
    [
        "JobPosting",
        ["JobPosting"],
        ["Thing", "JobPosting"],
        "http://schema.org/JobPosting",
        "https://schema.org/JobPosting",
    ]
    + ["schema:JobPosting"],
)
def test_the_posting_type_is_recognised_however_it_is_written(kind):
    html = f'<script type="application/ld+json">{json.dumps({"@type": kind, "title": "Tester"})}</script>'
    assert read_posting(html).role_title == "Tester"


def test_an_organization_given_by_id_reference_is_followed():
    graph = {
        "@graph": [
            {"@type": "JobPosting", "title": "Analyst", "hiringOrganization": {"@id": "#org"}},
            {"@type": "Organization", "@id": "#org", "name": "Quarry Labs", "url": "https://quarry.example"},
        ]
    }
    posting = read_posting(f'<script type="application/ld+json">{json.dumps(graph)}</script>')
    assert (posting.company, posting.company_url) == ("Quarry Labs", "https://quarry.example")


def test_blocks_wrapped_in_cdata_or_comments_with_raw_newlines_in_strings_are_read():
    script = '/*<![CDATA[*/{"@type": "JobPosting", "title": "Nurse\n", "description": "Line one\nLine two"}/*]]>*/'
    posting = read_posting(f'<script type="application/ld+json">{script}</script>')
    assert (posting.role_title, posting.description_text) == ("Nurse", "Line one\nLine two")


@pytest.mark.parametrize(
    "salary, expected",
    [
        ({"currency": "EUR", "value": 55000, "unitText": "YEAR"}, ("55000", "55000", "EUR", "year")),
        ({"currency": "eur", "value": "55000"}, ("55000", "55000", "EUR", "")),
        ({"currency": "USD", "value": "55,000.00"}, ("55000", "55000", "USD", "")),
        ({"currency": "USD", "value": {"value": 30, "unitText": "HOUR"}}, ("30", "30", "USD", "hour")),
        (
            {"currency": "GBP", "value": {"minValue": 40000, "maxValue": 50000, "unitText": "YEAR"}},
            ("40000", "50000", "GBP", "year"),
        ),
        ({"currency": "GBP", "value": {"minValue": 50000, "maxValue": 40000}}, ("40000", "50000", "GBP", "")),
        ({"currency": "CHF", "value": {"minValue": 9000}, "unitText": "MONTH"}, ("9000", None, "CHF", "month")),
        ({"currency": "€", "value": 100}, ("100", "100", "", "")),
        ({"currency": "USD", "value": -5}, (None, None, "", "")),
        ({"currency": "USD", "value": 20_000_000}, (None, None, "", "")),
        ({"currency": "USD", "value": "lots"}, (None, None, "", "")),
        ({"currency": "USD", "value": True}, (None, None, "", "")),
        ("not an object", (None, None, "", "")),
    ],
)
def test_base_salary_is_read_from_each_shape_and_nonsense_is_dropped(salary, expected):
    posting = read_posting(job(title="Analyst", baseSalary=salary))
    low, high, currency, period = expected
    assert (posting.salary_min, posting.salary_max, posting.salary_currency, posting.salary_period) == (
        None if low is None else Decimal(low),
        None if high is None else Decimal(high),
        currency,
        period,
    )


def test_a_bare_number_salary_takes_the_posting_level_currency():
    posting = read_posting(job(title="Analyst", baseSalary=48000, salaryCurrency="sek"))
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (48000, 48000, "SEK")


@pytest.mark.parametrize(
    "written, read",
    [
        ("2025-03-01", date(2025, 3, 1)),
        ("2025-03-01T23:30:00+14:00", date(2025, 3, 1)),  # the date as written, not moved to UTC
        ("2025-03-01T10:00:00Z", date(2025, 3, 1)),
        ("2025-02-30", None),
        ("yesterday", None),
        (20250301, None),
        ("0001-01-01", None),
    ],
)
def test_dates_keep_their_written_day_and_garbage_is_ignored(written, read):
    posting = read_posting(job(title="Analyst", datePosted=written, validThrough=written))
    assert (posting.date_posted, posting.closing_date) == (read, read)


@pytest.mark.parametrize(
    "written, code",
    [
        ("FULL_TIME", "full_time"),
        (["PART_TIME", "FULL_TIME"], "part_time"),
        ("CONTRACTOR", "contract"),
        ("TEMPORARY", "temporary"),
        ("INTERN", "internship"),
        ("Full-time", "full_time"),
        ("VOLUNTEER, FULL_TIME", "full_time"),
        ("OTHER", ""),
    ],
)
def test_employment_types_are_mapped_to_our_codes(written, code):
    assert read_posting(job(title="Analyst", employmentType=written)).employment_type == code


@pytest.mark.parametrize(
    "fields, workplace",
    [
        ({"jobLocationType": ["TELECOMMUTE"]}, "remote"),
        ({"jobLocationType": "TELECOMMUTE", "description": "Hybrid is fine too"}, "remote"),  # markup wins
        ({"description": "<p>A hybrid role in Leeds.</p>"}, "hybrid"),
        ({"title": "Support Engineer (Remote)"}, "remote"),
        ({"description": "Our remote-friendly team works from Leeds."}, ""),
    ],
)
def test_the_workplace_comes_from_the_markup_then_from_plain_hints(fields, workplace):
    assert read_posting(job(**{"title": "Support Engineer", **fields})).workplace == workplace


def test_short_fields_are_capped_at_200_characters_and_the_description_at_100_kb():
    posting = read_posting(job(title="Engineer " * 100, description="<p>" + "word " * 60_000 + "</p>" * 3))
    assert len(posting.role_title) == 200
    assert len(posting.description_html) <= 100_000
    assert len(posting.description_text) <= 100_000
    assert posting.description_html.startswith("<p>word word") and posting.description_html.endswith("</p>")


# Garbage in, an empty posting out; never an exception


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "   \n\t",
        "<<<>>>",
        "\x00\x01\x02 binary-ish \ufffd",
        "<script type='application/ld+json'>{{{{</script>",
        "<script type='application/ld+json'>" + "[" * 100_000 + "</script>",
        "<script type='application/ld+json'>42</script><script type='application/ld+json'>null</script>",
        "<![if !supportLists]><![endif]><!DOCTYPE><?php echo 1 ?></nope>",
        '<script type=\'application/ld+json\'>{"@type": "JobPosting"}</script>',
    ],
)
def test_empty_or_garbage_input_reads_as_nothing_found(markup):
    posting = read_posting(markup)
    assert posting == Posting()
    assert not posting.found


@pytest.mark.parametrize("markup", ["<div" * 500_000, "<" * 2_000_000, "<meta '>" * 250_000, "</" * 1_000_000])
def test_a_huge_malformed_page_is_read_in_linear_time(markup):
    started = time.monotonic()
    assert read_posting(markup) == Posting()
    assert time.monotonic() - started < 2  # html.parser took minutes on the first of these


def test_every_field_of_the_wrong_type_is_survived():
    wrong = [None, 0, 1.5, True, "", "x", [], {}, [None], [{}], {"name": None}, {"@type": "Thing"}]
    fields = ["title", "hiringOrganization", "jobLocation", "jobLocationType", "employmentType", "baseSalary"]
    fields += ["estimatedSalary", "datePosted", "validThrough", "description", "applicantLocationRequirements"]
    for value in wrong:
        read_posting(job(**dict.fromkeys(fields, value)))


def test_random_json_shaped_like_a_posting_never_raises():
    chooser = random.Random(20250301)
    keys = ["title", "hiringOrganization", "name", "sameAs", "url", "jobLocation", "address", "addressCountry"]
    keys += ["baseSalary", "value", "minValue", "maxValue", "unitText", "currency", "description", "@graph", "@id"]

    def anything(depth: int) -> object:
        if depth > 4 or chooser.random() < 0.3:
            return chooser.choice([None, -1, 10**30, 1e308, "", "55,000", "<b>x</b>", "TELECOMMUTE", "2025-01-01"])
        if chooser.random() < 0.5:
            return [anything(depth + 1) for _ in range(chooser.randint(0, 3))]
        node = {chooser.choice(keys): anything(depth + 1) for _ in range(chooser.randint(0, 5))}
        if chooser.random() < 0.5:
            node["@type"] = chooser.choice(["JobPosting", ["JobPosting"], "Organization", 5])
        return node

    for _ in range(300):
        read_posting(f'<script type="application/ld+json">{json.dumps(anything(0))}</script>')


# Pasted text


def test_pasted_text_with_labels_is_read_field_by_field():
    text = page("pasted_labelled.txt")
    posting = read_posting_text(text)
    assert (posting.role_title, posting.company, posting.location) == (
        "Site Reliability Engineer",
        "Northwind Analytics",
        "Remote (EU time zones)",
    )
    assert (posting.workplace, posting.employment_type, posting.source, posting.found) == (
        "remote",
        "full_time",
        "text",
        True,
    )
    assert posting.description_text == text.strip()
    assert posting.description_html.endswith(
        "<p>What we offer</p><ul><li>30 days of holiday</li><li>A learning budget</li></ul>"
    )


def test_pasted_prose_gives_up_its_company_and_role_from_the_hiring_sentence():
    posting = read_posting_text(page("pasted_prose.txt"))
    assert (posting.role_title, posting.company, posting.workplace) == (
        "Senior Firmware Engineer",
        "Fernhill Robotics",
        "hybrid",
    )


@pytest.mark.parametrize(
    "text, role, company",
    [
        ("Job title: Staff Engineer\nEmployer: Quarry Labs", "Staff Engineer", "Quarry Labs"),
        ("Backend Engineer at Fernhill Robotics\n\nWe build robots.", "Backend Engineer", "Fernhill Robotics"),
        (
            "Senior Data Scientist\n\nAbout Northwind Analytics\nWe count things.",
            "Senior Data Scientist",
            "Northwind Analytics",
        ),
        ("Come and join Lumen & Pike as a Shift Lead for our Bristol site.", "Shift Lead", "Lumen & Pike"),
        ("About the role\nYou will answer customers.\n\nAbout you\nYou like people.", "", ""),
        ("We are hiring! Send us your CV.", "", ""),
    ],
)
def test_pasted_text_fills_role_and_company_only_where_it_says_them_plainly(text, role, company):
    posting = read_posting_text(text)
    assert (posting.role_title, posting.company) == (role, company)


def test_pasted_text_is_escaped_in_its_html_version():
    posting = read_posting_text("Engineer <script>alert(1)</script>\n\nfine & dandy")
    assert posting.description_html == "<p>Engineer &lt;script&gt;alert(1)&lt;/script&gt;</p><p>fine &amp; dandy</p>"


def test_empty_pasted_text_reads_as_nothing_found():
    assert read_posting_text("  \n ") == Posting()


# The sanitiser on its own


@pytest.mark.parametrize(
    "dirty, clean",
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p><img src="x" onerror="alert(1)">Hi</p>', "<p>Hi</p>"),
        ('<p onclick="x()" class="big" style="color:red" lang="en" title="t">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', f"<a {REL}>x</a>"),
        ('<a href="JaVaScRiPt&#58;alert(1)">x</a>', f"<a {REL}>x</a>"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', f"<a {REL}>x</a>"),
        (
            '<a href="https://ok.example/" target="_blank" rel="opener">x</a>',
            f'<a href="https://ok.example/" {REL}>x</a>',
        ),
        ('<iframe src="https://evil.example"></iframe><p>after</p>', "<p>after</p>"),
        ("<style>p { display: none }</style><p>shown</p>", "<p>shown</p>"),
        ('<svg onload="alert(1)"><script>alert(2)</script><text>t</text></svg><p>ok</p>', "<p>ok</p>"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', ""),
        (
            "<h1>Title</h1><h5>Small</h5><div>Block</div><span>inline</span>",
            "<h2>Title</h2><h4>Small</h4><p>Block</p>inline",
        ),
        ('<a href="/apply">apply</a>', f"<a {REL}>apply</a>"),  # a relative link would point into our site
        ("<p></p><p> <br> </p><p>kept</p>", "<p>kept</p>"),
    ],
)
def test_the_sanitiser_keeps_only_the_allowed_markup(dirty, clean):
    assert clean_description(dirty) == clean


def test_relative_links_are_resolved_against_the_posting_page():
    html = clean_description('<a href="/apply">apply</a>', base_url="https://boards.example/jobs/1")
    assert html == f'<a href="https://boards.example/apply" {REL}>apply</a>'


def test_the_plain_text_keeps_paragraphs_lines_and_list_items():
    html = "<h2>Role</h2><p>First line<br>second   line</p><ul><li>one</li><li>two</li></ul><p>End</p>"
    assert description_text(html) == "Role\n\nFirst line\nsecond line\n\n- one\n- two\n\nEnd"
