"""Pay as people write it, read into numbers; and written back the same way."""

from decimal import Decimal

import pytest

from jobhunt import salary
from jobhunt.salary import Pay


@pytest.mark.parametrize(
    ("text", "pay"),
    [
        ("£60–70k", Pay(Decimal(60000), Decimal(70000), "GBP", "year")),
        ("€60k - €70k", Pay(Decimal(60000), Decimal(70000), "EUR", "year")),
        ("$120,000 - $140,000 per year", Pay(Decimal(120000), Decimal(140000), "USD", "year")),
        ("£350 a day", Pay(Decimal(350), Decimal(350), "GBP", "day")),
        ("45 EUR/hour", Pay(Decimal(45), Decimal(45), "EUR", "hour")),
        ("4.500,50 € monthly", Pay(Decimal("4500.50"), Decimal("4500.50"), "EUR", "month")),
        ("CHF 110000 p.a.", Pay(Decimal(110000), Decimal(110000), "CHF", "year")),
        ("55000", Pay(Decimal(55000), Decimal(55000), "", "year")),
        ("45-50", Pay(Decimal(45), Decimal(50), "", "")),
    ],
)
def test_pay_as_people_write_it_is_read_into_numbers(text, pay):
    assert salary.parse(text) == pay


@pytest.mark.parametrize("text", ["", "competitive", "DOE", "£0", "£20m a year", "x" * 201])
def test_what_is_not_an_amount_is_not_guessed(text):
    assert salary.parse(text) is None


def test_an_amount_with_neither_currency_nor_period_is_not_clear():
    assert not salary.parse("45-50").clear
    assert salary.parse("45-50k EUR").clear


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((Decimal(60000), Decimal(70000), "EUR", "year"), "€60,000–70,000 a year"),
        ((Decimal(350), None, "GBP", "day"), "£350 a day"),
        ((Decimal("27.50"), Decimal("27.50"), "USD", "hour"), "$27.50 an hour"),
        ((Decimal(110000), None, "CHF", ""), "110,000 CHF"),
        ((None, Decimal(5000), "", "month"), "5,000 a month"),
        ((None, None, "EUR", "year"), ""),
    ],
)
def test_pay_is_written_back_as_people_read_it(args, words):
    assert salary.shown(*args) == words
