"""Reading a posting's fields from words rather than markup: page titles ("Role at Company",
"Role - Company | Board"), text a person pasted, and the small values fields carry (amounts,
periods, currency codes, dates, employment types). Each guess fills a field only when the words
say it plainly; a blank field is better than a wrong one the person has to notice and fix.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

SHORT_MAX = 200  # the models' max_length for short text fields
SALARY_MAX = Decimal(10_000_000)  # more than this is a typo or a joke, not a salary


def short(value: str, limit: int = SHORT_MAX) -> str:
    """One line of text: whitespace collapsed, cut to `limit` characters."""
    return re.sub(r"\s+", " ", value or "").strip()[:limit].rstrip()


_ROLE_WORDS = re.compile(
    r"\b(?:engineer|developer|programmer|manager|designer|analyst|scientist|architect|lead|director|head|vp"
    r"|president|specialist|consultant|coordinator|intern|internship|assistant|associate|officer|administrator"
    r"|representative|executive|recruiter|writer|editor|accountant|nurse|teacher|technician|researcher|advisor"
    r"|adviser|strategist|owner|marketer|sre|devops|counsel|attorney|lawyer|trainee|apprentice|fellow|chef"
    r"|agent|clerk|buyer|planner|controller|auditor|economist|therapist|physician|pharmacist|tester|qa"
    r"|support|operator|partner|principal|staff|senior|junior|student)s?\b",
    re.IGNORECASE,
)

# Job boards and career-site hosts: their name as a title segment or og:site_name is not the
# employer. Matched whole, so "Head of Talent at Greenhouse" still names its company.
_BOARDS = re.compile(
    r"(?:linkedin|indeed|glassdoor|greenhouse|lever|workday|myworkdayjobs|workable|smartrecruiters|ashby|monster"
    r"|ziprecruiter|stepstone|welcome to the jungle|otta|wellfound|angellist|bamboohr|recruitee|personio|teamtailor"
    r"|jobvite|icims|xing|dice|built ?in|totaljobs|reed|seek|careerbuilder|simplyhired|remoteok|we work remotely)"
    r"(?:\.com|\.co\.uk|\.de|\.io)?(?:\s+(?:jobs?|job boards?|careers?))?",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"^(?:careers?|jobs?|job details|job description|job posting|apply|apply now|home|open (?:positions|roles)"
    r"|current openings|vacancies|vacancy)$",
    re.IGNORECASE,
)
_TITLE_PREFIX = re.compile(r"^(?:job application for|apply for|apply to|job:|vacancy:|careers?:|hiring:)\s+", re.I)
_TITLE_SEPARATORS = re.compile(r"\s*[|·•]\s*|\s+[-–—]\s+")
_SITE_SUFFIX = re.compile(r"[\s,–—-]+(?:careers?|jobs|job board|career site|career page)$", re.IGNORECASE)


def looks_like_role(text: str) -> bool:
    return bool(_ROLE_WORDS.search(text))


def is_job_board(name: str) -> bool:
    return bool(_BOARDS.fullmatch(name.strip()))


def company_from_site_name(site: str) -> str:
    """og:site_name as an employer: "" for a job board, "Acme" for "Acme Careers"."""
    site = short(site)
    if not site or is_job_board(site):
        return ""
    return short(_SITE_SUFFIX.sub("", site))


def split_title(title: str) -> tuple[str, str]:
    """(role, company) from a page title; either may be "" when the title doesn't say."""
    title = _TITLE_PREFIX.sub("", short(html.unescape(title or ""), 500))
    segments = [s.strip() for s in _TITLE_SEPARATORS.split(title)]
    segments = [s for s in segments if s and not _NOISE.match(s) and not is_job_board(s)]
    if not segments:
        return "", ""
    first = segments[0]
    hiring = re.match(r"^(?P<company>.+?) (?:is )?hiring (?:an? )?(?P<role>.+?)(?: in .+)?$", first)
    if hiring:  # LinkedIn's "Acme hiring Backend Engineer in Berlin"
        return short(hiring["role"]), short(hiring["company"])
    role, at, company = first.rpartition(" at ")
    if at and role.strip() and company.strip():
        return short(role), short(company)
    if len(segments) >= 2:
        a, b = segments[0], segments[1]
        # Most boards put the role first; some (Lever-like) put the company first.
        if looks_like_role(b) and not looks_like_role(a):
            return short(b), short(a)
        return short(a), short(b)
    return short(first), ""


