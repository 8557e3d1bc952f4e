from __future__ import annotations

from sentinelle.lib.schedule import RunOnceCommand
from sentinelle.operations.tasks import housekeeping


class Command(RunOnceCommand):
    help = (
        "Resolve uploaded files left behind by a fault, delete expired sessions and start again any "
        "recurring job that has stopped, once, now. `manage.py schedule` has `manage.py db_worker` do it "
        "every hour."
    )
    job = housekeeping
