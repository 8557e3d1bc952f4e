from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sentinelle.accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        from sentinelle.accounts import signals  # noqa: F401  (connects receivers)
        from sentinelle.accounts.notifications import navigation_label
        from sentinelle.lib import context

        # The count of unread notifications next to "Notifications" in the staff navigation.
        context.navigation_label("staff:notifications", navigation_label)
