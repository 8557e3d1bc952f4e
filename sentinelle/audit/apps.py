from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sentinelle.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from sentinelle.audit.services import record_admin_save, record_refusal
        from sentinelle.lib import access, admin

        # Every refusal and every save of reference data is audited.
        access.on_refusal(record_refusal)
        admin.on_save(record_admin_save)