_EMPLOYMENT = {
    "FULL_TIME": "full_time",
    "FULLTIME": "full_time",
    "PART_TIME": "part_time",
    "PARTTIME": "part_time",
    "CONTRACTOR": "contract",
    "CONTRACT": "contract",
    "FREELANCE": "contract",
    "FREELANCER": "contract",
    "TEMPORARY": "temporary",
    "TEMP": "temporary",
    "SEASONAL": "temporary",
    "FIXED_TERM": "temporary",
    "INTERN": "internship",
    "INTERNSHIP": "internship",
}


def employment_type(value: str) -> str:
    """schema.org's FULL_TIME etc., or the human "Full-time", as our code; "" when unknown."""
    key = re.sub(r"[\s-]+", "_", (value or "").strip()).upper()
    return _EMPLOYMENT.get(key, "")


def workplace_from_words(value: str) -> str:
    """Our workplace code from a short phrase such as a location or a label's value, else ""."""
    value = value.casefold()
    if re.search(r"\bhybrid\b", value):
        return "hybrid"
    if re.search(r"\b(?:on[- ]?site|in[- ]office|office[- ]based)\b", value):
        return "on_site"
    if re.search(r"\bremote\b", value):
        return "remote"
    return ""


def workplace_hint(title: str, description: str) -> str:
    """What the words say when the markup doesn't: "hybrid" anywhere; remote/on-site only in the title
    (descriptions mention "remote" too loosely: "remote-friendly team, but this role is in Berlin")."""
    if re.search(r"\bhybrid\b", f"{title}\n{description}", re.IGNORECASE):
        return "hybrid"
    return workplace_from_words(title)


def amount(value: object) -> Decimal | None:
    """A positive amount up to SALARY_MAX from a number or a numeric string ("55,000.00"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        text = str(value)
    elif isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u202f]", "", value).strip("$€£¥")
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
            text = text.replace(",", "")
        elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", text):  # "55.000,00"
            text = text.replace(".", "").replace(",", ".")
        elif not re.fullmatch(r"\d+(?:\.\d+)?", text):
            return None
    else:
        return None
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number <= 0 or number > SALARY_MAX:
        return None
    return number.quantize(Decimal("0.01"))


_PERIODS = {
    "YEAR": "year", "YEARLY": "year", "ANNUAL": "year", "ANNUALLY": "year", "ANNUM": "year", "P1Y": "year",
    "MONTH": "month", "MONTHLY": "month", "P1M": "month",
    "WEEK": "week", "WEEKLY": "week", "P1W": "week",
    "DAY": "day", "DAILY": "day", "P1D": "day",
    "HOUR": "hour", "HOURLY": "hour", "PT1H": "hour",
}  # fmt: skip


def salary_period(value: object) -> str:
    return _PERIODS.get(value.strip().upper().replace("PER ", ""), "") if isinstance(value, str) else ""


def currency_code(value: object) -> str:
    return value.strip().upper() if isinstance(value, str) and re.fullmatch(r"\s*[A-Za-z]{3}\s*", value) else ""


def iso_date(value: object) -> date | None:
    """The date part of an ISO date or datetime, zone or not, kept as written; else None."""
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})", value)
    if not match:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day if 1970 <= day.year <= 2100 else None


_BULLET = re.compile(r"^[-*•·]\s+")


def paragraphs_html(text: str) -> str:
    """Plain text as safe HTML: blank lines separate paragraphs, runs of "- "/"• " lines become lists."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        start = 0
        while start < len(lines):
            bullet = bool(_BULLET.match(lines[start]))
            end = start
            while end < len(lines) and bool(_BULLET.match(lines[end])) == bullet:
                end += 1
            run = [html.escape(_BULLET.sub("", line)) for line in lines[start:end]]
            out.append(
                "<ul><li>" + "</li><li>".join(run) + "</li></ul>" if bullet else "<p>" + "<br>".join(run) + "</p>"
            )
            start = end
    return "".join(out)


