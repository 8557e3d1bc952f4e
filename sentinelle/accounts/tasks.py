"""Background work of the accounts app (run by the task worker, `manage.py db_worker`)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from sentinelle.accounts.models import User


@task
def warn_of_lockout(user_id: int) -> None:
    """Tell a staff member their account was locked: if it was not them, someone
    is trying to get in and they should say so."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    with translation.override(user.preferred_language):
        subject = render_to_string("accounts/email/lockout_subject.txt", {"user": user}).strip()
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        body = render_to_string("accounts/email/lockout_body.txt", {"user": user, "minutes": minutes})
    send_mail(subject, body, None, [user.email])
