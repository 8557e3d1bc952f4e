"""No page shows an internal code: every staff page of the access matrix's world, in
French and in English, is scanned for the stored values of the project's choices
(``danger_now``, ``in_review``...), for model labels (``cases.case``) and for the
default names Django gives an object without one (``Case object (12)``)."""

from __future__ import annotations

import re
import uuid
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sentinelle.accounts.models import User
from sentinelle.test import sign_in
from tests.matrix.table import ENDPOINTS, Who
from tests.matrix.world import OBJECT_REGIONS, ROLES, USER_REGIONS, build_world

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"accounts", "audit", "cases", "intake", "workload", "forecast", "quality", "training", "privacy",
                "incidents", "watch", "dashboard", "operations"}


def _choice_classes() -> set[type[models.Choices]]:
    found: set[type[models.Choices]] = set()
    todo = list(models.Choices.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("sentinelle."):
            found.add(cls)
    return found


def internal_codes() -> set[str]:
    """The stored values of every choice of the project that cannot be a word of a
    sentence: those written with an underscore (``case_opened``)."""
    values: set[str] = set()
    for cls in _choice_classes():
        values.update(str(v) for v in cls.values)
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                values.add(str(value))
    return {v for v in values if "_" in v and re.fullmatch(r"[a-z0-9_]+", v)}


def model_labels() -> set[str]:
    return {m._meta.label_lower for m in apps.get_models() if m._meta.app_label in PROJECT_APPS}


class _Text(HTMLParser):
    """The text a reader sees, and what a screen reader reads of the attributes. A
    `<code>` element is a code shown on purpose, for a reader to type it (the course
    codes of the training import's file)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "alt", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def leaks(texts: list[str], codes: set[str], labels: set[str]) -> list[str]:
    found = []
    for text in texts:
        for word in re.findall(r"[a-z0-9_]+(?:\.[a-z0-9_]+)?", text):
            if word in codes or word in labels:
                found.append(f"{word!r} in {text[:120]!r}")
        if re.search(r"\b[A-Z]\w* object \(\d+\)", text):
            found.append(f"default object name in {text[:120]!r}")
    return found


def test_the_scan_finds_what_it_looks_for():
    codes, labels = internal_codes(), model_labels()
    assert {"danger_now", "case_opened", "in_review"} <= codes
    assert "cases.case" in labels
    texts = visible_text('<p>Reason: danger_now</p><td>Serres (cases.case 2004)</td><p title="Case object (3)">x</p>'
                         "<script>var a = 'in_review';</script><p>Received</p>")
    assert len(leaks(texts, codes, labels)) == 3


def _urgent_report_on_case(case: Any) -> None:
    """A report whose urgency answer opened an escalation, joined to `case`, so that
    the case's timeline shows the escalation's reason."""
    from sentinelle.intake import receipts
    from sentinelle.intake.services import submit_report

    values: dict[str, Any] = {
        "anonymous": True, "employer_name": case.employer.legal_name, "employer_city": "Ville",
        "employer_province": case.employer.province, "description": "Une machine sans protection.",
        "since": "week", "workers_affected": "2-5", "danger_now": "yes", "hazard_now": "yes",
    }
    report = submit_report(values, ["health_safety"], [], idempotency_key=uuid.uuid4().hex,
                           receipt_code=receipts.new_receipt_code()).report
    type(report).objects.filter(pk=report.pk).update(case=case, status="joined_case")


def _pages(world: Any) -> list[tuple[Any, str, dict[str, Any] | None]]:
    """(a user allowed to see it, URL name, kwargs) for every page the matrix knows:
    the staff pages and the worker's (no user)."""
    pages = []
    for endpoint in ENDPOINTS:
        if endpoint.api or "GET" not in endpoint.methods:
            continue
        if endpoint.public:
            pages.append((None, endpoint.name, None))
            continue
        region = OBJECT_REGIONS[0] if endpoint.regional else None
        allowed = [Who(role, user_region) for role in ROLES if role for user_region in USER_REGIONS
                   if endpoint.allowed(Who(role, user_region), region, "GET")]
        who = allowed[0] if allowed else None
        if who is None:
            continue
        user = world.user(who.role, who.region)
        if endpoint.args is None:
            kwargs = endpoint.extra.get("kwargs") or None
        else:
            kwargs = endpoint.args(world, world.objects[region or "QC"], user)
        pages.append((user, endpoint.name, kwargs))
    return pages


def _without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, "")
    return text


@pytest.mark.slow
def test_no_page_shows_an_internal_code(django_capture_on_commit_callbacks):
    world = build_world(django_capture_on_commit_callbacks)
    # The world names its people after their role's code ("team_lead QC"): their
    # names are data: they are renamed, and the names already copied into the records
    # (a review's history) are taken out of the text before the scan.
    names = sorted({u.full_name for u in User.objects.all() if "_" in u.full_name}, key=len, reverse=True)
    for number, user in enumerate(User.objects.all(), start=1):
        User.objects.filter(pk=user.pk).update(full_name=f"Personne {number}")
    _urgent_report_on_case(world.objects["QC"].case)
    codes, labels = internal_codes(), model_labels()
    found: list[str] = []
    seen = 0
    for user, name, kwargs in _pages(world):
        client = Client()
        if user is not None:
            sign_in(client, user)
        for language in ("fr", "en"):
            with translation.override(language):
                path = reverse(name, kwargs=kwargs)
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            seen += 1
            texts = [_without(text, names) for text in visible_text(response.content.decode())]
            found += [f"{path}: {leak}" for leak in leaks(texts, codes, labels)]
    assert seen > 60, f"only {seen} pages scanned"
    assert not found, "\n".join(sorted(set(found)))
