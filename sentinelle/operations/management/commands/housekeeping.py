from __future__ import annotations

from sentinelle.lib.schedule import ScheduleCommand
from sentinelle.operations.tasks import housekeeping


class Command(ScheduleCommand):
    help = (
        "Resolve uploaded files left behind by a fault and delete expired sessions, once, now. "
        "With --schedule, have `manage.py db_worker` do it every hour instead."
    )
    job = housekeeping
    title = "Housekeeping"
