"""The training register: courses, their sessions, who completed them, the
courses each role must have completed by a date, and the courses some
activities require (an unannounced on-site inspection)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.cases.models import ActivityKind
from sentinelle.lib.i18n import BilingualName, VersionedText, active_language


class CourseCode(models.TextChoices):
    """Fixed codes: other apps (quality control, the work queue) name courses by them."""

    CASE_SUMMARY = "case_summary", _("Case summary report")
    INTERVIEWS_EVIDENCE = "interviews_evidence", _("Interview techniques and evidence gathering")
    UNANNOUNCED_INSPECTION = "unannounced_inspection", _("Unannounced on-site inspections")
    ESCALATION = "escalation", _("Escalation process")
    CASE_MANAGEMENT_SYSTEM = "case_management_system", _("Case management system")
    QC_CHECKLIST_GUIDE = "qc_checklist_guide", _("Quality checklist guide")
    TEAM_LEAD_WORKLOAD = "team_lead_workload", _("Workload management for team leads")
    ETHICS_OFFICER = "ethics_officer", _("Training of the ethics and integrity officer")
    FIELD_EQUIPMENT = "field_equipment", _("Field equipment: safe use, health and safety")


class DeliveryMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    BOTH = "both", _("Online or in person")


class Course(BilingualName):
    code = models.CharField(_("code"), max_length=40, unique=True)
    delivery_mode = models.CharField(_("delivery mode"), max_length=10, choices=DeliveryMode.choices,
                                     default=DeliveryMode.BOTH)
    description_en = models.TextField("description (English)", blank=True)
    description_fr = models.TextField("description (French)", blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    refresh_months = models.PositiveSmallIntegerField(
        _("taken again every (months)"), null=True, blank=True,
        help_text=_("For a course someone must keep up to date (the ethics officer's): the months after a "
                    "completion by which the next one is due. Empty: once is enough."))

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def description(self) -> str:
        return self.description_fr if active_language() == "fr" else self.description_en


class Session(models.Model):
    """One offering of a course: when, where, for which region (none: national)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions",
                               verbose_name=_("course"))
    held_on = models.DateField(_("held on"))
    region = models.ForeignKey("accounts.Region", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("region"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.course} – {self.held_on:%Y-%m-%d}"


class Completion(models.Model):
    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions",
                             verbose_name=_("staff member"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions",
                               verbose_name=_("course"))
    completed_on = models.DateField(_("completed on"))
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="completions", verbose_name=_("session"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [models.UniqueConstraint(fields=["user", "course", "completed_on"],
                                               name="training_completion_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} – {self.course} ({self.completed_on:%Y-%m-%d})"

    @property
    def region_id(self) -> int | None:
        return self.user.region_id  # type: ignore[no-any-return]


class MandatoryTraining(models.Model):
    """Staff of a role must have completed a course by a date."""

    role = models.ForeignKey("accounts.Role", on_delete=models.CASCADE, related_name="+", verbose_name=_("role"))
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="mandatory_for",
                               verbose_name=_("course"))
    mandatory_by = models.DateField(_("mandatory by"))

    class Meta:
        ordering = ["mandatory_by", "course__position"]
        verbose_name = _("mandatory training")
        verbose_name_plural = _("mandatory training")
        constraints = [models.UniqueConstraint(fields=["role", "course"], name="training_mandatory_once")]

    def __str__(self) -> str:
        return f"{self.role} – {self.course} ({self.mandatory_by:%Y-%m-%d})"


class ActivityRequirement(models.Model):
    """Recording an activity of this kind (only unannounced ones, if said) requires the course."""

    kind = models.CharField(_("activity kind"), max_length=20, choices=ActivityKind.choices)
    unannounced_only = models.BooleanField(_("unannounced only"), default=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="required_for",
                               verbose_name=_("course"))

    class Meta:
        ordering = ["kind", "course__position"]
        verbose_name = _("activity requirement")
        verbose_name_plural = _("activity requirements")
        constraints = [models.UniqueConstraint(fields=["kind", "unannounced_only", "course"],
                                               name="training_requirement_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.course}"


class AttestationText(VersionedText):
    """The words a staff member signs after completing a course, one version after
    another (the newest is the one signed now; a signed attestation keeps its version)."""

    class Meta(VersionedText.Meta):
        verbose_name = _("attestation text")
        verbose_name_plural = _("attestation texts")


class Attestation(models.Model):
    """A staff member attests, after completing a course, to what the attestation text says."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attestations",
                             verbose_name=_("staff member"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="attestations",
                               verbose_name=_("course"))
    text = models.ForeignKey(AttestationText, on_delete=models.PROTECT, related_name="attestations",
                             verbose_name=_("attestation text"))
    signed_at = models.DateTimeField(_("signed"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        constraints = [models.UniqueConstraint(fields=["user", "course", "text"],
                                               name="training_attestation_once_a_version")]

    def __str__(self) -> str:
        return f"{self.user} – {self.course} (v{self.text.version})"

    @property
    def region_id(self) -> int | None:
        return self.user.region_id  # type: ignore[no-any-return]


class ReminderKind(models.TextChoices):
    SOON = "soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class ObligationReminder(models.Model):
    """A reminder sent to a staff member about a course due by a date (the ethics
    officer's training): the unique row is what makes it sent once, whatever the
    number of servers (the one that inserts it sends; the others find it there)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("due on"))
    kind = models.CharField(_("reminder"), max_length=8, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("training reminder")
        verbose_name_plural = _("training reminders")
        constraints = [models.UniqueConstraint(fields=["user", "course", "due_on", "kind"],
                                               name="training_obligation_reminder_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.course_id} {self.kind} {self.due_on}"


class EquipmentKind(BilingualName):
    """A kind of equipment staff use (a mobile outreach kit, a field laptop): using
    one requires its course completed and its attestation signed."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="equipment_kinds",
                               verbose_name=_("course required"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("equipment kind")
        verbose_name_plural = _("equipment kinds")


class Equipment(models.Model):
    """One piece of equipment of the program, known by its asset tag."""

    kind = models.ForeignKey(EquipmentKind, on_delete=models.PROTECT, related_name="items",
                             verbose_name=_("kind"))
    asset_tag = models.CharField(_("asset tag"), max_length=40, unique=True)
    active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["kind__position", "asset_tag"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")

    def __str__(self) -> str:
        return f"{self.kind} {self.asset_tag}"


class EquipmentLoan(models.Model):
    """A staff member uses (checks out) a piece of equipment from one day to another."""

    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="loans",
                                  verbose_name=_("equipment"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="equipment_loans",
                             verbose_name=_("staff member"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("equipment loan")
        verbose_name_plural = _("equipment loans")
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="training_loan_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.equipment} {self.starts_on:%Y-%m-%d}"
