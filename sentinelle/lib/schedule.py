"""Recurring background jobs: each run enqueues the next one (django.tasks has no
scheduler), and every app server asks for the chain when it starts
(`manage.py <job> --schedule`, a `ScheduleCommand`)."""

from __future__ import annotations

import functools
import inspect
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.tasks import Task, TaskResultStatus, task
from django.utils import timezone

P = ParamSpec("P")
R = TypeVar("R")


def enqueue_once(job: Task[Any, Any], run_after: datetime) -> bool:
    """Enqueue `job` to run after `run_after` unless a run of it is already
    waiting; True when enqueued. The check and the enqueue hold a lock together,
    so that servers starting at once still make one chain (on PostgreSQL an
    advisory lock on a number drawn from the job's path; SQLite's
    IMMEDIATE transactions already run one at a time)."""
    from django_tasks_db.models import DBTaskResult

    lock = zlib.crc32(job.module_path.encode())
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
        if DBTaskResult.objects.filter(task_path=job.module_path, status=TaskResultStatus.READY).exists():
            return False
        job.using(run_after=run_after).enqueue()
    return True


def recurring(every: timedelta | Callable[[], timedelta | None]) -> Callable[[Callable[P, R]], Task[P, R]]:
    """Make the function a task that, whatever happens in it, enqueues its next run
    `every` later (`every` may be a function of the settings; None: the job is off
    and is not enqueued again). The function itself, without the next run, stays
    reachable for one pass by hand (`ScheduleCommand.run_once`)."""

    def decorate(func: Callable[P, R]) -> Task[P, R]:
        @functools.wraps(func)  # the task's path stays the function's
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            finally:
                pause = every() if callable(every) else every
                if pause is not None:
                    enqueue_once(job, timezone.now() + pause)

        job = task(run)
        return job

    return decorate


class ScheduleCommand(BaseCommand):
    """The command of a recurring `job`: alone it runs one pass now (`run_once`);
    with --schedule it starts the job's chain, unless a run is already waiting."""

    job: Task[Any, Any]
    # What the output calls the job: "<title> scheduled."
    title: str

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true",
                            help="Start the recurring run (unless one is already waiting).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["schedule"]:
            self.run_once(**options)
        elif enqueue_once(self.job, timezone.now()):
            self.stdout.write(f"{self.title} scheduled.")
        else:
            self.stdout.write(f"{self.title} was already scheduled.")

    def run_once(self, **options: Any) -> None:
        """One pass now, in this process, leaving the chain alone: the job's own
        function, whose result is shown. Commands with more to say override it."""
        self.stdout.write(str(inspect.unwrap(self.job.func)()))
