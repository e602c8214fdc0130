"""Many people adding an application at the same moment, on a SQLite file database.

    python -m tests.sqlite_writers DIRECTORY PEOPLE

Builds `DIRECTORY/db.sqlite3` with the project's own SQLite settings (whatever DATABASE_URL the
caller has), signs PEOPLE people in, then lets each of them, from a thread of its own, press
quick-add at once. tests/test_sqlite_writes.py runs it in a process of its own so that the test
run's database (PostgreSQL in CI) plays no part.

Prints one line: `statuses=302:48 applications=48 locked=0`, where `locked` counts the requests
that failed with "database is locked".
"""

import logging
import os
import sys
import threading
from collections import Counter


def main(directory: str, people: int) -> str:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/db.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from jobhunt.models import Application

    call_command("migrate", verbosity=0)
    clients = []
    for number in range(people):
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.create_user(email=f"seeker{number}@example.com", password=None))
        clients.append(client)
    connection.close()

    locked = Counter()

    class CountLocked(logging.Handler):
        def emit(self, record):
            if record.exc_info and "database is locked" in str(record.exc_info[1]):
                locked["requests"] += 1

    logging.getLogger("django.request").addHandler(CountLocked())

    url = reverse("jobhunt:application_quick_add")
    start = threading.Barrier(people)
    statuses = Counter()

    def add(number: int, client: Client) -> None:
        start.wait()
        try:
            response = client.post(url, {"company_name": f"Company {number}", "role_title": "Backend engineer"})
            statuses[response.status_code] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    summary = ",".join(f"{status}:{count}" for status, count in sorted(statuses.items()))
    return f"statuses={summary} applications={Application.objects.count()} locked={locked['requests']}"


if __name__ == "__main__":
    print(main(sys.argv[1], int(sys.argv[2])))
