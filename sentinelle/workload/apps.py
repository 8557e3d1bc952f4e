from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkloadConfig(AppConfig):
    name = "sentinelle.workload"
    verbose_name = _("Workload")

    def ready(self) -> None:
        from sentinelle.cases import panels
        from sentinelle.workload.employer_risk import employer_panel

        # The employer page shows the employer risk score and the rules behind it.
        panels.register(panels.EMPLOYER, "employer_risk", employer_panel)
