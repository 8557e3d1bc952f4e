"""The download watch: rules over the audit log that alert privacy officers to unusual access."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    name = "sentinelle.watch"
    verbose_name = _("Download watch")
