from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "sentinelle.intake"
    verbose_name = _("Tip line")

    def ready(self) -> None:
        from sentinelle.accounts import notifications

        # The in-app side of the escalation reminders (see intake.tasks).
        notifications.register("escalation_12h", _("Escalation %(reference)s is due in 12 h."))
        notifications.register("escalation_2h", _("Escalation %(reference)s is due in 2 h."))
        notifications.register("escalation_target", _("Escalation %(reference)s has passed its 24-hour target."))
        notifications.register("escalation_deadline",
                               _("Escalation %(reference)s has passed its 48-hour deadline."))
