"""The download watch pages: the alerts, one alert with its events, its
acknowledgement and the rule settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case as CaseExpr
from django.db.models import F, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentinelle.audit.models import AuditEvent
from sentinelle.audit.services import Action, record
from sentinelle.lib.access import require_perm
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of
from sentinelle.watch import access, services
from sentinelle.watch.engine import zone_of
from sentinelle.watch.forms import AcknowledgeForm, AlertFilterForm, RuleFormSet
from sentinelle.watch.models import RULE_DESCRIPTIONS, Alert, WatchCursor, WatchRule

PER_PAGE = 50
OPEN = Q(acknowledged_at__isnull=True) | Q(count__gt=F("acknowledged_count"))


@require_perm(access.VIEW)
def alert_list(request: HttpRequest) -> HttpResponse:
    form = AlertFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    alerts = access.alerts_for(request.user).annotate(
        open_first=CaseExpr(When(OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()))
    if form.is_bound and valid:
        data = form.cleaned_data
        if data.get("status") == "open":
            alerts = alerts.filter(OPEN)
        elif data.get("status") == "acknowledged":
            alerts = alerts.exclude(OPEN)
        if data.get("rule"):
            alerts = alerts.filter(rule__kind=data["rule"])
        if data.get("who"):
            alerts = alerts.filter(Q(user__full_name__icontains=data["who"]) | Q(user__email__icontains=data["who"]))
        if data.get("since"):
            alerts = alerts.filter(window_start__date__gte=data["since"])
        if data.get("until"):
            alerts = alerts.filter(window_start__date__lte=data["until"])
    alerts = alerts.order_by("open_first", "-created_at", "-id")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": Paginator(alerts, PER_PAGE).get_page(request.GET.get("page")) if valid else None,
        "open_count": access.alerts_for(request.user).filter(OPEN).count(),
        "query": query,
        "may_change_rules": request.user.has_perm(access.CHANGE_RULES),
    }
    return render(request, "watch/alert_list.html", context, status=200 if valid else 400)


def _alert_page(request: HttpRequest, alert: Alert, form: AcknowledgeForm | None = None,
                status: int = 200) -> HttpResponse:
    by_id = AuditEvent.objects.in_bulk(alert.event_ids)
    zone = zone_of(alert.user)
    viewer_zone = timezone.get_current_timezone()
    events = []
    for pk in alert.event_ids:
        event = by_id.get(pk)
        if event is None:
            continue
        # The audit log filtered on the person, the action and the day (the viewer's day, as the log shows it).
        query = QueryDict(mutable=True)
        query.update({"who": event.actor_label, "action": event.action,
                      "since": f"{event.occurred_at.astimezone(viewer_zone):%Y-%m-%d}",
                      "until": f"{event.occurred_at.astimezone(viewer_zone):%Y-%m-%d}",
                      # The entry itself, for when the audit log page filters on entry numbers.
                      "event": str(event.pk)})
        what = event.detail.get("export") or event.detail.get("report") or "" if isinstance(event.detail, dict) else ""
        events.append({"event": event, "local": event.occurred_at.astimezone(zone),
                       "audit_query": query.urlencode(), "what": what})
    context = {
        "alert": alert,
        "events": events,
        "zone_name": str(zone),
        "truncated": len(alert.event_ids) >= Alert.MAX_EVENTS,
        "may_acknowledge": request.user.has_perm(access.ACKNOWLEDGE, alert),
        "about_themselves": alert.user_id == request.user.pk,
        "form": form or add_version_field(AcknowledgeForm(), alert),
    }
    return render(request, "watch/alert_detail.html", context, status=status)


@require_perm(access.VIEW)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = access.access_alert(request.user, pk, access.VIEW, request=request)
    record(Action.VIEW, obj=alert, request=request)
    return _alert_page(request, alert)


@require_perm(access.VIEW)
@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = access.access_alert(request.user, pk, access.VIEW, request=request)
    try:
        access.check(request.user, access.ACKNOWLEDGE, alert, request=request)
    except PermissionDenied:
        form = AcknowledgeForm(request.POST)
        form.is_valid()
        form.add_error(None, _("You cannot acknowledge this alert: only a privacy officer may, and never "
                               "an alert about themselves."))
        return _alert_page(request, alert, form, status=403)
    form = add_version_field(AcknowledgeForm(request.POST), alert)
    if not form.is_valid():
        return _alert_page(request, alert, form, status=400)
    try:
        services.acknowledge_alert(alert, note=form.cleaned_data["note"], actor=request.user, request=request,
                                   expected_version=version_of(form))
    except Conflict as conflict:
        alert = access.access_alert(request.user, pk, access.VIEW, request=request)
        return _alert_page(request, alert, show_conflict(form, alert, conflict))
    messages.success(request, _("Alert acknowledged."))
    return redirect("watch:alert_detail", pk=alert.pk)


def _versioned(formset: Any) -> Any:
    for form in formset.forms:
        add_version_field(form, form.instance)
    return formset


@require_perm(access.VIEW)
def rule_settings(request: HttpRequest) -> HttpResponse:
    may_change = request.user.has_perm(access.CHANGE_RULES)
    queryset = WatchRule.objects.order_by("id")
    if request.method == "POST":
        access.check(request.user, access.CHANGE_RULES, request=request)
        formset = _versioned(RuleFormSet(request.POST, queryset=queryset))
        if formset.is_valid():
            changes = [(form.instance, version_of(form), {name: form.cleaned_data[name] for name in form.changed_data})
                       for form in formset.forms if form.changed_data]
            try:
                services.update_rules(changes, actor=request.user, request=request)
            except Conflict as conflict:
                # Every rule somebody saved meanwhile shows its saved values; the others keep theirs.
                saved = dict(WatchRule.objects.values_list("pk", "version"))
                for form in formset.forms:
                    if version_of(form) != saved.get(form.instance.pk):
                        show_conflict(form, form.instance, conflict)
                formset._errors = None  # counted again, with the conflicts
                status = 200
            else:
                messages.success(request, _("Rules saved. They apply to activity from now on."))
                return redirect("watch:rule_settings")
        else:
            status = 400
    elif request.method == "GET":
        formset = _versioned(RuleFormSet(queryset=queryset))
        status = 200
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "formset": formset,
        "may_change": may_change,
        "descriptions": RULE_DESCRIPTIONS,
        "cursor": WatchCursor.objects.filter(key="downloads").first(),
    }
    return render(request, "watch/rule_settings.html", context, status=status)
