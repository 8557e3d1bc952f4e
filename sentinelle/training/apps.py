from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "sentinelle.training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from sentinelle.accounts import notifications
        from sentinelle.cases import steps
        from sentinelle.training.gate import missing_course_message

        # Some activities need a course first (an unannounced on-site inspection).
        steps.gate(steps.RECORD_ACTIVITY, missing_course_message)
        # A course owed by a date because of a post (the ethics officer's), before and after the date.
        notifications.register("course_soon", _("Your training “%(course)s” is due by %(due)s."))
        notifications.register("course_overdue", _("Your training “%(course)s” was due by %(due)s and is overdue."))
