from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "sentinelle.dashboard"
    verbose_name = _("National dashboard and statistics")

    def ready(self) -> None:
        from sentinelle.dashboard.targets import target_value
        from sentinelle.quality.rates import provide_targets

        # The quality rates page shows the dashboard's quality target.
        provide_targets(target_value)
