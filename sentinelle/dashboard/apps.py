from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "sentinelle.dashboard"
    verbose_name = _("National dashboard and statistics")
