"""Reading a pasted email from a company: what it says (a "no", an interview, an offer) and which
application it is about. Rules, not guesses from a model: every suggestion carries the words that
led to it, and nothing changes until the person confirms.

What it says: each rule below is a phrase with a weight. A phrase counts once, and not when the
sentence makes it conditional ("if you are not selected…") or, for invitations and offers,
negates it ("we won't be inviting you to interview", "an offer to another candidate"). The
stage with the highest total wins if it reaches STRONG and is not tied; otherwise Rebound says it
can't tell. Quoted replies (lines starting with ">" and everything after "On … wrote:") are left out.

Which application: the person's live and silent applications are scored on the sender (a contact's
address, the company's web domain, its name in the address), the company's name in the text and
the role's title; see `match_applications`.
"""

import re
from dataclasses import dataclass, field
from email.utils import getaddresses

from django.db.models import Q

from jobhunt.models import LIVE, Application, Contact, Status

STRONG = 3
# A role title alone (3) is not enough: many companies hire "Platform Engineers".
MIN_MATCH_SCORE = 4


@dataclass(frozen=True)
class Rule:
    status: str  # a Status, or ACKNOWLEDGED
    pattern: re.Pattern
    weight: int
    positive: bool = False  # an invitation or an offer: a negation in the sentence cancels it


ACKNOWLEDGED = "acknowledged"  # "we received your application": news, but no change


def _rules(status: str, weight: int, phrases: list[str], *, positive: bool = False) -> list[Rule]:
    return [Rule(status, re.compile(phrase, re.IGNORECASE), weight, positive) for phrase in phrases]


_CANDIDATES = r"(?:candidates?|applicants?|people|profiles?|individuals?)"
RULES = [
    *_rules(
        Status.REJECTED,
        4,
        [
            rf"(?:decided|chosen|decision) to (?:move|go|proceed) forward with (?:an?other|other|different|"
            rf"(?:a|an) (?:different|other)) {_CANDIDATES}",
            rf"mov(?:e|ing) forward with (?:an?other|other|different) {_CANDIDATES}",
            r"(?:not|n't) (?:be )?mov(?:e|ing) forward",
            r"not to move forward",
            r"(?:position|role|vacancy|job) (?:has|have) (?:now |already )?been filled",
            r"(?:will|shall|are|have decided to) not (?:be )?proceed(?:ing)?",
            r"(?:won't|will not|cannot|can't|are unable to|decided not to) (?:be )?proceed(?:ing)?",
            rf"(?:decided|chosen|opted) to pursue other {_CANDIDATES}",
            rf"pursu(?:e|ing) other {_CANDIDATES}",
            r"(?:not|n't) (?:been )?(?:selected|shortlisted|successful)",
            r"regret to (?:inform|let you know|tell you)",
            r"(?:unable|not able|not in a position) to offer you",
            rf"(?:offer|position|role) (?:to|with) (?:an?other|a different) {_CANDIDATES}",
            rf"(?:extended|made|accepted) an offer to (?:another|a different|an external) {_CANDIDATES}",
            r"(?:won't|will not|not) be (?:inviting|progressing|taking) (?:you\b|your application)",
            r"decided not to (?:progress|continue|invite|pursue)",
            r"(?:not|n't) (?:be )?(?:progressing|continuing) with your (?:application|candidacy)",
            r"(?:your application|you) (?:was|were|has been|have been) unsuccessful",
            r"(?:other|another) (?:candidates?|applicants?) (?:whose|who) (?:experience|skills|background|profile)",
        ],
    ),
    *_rules(
        Status.REJECTED,
        2,
        [
            r"more closely (?:matche[sd]|aligned?|fits?)",
            r"keep your (?:cv|resume|résumé|details|profile|information) on file",
            r"wish you (?:the best|every success|all the best|luck|success)",
            r"after careful consideration",
            r"highly competitive",
        ],
    ),
    *_rules(Status.REJECTED, 1, [r"\bunfortunately\b", r"\bregret\b"]),
    *_rules(
        Status.INTERVIEWING,
        4,
        [
            r"invit(?:e|ing) you (?:to|for) (?:an? |the |our )?(?:\w+ )?(?:interview|call|chat|conversation|meeting|"
            r"onsite|on-site|visit|assessment)",
            r"(?:like|love|happy|pleased|delighted) to invite you",
            r"invitation to (?:an? )?(?:\w+ )?interview",
            r"schedul(?:e|ing) (?:a|an|the|your|some) (?:\w+ )?(?:call|interview|chat|time|meeting|conversation)",
            r"set up (?:a|an|the) (?:\w+ )?(?:call|interview|chat|time|meeting)",
            r"(?:to|for|into) the next (?:round|stage|step)",
            r"\bnext round\b",
            r"(?:move|moving|progress|progressing) (?:you )?forward (?:with|to) (?:your|the next)",
            r"availability (?:for|over|next|this|on|in)",
            r"(?:share|send|let (?:me|us) know) your availability",
            r"(?:what|which) (?:times?|days?|slots?) (?:would )?(?:work|suit|are good)",
            r"(?:book|pick|choose) (?:a|an) (?:time|slot)",
            r"meet (?:the|our) (?:team|hiring manager|founders?)",
            r"interview invitation",
        ],
        positive=True,
    ),
    # An interview named in passing: rejections after one often mention it too.
    *_rules(
        Status.INTERVIEWING,
        2,
        [r"(?:technical|final|onsite|on-site|panel|video|phone|first|second|third) interview"],
        positive=True,
    ),
    *_rules(
        Status.OFFER,
        5,
        [
            r"(?:pleased|happy|delighted|excited|thrilled|glad) to (?:formally )?offer you",
            r"(?:pleased|happy|delighted|excited|thrilled|glad) to (?:extend|make) (?:you )?(?:an|a|the)? ?"
            r"(?:formal |written |verbal )?offer",
            r"\boffer letter\b",
            r"extend (?:you )?an offer",
            r"offer of employment",
            r"(?:formal|written|verbal|job) offer",
            r"(?:like|love) to offer you",
        ],
        positive=True,
    ),
    *_rules(
        ACKNOWLEDGED,
        3,
        [
            r"(?:received|receipt of) your application",
            r"thank you for (?:applying|your application|your interest)",
            r"(?:will|we'll) (?:review|be reviewing) your application",
            r"(?:not|n't) (?:yet )?made a (?:final )?decision",
            r"still (?:reviewing|considering|interviewing)",
            r"(?:will|we'll) be in touch",
        ],
    ),
]

