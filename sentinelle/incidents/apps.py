"""Confidentiality incidents: the three-section form, the risk-of-serious-harm grid, the notices and the register."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "sentinelle.incidents"
    verbose_name = _("Confidentiality incidents")
