"""Program governance: the action plan and the quarterly report to governance."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "sentinelle.governance"
    verbose_name = _("Program governance")
