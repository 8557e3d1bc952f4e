"""The ethics officer's designation, their recorded absences, and the staff
disclosures of wrongdoing they alone read.

A disclosure is named in the audit log and everywhere else by its reference only
(`__str__`): what it says and who made it stay in this table, which no page,
export or admin screen shows to anyone but the officer designated that day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.lib.locking import Versioned

# How far ahead administrators are warned of a day without an officer.
COVERAGE_DAYS = 30


class Post(models.TextChoices):
    OFFICER = "officer", _("Ethics officer")
    SUBSTITUTE = "substitute", _("Substitute")


class Designation(models.Model):
    """One staff member designated ethics officer or substitute from `starts_on`
    to `ends_on` (included; none: until further notice)."""

    post = models.CharField(_("post"), max_length=16, choices=Post.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ethics_designations",
                             verbose_name=_("staff member"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
            name="ethics_designation_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.starts_on:%Y-%m-%d}"

    def covers(self, day: object) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)  # type: ignore[operator]


class Absence(models.Model):
    """A period when the ethics officer is away: their substitute must be designated for it."""

    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("absence of the ethics officer")
        verbose_name_plural = _("absences of the ethics officer")
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="ethics_absence_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"


class CoverageWarning(models.Model):
    """The day administrators were warned of a gap: claimed once across servers."""

    day = models.DateField(unique=True)
    first_gap = models.DateField()

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class DisclosureStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    INVESTIGATING = "investigating", _("Under investigation")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    NONE = "", _("Not decided yet")
    FOUNDED = "founded", _("Wrongdoing found, corrective measures asked")
    UNFOUNDED = "unfounded", _("No wrongdoing found")
    REFERRED = "referred", _("Referred to an outside body")
    OUTSIDE_SCOPE = "outside_scope", _("Not a disclosure of wrongdoing")


class Disclosure(Versioned):
    """A staff member's disclosure of wrongdoing. An anonymous one keeps no link to
    its author; every disclosure has a receipt code (stored only as two hashes, like
    a worker's) with which its author follows it up."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    anonymous = models.BooleanField(_("anonymous to the ethics officer"), default=True)
    discloser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("made by"))
    receipt_lookup = models.CharField(max_length=64, unique=True, editable=False)
    receipt_verifier = models.CharField(max_length=200, editable=False)
    wrongdoing = models.TextField(_("what happened"), max_length=10000)
    when_where = models.TextField(_("when and where"), max_length=2000, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=DisclosureStatus.choices,
                              default=DisclosureStatus.RECEIVED)
    handling = models.TextField(_("handling"), max_length=10000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True, default="")
    reprisal_complaint = models.TextField(_("reprisal complaint"), max_length=5000, blank=True)
    reprisal_received_on = models.DateField(_("reprisal complaint received on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        constraints = [models.CheckConstraint(
            condition=models.Q(anonymous=False) | models.Q(discloser__isnull=True),
            name="ethics_anonymous_disclosure_has_no_author")]

    def __str__(self) -> str:
        return self.reference


class Message(models.Model):
    """A message between the ethics officer and the author of a disclosure."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="messages")
    from_officer = models.BooleanField(default=False)
    text = models.TextField(_("message"), max_length=5000)
    sent_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.disclosure} {self.sent_at:%Y-%m-%d %H:%M}"


class Consultation(models.Model):
    """A question a staff member asked the ethics officer and the advice given. The
    person is named only when they agree to it."""

    asked_on = models.DateField(_("asked on"), default=timezone.localdate)
    topic = models.CharField(_("topic"), max_length=200)
    question = models.TextField(_("question"), max_length=5000)
    advice = models.TextField(_("advice given"), max_length=5000)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("person who asked (with their consent)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-asked_on", "-pk"]
        verbose_name = _("ethics consultation")
        verbose_name_plural = _("ethics consultations")

    def __str__(self) -> str:
        return f"{self.asked_on:%Y-%m-%d}"


class FormerStaffContact(models.Model):
    """A former staff member contacted the program about a file, as recorded by
    the staff member they reached. Within the year after their end date (the
    post-employment rules, `accounts.models.within_post_employment`) the contact
    is flagged to the ethics officer and substitute; later, it is recorded without
    the flag. Only they read these records: the audit log names one by its number."""

    former = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("former staff member"))
    file_reference = models.CharField(_("file or case reference"), max_length=40)
    contacted_on = models.DateField(_("date of the contact"), default=timezone.localdate)
    about = models.TextField(_("what the contact was about"), max_length=5000)
    left_on = models.DateField(_("their last day"))
    within_year = models.BooleanField(_("within the year after their end date"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name = _("contact by former staff")
        verbose_name_plural = _("contacts by former staff")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
