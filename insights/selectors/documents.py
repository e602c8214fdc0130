"""What was sent, read against what came back: replies and interviews by CV version, and what was
offered next to what was asked. Read-only; one statement each."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F

from core import sql
from core.pages import address_of
from insights.selectors.common import Rates
from jobhunt import selectors as jobhunt
from jobhunt.models import Application
from jobhunt.salary import shown

# Under this many applications sent with a version, its rates say more about luck than about it.
FEW_SENT = 5


@dataclass(frozen=True)
class CvVersion(Rates):
    document_id: int
    name: str
    sent: int
    heard_back: int
    interviewed: int

    @property
    def too_few(self) -> bool:
        return self.sent < FEW_SENT

    @property
    def url(self) -> str:
        return address_of("jobhunt:document_detail", self.document_id)


# The figures (jobhunt's FIGURE_COUNTS_SQL, the same rules as everywhere: reached >= sent, heard
# back, interviewed) for each CV the person's applications went with, newest version first. The
# groups are the applications' cv_id, through the document's own key (so its name and date can be
# read beside it); the join holds the document to the same person, so no other person's version
# can ever be named.
_BY_CV = f"""
    SELECT d.id, d.name, {jobhunt.FIGURE_COUNTS_SQL}
      FROM jobhunt_application a
      JOIN jobhunt_document d ON d.id = a.cv_id AND d.user_id = a.user_id
     WHERE a.user_id = %(user)s
     GROUP BY d.id, d.name, d.uploaded_at
     ORDER BY d.uploaded_at DESC, d.id DESC
"""  # noqa: S608 (constants only)


def cv_versions(user) -> list[CvVersion]:
    """Each CV version that went with at least one sent application: sent, heard back,
    interviewed. One grouped query."""
    versions = []
    for document_id, name, *counts in sql.rows(_BY_CV, user=user.pk):
        figures = jobhunt.Figures(*counts)
        if figures.sent:
            versions.append(CvVersion(document_id, name, figures.sent, figures.heard_back, figures.interviewed))
    return versions


@dataclass(frozen=True)
class OfferAgainstAsk:
    application_id: int
    role_title: str
    company: str
    asked: Decimal
    offered: Decimal
    currency: str
    period: str

    @property
    def asked_pay(self) -> str:
        return shown(self.asked, None, self.currency, self.period)

    @property
    def offered_pay(self) -> str:
        return shown(self.offered, None, self.currency, self.period)

    @property
    def difference(self) -> Decimal:
        """The offer against the ask, in percent of the ask, to one decimal."""
        return (100 * (self.offered - self.asked) / self.asked).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def difference_text(self) -> str:
        """ "+8.3%", "−5%", "the same"."""
        difference = self.difference
        if not difference:
            return "the same"
        number = f"{abs(difference):f}".removesuffix(".0")
        return f"+{number}%" if difference > 0 else f"−{number}%"

    @property
    def at_least_asked(self) -> bool:
        return self.offered >= self.asked

    @property
    def url(self) -> str:
        return address_of("jobhunt:application_detail", self.application_id)


def offers_against_asks(user) -> list[OfferAgainstAsk]:
    """Applications with both an asked and an offered amount in the same currency and period (two
    amounts in different units say nothing side by side), most recently moved first. One query."""
    rows = (
        Application.objects.for_user(user)
        .filter(
            asked_salary__isnull=False,
            offered_salary__isnull=False,
            asked_currency=F("offered_currency"),
            asked_period=F("offered_period"),
        )
        .order_by("-status_changed_at", "-pk")
        .values_list(
            "pk", "role_title", "company__name", "asked_salary", "offered_salary", "asked_currency", "asked_period"
        )
    )
    return [OfferAgainstAsk(*row) for row in rows]


def offers_summary(offers: list[OfferAgainstAsk]) -> str:
    """The table in a sentence: "2 of 3 offers came in at or above what you asked for." """
    if not offers:
        return ""
    met = sum(offer.at_least_asked for offer in offers)
    noun = "offer" if len(offers) == 1 else "offers"
    return f"{met} of {len(offers)} {noun} came in at or above what you asked for."
