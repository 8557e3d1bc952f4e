"""Program governance: the action plan, the quarterly report to governance, working groups, service standards."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "sentinelle.governance"
    verbose_name = _("Program governance")

    def ready(self) -> None:
        from sentinelle.cases import todo
        from sentinelle.dashboard.panels import panel
        from sentinelle.governance.standards import dashboard_panel
        from sentinelle.governance.todo import my_action_items

        # The dashboard shows the service standards and the survey by channel.
        panel(dashboard_panel)
        # A working group's action items owned by a staff member show in their "my tasks".
        todo.provide("governance", my_action_items)
