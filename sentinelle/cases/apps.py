from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sentinelle.cases"
    verbose_name = _("Employers and cases")

    def ready(self) -> None:
        from sentinelle.accounts import notifications
        from sentinelle.cases import todo  # noqa: F401  (registers the tasks of cases in "my tasks")

        # The in-app side of the task reminders (see cases.tasks).
        notifications.register("task_eve", _("A task of case %(reference)s is due tomorrow."))
        notifications.register("task_due", _("A task of case %(reference)s is due today."))
        notifications.register("document_request_eve",
                               _("The documents requested on case %(reference)s are due tomorrow."))
        notifications.register("document_request_due",
                               _("The documents requested on case %(reference)s are due today."))
