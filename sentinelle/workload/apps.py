from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkloadConfig(AppConfig):
    name = "sentinelle.workload"
    verbose_name = _("Workload")

    def ready(self) -> None:
        from sentinelle.cases import employer_panels
        from sentinelle.workload.employer_risk import employer_panel

        # The employer page shows the employer risk score and the rules behind it.
        employer_panels.register(employer_panel)
