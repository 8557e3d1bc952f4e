""""My tasks": what the staff member has to do, due and overdue first, and for a
team lead the overdue tasks of their team (see `cases.todo`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sentinelle.cases import todo
from sentinelle.lib.access import require_perm


@require_perm("cases.view_my_tasks")
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = todo.my_items(request.user, today)
    leads = request.user.has_perm("cases.view_team_tasks")
    team = todo.team_overdue(request.user, today) if leads else []
    return render(request, "cases/my_tasks.html", {
        "today": today, "items": items, "leads": leads, "team": team, "team_limit": todo.TEAM_LIMIT,
        "overdue": sum(item.is_overdue(today) for item in items),
    })
