"""Every export guards against spreadsheet formulas.

Every URL whose name says it gives out a file of rows (export, csv, xlsx,
package) is found in the URL configuration and must have an entry below, which
puts text starting with = + - @ tab or carriage return in what that export
writes, downloads it as a staff member allowed to, and reads every cell: none
may start a formula, and the planted text is there, neutralised. A new export
without an entry fails the test. And no module but `sentinelle/lib/tabular.py`
makes its own CSV writer or appends an unguarded row to a sheet."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sentinelle.accounts.models import Role
from sentinelle.cases.models import Sector
from sentinelle.lib.tabular import FORMULA_STARTS
from sentinelle.test import create_case, create_employer, create_staff, sign_in, url_routes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]

# One formula per way a spreadsheet starts one.
FORMULAS = ['=HYPERLINK("http://evil.example")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1+1", "\r=1+1"]


def _export_url_names() -> set[str]:
    return {found.name for found in url_routes()
            if found.pattern.name and re.search(r"export|csv|xlsx|package", found.pattern.name)}


def _cells(content: bytes, kind: str) -> list[str]:
    """Every cell of a CSV, an XLSX or the CSV files of a ZIP, as text."""
    if kind == "csv":
        return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for cell in row]
    if kind == "xlsx":
        sheets = load_workbook(io.BytesIO(content)).worksheets
        return [str(value) for sheet in sheets for row in sheet.iter_rows(values_only=True)
                for value in row if value is not None]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [cell for name in archive.namelist() if name.endswith(".csv")
                for cell in _cells(archive.read(name), "csv")]


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


# Each export: plant `text`, return (content, kind).

def _decision_register(fmt: str) -> Callable[[str], tuple[bytes, str]]:
    def run(text: str) -> tuple[bytes, str]:
        from sentinelle.cases.tests.test_register import decide

        decide("QC", employer_name=text, grounds=text)
        response = _client(create_staff("national_analyst", region_code="HQ")).get(
            reverse(f"cases:decision_register_{fmt}"))
        assert response.status_code == 200
        return response.content, fmt
    return run


def _untrained(text: str) -> tuple[bytes, str]:
    from sentinelle.training.models import Course, MandatoryTraining

    MandatoryTraining.objects.create(role=Role.objects.get(code="investigator"),
                                     course=Course.objects.get(code="case_summary"), mandatory_by=date(2026, 1, 1))
    create_staff("investigator", region_code="QC", full_name=text)
    response = _client(create_staff("national_analyst", region_code="HQ")).get(reverse("training:untrained_csv"))
    assert response.status_code == 200
    return response.content, "csv"


def _incident_register(fmt: str) -> Callable[[str], tuple[bytes, str]]:
    def run(text: str) -> tuple[bytes, str]:
        from sentinelle.incidents.register import record_entry
        from sentinelle.incidents.tests.factories import complete_incident

        officer = create_staff("privacy_officer", region_code="HQ")
        record_entry(complete_incident(officer, title=text, information_concerned=text, circumstances=text),
                     actor=officer)
        response = _client(officer).get(reverse(f"incidents:register_{fmt}"))
        assert response.status_code == 200
        return response.content, fmt
    return run


def _dashboard(text: str) -> tuple[bytes, str]:
    from sentinelle.dashboard.tables import BUILDERS

    sector = Sector.objects.create(naics_code="999999", name_en=text, name_fr=text)
    create_case("QC", employer=create_employer("QC", legal_name=text, sector=sector))
    client = _client(create_staff("national_analyst", region_code="HQ"))
    files = io.BytesIO()
    with zipfile.ZipFile(files, "w") as archive:
        for table in BUILDERS:
            for fmt in ("csv", "xlsx"):
                response = client.get(reverse("dashboard:export", args=[table, fmt]))
                assert response.status_code == 200, (table, fmt)
                cells = _cells(response.content, fmt)
                archive.writestr(f"{table}-{fmt}.csv", _as_csv(cells))
    return files.getvalue(), "zip"


def _referral_register(fmt: str) -> Callable[[str], tuple[bytes, str]]:
    def run(text: str) -> tuple[bytes, str]:
        from sentinelle.intake.models import Partner
        from sentinelle.intake.referrals import refer
        from sentinelle.intake.tests.test_staff_factories import make_report

        lead = create_staff("team_lead", region_code="QC")
        refer(Partner.objects.get(code="cnesst"), means="email", what=text, communicated_at=timezone.now(),
              actor=lead, report=make_report("QC"))
        response = _client(create_staff("national_analyst", region_code="HQ")).get(
            reverse(f"reports:referrals_{fmt}"))
        assert response.status_code == 200
        return response.content, fmt
    return run


def _action_plan(text: str) -> tuple[bytes, str]:
    from sentinelle.governance.models import Measure, Priority

    Measure.objects.create(priority=Priority.objects.order_by("pk").first(), code="9.9", title_en=text,
                           title_fr=text, unit=text, starts_on=timezone.localdate(),
                           due_on=timezone.localdate() + timedelta(days=90))
    client = _client(create_staff("manager", region_code="HQ"))
    files = io.BytesIO()
    with zipfile.ZipFile(files, "w") as archive:
        for fmt in ("csv", "xlsx"):
            response = client.get(reverse("governance:plan_export", kwargs={"fmt": fmt}))
            assert response.status_code == 200, fmt
            archive.writestr(f"plan-{fmt}.csv", _as_csv(_cells(response.content, fmt)))
    return files.getvalue(), "zip"


def _as_csv(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)  # the test's own container, not an export
    return buffer.getvalue()


def _release_package(text: str) -> tuple[bytes, str]:
    from sentinelle.privacy import letters
    from sentinelle.privacy.models import (
        LegalGround,
        MarkDecision,
        MarkOrigin,
        RedactionMark,
        RequestDocument,
    )
    from sentinelle.privacy.tests.test_requests import new_request, pdf_bytes

    officer = create_staff("privacy_officer", region_code="HQ")
    access_request = new_request(officer)
    document = RequestDocument.objects.create(access_request=access_request, title=text, source="upload",
                                              original="x.pdf", original_name="x.pdf", added_by=officer,
                                              page_count=1, pdf="x.pdf")
    RedactionMark.objects.create(document=document, page=0, x0=1, y0=1, x1=2, y1=2, kind=text[:20],
                                 origin=MarkOrigin.MANUAL, decision=MarkDecision.ACCEPTED,
                                 ground=LegalGround.objects.filter(regime=access_request.regime).first())
    content = letters.build_package(access_request, "fr", actor=officer, redact=lambda d: pdf_bytes("Caviardé"))
    return content, "zip"


EXPORTS: dict[str, Callable[[str], tuple[bytes, str]]] = {
    "cases:decision_register_csv": _decision_register("csv"),
    "cases:decision_register_xlsx": _decision_register("xlsx"),
    "training:untrained_csv": _untrained,
    "incidents:register_csv": _incident_register("csv"),
    "incidents:register_xlsx": _incident_register("xlsx"),
    "dashboard:export": _dashboard,
    # The release package's schedule of redactions (bordereau, CSV), built as the release job builds it.
    "privacy:package_download": _release_package,
    "reports:referrals_csv": _referral_register("csv"),
    "reports:referrals_xlsx": _referral_register("xlsx"),
    "governance:plan_export": _action_plan,
}


def test_every_export_of_the_site_is_walked_below():
    assert _export_url_names() == set(EXPORTS)


@pytest.mark.parametrize("formula", FORMULAS, ids=repr)
@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_no_cell_of_an_export_starts_a_formula(export, formula):
    content, kind = EXPORTS[export](formula)
    cells = _cells(content, kind)
    assert cells
    starting = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert not starting, (export, starting[:5])
    assert any(cell.startswith("'" + formula.strip("\t\r")[:4]) or cell.startswith("'" + formula[:4])
               for cell in cells), (export, cells[:40])


def test_no_module_but_lib_tabular_makes_a_csv_writer_or_appends_an_unguarded_sheet_row():
    offenders = []
    for path in (ROOT / "sentinelle").rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or relative == "sentinelle/lib/tabular.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"csv\.(writer|DictWriter)\(", line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
            if re.search(r"\b(sheet|worksheet|ws)\.append\(", line) and "sheet_row(" not in line:
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
