"""The ethics officer: their designation and cover, the staff page on ethics and
disclosure, and staff disclosures of wrongdoing that only the officer reads."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EthicsConfig(AppConfig):
    name = "sentinelle.ethics"
    verbose_name = _("Ethics and disclosure")

    def ready(self) -> None:
        from sentinelle.accounts import notifications
        from sentinelle.ethics.designations import navigation_warning, training_obligations
        from sentinelle.lib.context import navigation_label
        from sentinelle.training import obligations

        notifications.register("ethics_coverage_gap", _(
            "No ethics officer is designated on %(day)s, or their substitute is missing during their absence."))
        notifications.register("ethics_disclosure", _("A new disclosure was received: %(reference)s."))
        notifications.register("ethics_former_staff_contact", _(
            "A former staff member contacted the program about a file on %(day)s, within the year after their "
            "end date."))
        # Administrators see, on every staff page, that the designation has a gap ahead.
        navigation_label("ethics:ethics", navigation_warning)
        # The officer's and substitute's own training, due from their designation (training register).
        obligations.provide(training_obligations)