@dataclass
class TextGuess:
    role_title: str = ""
    company: str = ""
    location: str = ""
    employment_type: str = ""
    workplace: str = ""


_LABEL = re.compile(r"^(?:[-*•]\s*)?(?P<label>[A-Za-z][A-Za-z /]{1,30}?)\s*[:：]\s*(?P<value>\S.*)$")
_LABELS = {
    "role_title": {"job title", "title", "position", "role", "job", "position title", "job role", "vacancy", "opening"},
    "company": {"company", "employer", "organisation", "organization", "company name", "hiring company"},
    "location": {"location", "job location", "work location", "office location", "based in"},
    "employment_type": {"employment type", "job type", "contract type", "employment", "type", "contract"},
    "workplace": {"workplace", "workplace type", "work model", "work arrangement", "working model", "remote"},
}
# An employer's name: up to six capitalised words (bounded, so a long text can't make it slow).
_WORD = r"[A-Z][\w&'’-]{0,40}(?:\.\w+)?"
_NAME = rf"(?<![\w'’&.-]){_WORD}(?:\s+(?:{_WORD}|&|of|and|de|von)){{0,5}}"
_ROLE = r"[^.,;:!?()\n]{3,80}?"
_ROLE_END = r"(?=\s+(?:to|who|in|for|with|based|at|on|that|and|from|where|this|starting)\b|[.,;:!?()\n]|$)"
_HIRING = re.compile(
    rf"(?P<company>{_NAME})\s+(?:is|are)\s+(?:currently\s+)?(?:hiring|looking\s+for|seeking|recruiting)\s+"
    rf"(?:an?\s+|our\s+(?:next|new)\s+|a\s+new\s+)?(?P<role>{_ROLE}){_ROLE_END}"
)
_JOIN = re.compile(
    rf"(?i:\bjoin)\s+(?:(?i:us\s+at|the\s+team\s+at)\s+)?(?P<company>{_NAME})\s+(?i:as)\s+"
    rf"(?:(?i:an?|our|the)\s+(?:(?i:next|new)\s+)?)?(?P<role>{_ROLE}){_ROLE_END}"
)
_ABOUT = re.compile(rf"^(?i:about)\s+(?P<company>{_NAME})\s*:?$")
_NOT_NAMES = {"we", "our", "the", "this", "you", "us", "your", "it", "they", "role", "position", "job", "team", "who"}


def _a_name(candidate: str) -> str:
    """`candidate` if it could be an employer's name, else ""."""
    words = candidate.split()
    if not words or words[0].casefold() in _NOT_NAMES or len(words) > 6:
        return ""
    return short(candidate)


def guess_from_text(text: str) -> TextGuess:
    """Read labelled lines ("Company: …"), telling sentences and a title-like first line."""
    guess = TextGuess()
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for line in lines[:300]:
        match = _LABEL.match(line)
        if not match:
            continue
        label, value = match["label"].strip().casefold(), short(match["value"])
        for name, labels in _LABELS.items():
            if label in labels and not getattr(guess, name):
                if name == "employment_type":
                    value = employment_type(value)
                elif name == "workplace":
                    value = workplace_from_words(value) or ("remote" if value.casefold() in ("yes", "true") else "")
                setattr(guess, name, value)
    if lines and not guess.role_title:
        first = lines[0]
        looks_like_a_title = len(first) <= 120 and len(first.split()) <= 14 and not first.endswith((".", "!", "?"))
        if looks_like_a_title and not _LABEL.match(first) and looks_like_role(first):
            role, company = split_title(first)
            guess.role_title = role
            guess.company = guess.company or _a_name(company)
    prose = "\n".join(lines[:200])
    for pattern in (_HIRING, _JOIN):
        match = pattern.search(prose)
        if match and _a_name(match["company"]):
            guess.company = guess.company or _a_name(match["company"])
            guess.role_title = guess.role_title or short(match["role"])
    if not guess.company:
        for line in lines[:200]:
            match = _ABOUT.match(line)
            if match and _a_name(match["company"]):
                guess.company = _a_name(match["company"])
                break
    if not guess.workplace:
        guess.workplace = workplace_from_words(guess.location) or workplace_hint(guess.role_title, prose)
    return guess
