"""In-app notifications: each app registers the sentences of its kinds, and
`notify` stores one per recipient. The text is made when it is read, in the
reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import ngettext

from sentinelle.accounts.models import NOTIFICATION_SENTENCES, Notification, User


def register(kind: str, sentence: Promise) -> None:
    """`sentence` is a lazy translation with %(name)s placeholders."""
    NOTIFICATION_SENTENCES[kind] = sentence


def notify(users: Iterable[User], kind: str, params: dict[str, Any], *,
           url_name: str = "", url_args: Sequence[Any] = ()) -> list[Notification]:
    if kind not in NOTIFICATION_SENTENCES:
        raise ValueError(f"unknown notification kind: {kind}")
    return Notification.objects.bulk_create(
        Notification(user=user, kind=kind, params=params, url_name=url_name, url_args=list(url_args))
        for user in users
    )


def unread(user: User) -> models.QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def mark_read(notifications: models.QuerySet[Notification]) -> int:
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


def navigation_label(user: User) -> str | None:
    """The navigation says how many notifications are unread."""
    count = unread(user).count()
    if not count:
        return None
    return ngettext("Notifications (%(count)s unread)", "Notifications (%(count)s unread)", count) % {
        "count": count}
