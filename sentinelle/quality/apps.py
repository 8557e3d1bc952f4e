"""Quality control: real-time random sampling of closed files, the checklist, reviews and the substantial-error rate."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "sentinelle.quality"
    verbose_name = _("Quality control")

    def ready(self) -> None:
        from sentinelle.accounts import notifications
        from sentinelle.cases import panels, steps
        from sentinelle.quality import review, sampling, views_feedback

        steps.after("close", sampling.case_closed)
        steps.after("correct", review.correction_resubmitted)

        notifications.register("qc_review_assigned",
                               _("File %(reference)s was selected for quality control: review it."))
        notifications.register("qc_returned",
                               _("Quality control returned file %(reference)s to you for correction."))
        notifications.register("qc_recheck", _("File %(reference)s was corrected: re-check it."))

        # The quality loop on the case: the completed review on the case page, the responses.
        panels.register(panels.CASE, "quality_review", views_feedback.case_panel)
        notifications.register("qc_review_complete",
                               _("The quality control review of file %(reference)s is complete: read it and respond."))
        notifications.register("qc_disagreement",
                               _("The investigator of file %(reference)s disagrees with its review: answer them."))
        notifications.register("qc_disagreement_answered",
                               _("The quality lead answered the disagreement about the review of file "
                                 "%(reference)s."))
