"""The guidance library: what applies to a case status or an activity kind.

One place for all of it: each status and activity kind has one piece of
guidance (topic "status:<case status>" or "activity:<activity kind>"), in
French and English, edited by national analysts."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from sentinelle.accounts.models import User
from sentinelle.audit.services import Action, record
from sentinelle.cases.models import ActivityKind, CaseStatus, Guidance
from sentinelle.lib.locking import Conflict, save_versioned

GUIDANCE_FIELDS = ["title_fr", "title_en", "body_fr", "body_en"]


def status_topic(status: str) -> str:
    return f"status:{status}"


def activity_topic(kind: str) -> str:
    return f"activity:{kind}"


# What to do when an employer leaves a document request unanswered, reminder letter included.
NONRESPONSE_TOPIC = "nonresponse:document_request"

ALL_TOPICS = [status_topic(s) for s in CaseStatus.values] + [activity_topic(k) for k in ActivityKind.values] \
    + [NONRESPONSE_TOPIC]


def guidance_for(*topics: str) -> list[Guidance]:
    """The guidance of each topic, in the order of the topics asked; a topic
    without guidance is left out."""
    found = {g.topic: g for g in Guidance.objects.filter(topic__in=topics)}
    return [found[topic] for topic in dict.fromkeys(topics) if topic in found]


def topic_label(topic: str) -> str:
    """What a topic applies to, in the active language ("Case status: Assigned")."""
    kind, _sep, value = topic.partition(":")
    if kind == "status" and value in CaseStatus.values:
        return gettext("Case status: %(status)s") % {"status": CaseStatus(value).label}
    if kind == "activity" and value in ActivityKind.values:
        return gettext("Activity: %(kind)s") % {"kind": ActivityKind(value).label}
    if topic == NONRESPONSE_TOPIC:
        return gettext("Document request left unanswered")
    return topic


def library() -> list[Guidance]:
    """Every piece of guidance: case statuses in the order of the life cycle,
    then activity kinds, then anything else."""
    rank = {topic: n for n, topic in enumerate(ALL_TOPICS)}
    items = Guidance.objects.select_related("updated_by")
    return sorted(items, key=lambda g: (rank.get(g.topic, len(rank)), g.topic))


def update_guidance(guidance: Guidance, values: dict[str, str], *, actor: User, expected_version: int | None = None,
                    request: HttpRequest | None = None) -> list[str]:
    """Change the text of one piece of guidance, if nobody saved it since
    `expected_version` (else `Conflict`, and nothing is written), audited with
    what it said before and after. Returns the names of the fields that changed
    (none: nothing saved)."""
    changed = [name for name in GUIDANCE_FIELDS if name in values and getattr(guidance, name) != values[name]]
    if not changed:
        if expected_version is not None and \
                not Guidance.objects.filter(pk=guidance.pk, version=expected_version).exists():
            raise Conflict()
        return changed
    before = {name: getattr(guidance, name) for name in changed}
    with transaction.atomic():
        for name in changed:
            setattr(guidance, name, values[name])
        guidance.updated_by = actor
        save_versioned(guidance, [*changed, "updated_by"], expected_version=expected_version)
        record(Action.UPDATE, actor=actor, obj=guidance, request=request,
               before=before, after={name: values[name] for name in changed})
    return changed