_NEGATION = re.compile(
    r"\b(?:not|no|never|unable|cannot|won't|wouldn't|isn't|aren't|can't|don't|didn't|unfortunately|instead)\b|n't\b",
    re.IGNORECASE,
)
_ELSEWHERE = re.compile(
    r"^\s*(?:to|with|for) (?:an?other|a different|other|an external) (?:candidate|applicant|person|people)|"
    r"^\s*to someone else",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"\b(?:if|should|whether|in case|unless|in the event)\b", re.IGNORECASE)
_QUOTED_START = re.compile(
    r"^(?:on .{0,120} wrote:|-{2,} ?original message ?-{2,}|-{2,} ?forwarded message ?-{2,}|from: .+ sent: .+)",
    re.IGNORECASE,
)
_REPLY_SUBJECT = re.compile(r"^\s*(?:re|fw|fwd|aw|sv)\s*:", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:]|\bbut\b|\bhowever\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
LABELS = {
    Status.REJECTED: "a rejection",
    Status.INTERVIEWING: "an interview invitation",
    Status.OFFER: "an offer",
    ACKNOWLEDGED: "a note that they have your application (nothing to change)",
}


@dataclass
class Email:
    subject: str = ""
    sender_name: str = ""
    sender: str = ""  # address, lower case
    addresses: list[str] = field(default_factory=list)  # every address in it, the sender first
    body: str = ""

    @property
    def text(self) -> str:
        return f"{self.subject}\n{self.sender_name}\n{self.body}"


@dataclass
class Reading:
    status: str | None  # the suggested stage, ACKNOWLEDGED, or None when unclear
    reasons: list[str]  # the phrases that decided it, as they appear in the email
    scores: dict[str, int]

    @property
    def label(self) -> str:
        return LABELS.get(self.status, "")

    @property
    def suggests_move(self) -> bool:
        return self.status in Status.values


