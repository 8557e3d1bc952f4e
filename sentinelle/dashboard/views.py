"""The national dashboard, its exports, the targets page and the quarterly report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sentinelle.accounts.models import Region
from sentinelle.audit.services import Action, record
from sentinelle.dashboard import exports
from sentinelle.dashboard.forms import DashboardFilterForm, TargetsForm, fiscal_year_choices
from sentinelle.dashboard.models import Metric
from sentinelle.dashboard.panels import panels
from sentinelle.dashboard.periods import Period, current_fiscal_year, fiscal_year_label
from sentinelle.dashboard.report import quarterly_report_pdf
from sentinelle.dashboard.services import set_targets
from sentinelle.dashboard.snapshot import snapshot
from sentinelle.dashboard.stats import Scope
from sentinelle.dashboard.tables import BUILDERS
from sentinelle.dashboard.targets import targets_of_year
from sentinelle.lib.access import require_perm
from sentinelle.lib.kept import kept_seconds
from sentinelle.lib.locking import STAMP, Conflict, add_stamp_field, show_set_conflict, stamp_of

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
KEY_TABLES = ("targets",)
SECTIONS: list[tuple[str, list[str]]] = [
    ("completions", ["completions_month", "completions_region"]),
    ("inventory", ["inventory_age", "inventory_status", "inventory_region", "inventory_sector"]),
    ("timeliness", ["timeliness_region", "timeliness_sector"]),
    ("escalations", ["escalations_region"]),
    ("quality", ["quality"]),
    ("intake", ["intake_channel", "intake_language", "satisfaction"]),
]


def section_titles() -> dict[str, str]:
    return {
        "completions": _("Cases completed"), "inventory": _("Inventory and ageing of open cases"),
        "timeliness": _("Timeliness"), "escalations": _("Escalations (health and safety)"),
        "quality": _("Quality"), "intake": _("Reports received and satisfaction"),
    }


@dataclass
class Selection:
    """What the filters ask for, narrowed to what the user may see."""

    form: DashboardFilterForm
    period: Period | None = None
    scope: Scope | None = None
    region: Region | None = None
    sector: Any = None

    @property
    def valid(self) -> bool:
        return self.period is not None

    @property
    def scope_label(self) -> str:
        parts = [self.region.name if self.region else _("All of Canada")]
        if self.sector is not None:
            parts.append(str(self.sector.name))
        return " – ".join(parts)


def select(request: HttpRequest, *, warn: bool = True) -> Selection:
    user: Any = request.user
    national = user.has_perm("dashboard.view_all_regions")
    data = {key: value for key, value in request.GET.items() if value != ""}
    form = DashboardFilterForm(data or None, own_region=user.region, regional=not national)
    if form.is_bound and not form.is_valid():
        return Selection(form)
    cleaned = form.cleaned_data if form.is_bound else {}
    fiscal_year = cleaned.get("fiscal_year") or current_fiscal_year()
    region = cleaned.get("region")
    sector = cleaned.get("sector")
    if not national:
        if region is not None and region.pk != user.region_id and warn:
            messages.warning(request, _("You see the figures of your own region only: "
                                        "the region you chose was ignored."))
        region = user.region
    scope = Scope(
        region_id=region.pk if region else (None if national else 0), sector_id=sector.pk if sector else None,
        surveys=region is None and sector is None,
    )
    return Selection(form, Period.of(fiscal_year, cleaned.get("quarter"), month=cleaned.get("month")), scope, region,
                     sector)


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    return query.urlencode()


@require_perm("dashboard.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    selection = select(request)
    context: dict[str, Any] = {"filters": selection.form, "selection": selection, "query": _query(request),
                               "may_manage_targets": request.user.has_perm("dashboard.manage_targets")}
    if selection.period is None:
        return render(request, "dashboard/dashboard.html", context, status=400)
    figures = snapshot(selection.period, selection.scope or Scope())
    titles = section_titles()
    context.update({
        "period": selection.period,
        "figures": figures,
        "kept_minutes": kept_seconds() // 60,
        "targets_table": figures.table("targets"),
        "sections": [{"name": name, "title": titles[name], "tables": [figures.table(t) for t in names]}
                     for name, names in SECTIONS],
        "formats": list(FORMATS),
        "report_quarter": selection.period.quarter or _last_quarter(selection.period),
        "panels": panels(selection.period, selection.scope or Scope()),
    })
    return render(request, "dashboard/dashboard.html", context)


def _last_quarter(period: Period) -> int:
    from sentinelle.dashboard.periods import quarter_of

    return quarter_of(period.end)


@require_perm("dashboard.view_dashboard")
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in BUILDERS or fmt not in FORMATS:
        raise Http404
    selection = select(request)
    if selection.period is None:
        return dashboard(request)
    content = snapshot(selection.period, selection.scope or Scope()).table(table)
    data = exports.to_csv(content) if fmt == "csv" else exports.to_xlsx(content)
    record(Action.EXPORT, request=request, export=f"dashboard:{table}", format=fmt,
           period=selection.period.label, region=selection.scope.region_id if selection.scope else None,
           sector=selection.scope.sector_id if selection.scope else None)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{table}-{selection.period.label.replace(" ", "-")}.{fmt}"')
    return response


@require_perm("dashboard.view_dashboard")
def quarterly_report(request: HttpRequest, fiscal_year: int, quarter: int) -> HttpResponse:
    if quarter not in (1, 2, 3, 4) or not 2000 <= fiscal_year <= 2100:
        raise Http404
    selection = select(request)
    if selection.scope is None:
        return dashboard(request)
    language = translation.get_language() or "fr"
    language = language if language in ("fr", "en") else "fr"
    pdf = quarterly_report_pdf(fiscal_year, quarter, selection.scope, language=language,
                               scope_label=selection.scope_label, actor=request.user)
    record(Action.DOWNLOAD, request=request, report="quarterly", fiscal_year=fiscal_year, quarter=quarter,
           language=language, region=selection.scope.region_id, sector=selection.scope.sector_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"quarterly-report-{fiscal_year_label(fiscal_year)}-Q{quarter}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_perm("dashboard.manage_targets")
def targets(request: HttpRequest) -> HttpResponse:
    choices = [int(value) for value, _label in fiscal_year_choices()]
    try:
        fiscal_year = int(request.GET.get("fiscal_year") or request.POST.get("fiscal_year") or current_fiscal_year())
    except ValueError:
        fiscal_year = -1
    if fiscal_year not in choices:
        messages.error(request, _("Choose a fiscal year from the list."))
        return redirect(reverse("dashboard:targets"))
    current = targets_of_year(fiscal_year)
    form = add_stamp_field(TargetsForm(request.POST if request.method == "POST" else None, fiscal_year=fiscal_year,
                                       current=current), stamp_of(current))
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            changed = set_targets(fiscal_year, form.values(), seen=form.cleaned_data.get(STAMP),
                                  actor=request.user, request=request)
        except Conflict as conflict:
            current = targets_of_year(fiscal_year)
            form = show_set_conflict(
                add_stamp_field(TargetsForm(fiscal_year=fiscal_year, current=current), stamp_of(current)),
                conflict, data=request.POST)
            status = 200
        else:
            if changed:
                messages.success(request, _("Targets of %(year)s saved: %(count)s changed.") % {
                    "year": fiscal_year_label(fiscal_year), "count": changed})
            else:
                messages.info(request, _("No target was changed."))
            return redirect(f"{reverse('dashboard:targets')}?fiscal_year={fiscal_year}")
    return render(request, "dashboard/targets.html", {
        "form": form, "fiscal_year": fiscal_year, "year_label": fiscal_year_label(fiscal_year),
        "years": fiscal_year_choices(), "metrics": list(Metric),
    }, status=status)

