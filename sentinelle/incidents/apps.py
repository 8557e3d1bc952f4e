"""Confidentiality incidents: the three-section form, the risk-of-serious-harm grid, the notices and the register."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "sentinelle.incidents"
    verbose_name = _("Confidentiality incidents")

    def ready(self) -> None:
        from sentinelle.incidents.register import purge_expired
        from sentinelle.lib import retention

        # The register's entries go after their five years, with the daily purge.
        retention.purge_step("incident register", purge_expired)
