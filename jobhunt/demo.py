"""The demo account: ten weeks of a believable job search, written through the services so that
timelines, reminders and the signals other apps listen to are exactly what real use produces.

Days are counted back from today; a negative day is in the future (an interview still to come).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts import services as accounts
from accounts.models import User
from jobhunt import documents, salary, services
from jobhunt.models import Contact, Document, Interview, Source, Status
from jobhunt.signals import demo_seeded
from reminders import services as reminders

DEMO_EMAIL = "demo@rebound.local"
DEMO_PASSWORD = "rebound-demo"  # noqa: S105  (a public demo login, printed on purpose)

Kind, Outcome, Role = Interview.Kind, Interview.Outcome, Contact.Role


@dataclass
class Company:
    name: str
    website: str = ""
    notes: str = ""


@dataclass
class Person:
    name: str
    company: str | None
    role: str
    email: str = ""
    phone: str = ""
    notes: str = ""
    last_contacted: int | None = None  # days ago
    strength: int = 3


@dataclass
class Meeting:
    kind: str
    day: int
    hour: int
    outcome: str
    people: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass
class Pursuit:
    company: str
    role: str
    location: str
    source: str
    interest: int
    # (status, day, hour, note); the first step is how the application started.
    steps: list[tuple[str, int, int, str]]
    salary: str = ""
    people: list[str] = field(default_factory=list)
    interviews: list[Meeting] = field(default_factory=list)
    next_step: str = ""
    next_step_day: int | None = None
    notes: str = ""
    # Accepted as a side role while the search goes on (its follow-ups keep coming).
    side_role: bool = False
    asked: str = ""  # what I asked for, as typed ("£62k")
    offered: str = ""
    closes_in: int | None = None  # days from today
    description: str = ""


def _site(name: str) -> str:
    # .example is reserved for examples: these links never point at a real company.
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower().replace("&", "and")).strip("-")
    return f"https://{'-'.join(part for part in slug.split('-') if part)}.example"


COMPANIES = [
    Company("Fernhill Robotics", notes="Warehouse robots. Small platform team, very hands-on."),
    Company("Bluebell Pay"),
    Company("Saltmarsh Games", notes="Indie studio, multiplayer backend in Python and Go."),
    Company("Quayside Freight"),
    Company("Harbourlight Media"),
    Company("Glasswing Labs", notes="Climate data start-up, Series A."),
    Company("Juniper Rail"),
    Company("Marigold Travel"),
    Company("Lanternfish AI"),
    Company("Brightwater Analytics", notes="Analytics for housing associations. Hybrid, two days in Leeds."),
    Company("Stonechat Security"),
    Company("Birchwood Software", notes="Builds scheduling software for clinics; friendly, thorough interviews."),
    Company("Larkspur Health"),
    Company("Copperleaf Energy"),
    Company("Tallow & Rye", notes="Bakery chain with its own online shop team."),
    Company("Riverstone Clinics"),
    Company("Codebridge Academy", notes="Evening coding school for career changers."),
    Company("Greyhaven Insurance"),
    Company("Foxglove Retail Tech"),
    Company("Moorhen Mobility"),
    Company("Orchard Lane Foods"),
    Company("Wrenfield University"),
    Company("Pebblestack", notes="Developer tools; fully remote within the UK."),
    Company("Ferrymead Water"),
    Company("Slate & Sparrow"),
    Company("Hollowbrook Energy"),
    Company("Kestrel & Finch Insurance"),
    Company("Cinderford Studio"),
]

PEOPLE = [
    Person(
        "Rosa Mendel",
        "Fernhill Robotics",
        Role.RECRUITER,
        "rosa.mendel@fernhill-robotics.example",
        last_contacted=24,
        strength=3,
    ),
    Person(
        "Maya Lindqvist",
        "Fernhill Robotics",
        Role.HIRING_MANAGER,
        "maya.lindqvist@fernhill-robotics.example",
        notes="Leads the fleet platform team. Said to keep in touch for the next opening.",
        last_contacted=24,
        strength=3,
    ),
    Person("Daniel Achterberg", "Fernhill Robotics", Role.INTERVIEWER, strength=2),
    Person("Jonas Pike", "Hollowbrook Energy", Role.RECRUITER, "jonas.pike@hollowbrook-energy.example", strength=1),
    Person(
        "Nadia Haddad",
        "Juniper Rail",
        Role.REFERRER,
        "nadia.haddad@juniper-rail.example",
        notes="Former colleague from the booking-system days. Referred me for the timetabling role.",
        last_contacted=10,
        strength=5,
    ),
    Person(
        "Priya Raman",
        "Brightwater Analytics",
        Role.RECRUITER,
        "priya.raman@brightwater-analytics.example",
        last_contacted=5,
        strength=3,
    ),
    Person("Tom Okafor", "Brightwater Analytics", Role.HIRING_MANAGER, strength=2, last_contacted=11),
    Person("Lena Hart", "Stonechat Security", Role.RECRUITER, "lena.hart@stonechat-security.example", strength=2),
    Person("Callum Reid", "Birchwood Software", Role.HIRING_MANAGER, strength=3, last_contacted=21),
    Person("Sofia Marques", "Birchwood Software", Role.INTERVIEWER, strength=2),
    Person("Ife Adeyemi", "Larkspur Health", Role.RECRUITER, "ife.adeyemi@larkspur-health.example", strength=2),
    Person(
        "Hannah Byrne",
        "Riverstone Clinics",
        Role.HIRING_MANAGER,
        "hannah.byrne@riverstone-clinics.example",
        phone="+44 20 7946 0321",
        last_contacted=4,
        strength=4,
    ),
    Person("Marcus Webb", "Codebridge Academy", Role.HIRING_MANAGER, strength=4, last_contacted=8),
    Person("Aisha Khan", "Foxglove Retail Tech", Role.INTERVIEWER, strength=2),
    Person("Grace Lin", "Orchard Lane Foods", Role.RECRUITER, strength=2, last_contacted=28),
    Person(
        "Ben Osei",
        None,
        Role.OTHER,
        notes="Old teammate, now at a consultancy. Coffee once a month; always has leads.",
        last_contacted=6,
        strength=5,
    ),
]

SALARY = "£55–65k"

PURSUITS = [
    # A near miss: a dream role lost after the final round.
    Pursuit(
        "Fernhill Robotics",
        "Backend Engineer, Fleet Platform",
        "Cambridge (hybrid)",
        Source.RECRUITER,
        5,
        [
            (Status.SAVED, 56, 20, "Rosa sent this over. Looks like exactly my kind of job."),
            (Status.APPLIED, 52, 9, ""),
            (Status.SCREENING, 47, 11, "Call with Rosa booked."),
            (Status.INTERVIEWING, 41, 15, "Through to the technical round."),
            (Status.REJECTED, 26, 16, "Final round went to someone with more ROS experience. So close."),
        ],
        salary="£60–70k",
        people=["Rosa Mendel", "Maya Lindqvist", "Daniel Achterberg"],
        interviews=[
            Meeting(Kind.PHONE_SCREEN, 46, 11, Outcome.PASSED, ["Rosa Mendel"]),
            Meeting(
                Kind.TECHNICAL,
                39,
                14,
                Outcome.PASSED,
                ["Daniel Achterberg"],
                "Pairing on a job-queue bug. Went well; explained my trade-offs out loud.",
            ),
            Meeting(
                Kind.FINAL,
                29,
                10,
                Outcome.NOT_PASSED,
                ["Maya Lindqvist", "Daniel Achterberg"],
                "System design for robot telemetry, then values chat. Stumbled on back-pressure questions.",
            ),
        ],
    ),
    # An automated rejection: two days, no human involved.
    Pursuit(
        "Bluebell Pay",
        "Python Developer, Payments",
        "Remote (UK)",
        Source.JOB_BOARD,
        3,
        [
            (Status.APPLIED, 20, 22, ""),
            (Status.REJECTED, 18, 3, "Automated email at 3am: “not moving forward at this time”."),
        ],
        salary="£50–58k",
    ),
    Pursuit(
        "Saltmarsh Games",
        "Server Engineer",
        "Brighton",
        Source.COMPANY_SITE,
        4,
        [(Status.APPLIED, 58, 10, ""), (Status.GHOSTED, 30, 18, "Two polite follow-ups, no reply.")],
    ),
    # Gone silent: applied a month ago, nothing since.
    Pursuit(
        "Quayside Freight",
        "Integration Developer",
        "Bristol",
        Source.JOB_BOARD,
        2,
        [(Status.APPLIED, 31, 13, "")],
        salary="£48k",
    ),
    Pursuit(
        "Harbourlight Media",
        "Platform Engineer",
        "Manchester (hybrid)",
        Source.JOB_BOARD,
        3,
        [(Status.APPLIED, 27, 10, "")],
    ),
    Pursuit(
        "Glasswing Labs",
        "Data Engineer",
        "Remote (UK)",
        Source.NETWORKING,
        4,
        [(Status.APPLIED, 12, 16, "Met their CTO at the climate-tech meetup.")],
        salary=SALARY,
        next_step="Send a short follow-up to the CTO",
        next_step_day=-1,
    ),
    Pursuit(
        "Juniper Rail",
        "Software Engineer, Timetabling",
        "York",
        Source.REFERRAL,
        4,
        [(Status.APPLIED, 9, 12, "Nadia passed my CV to the team lead.")],
        people=["Nadia Haddad"],
        next_step="Thank Nadia and ask how the team likes to be approached",
        next_step_day=-2,
    ),
    Pursuit("Marigold Travel", "Backend Developer", "London", Source.JOB_BOARD, 3, [(Status.APPLIED, 3, 19, "")]),
    Pursuit(
        "Lanternfish AI",
        "ML Platform Engineer",
        "Remote (Europe)",
        Source.COMPANY_SITE,
        4,
        [(Status.SAVED, 4, 21, ""), (Status.APPLIED, 1, 9, "Tailored the CV towards Kubernetes work.")],
        salary="£65–75k",
    ),
    Pursuit(
        "Brightwater Analytics",
        "Senior Data Engineer",
        "Leeds (hybrid)",
        Source.RECRUITER,
        4,
        [
            (Status.APPLIED, 24, 10, ""),
            (Status.SCREENING, 19, 14, "Priya called back the same week."),
            (Status.INTERVIEWING, 12, 9, ""),
        ],
        salary=SALARY,
        people=["Priya Raman", "Tom Okafor"],
        interviews=[
            Meeting(Kind.PHONE_SCREEN, 18, 13, Outcome.PASSED, ["Priya Raman"]),
            Meeting(
                Kind.TECHNICAL,
                11,
                10,
                Outcome.PASSED,
                ["Tom Okafor"],
                "SQL and pipeline design. Tom liked the idempotent loader idea.",
            ),
            Meeting(Kind.ONSITE, -3, 10, Outcome.PENDING, ["Tom Okafor"], "Half a day in Leeds: team lunch included."),
        ],
        next_step="Prepare two stories about data quality incidents",
        next_step_day=-2,
    ),
    Pursuit(
        "Stonechat Security",
        "Site Reliability Engineer",
        "Edinburgh (remote-friendly)",
        Source.JOB_BOARD,
        3,
        [(Status.APPLIED, 21, 11, ""), (Status.SCREENING, 16, 15, ""), (Status.INTERVIEWING, 8, 12, "")],
        people=["Lena Hart"],
        interviews=[
            Meeting(Kind.PHONE_SCREEN, 15, 11, Outcome.PASSED, ["Lena Hart"]),
            Meeting(Kind.TECHNICAL, -1, 14, Outcome.PENDING, [], "Incident-response scenario, 90 minutes."),
        ],
    ),
    Pursuit(
        "Birchwood Software",
        "Senior Backend Developer",
        "Remote (UK)",
        Source.COMPANY_SITE,
        5,
        [(Status.APPLIED, 35, 9, ""), (Status.SCREENING, 30, 16, ""), (Status.INTERVIEWING, 22, 10, "")],
        salary="£62–70k",
        people=["Callum Reid", "Sofia Marques"],
        interviews=[
            Meeting(Kind.PHONE_SCREEN, 29, 15, Outcome.PASSED, ["Callum Reid"]),
            Meeting(Kind.TECHNICAL, 21, 10, Outcome.PASSED, ["Sofia Marques"], "Take-home review, lovely discussion."),
            Meeting(Kind.FINAL, -6, 14, Outcome.PENDING, ["Callum Reid"]),
        ],
        next_step="Re-read their engineering blog before the final",
        next_step_day=-5,
    ),
    Pursuit(
        "Larkspur Health",
        "Backend Engineer, Patient Apps",
        "Nottingham",
        Source.JOB_BOARD,
        3,
        [(Status.APPLIED, 10, 8, ""), (Status.SCREENING, 5, 17, "")],
        people=["Ife Adeyemi"],
        interviews=[Meeting(Kind.PHONE_SCREEN, -2, 11, Outcome.PENDING, ["Ife Adeyemi"])],
    ),
    Pursuit(
        "Copperleaf Energy",
        "Python Engineer",
        "Remote (UK)",
        Source.JOB_BOARD,
        3,
        [(Status.APPLIED, 14, 10, ""), (Status.SCREENING, 7, 9, "")],
        interviews=[Meeting(Kind.PHONE_SCREEN, 6, 14, Outcome.PENDING, [], "They'll be in touch within a week.")],
    ),
    Pursuit(
        "Tallow & Rye",
        "E-commerce Developer",
        "Bath (hybrid)",
        Source.COMPANY_SITE,
        2,
        [(Status.APPLIED, 8, 20, ""), (Status.SCREENING, 2, 10, "Asked for a portfolio link.")],
    ),
    Pursuit(
        "Riverstone Clinics",
        "Software Engineer",
        "London (hybrid)",
        Source.REFERRAL,
        4,
        [
            (Status.APPLIED, 45, 9, ""),
            (Status.SCREENING, 40, 12, ""),
            (Status.INTERVIEWING, 33, 10, ""),
            (Status.OFFER, 4, 17, "Offer: £58k plus training budget. Reply by Friday."),
        ],
        salary="£55–60k",
        asked="£62k",
        offered="£58k",
        people=["Hannah Byrne", "Ben Osei"],
        interviews=[
            Meeting(Kind.PHONE_SCREEN, 39, 10, Outcome.PASSED, ["Hannah Byrne"]),
            Meeting(Kind.ONSITE, 26, 13, Outcome.PASSED, ["Hannah Byrne"], "Met the whole team. Calm, kind place."),
        ],
        next_step="Decide on the offer (ask about the on-call rota)",
        next_step_day=-3,
    ),
    Pursuit(
        "Codebridge Academy",
        "Part-time Python Mentor",
        "Evenings, remote",
        Source.NETWORKING,
        3,
        [
            (Status.APPLIED, 65, 19, ""),
            (Status.SCREENING, 62, 18, ""),
            (Status.INTERVIEWING, 58, 18, ""),
            (Status.OFFER, 55, 12, ""),
            (Status.ACCEPTED, 54, 9, "Two evenings a week: keeps skills sharp while I search."),
        ],
        side_role=True,
        asked="£35 an hour",
        offered="£32 an hour",
        people=["Marcus Webb"],
        interviews=[Meeting(Kind.OTHER, 58, 18, Outcome.PASSED, ["Marcus Webb"], "Taught a 20-minute mini lesson.")],
    ),
    Pursuit(
        "Greyhaven Insurance",
        "Kotlin Developer",
        "Norwich",
        Source.RECRUITER,
        2,
        [
            (Status.APPLIED, 40, 11, ""),
            (Status.SCREENING, 36, 10, ""),
            (Status.REJECTED, 33, 15, "Wanted more Kotlin in production."),
        ],
        interviews=[Meeting(Kind.PHONE_SCREEN, 35, 10, Outcome.NOT_PASSED)],
    ),
    Pursuit(
        "Foxglove Retail Tech",
        "Backend Engineer",
        "Remote (UK)",
        Source.JOB_BOARD,
        4,
        [
            (Status.APPLIED, 48, 9, ""),
            (Status.SCREENING, 44, 14, ""),
            (Status.INTERVIEWING, 38, 10, ""),
            (Status.REJECTED, 34, 12, "Feedback: solid code, but test coverage was thin."),
        ],
        people=["Aisha Khan"],
        interviews=[
            Meeting(
                Kind.TECHNICAL,
                37,
                14,
                Outcome.NOT_PASSED,
                ["Aisha Khan"],
                "Live coding an inventory API. Ran out of time before writing tests.",
            )
        ],
    ),
    Pursuit(
        "Moorhen Mobility",
        "API Engineer",
        "Milton Keynes",
        Source.JOB_BOARD,
        3,
        [(Status.APPLIED, 44, 10, ""), (Status.REJECTED, 30, 11, "Position filled internally.")],
    ),
    Pursuit(
        "Orchard Lane Foods",
        "DevOps Engineer",
        "Reading",
        Source.RECRUITER,
        2,
        [
            (Status.APPLIED, 38, 14, ""),
            (Status.SCREENING, 34, 11, ""),
            (Status.WITHDRAWN, 28, 9, "Five days a week in the office, two hours' commute each way."),
        ],
        people=["Grace Lin"],
    ),
    Pursuit(
        "Wrenfield University",
        "Research Software Engineer",
        "Durham",
        Source.JOB_BOARD,
        3,
        [(Status.APPLIED, 18, 15, ""), (Status.WITHDRAWN, 11, 10, "Salary band came in well below my floor.")],
        salary="£38–42k",
    ),
    Pursuit(
        "Pebblestack",
        "Backend Engineer",
        "Remote (UK)",
        Source.COMPANY_SITE,
        4,
        [(Status.SAVED, 5, 21, "")],
        closes_in=9,
        description=(
            "Pebblestack makes bookkeeping simple for small shops.\n\n"
            "You'll build and run the Python services behind our invoicing, look after PostgreSQL, "
            "and pair with the mobile team on the APIs they use.\n\n"
            "Fully remote within the UK; the team meets in Manchester once a quarter."
        ),
        notes="Deadline at the end of the month. Ask Ben whether he knows anyone there.",
        next_step="Ask Ben for an intro",
        next_step_day=-1,
    ),
    Pursuit("Ferrymead Water", "Systems Developer", "Exeter", Source.JOB_BOARD, 2, [(Status.SAVED, 2, 20, "")]),
    Pursuit(
        "Slate & Sparrow",
        "Full-stack Developer",
        "Glasgow",
        Source.JOB_BOARD,
        3,
        [(Status.SAVED, 9, 19, "")],
        closes_in=2,
    ),
    Pursuit(
        "Hollowbrook Energy",
        "Data Platform Engineer",
        "Remote (UK)",
        Source.RECRUITER,
        3,
        [
            (Status.APPLIED, 50, 10, ""),
            (Status.SCREENING, 45, 15, ""),
            (Status.GHOSTED, 22, 17, "Jonas stopped replying after the screening call."),
        ],
        people=["Jonas Pike"],
        interviews=[Meeting(Kind.PHONE_SCREEN, 44, 15, Outcome.PASSED, ["Jonas Pike"])],
    ),
    Pursuit(
        "Kestrel & Finch Insurance",
        "Python Developer",
        "Leeds",
        Source.JOB_BOARD,
        3,
        [(Status.APPLIED, 6, 11, "")],
    ),
    Pursuit(
        "Cinderford Studio",
        "Tools Programmer",
        "Guildford",
        Source.COMPANY_SITE,
        3,
        [
            (Status.APPLIED, 68, 10, ""),
            (Status.SCREENING, 64, 12, ""),
            (Status.INTERVIEWING, 60, 14, ""),
            (Status.REJECTED, 57, 16, "They hired someone who already knew their engine."),
        ],
        interviews=[Meeting(Kind.TECHNICAL, 60, 14, Outcome.NOT_PASSED)],
    ),
]


def _moment(user, today: date, days_ago: int, hour: int) -> datetime:
    moment = datetime.combine(today - timedelta(days=days_ago), time(hour), tzinfo=user.tzinfo)
    # A step "today" never lands in the future.
    return min(moment, timezone.now() - timedelta(minutes=5)) if days_ago >= 0 else moment


# Two CV versions: the first sent for a month, then one that leads with projects; one cover letter.
CVS = {
    "CV – backend, autumn": (
        "Sam Carter, backend developer\n\n"
        "Six years of Python and Django; PostgreSQL, Redis, Celery.\n"
        "2020–2026 Harbour Logistics: the routing API, from 200 to 20,000 requests a minute.\n"
    ),
    "CV – backend, projects first": (
        "Sam Carter, backend developer\n\n"
        "Projects: a booking service for 40 clinics; a nightly data pipeline cut from 3 hours to 20 minutes.\n"
        "2020–2026 Harbour Logistics: Python, Django, PostgreSQL, Redis, Celery.\n"
    ),
}
COVER_LETTER = (
    "Cover letter – general",
    "Dear hiring team,\n\nI build backends that stay calm under load, and I like explaining them.\n",
)
NEW_CV_AFTER_DAYS = 30  # applications started fewer days ago than this went out with the new CV


def _documents(user) -> tuple[Document, Document, Document]:
    older, newer = (
        documents.document_upload(
            user=user, kind=Document.Kind.CV, name=name, uploaded_file=ContentFile(text.encode(), name="cv.txt")
        )
        for name, text in CVS.items()
    )
    name, text = COVER_LETTER
    letter = documents.document_upload(
        user=user,
        kind=Document.Kind.COVER_LETTER,
        name=name,
        uploaded_file=ContentFile(text.encode(), name="cover-letter.txt"),
    )
    return older, newer, letter


def _pay(spec: Pursuit) -> dict:
    """The advertised range, what was asked for and what was offered, typed as people type them."""
    fields = {}
    advertised = salary.parse(spec.salary)
    if advertised is not None:
        fields.update(advertised.as_advertised())
    for name, text in (("asked", spec.asked), ("offered", spec.offered)):
        pay = salary.parse(text)
        if pay is not None:
            fields.update(
                {f"{name}_salary": pay.minimum, f"{name}_currency": pay.currency, f"{name}_period": pay.period}
            )
    return fields


@transaction.atomic
def seed(*, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> User:
    """Create the demo account, replacing any account with that email and everything it owns."""
    for previous in User.objects.filter(email__iexact=email):
        accounts.user_delete(user=previous)
    user = User.objects.create_user(email=email, password=password, display_name="Sam", time_zone="Europe/London")
    today = user.local_today()

    companies = {}
    for spec in COMPANIES:
        company = services.company_for_name(user=user, name=spec.name)
        company.website, company.notes = _site(spec.name), spec.notes
        companies[spec.name] = services.company_save(company=company)

    people = {}
    for spec in PEOPLE:
        contact = Contact(
            user=user,
            company=companies[spec.company] if spec.company else None,
            name=spec.name,
            role=spec.role,
            email=spec.email,
            phone=spec.phone,
            notes=spec.notes,
            last_contacted=today - timedelta(days=spec.last_contacted) if spec.last_contacted is not None else None,
            relationship_strength=spec.strength,
        )
        people[spec.name] = services.contact_save(contact=contact)
        if spec.company and spec.last_contacted is not None:
            # A conversation with someone at an employer: the search log lists it.
            services.contact_touch(contact=people[spec.name], day=today - timedelta(days=spec.last_contacted))

    older_cv, newer_cv, letter = _documents(user)
    for spec in PURSUITS:
        (first_status, first_day, first_hour, first_note), *moves = spec.steps
        sent = first_status != Status.SAVED or bool(moves)
        application = services.application_create(
            user=user,
            company=companies[spec.company],
            role_title=spec.role,
            status=first_status,
            note=first_note,
            when=_moment(user, today, first_day, first_hour),
            contacts=[people[name] for name in spec.people],
            location=spec.location,
            source=spec.source,
            interest=spec.interest,
            **_pay(spec),
            closes_on=today + timedelta(days=spec.closes_in) if spec.closes_in is not None else None,
            description=spec.description,
            cv=(newer_cv if first_day < NEW_CV_AFTER_DAYS else older_cv) if sent else None,
            cover_letter=letter if sent and spec.interest >= 4 else None,
            job_url=f"{_site(spec.company)}/careers",
            next_step=spec.next_step,
            next_step_date=today - timedelta(days=spec.next_step_day) if spec.next_step_day is not None else None,
            notes=spec.notes,
        )
        for status, day, hour, note in moves:
            services.application_move(
                application=application, to_status=status, note=note, when=_moment(user, today, day, hour)
            )
        if spec.side_role:
            services.offer_ends_search(application=application, ends=False)
        for meeting in spec.interviews:
            interview = Interview(
                application=application,
                scheduled_at=_moment(user, today, meeting.day, meeting.hour),
                kind=meeting.kind,
                outcome=meeting.outcome,
                notes=meeting.notes,
            )
            services.interview_save(interview=interview, contacts=[people[name] for name in meeting.people])

    demo_seeded.send(sender=seed, user=user, today=today)
    # A few planned reminders brought forward to the person's next reminder hour, so the first
    # daily email shows several kinds (never now, which may be their night).
    reminders.bring_forward(user=user)
    return user
