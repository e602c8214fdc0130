"""Extension points of the job-search pipeline.

`application_moved` is sent by `jobhunt.services.application_move` inside its transaction,
after the StageEvent is written, with keyword arguments:

    application  the Application, already saved with its new status
    from_status  the status it had (a jobhunt.models.Status value, or "" for a new application)
    to_status    the status it has now
    event        the StageEvent just written

Receivers run in the same transaction: if one raises, the move is rolled back. The recovery
app listens for moves to rejected or ghosted (jobhunt.models.SETBACKS) to start a Journey.

`demo_seeded` is sent by `manage.py seed_demo` after the demo pipeline is written, with
`user` and `today` (the demo's reference date); other apps add their demo data from it.
"""

from django.dispatch import Signal

application_moved = Signal()
demo_seeded = Signal()
