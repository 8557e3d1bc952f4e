from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from sentinelle.cases.models import Employer
from sentinelle.demo import base, reports, scale
from sentinelle.demo.tasks_feedback import seed_tasks_and_feedback


class Command(BaseCommand):
    help = (
        "Build demo data: staff in every role and region, employers across sectors and provinces, "
        "and tip-line reports (with escalations and messages)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employers", type=int, default=150, help="How many employers to create.")
        parser.add_argument(
            "--reports", type=int, default=reports.DEFAULT_COUNT,
            help="How many tip-line reports the demo has (0: none). Reports already there are not made again.",
        )
        parser.add_argument("--seed", type=int, default=2021, help="Random seed (same seed, same data).")
        parser.add_argument(
            "--once", action="store_true", help="Do nothing if the demo data is already there."
        )
        parser.add_argument(
            "--scale", type=_scale, default=None,
            help="Also build cases, activities, decisions and many more employers and reports over ten fiscal "
                 "years: 'national' (50,000 employers, 500,000 reports, 200,000 cases, 2,000,000 activities), "
                 "'small' (a hundredth of it) or a factor of the national scale such as 0.1. "
                 "--employers is then ignored.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        once = options["once"]
        wanted_scale: scale.Scale | None = options["scale"]
        scaled = None
        if wanted_scale is not None:
            # In batches of its own transactions, before the small demo reports
            # (which pick employers from the register).
            staff_done = once and base.demo_staff_present() and bool(base.load_demo_accounts())
            accounts = [] if staff_done else base.create_demo_staff()
            scaled = scale.build(wanted_scale, seed=options["seed"], log=self.stdout.write)
            self._report_scale(scaled)
        with transaction.atomic():
            if wanted_scale is None:
                staff_done = once and base.demo_staff_present() and bool(base.load_demo_accounts())
                accounts = [] if staff_done else base.create_demo_staff()
            created = scaled.employers if scaled else 0
            if wanted_scale is None and not (once and Employer.objects.exists()):
                created = base.build_employers(options["employers"], seed=options["seed"])
            made_reports = None
            if options["reports"] > 0:
                # Idempotent on its own: each demo report has a key drawn from the seed.
                made_reports = reports.build_demo_reports(options["reports"], seed=options["seed"])
        self._around_the_cases(forecast=wanted_scale is not None)
        if not accounts and not created and (made_reports is None or not (made_reports.created or made_reports.receipts_reset)):
            self.stdout.write("Demo data already loaded.")
            return
        self.stdout.write(
            f"Demo data: {len(accounts)} staff accounts, {created} employers, "
            f"{made_reports.created if made_reports else 0} reports created."
        )
        if accounts:
            self.stdout.write(f"Their passwords and second-factor secrets are in {base.accounts_file()}.")
        if made_reports and made_reports.receipts_reset:
            self.stdout.write(f"{made_reports.receipts_reset} demo receipt codes were lost and are issued again.")
        if made_reports and made_reports.receipts:
            self.stdout.write(f"Receipt codes of {len(made_reports.receipts)} demo reports are in "
                              f"{reports.receipts_file()}.")

    def _report_scale(self, scaled: scale.Result) -> None:
        if scaled.already_there:
            self.stdout.write("Demo data at this scale and seed already loaded.")
            return
        self.stdout.write(
            f"Demo data at scale: {scaled.employers} employers, {scaled.reports} reports, {scaled.cases} cases, "
            f"{scaled.activities} activities, {scaled.decisions} decisions, {scaled.transitions} status changes, "
            f"{scaled.staff} more staff accounts, in {scaled.seconds:.0f} s."
        )
        for region, reference in sorted(scaled.showcase.items()):
            self.stdout.write(f"Case with {scale.SHOWCASE_ACTIVITIES} activities in {region}: {reference}")


    def _around_the_cases(self, *, forecast: bool) -> None:
        """What the other parts of the demo need: the targets of the years shown,
        the staff's training, the sampling plan (closed cases drawn for quality
        control), and with cases over ten years, a first forecast. Each is
        idempotent."""
        from sentinelle.demo.dashboard import seed_demo_targets
        from sentinelle.demo.departures import seed_departures
        from sentinelle.demo.ethics import seed_ethics_and_service_points
        from sentinelle.demo.inspections import seed_demo_inspections
        from sentinelle.demo.observation import seed_demo_observation
        from sentinelle.demo.officer_equipment import seed_officer_training_and_equipment
        from sentinelle.demo.people import seed_people
        from sentinelle.demo.quality import seed_demo_quality
        from sentinelle.demo.referrals import seed_demo_referrals
        from sentinelle.demo.training import seed_demo_training
        from sentinelle.forecast import compute
        from sentinelle.forecast import services as forecasts
        from sentinelle.forecast.models import ForecastRun

        seed_demo_targets()
        if completions := seed_demo_training():
            self.stdout.write(f"Training: {completions} course completions of the demo staff.")
        self.stdout.write("Attestations and lived-workload check-ins: {}, {}.".format(*seed_people()))
        seed_demo_quality()
        seed_demo_observation()
        seed_demo_referrals()
        seed_tasks_and_feedback(self.stdout.write)
        seed_demo_inspections(with_cases=not forecast)
        self._privacy()
        self._governance()
        self.stdout.write(f"Ethics and help in person: {seed_ethics_and_service_points()} disclosures and points added.")
        self.stdout.write(f"Departures: {seed_departures()} in progress signed off in part.")
        self.stdout.write(f"Officer's training and equipment loans: {seed_officer_training_and_equipment()} added.")
        if forecast and forecasts.latest_finished() is None:
            run = compute.execute(ForecastRun.objects.create())
            self.stdout.write(f"Forecast of intake and completions: {run.get_status_display()}.")


    def _governance(self) -> None:
        from sentinelle.demo.governance import seed_governance, seed_working_group

        if reports := seed_governance():
            self.stdout.write(f"Governance: the action plan's progress and {reports} quarterly reports.")
        if meetings := seed_working_group():
            self.stdout.write(f"Governance: a working group with {meetings} meetings.")

    def _privacy(self) -> None:
        """Access requests, confidentiality incidents and download alerts of the demo."""
        from sentinelle.demo.incidents import seed_incidents
        from sentinelle.demo.privacy import seed_privacy
        from sentinelle.demo.watch import seed_watch

        if requests := seed_privacy():
            self.stdout.write(f"Access to information: {requests} requests.")
        if incidents := seed_incidents():
            self.stdout.write(f"Confidentiality incidents: {incidents}.")
        if alerts := seed_watch():
            self.stdout.write(f"Download watch: {alerts} alerts.")


def _scale(text: str) -> scale.Scale:
    try:
        return scale.parse_scale(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
