"""The download watch: rules over the audit log that alert privacy officers to unusual access."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    name = "sentinelle.watch"
    verbose_name = _("Download watch")

    def ready(self) -> None:
        from sentinelle.accounts import notifications

        # Sent to the privacy officers when a rule raises an alert (see watch.engine).
        notifications.register(
            "watch_volume_hour", _("Download watch: %(user)s downloaded %(count)s files in one hour (%(date)s)."))
        notifications.register(
            "watch_volume_day", _("Download watch: %(user)s downloaded %(count)s files in one day (%(date)s)."))
        notifications.register(
            "watch_off_hours",
            _("Download watch: %(user)s downloaded %(count)s files outside working hours (%(date)s)."))
        notifications.register(
            "watch_many_cases", _("Download watch: %(user)s opened %(count)s different cases in one day (%(date)s)."))
        notifications.register(
            "watch_leaving", _("Download watch: %(user)s, who is leaving, downloaded %(count)s files (%(date)s)."))
        notifications.register(
            "watch_reopened", _("Download watch: new activity by %(user)s on an acknowledged alert (%(date)s)."))
