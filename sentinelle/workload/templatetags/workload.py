"""`{% load workload %}` then `{% priority_rules case %}`: the priority of a case
waiting in the work queue, with the figures it adds up from."""

from __future__ import annotations

from typing import Any

from django import template

from sentinelle.workload import priority

register = template.Library()


@register.inclusion_tag("workload/includes/priority_rules.html")
def priority_rules(case: Any) -> dict[str, Any]:
    waiting = case.status in priority.UNASSIGNED_STATUSES and case.assigned_to_id is None
    return {"case": case, "rules": priority.breakdown_of(case) if waiting else None}
