from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sentinelle.audit.forms import AuditFilterForm
from sentinelle.audit.models import AuditEvent
from sentinelle.lib.access import require_perm


@require_perm("audit.view_auditevent")
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data.get("who"):
            events = events.filter(actor_label__icontains=data["who"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("event"):
            events = events.filter(pk=data["event"])
        since: date | None = data.get("since")
        if since:
            events = events.filter(occurred_at__date__gte=since)
        until: date | None = data.get("until")
        if until:
            events = events.filter(occurred_at__date__lte=until)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"form": form, "page": page})
