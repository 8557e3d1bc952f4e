from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sentinelle.accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        from sentinelle.accounts import (
            notifications,
            signals,  # noqa: F401  (connects receivers)
        )
        from sentinelle.accounts.notifications import navigation_label
        from sentinelle.lib import context

        notifications.register("departure_opened", _(
            "Your departure checklist is open (last day %(day)s): read and acknowledge the post-employment rules."))
        notifications.register("departure_to_sign_off", _(
            "%(name)s leaves on %(day)s: sign off the return of their material on the departure checklist."))
        # The count of unread notifications next to "Notifications" in the staff navigation.
        context.navigation_label("staff:notifications", navigation_label)
