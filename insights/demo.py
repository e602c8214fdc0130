"""What insights adds to the demo account (`manage.py seed_demo` sends jobhunt's demo_seeded).

The pipeline and recovery's part already give every figure something to show, except the
weekly target: recovery plans only the current week. Here the weeks before it get a plan too,
so applications per week read against a target from the start of the search.
"""

from datetime import timedelta

from django.db.models import Min

from jobhunt.models import Application
from recovery.models import WeeklyPlan, plan_week_start

# Applications targets for the weeks before this one, oldest first: a keen start, a lighter
# fortnight after the run of rejections, then back to a steady pace.
EARLIER_TARGETS = (4, 4, 3, 3, 2, 2, 3, 3, 3)


def seed(*, user, today) -> None:
    first_applied = Application.objects.for_user(user).aggregate(first=Min("date_applied"))["first"]
    if first_applied is None:
        return
    current = plan_week_start(user, today)
    weeks = len(EARLIER_TARGETS)
    plans = []
    for index, target in enumerate(EARLIER_TARGETS):
        week_start = current - timedelta(weeks=weeks - index)
        if week_start + timedelta(days=6) < first_applied:
            continue
        plans.append(
            WeeklyPlan(
                user=user,
                week_start=week_start,
                applications_target=target,
                conversations_target=2,
                practice_target=1,
                conversations_done=(index % 3) + 1,
                practice_done=index % 2,
            )
        )
    # A plan the person already has for one of those weeks stays as it is.
    WeeklyPlan.objects.bulk_create(plans, ignore_conflicts=True)
