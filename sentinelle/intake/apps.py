from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "sentinelle.intake"
    verbose_name = _("Tip line")

    def ready(self) -> None:
        from sentinelle.accounts import notifications
        from sentinelle.cases import linked
        from sentinelle.intake.case_pages import READER
        from sentinelle.intake.triage import escalations_navigation_label
        from sentinelle.lib import context

        # The reports linked to a case or an employer, on the pages of cases.
        linked.register(READER)

        # The count of escalations past their 24-hour target next to "Escalations" in the staff navigation.
        context.navigation_label("reports:escalations", escalations_navigation_label)

        # The in-app side of the escalation reminders (see intake.tasks).
        notifications.register("escalation_12h", _("Escalation %(reference)s is due in 12 h."))
        notifications.register("escalation_2h", _("Escalation %(reference)s is due in 2 h."))
        notifications.register("escalation_target", _("Escalation %(reference)s has passed its 24-hour target."))
        notifications.register("escalation_deadline",
                               _("Escalation %(reference)s has passed its 48-hour deadline."))
        notifications.register("referral_no_reply",
                               _("No reply from the partner to the referral of %(reference)s after %(days)s days."))
