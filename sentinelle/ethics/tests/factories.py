"""Designations and disclosures for the tests of ethics."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from sentinelle.ethics import services
from sentinelle.ethics.models import Designation, Disclosure, Post
from sentinelle.intake import receipts


def designate(user: Any, post: str = Post.OFFICER, *, starts_on: date | None = None, ends_on: date | None = None,
              by: Any = None) -> Designation:
    starts_on = starts_on or timezone.localdate() - timedelta(days=30)
    return Designation.objects.create(post=post, user=user, starts_on=starts_on, ends_on=ends_on,
                                      email="ethique@sentinelle.example", phone="418 555-0199", created_by=by or user)


def disclosure(author: Any, *, anonymous: bool = True, text: str = "Un enquêteur accepte des cadeaux d’un employeur.",
               code: str | None = None) -> tuple[Disclosure, str]:
    code = code or receipts.new_receipt_code()
    made = services.submit_disclosure({"wrongdoing": text, "when_where": "Bureau de Québec, en mars."},
                                      author=author, anonymous=anonymous, receipt_code=code)
    return made, code