_HEADER = re.compile(r"^\s*(from|to|cc|subject|date|sent|reply-to)\s*:\s*(.*)$", re.IGNORECASE)
# Starts only where a word starts, with bounded parts: a long run of letters is read once, not
# once from every position (a 50,000-letter paste took seconds).
_ADDRESS = re.compile(r"(?<![\w.+'-])[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")


def parse(text: str) -> Email:
    """Headers pasted along with the email (From, Subject…) and the body without quoted replies."""
    email = Email()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body_start = 0
    for number, line in enumerate(lines[:20]):
        header = _HEADER.match(line)
        if not header:
            if line.strip() and number - body_start > 0:
                break
            continue
        name, value = header[1].lower(), header[2].strip()
        if name == "subject":
            email.subject = value
        elif name == "from":
            (display, address), *_ = getaddresses([value]) or [("", "")]
            found = _ADDRESS.search(address or value)
            email.sender = found[0].lower() if found else ""
            email.sender_name = display.strip().strip('"') or value.split("<")[0].strip()
        body_start = number + 1
    kept = []
    for line in lines[body_start:]:
        if _QUOTED_START.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    email.body = "\n".join(kept).strip()
    found = [address.lower() for address in _ADDRESS.findall(email.body)]
    email.addresses = list(dict.fromkeys([email.sender, *found] if email.sender else found))
    return email


