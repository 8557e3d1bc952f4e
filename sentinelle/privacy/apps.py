"""Access to information: requests, their legal deadlines, detection of personal information and true redaction."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sentinelle.privacy"
    verbose_name = _("Access to information")

    def ready(self) -> None:
        from sentinelle.accounts import notifications
        from sentinelle.lib import retention
        from sentinelle.privacy.retention import open_requests_text

        # A report named by an open access request is kept past its retention.
        retention.hold("access requests", open_requests_text)

        # The deadline alerts of access requests (see privacy.tasks.send_deadline_alerts).
        notifications.register("access_request_approaching",
                               _("Access request %(reference)s is due on %(due)s (%(days)s working days left)."))
        notifications.register("access_request_overdue",
                               _("Access request %(reference)s is overdue: it was due on %(due)s."))
