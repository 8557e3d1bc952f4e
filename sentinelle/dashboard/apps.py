from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "sentinelle.dashboard"
    verbose_name = _("National dashboard and statistics")

    def ready(self) -> None:
        from sentinelle.dashboard import panels
        from sentinelle.dashboard.targets import target_value
        from sentinelle.quality.rates import provide_targets

        # The quality rates page shows the dashboard's quality target.
        provide_targets(target_value)

        # After the charts and tables: the referrals, then the inspections (governance adds its own after them).
        panels.panel(panels.referrals)
        panels.panel(panels.inspections)