def classify(email: Email) -> Reading:
    # A reply's subject ("Re: could we schedule a call?") is the person's own words, not news.
    subject = "" if _REPLY_SUBJECT.match(email.subject) else email.subject
    scores: dict[str, int] = {}
    reasons: dict[str, list[str]] = {}
    for sentence in _SENTENCE_END.split(f"{subject}.\n{email.body}"):
        sentence = " ".join(sentence.split())
        counted: list[tuple[int, int]] = []  # spans already scored: overlapping rules count once
        for rule in RULES:
            for match in rule.pattern.finditer(sentence):
                # The clause the phrase sits in: "I'm not sure you saw this, but we'd like to
                # invite you…" is still an invitation.
                clause = _CLAUSE_BREAK.split(sentence[: match.start()])[-1]
                if _CONDITIONAL.search(clause):
                    continue
                if rule.positive and (_NEGATION.search(clause) or _ELSEWHERE.search(sentence[match.end() :])):
                    continue
                if any(match.start() < end and start < match.end() for start, end in counted):
                    continue
                phrase = match[0].strip()
                if phrase.lower() in (reason.lower() for reason in reasons.get(rule.status, [])):
                    continue
                counted.append(match.span())
                scores[rule.status] = scores.get(rule.status, 0) + rule.weight
                reasons.setdefault(rule.status, []).append(phrase)
                break
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best = ranked[0] if ranked else (None, 0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if best[1] < STRONG or best[1] == runner_up:
        return Reading(status=None, reasons=[], scores=scores)
    return Reading(status=best[0], reasons=reasons[best[0]], scores=scores)


# Matching --------------------------------------------------------------------------------------

# Mail and applicant-tracking services: their domain says nothing about the company.
SHARED_DOMAINS = {
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "icloud.com",
    "proton.me",
    "protonmail.com",
    "greenhouse.io",
    "greenhouse-mail.io",
    "lever.co",
    "hire.lever.co",
    "myworkday.com",
    "workday.com",
    "smartrecruiters.com",
    "ashbyhq.com",
    "icims.com",
    "teamtailor.com",
    "recruitee.com",
    "personio.de",
    "personio.com",
    "workable.com",
    "bamboohr.com",
    "jobvite.com",
    "taleo.net",
    "successfactors.com",
    "linkedin.com",
    "indeed.com",
    "breezy.hr",
    "jazzhr.com",
    "pinpointhq.com",
}
_STOPWORDS = {"and", "the", "for", "with", "senior", "junior", "lead", "staff", "principal", "of", "ltd", "inc", "gmbh"}


@dataclass
class Match:
    application: Application
    score: int
    reasons: list[str]


def _base_domain(host: str) -> str:
    parts = host.lower().removeprefix("www.").split(".")
    # Two-part public suffixes (co.uk, com.au…) keep one more label.
    keep = 3 if len(parts) >= 3 and len(parts[-2]) <= 3 and len(parts[-1]) == 2 else 2
    return ".".join(parts[-keep:])


def _website_domain(url: str) -> str:
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
    return _base_domain(host) if "." in host else ""


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_WORD = re.compile(r"[^\W_]+|[+#]")


def _words(text: str) -> str:
    """ " fernhill robotics backend … ": lower-case words between single spaces, so a name is
    found with one substring search whatever the punctuation around it."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def _mentions(words: str, phrase: str) -> bool:
    phrase = _words(phrase)
    return phrase != "  " and phrase in words


def _role_words(title: str) -> list[str]:
    return [word for word in _words(title).split() if len(word) > 2 and word not in _STOPWORDS]


def candidates(user):
    """The applications an email can be news about: live ones and those gone silent."""
    return (
        Application.objects.for_user(user)
        .filter(status__in=[*LIVE, Status.GHOSTED])
        .select_related("company")
        .only("pk", "role_title", "status", "status_changed_at", "company__name", "company__website")
        .order_by("company__name", "role_title", "pk")
    )


def match_applications(user, email: Email, limit: int = 3) -> tuple[list[Match], list[Application]]:
    """(best matches with their reasons, every candidate application) in three queries whatever
    the number of applications."""
    applications = list(candidates(user))
    linked: dict[int, set[str]] = {}
    links = Application.contacts.through.objects.filter(
        application__user=user, application__status__in=[*LIVE, Status.GHOSTED]
    ).exclude(contact__email="")
    for application_id, address in links.values_list("application_id", "contact__email"):
        linked.setdefault(application_id, set()).add(address.lower())
    people_at: dict[int, dict[str, str]] = {}
    addresses = email.addresses[:20]
    if addresses:
        any_case = Q()
        for address in addresses:
            any_case |= Q(email__iexact=address)
        for company_id, address, name in (
            Contact.objects.for_user(user).filter(any_case).values_list("company_id", "email", "name")
        ):
            people_at.setdefault(company_id, {})[address.lower()] = name
    words = _words(email.text)  # read once: every application is looked for in it
    sender_domain = email.sender.partition("@")[2]
    sender_base = _base_domain(sender_domain) if sender_domain else ""
    matches = []
    for application in applications:
        score, reasons = _score(application, email, words, sender_base, linked, people_at)
        if score >= MIN_MATCH_SCORE:
            matches.append(Match(application, score, reasons))
    matches.sort(key=lambda match: (-match.score, -match.application.status_changed_at.timestamp()))
    return matches[:limit], applications


def _score(application, email, words, sender_base, linked, people_at) -> tuple[int, list[str]]:
    company = application.company
    score, reasons = 0, []
    own_people = linked.get(application.pk, set())
    if email.sender and email.sender in own_people:
        score += 6
        reasons.append(f"it comes from {email.sender}, a contact on this application")
    else:
        people = people_at.get(company.pk, {})
        if email.sender in people:
            score += 5
            reasons.append(f"it comes from {people[email.sender]}, your contact at {company.name}")
        elif person := next((name for address, name in people.items() if address in email.addresses), None):
            score += 3
            reasons.append(f"it gives the address of {person}, your contact at {company.name}")
    if sender_base and sender_base not in SHARED_DOMAINS:
        website = _website_domain(company.website)
        name, label = _squash(company.name), _squash(sender_base.split(".")[0])
        if website and sender_base == website:
            score += 5
            reasons.append(f"it was sent from {sender_base}, {company.name}'s website")
        elif len(name) >= 4 and (name in label or (len(label) >= 5 and name.startswith(label))):
            score += 4
            reasons.append(f"it was sent from {sender_base}")
    if _mentions(words, company.name):
        score += 4
        reasons.append(f"it mentions {company.name}")
    if _mentions(words, application.role_title):
        score += 3
        reasons.append(f"it mentions the role, {application.role_title}")
    else:
        found = [word for word in _role_words(application.role_title) if f" {word} " in words]
        if found:
            score += min(len(found), 2)
            reasons.append(f"it mentions {', '.join(found[:3])}")
    return score, reasons
