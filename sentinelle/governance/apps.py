"""Program governance: the action plan, the quarterly report to governance, working groups, service standards."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "sentinelle.governance"
    verbose_name = _("Program governance")

    def ready(self) -> None:
        from sentinelle.dashboard.panels import panel
        from sentinelle.governance.standards import dashboard_panel

        # The dashboard shows the service standards and the survey by channel.
        panel(dashboard_panel)
