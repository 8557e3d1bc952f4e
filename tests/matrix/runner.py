"""Runs the access matrix: every person × every endpoint × every object region ×
method, plus ids that do not exist and ids swapped between objects (IDOR), and
collects the cells whose answer differs from the table."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from .table import AD, ENDPOINTS, MISSING_REF, NA, Endpoint, Who
from .world import OBJECT_REGIONS, ROLES, USER_REGIONS, Regional, World

# A refused POST must leave every table as it was; these change on any request.
UNCOUNTED_TABLES = {"audit_auditevent", "django_session"}
WRITE_OK = frozenset({200, 201, 302, 400, 409, 422})
# National analysts enter the admin site for the triage weights and the training requirements they tune
# (intake and training rules); every other model there is the administrator's.
ANALYST_ADMIN_MODELS = {"intake.riskrule", "training.course", "training.session", "training.mandatorytraining",
                        "training.activityrequirement", "workload.employerriskrule",
                        "training.attestationtext", "training.equipmentkind", "training.equipment"}
# "Django's admin site serves administrators for reference data only" (lib/admin.py):
# the models other packages register there (sign-in logs, second factors, tasks)
# are refused even to administrators.
SENTINELLE_APPS = {"accounts", "cases", "intake", "privacy", "training", "quality", "incidents", "watch", "governance",
                   "workload", "forecast", "dashboard", "audit"}
# Lists whose rows belong to a region: an object of another region must not appear
# in them for someone who may not open it (its page, named second).
LIST_MARKERS: dict[str, tuple[Any, str]] = {
    "cases:case_list": (lambda o: o.case.reference, "cases:case_detail"),
    "reports:queue": (lambda o: o.report.reference, "reports:detail"),
    "reports:escalations": (lambda o: o.report.reference, "reports:escalation"),
    "reports:referrals": (lambda o: o.report.reference, "reports:referral_detail"),
    "api-v1:list_referrals": (lambda o: o.report.reference, "reports:referral_detail"),
    "quality:review_list": (lambda o: o.selection.case.reference, "quality:review"),
    "watch:alert_list": (lambda o: o.alert.user.full_name, "watch:alert_detail"),
    "cases:decision_register": (lambda o: o.selection.case.reference, "cases:case_detail"),
    "api-v1:list_cases": (lambda o: o.case.reference, "api-v1:get_case"),
    "api-v1:list_employers": (lambda o: o.employer.legal_name, "api-v1:get_employer"),
    "api-v1:list_decisions": (lambda o: o.selection.case.reference, "api-v1:get_case"),
    "workload:plans": (lambda o: str(o.plan), "workload:plan"),
    "staff:departures": (lambda o: o.departure.user.full_name, "staff:departure"),
}
BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}


def english_reverse(name: str, kwargs: dict[str, Any] | None = None) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@dataclass
class Cell:
    who: Who
    endpoint: str
    method: str
    objects: str  # QC, ON, "-" (not regional), "missing" or "swapped"
    path: str
    expected: frozenset[int]
    got: int
    why: str = ""


def everybody() -> list[Who]:
    return [Who(None, None)] + [Who(role, region) for role in ROLES for region in USER_REGIONS]


def _tables() -> list[str]:
    names = {m._meta.db_table for m in apps.get_models(include_auto_created=True)
             if m._meta.managed and not m._meta.proxy}
    return sorted(n for n in names if n not in UNCOUNTED_TABLES and not n.startswith("axes_"))


class Runner:
    def __init__(self, world: World) -> None:
        self.world = world
        self.mismatches: list[Cell] = []
        self.requests = 0
        self.cells = 0
        self.refused_writes = 0
        self.seconds: dict[str, float] = {}
        tables = _tables()
        # Table names come from the models, quoted by the database backend.
        counts = [f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables]  # noqa: S608
        self._count_sql = "SELECT " + ", ".join(counts)

    # --- state ---------------------------------------------------------------------------------------------
    def fingerprint(self, targets: list[Any]) -> tuple[Any, ...]:
        with connection.cursor() as cursor:
            cursor.execute(self._count_sql)
            counts = cursor.fetchone()
        rows = tuple(type(t).objects.filter(pk=t.pk).values().first() for t in targets)
        return counts, rows

    # --- requests ---------------------------------------------------------------------------------------------
    def _send(self, client: Client, endpoint: Endpoint, method: str, path: str, token: str | None) -> Any:
        self.requests += 1
        if endpoint.api:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            # No body unless the endpoint needs one to know what is asked: the permission
            # is checked before the body is read (a JSON body is validated first, 422 for
            # everyone alike).
            body = json.dumps(endpoint.extra["body"]) if method != "GET" and "body" in endpoint.extra else ""
            return client.generic(method, path, body, content_type="application/json", headers=headers)
        if method == "GET":
            return client.get(path)
        return client.post(path, {})

    def request(self, client: Client, endpoint: Endpoint, method: str, path: str, token: str | None,
                targets: list[Any], *, refused: bool) -> tuple[Any, str]:
        """GETs as they are; every write in a transaction rolled back afterwards, so
        that an allowed one does not change the objects the next cells ask about.
        A refused write must not have changed anything even before the rollback."""
        if method == "GET":
            return self._send(client, endpoint, method, path, token), ""
        with transaction.atomic():
            before = self.fingerprint(targets) if refused else None
            response = self._send(client, endpoint, method, path, token)
            why = ""
            if refused:
                self.refused_writes += 1
                after = self.fingerprint(targets)
                if after != before:
                    why = "refused, but the database changed"
            transaction.set_rollback(True)
        return response, why

    # --- expectations ---------------------------------------------------------------------------------------
    @staticmethod
    def expected(endpoint: Endpoint, who: Who, region: str | None, method: str) -> tuple[frozenset[int], bool]:
        """The acceptable statuses, and whether the call is a refusal."""
        if endpoint.public:
            return frozenset({200}), False
        if who.anonymous:
            return frozenset({401} if endpoint.api else {302}), True
        rule_region = region if endpoint.regional else None
        post_only = method == "GET" and "GET" not in endpoint.methods
        asked = endpoint.methods[0] if post_only else method
        if endpoint.allowed(who, rule_region, asked):
            if post_only:
                return frozenset({405}), False
            return (endpoint.ok if method == "GET" else WRITE_OK), False
        if endpoint.args is None or endpoint.visible is None:
            refusal = frozenset({403})
        elif endpoint.visible(who, rule_region):
            refusal = frozenset({403, 404}) | endpoint.refusal_extra
        elif Runner.may_somewhere(endpoint, who, asked):
            refusal = frozenset({404})  # another region's object: as if it did not exist
        else:
            # They may do this to no object at all: a 403 that does not depend on the
            # object tells nothing (checked: the same answer as for an id that does not exist).
            refusal = frozenset({403, 404})
        return (refusal | {405}) if post_only else refusal, True

    @staticmethod
    def may_somewhere(endpoint: Endpoint, who: Who, method: str) -> bool:
        regions = OBJECT_REGIONS if endpoint.regional else (None,)
        return any(endpoint.allowed(who, r, method) for r in regions)

    @staticmethod
    def expected_missing(endpoint: Endpoint, who: Who) -> frozenset[int]:
        if who.anonymous:
            return frozenset({401} if endpoint.api else {302})
        if Runner.may_somewhere(endpoint, who, endpoint.methods[0]):
            return frozenset({404})
        return frozenset({403, 404})

    # --- paths -----------------------------------------------------------------------------------------------
    @staticmethod
    def missing_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in kwargs.items():
            if key in ("page", "number", "kind", "name", "fiscal_year", "quarter"):
                out[key] = value
            elif key == "reference":
                out[key] = MISSING_REF if str(value).startswith("C-") else "X-0000-999999"
            elif key == "code":
                out[key] = "no-such-course"
            else:
                out[key] = 987654321
        return out

    def variants(self, endpoint: Endpoint, user: Any) -> Iterator[tuple[str, Regional | None, str | None, str]]:
        """(label, objects, region for the rules, path)."""
        owner = user or self.world.user("privacy_officer", "HQ")
        if endpoint.args is None:
            yield "-", None, None, english_reverse(endpoint.name, kwargs=endpoint.extra.get("kwargs") or None)
            return
        regions = OBJECT_REGIONS if endpoint.regional else ("QC",)
        for region in regions:
            objects = self.world.objects[region]
            kwargs = endpoint.args(self.world, objects, owner)
            yield (region if endpoint.regional else "-"), objects, region, english_reverse(endpoint.name, kwargs=kwargs)

    # --- the run ---------------------------------------------------------------------------------------------------
    def check(self, cell: Cell, response: Any) -> None:
        self.cells += 1
        if cell.got == 302 and cell.who.anonymous and not cell.why:
            location = response.headers.get("Location", "")
            if "/accounts/login/" not in location and "/admin/login/" not in location:
                cell.why = f"anonymous sent to {location}"
        if cell.got not in cell.expected or cell.why:
            self.mismatches.append(cell)

    def run_for(self, who: Who) -> None:
        client = Client(raise_request_exception=False)
        user = None if who.anonymous else self.world.user(who.role, who.region)  # type: ignore[arg-type]
        token = self.world.tokens[user.pk] if user else None
        if user is not None:
            client.force_login(user)
        for endpoint in ENDPOINTS:
            started = time.perf_counter()
            missing_status = self.run_missing_and_swapped(client, endpoint, who, user, token)
            methods = list(endpoint.methods)
            if "GET" not in methods and not endpoint.api:
                methods.insert(0, "GET")
            for label, objects, region, path in self.variants(endpoint, user):
                for method in methods:
                    expected, refused = self.expected(endpoint, who, region, method)
                    targets = endpoint.targets(objects, user) if objects is not None else []
                    response, why = self.request(client, endpoint, method, path, token, targets,
                                                 refused=refused and method != "GET")
                    cell = Cell(who, endpoint.name, method, label, path, expected, response.status_code, why)
                    hidden = (endpoint.visible is not None and not who.anonymous
                              and not endpoint.visible(who, region if endpoint.regional else None))
                    if (hidden and method == endpoint.methods[0] and missing_status is not None
                            and response.status_code != missing_status and not cell.why):
                        cell.why = f"answers {response.status_code}, but {missing_status} for an id that does not exist"
                    self.check(cell, response)
                    if response.status_code == 200 and method == "GET":
                        self.check_list(endpoint, who, path, response)
            self.seconds[endpoint.name] = self.seconds.get(endpoint.name, 0.0) + time.perf_counter() - started

    def check_list(self, endpoint: Endpoint, who: Who, path: str, response: Any) -> None:
        if endpoint.name not in LIST_MARKERS or who.region not in OBJECT_REGIONS:
            return
        marker_of, detail = LIST_MARKERS[endpoint.name]
        other_region = "ON" if who.region == "QC" else "QC"
        visible = BY_NAME[detail].visible
        if visible is None or visible(who, other_region):
            return
        marker = str(marker_of(self.world.objects[other_region]))
        if marker in response.content.decode(errors="replace"):
            self.mismatches.append(Cell(who, endpoint.name, "GET", "list", path, frozenset({200}), 200,
                                        f"lists {marker!r} of another region"))

    def run_missing_and_swapped(self, client: Client, endpoint: Endpoint, who: Who, user: Any,
                                token: str | None) -> int | None:
        """An id that does not exist, then a child object of ON under its QC parent (IDOR).
        Returns the status for the id that does not exist."""
        if endpoint.args is None or endpoint.visible is None:
            return None
        owner = user or self.world.user("privacy_officer", "HQ")
        method = endpoint.methods[0]
        kwargs = endpoint.missing or self.missing_kwargs(endpoint.args(self.world, self.world.objects["QC"], owner))
        path = english_reverse(endpoint.name, kwargs=kwargs)
        expected = self.expected_missing(endpoint, who)
        response, why = self.request(client, endpoint, method, path, token, [], refused=False)
        self.check(Cell(who, endpoint.name, method, "missing", path, expected, response.status_code, why), response)
        if endpoint.swap is not None:
            path = english_reverse(endpoint.name, kwargs=endpoint.swap(self.world))
            targets = [*endpoint.targets(self.world.objects["ON"], user),
                       *endpoint.targets(self.world.objects["QC"], user)]
            legitimate = not who.anonymous and endpoint.swap_ok(who)
            if legitimate:
                expected = endpoint.ok if method == "GET" else WRITE_OK
            swapped, why = self.request(client, endpoint, method, path, token, targets,
                                        refused=method != "GET" and not legitimate)
            self.check(Cell(who, endpoint.name, method, "swapped", path, expected, swapped.status_code, why), swapped)
        return int(response.status_code)

    def run_admin(self, who: Who) -> None:
        """The admin site: administrators, and national analysts for what they tune."""
        client = Client(raise_request_exception=False)
        if not who.anonymous:
            client.force_login(self.world.user(who.role, who.region))  # type: ignore[arg-type]
        pages = [("admin:index", None)] + [
            (f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist", model._meta.label_lower)
            for model in admin.site._registry]
        for name, label in pages:
            path = english_reverse(name)
            ours = label is None or label.split(".")[0] in SENTINELLE_APPS
            if who.role == AD:
                expected = frozenset({200} if ours else {403})
            elif who.role == NA:
                expected = frozenset({200}) if label is None or label in ANALYST_ADMIN_MODELS else frozenset({403})
            else:
                expected = frozenset({302, 403, 404})
            self.requests += 1
            response = client.get(path)
            cell = Cell(who, name, "GET", "-", path, expected, response.status_code)
            if response.status_code == 302 and "/login/" not in response.headers.get("Location", ""):
                cell.why = "redirected elsewhere than the sign-in page"
            self.check(cell, response)

    def run(self, people: list[Who]) -> None:
        for who in people:
            self.run_for(who)
            self.run_admin(who)

    def table(self) -> str:
        lines = [f"{'who':28} {'method':6} {'endpoint':34} {'objects':8} {'expected':14} {'got':4} path / why"]
        for c in sorted(self.mismatches, key=lambda c: (c.endpoint, str(c.who), c.method, c.objects)):
            lines.append(f"{c.who!s:28} {c.method:6} {c.endpoint:34} {c.objects:8} "
                         f"{','.join(map(str, sorted(c.expected))):14} {c.got:<4} {c.path} {c.why}")
        return "\n".join(lines)
