from __future__ import annotations

from typing import Any

import pyotp
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import get_language_info

from sentinelle.demo import base, reports


class Command(BaseCommand):
    help = (
        "Print the demo accounts with their passwords, second-factor secrets and current codes, "
        "and the receipt codes of a few demo reports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", nargs="?", help="Only this account, with its current code.")

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = base.load_demo_accounts()
        if not accounts:
            self.stderr.write("No demo accounts yet: run `python manage.py seed_demo`.")
            return
        if options["email"]:
            accounts = [a for a in accounts if a.email == options["email"].lower()]
        self.stdout.write("Demo staff accounts (sign in at http://127.0.0.1:8000/fr/accounts/login/):")
        self.stdout.write(
            "Add the secret to an authenticator app, or get the current code with "
            "`.venv/bin/python manage.py demo_accounts <email>`.\n"
        )
        for a in accounts:
            self.stdout.write(f"{a.full_name} — {a.role}, {a.region}")
            self.stdout.write(f"  e-mail:      {a.email}")
            self.stdout.write(f"  password:    {a.password}")
            self.stdout.write(f"  TOTP secret: {a.totp_secret}")
            self.stdout.write(f"  TOTP URI:    {a.otpauth_uri()}")
            if options["email"]:
                self.stdout.write(f"  code now:    {pyotp.TOTP(a.totp_secret).now()}")
        if not options["email"]:
            self._receipts()

    def _receipts(self) -> None:
        receipts = reports.load_demo_receipts()
        if not receipts:
            return
        self.stdout.write("\nDemo receipt codes (what a worker keeps to follow their report):")
        self.stdout.write("Type one on the follow-up page to see the report's status and messages, as the worker would.\n")
        for r in receipts:
            try:
                language = str(get_language_info(r.language)["name_local"])
            except KeyError:
                language = r.language
            self.stdout.write(f"{language} — report {r.reference}")
            self.stdout.write(f"  receipt code: {r.code}")
            self.stdout.write(f"  follow-up:    http://127.0.0.1:8000/{r.language}/follow-up/")
