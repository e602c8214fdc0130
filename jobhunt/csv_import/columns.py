"""Which of Rebound's fields each column of the file fills: guessed from the column names, then
checked by the person on the columns page."""

from jobhunt.csv_import.words import compact, phrases

# (field, label); the order is the order of the choices on the columns page.
FIELDS = [
    ("company", "Company"),
    ("role_title", "Role"),
    ("status", "Stage"),
    ("date_applied", "Date applied"),
    ("status_date", "Date of the latest stage"),
    ("job_url", "Job link"),
    ("location", "Location"),
    ("source", "Source"),
    ("salary", "Salary"),
    ("interest", "Interest (1–5)"),
    ("contact_name", "Contact name"),
    ("contact_email", "Contact email"),
    ("notes", "Notes"),
]
FIELD_LABELS = dict(FIELDS)
REQUIRED_FIELDS = ("company", "role_title")
# Several columns may go into the notes (each line starts with its column's name).
MULTIPLE_FIELDS = {"notes"}

# Headers as written by people and other trackers, compared without case, spaces or punctuation.
HEADER_WORDS = {
    "company": phrases(
        "company, companyname, employer, organisation, organization, org, business, firm, hiringcompany"
    ),
    "role_title": phrases(
        "title, jobtitle, position, positiontitle, role, roletitle, job, jobname, jobrole, vacancy, opening"
    ),
    "status": phrases("status, stage, applicationstatus, currentstatus, state, outcome, result, pipeline"),
    "date_applied": phrases(
        "dateapplied, applieddate, appliedon, applicationdate, dateofapplication, date, applied, submitted, "
        "datesubmitted, submittedon"
    ),
    "status_date": phrases(
        "statusdate, laststatuschange, lastmoved, lastupdate, lastupdated, updated, updatedon, dateupdated, "
        "responsedate, decisiondate, daterejected, rejectedon"
    ),
    "job_url": phrases(
        "link, url, joblink, joburl, posting, jobposting, postingurl, listing, listingurl, advert, jobad, website"
    ),
    "location": phrases("location, city, where, place, remote, office, joblocation"),
    "source": phrases("source, foundvia, foundon, foundthrough, channel, jobboard, platform, via, howfound"),
    "salary": phrases("salary, pay, compensation, salaryrange, rate, payrange, wage, comp"),
    "interest": phrases("interest, excitement, priority, rating, stars, howmuchiwantit, fit"),
    "contact_name": phrases(
        "contact, contactname, contacts, contactperson, recruiter, recruitername, hiringmanager, pointofcontact, "
        "referrer, person, people"
    ),
    "contact_email": phrases("contactemail, email, recruiteremail, emailaddress, hiringmanageremail"),
    "notes": phrases("notes, note, comments, comment, remarks, details, description, memo"),
}
# Looser rules for headers not listed above: the first field whose keyword the header contains.
HEADER_KEYWORDS = [
    ("contact_email", ("email", "mail")),
    ("status_date", ("updated", "update", "rejected", "decision", "response")),
    ("date_applied", ("applied", "applicationdate", "submitted", "date")),
    ("company", ("company", "employer", "organisation", "organization")),
    ("role_title", ("title", "position", "role")),
    ("status", ("status", "stage")),
    ("job_url", ("url", "link", "posting")),
    ("salary", ("salary", "compensation", "pay")),
    ("location", ("location", "city")),
    ("source", ("source",)),
    ("interest", ("interest",)),
    ("contact_name", ("contact", "recruiter", "manager")),
    ("notes", ("note", "comment")),
]


def guess_mapping(header: list[str]) -> dict[str, str]:
    """{column index as text: field} for the columns whose names say what they hold."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    names = [compact(name) for name in header]
    # Exact names first, the best-ranked one per field: "Date applied" wins over "Date".
    for field_name, words in HEADER_WORDS.items():
        ranked = [(words.index(name), index) for index, name in enumerate(names) if name in words]
        ranked = [(rank, index) for rank, index in ranked if str(index) not in mapping]
        if ranked:
            mapping[str(min(ranked)[1])] = field_name
            taken.add(field_name)
    for index, name in enumerate(names):
        if str(index) in mapping or not name:
            continue
        for field_name, keywords in HEADER_KEYWORDS:
            if field_name not in taken and any(keyword in name for keyword in keywords):
                mapping[str(index)] = field_name
                taken.add(field_name)
                break
    return mapping


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    """What is wrong with a column mapping, in words (empty when it can be used)."""
    problems = []
    chosen = list(mapping.values())
    for field_name in REQUIRED_FIELDS:
        if field_name not in chosen:
            problems.append(f"Pick the column that holds the {FIELD_LABELS[field_name].lower()}.")
    for field_name, label in FIELDS:
        if field_name not in MULTIPLE_FIELDS and chosen.count(field_name) > 1:
            problems.append(f"Only one column can be the {label.lower()}.")
    return problems
