from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "sentinelle.training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from sentinelle.cases import steps
        from sentinelle.training.gate import missing_course_message

        # Some activities need a course first (an unannounced on-site inspection).
        steps.gate(steps.RECORD_ACTIVITY, missing_course_message)
