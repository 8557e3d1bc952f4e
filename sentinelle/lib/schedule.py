"""Recurring background jobs: each run enqueues the next one (django.tasks has no
scheduler). Every recurring job is registered here, where its app declares it
(`@recurring` in the app's `tasks.py`, or `chain` for a task that enqueues its
next run itself); `manage.py schedule` starts every chain once, and the hourly
housekeeping starts again any chain that has died (`start_chains`)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from django.core.management.base import BaseCommand
from django.db import transaction
from django.tasks import Task, TaskResultStatus, task
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from sentinelle.lib.locking import serialize

P = ParamSpec("P")
R = TypeVar("R")

Every = timedelta | Callable[[], timedelta | None]


@dataclass(frozen=True)
class Chain:
    job: Task[Any, Any]
    # What the output calls the job: "<title> scheduled."
    title: str
    # None: the job says itself when it runs next (it enqueues its own next run).
    every: Every | None = None

    def is_off(self) -> bool:
        """A job whose interval is None in the current settings is not run."""
        return callable(self.every) and self.every() is None


_chains: dict[str, Chain] = {}


def chain(job: Task[Any, Any], title: str, every: Every | None = None) -> Task[Any, Any]:
    """Register `job` as a recurring chain (`manage.py schedule` starts it)."""
    _chains[job.module_path] = Chain(job, title, every)
    return job


def chains() -> list[Chain]:
    """Every registered chain, the `tasks` module of every app imported first."""
    autodiscover_modules("tasks")
    return sorted(_chains.values(), key=lambda c: c.job.module_path)


def enqueue_once(job: Task[Any, Any], run_after: datetime, *, unless_running: bool = False) -> bool:
    """Enqueue `job` to run after `run_after` unless a run of it is already
    waiting (or, with `unless_running`, running); True when enqueued. The check
    and the enqueue hold one lock together (`lib.locking.serialize`), so that
    servers starting at once still make one chain."""
    from django_tasks_db.models import DBTaskResult

    alive = [TaskResultStatus.READY, *([TaskResultStatus.RUNNING] if unless_running else [])]
    with transaction.atomic():
        serialize(f"schedule:{job.module_path}")
        if DBTaskResult.objects.filter(task_path=job.module_path, status__in=alive).exists():
            return False
        job.using(run_after=run_after).enqueue()
    return True


def start_chains(*, leave: Task[Any, Any] | None = None) -> list[tuple[Chain, str]]:
    """Start every chain that has no run waiting or running (all of them on a
    new installation; after a fault, the ones that died), except `leave`.
    Returns each chain with what was done: "started", "running" or "off"."""
    done = []
    for each in chains():
        if leave is not None and each.job.module_path == leave.module_path:
            continue
        if each.is_off():
            done.append((each, "off"))
        elif enqueue_once(each.job, timezone.now(), unless_running=True):
            done.append((each, "started"))
        else:
            done.append((each, "running"))
    return done


def recurring(every: Every, *, title: str) -> Callable[[Callable[P, R]], Task[P, R]]:
    """Make the function a registered task that, whatever happens in it, enqueues
    its next run `every` later (`every` may be a function of the settings; None:
    the job is off and is not enqueued again). The function itself, without the
    next run, stays reachable for one pass by hand (`RunOnceCommand`)."""

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
        chain(job, title, every)
        return job

    return decorate


class RunOnceCommand(BaseCommand):
    """The command of a recurring `job`: one pass now, in this process, leaving
    the chain alone (`manage.py schedule` starts the chains)."""

    job: Task[Any, Any]

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_once(**options)

    def run_once(self, **options: Any) -> None:
        """The job's own function, whose result is shown. Commands with more to
        say override it."""
        self.stdout.write(str(inspect.unwrap(self.job.func)()))
