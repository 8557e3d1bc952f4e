from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sentinelle.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from sentinelle.audit.services import record_admin_save, record_refusal
        from sentinelle.lib import access, admin

        # Every refusal and every save of reference data is audited.
        access.access_refused.connect(record_refusal, dispatch_uid="audit.record_refusal")
        admin.reference_data_saved.connect(record_admin_save, dispatch_uid="audit.record_admin_save")
