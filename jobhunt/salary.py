"""Pay as people write it ("€60–70k", "£350 a day", "$120,000 - $140,000 per year") read into
numbers, a currency and a period; and written back the same way for pages and exports.

Used where pay arrives as text: the free-text salary of earlier versions (migrated), a
spreadsheet's salary column, a posting's pasted text. What does not read cleanly is left to the
person (kept as text in the notes), never guessed.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models

# Sane bounds for any amount: above zero, below ten million a period.
MAX_AMOUNT = Decimal("10000000")


class PayPeriod(models.TextChoices):
    YEAR = "year", "a year"
    MONTH = "month", "a month"
    WEEK = "week", "a week"
    DAY = "day", "a day"
    HOUR = "hour", "an hour"


SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY", "₹": "INR", "₩": "KRW", "₺": "TRY", "zł": "PLN"}
WRITTEN = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "INR": "₹"}
_PERIODS = [
    (PayPeriod.HOUR, r"(?:/|per |an |a |p\.?\s?)h(?:ou)?r\b|hourly"),
    (PayPeriod.DAY, r"(?:/|per |a )day\b|daily|\bp\.?d\.?\b"),
    (PayPeriod.WEEK, r"(?:/|per |a )w(?:ee)?k\b|weekly"),
    (PayPeriod.MONTH, r"(?:/|per |a )(?:month|mo)\b|monthly|\bp\.?m\.?\b"),
    (PayPeriod.YEAR, r"(?:/|per |a )(?:year|yr|annum)\b|annual(?:ly)?|yearly|\bp\.?a\.?\b"),
]
_NUMBER = r"(\d[\d,.\s]*\d|\d)\s*([kKmM]?)"


@dataclass(frozen=True)
class Pay:
    minimum: Decimal
    maximum: Decimal
    currency: str = ""
    period: str = ""

    @property
    def clear(self) -> bool:
        """Says what the amount is per, or in what: "45-50" alone may be thousands or not."""
        return bool(self.currency or self.period)

    def as_advertised(self) -> dict:
        """An Application's advertised range, as keyword arguments."""
        return {
            "salary_min": self.minimum,
            "salary_max": self.maximum,
            "salary_currency": self.currency,
            "salary_period": self.period,
        }


def parse(text: str) -> Pay | None:
    """Pay read from `text`, or None when it does not read as an amount or a range."""
    text = (text or "").strip()
    if not text or len(text) > 200:
        return None
    amounts = [_amount(digits, multiplier) for digits, multiplier in re.findall(_NUMBER, text)[:2]]
    if not amounts or None in amounts:
        return None
    # "60-70k": the k of the last number is the k of both.
    if len(amounts) == 2 and amounts[0] < 1000 <= amounts[1] and re.search(r"\d\s*[kK]", text):
        amounts[0] *= 1000
    low, high = min(amounts), max(amounts)
    if low <= 0 or high >= MAX_AMOUNT:
        return None
    return Pay(low, high, _currency(text), _period(text, high))


def _amount(digits: str, multiplier: str) -> Decimal | None:
    digits = digits.replace(" ", "")
    # "1,234.56" and "1.234,56": the last separator followed by two digits is the decimal one.
    if re.search(r"[.,]\d{2}$", digits) and not re.search(r"[.,]\d{3}$", digits):
        whole, fraction = digits[:-3], digits[-2:]
        digits = re.sub(r"[.,]", "", whole) + "." + fraction
    else:
        digits = re.sub(r"[.,]", "", digits)
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return value * {"k": 1000, "m": 1_000_000}.get(multiplier.lower(), 1)


def _currency(text: str) -> str:
    code = re.search(r"\b([A-Z]{3})\b", text)
    if code and code[1] not in {"DOE", "OTE", "TBC", "TBD"}:
        return code[1]
    for symbol, currency in SYMBOLS.items():
        if symbol in text:
            return currency
    return ""


def _period(text: str, amount: Decimal) -> str:
    lowered = text.lower()
    for period, pattern in _PERIODS:
        if re.search(pattern, lowered):
            return period
    # No word for it: pay in the thousands is yearly pay, as postings write it.
    return PayPeriod.YEAR if amount >= 1000 else ""


def shown(minimum, maximum=None, currency: str = "", period: str = "") -> str:
    """ "€60,000–70,000 a year", "£350 a day", "60,000 (currency not given)"; "" with no amount."""
    if minimum is None and maximum is None:
        return ""
    low, high = (minimum if minimum is not None else maximum), (maximum if maximum is not None else minimum)
    symbol = WRITTEN.get(currency, "")

    def written(amount) -> str:
        return f"{amount:,.2f}".removesuffix(".00")

    amount = written(low) if low == high else f"{written(low)}–{written(high)}"
    text = f"{symbol}{amount}" if symbol else f"{amount} {currency}".strip()
    label = PayPeriod(period).label if period in PayPeriod.values else ""
    return f"{text} {label}".strip()
