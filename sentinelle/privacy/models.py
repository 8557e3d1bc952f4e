"""Access-to-information requests: the requester (kept apart from case data),
the request and its legal deadline, the documents gathered for it, the proposed
and decided redactions with their legal grounds, and the release package."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sentinelle.lib.i18n import active_language
from sentinelle.lib.locking import Versioned
from sentinelle.privacy import deadlines


class Regime(models.TextChoices):
    QUEBEC = deadlines.QUEBEC, _("Quebec (Act respecting access to documents, A-2.1)")
    FEDERAL = deadlines.FEDERAL, _("Federal (Access to Information Act)")


class Requester(models.Model):
    """Who asked: never stored with, nor shown next to, case data. Only privacy
    officers read it (every page of this app is theirs alone)."""

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("requester")
        verbose_name_plural = _("requesters")

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENDED = "extended", _("Extended")
    DECIDED = "decided", _("Decided")
    REDIRECTED = "redirected", _("Redirected")
    CLOSED = "closed", _("Closed")


# The life cycle: the statuses each status may move to.
TRANSITIONS: dict[str, set[str]] = {
    RequestStatus.RECEIVED: {RequestStatus.IN_PROGRESS, RequestStatus.EXTENDED, RequestStatus.REDIRECTED},
    RequestStatus.IN_PROGRESS: {RequestStatus.EXTENDED, RequestStatus.DECIDED, RequestStatus.REDIRECTED},
    RequestStatus.EXTENDED: {RequestStatus.DECIDED, RequestStatus.REDIRECTED},
    RequestStatus.DECIDED: {RequestStatus.CLOSED},
    RequestStatus.REDIRECTED: {RequestStatus.CLOSED},
    RequestStatus.CLOSED: set(),
}
OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS, RequestStatus.EXTENDED)


class DecisionKind(models.TextChoices):
    FULL = "full", _("Full access")
    PARTIAL = "partial", _("Partial access")
    REFUSED = "refused", _("Access refused")
    REDIRECTED = "redirected", _("Redirected to another public body")


class FederalExtensionReason(models.TextChoices):
    VOLUME = deadlines.FederalExtensionReason.VOLUME, _("A large number of records (s. 9(1)(a))")
    CONSULTATION = deadlines.FederalExtensionReason.CONSULTATION, _("Consultations needed (s. 9(1)(b))")
    THIRD_PARTY = deadlines.FederalExtensionReason.THIRD_PARTY, _("Notice to a third party (s. 9(1)(c))")


class Language(models.TextChoices):
    FRENCH = "fr", "Français"
    ENGLISH = "en", "English"


class DocumentLanguage(models.TextChoices):
    """A document to release may be a worker's own statement, in any language of the worker pages."""

    FRENCH = "fr", "Français"
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"
    TAGALOG = "tl", "Tagalog"


class AccessRequest(Versioned):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    requester = models.ForeignKey(Requester, on_delete=models.PROTECT, related_name="requests",
                                  verbose_name=_("requester"))
    received_on = models.DateField(_("received on"))
    scope = models.TextField(_("documents requested"))
    regime = models.CharField(_("law"), max_length=10, choices=Regime.choices, default=Regime.QUEBEC)
    language = models.CharField(_("language of the correspondence"), max_length=2, choices=Language.choices,
                                default=Language.FRENCH)
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices,
                              default=RequestStatus.RECEIVED)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("privacy officer in charge"))
    due_on = models.DateField(_("due on"), editable=False)
    # Notices and their dates.
    acknowledged_on = models.DateField(_("acknowledgement sent on"), null=True, blank=True)
    extended_on = models.DateField(_("extension notice sent on"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("length of the extension (days)"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    federal_extension_reason = models.CharField(_("reason under s. 9(1)"), max_length=16, blank=True,
                                                choices=FederalExtensionReason.choices)
    decision = models.CharField(_("decision"), max_length=12, choices=DecisionKind.choices, blank=True)
    decision_sent_on = models.DateField(_("decision sent on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Redirection (A-2.1 art. 48).
    redirected_to = models.CharField(_("public body the request is redirected to"), max_length=200, blank=True)
    redirected_contact = models.TextField(_("its person in charge of access and how to reach them"), blank=True)
    redirected_on = models.DateField(_("redirection letter sent on"), null=True, blank=True)
    redirection_letter = models.FileField(upload_to="privacy/letters/%Y/", blank=True, max_length=200)
    # The deadline alert already sent for the current due date ("approaching:<date>" or "overdue:<date>").
    alert_state = models.CharField(max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.reference:
            self.reference = next_reference(self.received_on or timezone.localdate())
        self.due_on = self.compute_due_on()
        if kwargs.get("update_fields") is not None and "due_on" not in kwargs["update_fields"]:
            kwargs["update_fields"] = [*kwargs["update_fields"], "due_on"]
        super().save(*args, **kwargs)

    # Deadlines ---------------------------------------------------------------

    @property
    def is_extended(self) -> bool:
        return self.extended_on is not None

    def compute_due_on(self) -> datetime.date:
        return deadlines.access_request_due(self.received_on, regime=self.regime, extended=self.is_extended,
                                            extension_days=self.extension_days if self.is_extended else None)

    @property
    def initial_due_on(self) -> datetime.date:
        return deadlines.access_request_due(self.received_on, regime=self.regime)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def days_left(self, today: datetime.date | None = None) -> int:
        """Working days left to the due date (negative: calendar days late)."""
        today = today or timezone.localdate()
        return deadlines.working_days_until(today, self.due_on, regime=self.regime)

    def deadline_state(self, today: datetime.date | None = None) -> str:
        """"overdue", "approaching" (5 working days or fewer), "on_time", or "" once answered."""
        if not self.is_open:
            return ""
        left = self.days_left(today)
        if left < 0:
            return "overdue"
        if left <= deadlines.APPROACHING_WORKING_DAYS:
            return "approaching"
        return "on_time"

    @property
    def extension_possible(self) -> bool:
        if self.is_extended or not self.is_open:
            return False
        if self.regime == Regime.QUEBEC:
            return deadlines.quebec_extension_possible(self.received_on, notified_on=timezone.localdate())
        return timezone.localdate() <= self.initial_due_on

    def clean(self) -> None:
        if self.received_on and self.received_on > timezone.localdate():
            raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})

    def grounds_used(self) -> list[LegalGround]:
        ids = RedactionMark.objects.filter(document__access_request=self, decision=MarkDecision.ACCEPTED,
                                           ground__isnull=False).values_list("ground_id", flat=True)
        return list(LegalGround.objects.filter(pk__in=set(ids)).order_by("position", "code"))

    def release_problems(self) -> list[str]:
        """What stops the release package from being made (empty: ready)."""
        problems = []
        documents = list(self.documents.all())  # type: ignore[attr-defined]
        if not documents:
            problems.append(gettext("Gather or upload at least one document."))
        for document in documents:
            if not document.pdf:
                problems.append(gettext("“%(title)s” has not been analysed yet: start the detection.") % {
                    "title": document.title})
                continue
            undecided = document.marks.filter(decision=MarkDecision.PROPOSED).count()
            if undecided:
                problems.append(gettext("“%(title)s”: %(count)s proposals still to accept or reject.") % {
                    "title": document.title, "count": undecided})
            without = document.marks.filter(decision=MarkDecision.ACCEPTED, ground__isnull=True).count()
            if without:
                problems.append(gettext("“%(title)s”: %(count)s redactions have no legal ground.") % {
                    "title": document.title, "count": without})
        return problems


def next_reference(day: datetime.date) -> str:
    """AI-<year>-<number>, numbered from 1 each year (an access request is a
    public act: its number may be sequential, unlike a report's)."""
    prefix = f"AI-{day.year}-"
    with transaction.atomic():
        last = (AccessRequest.objects.filter(reference__startswith=prefix)
                .order_by("-reference").values_list("reference", flat=True).first())
        number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


class LegalGround(models.Model):
    """A provision of the law under which information is withheld (reference data)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    regime = models.CharField(_("law"), max_length=10, choices=Regime.choices)
    short_label = models.CharField(_("label in the box"), max_length=30,
                                   help_text=_("Printed in each redaction box, e.g. « art. 53, 54 »."))
    label_fr = models.CharField(_("description (French)"), max_length=200)
    label_en = models.CharField(_("description (English)"), max_length=200)
    # The provisions, for the annex of the decision letter.
    text_fr = models.TextField(_("text of the provisions (French)"), blank=True)
    text_en = models.TextField(_("text of the provisions (English)"), blank=True)
    # False for grounds that are not redactions (A-2.1 art. 48, redirection).
    for_redaction = models.BooleanField(_("used for redactions"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["regime", "position", "code"]
        verbose_name = _("legal ground")
        verbose_name_plural = _("legal grounds")

    def __str__(self) -> str:
        return f"{self.short_label} – {self.label}"

    @property
    def label(self) -> str:
        return self.label_fr if active_language() == "fr" else self.label_en

    def label_in(self, language: str) -> str:
        return self.label_fr if language == "fr" else self.label_en

    def text_in(self, language: str) -> str:
        return self.text_fr if language == "fr" else self.text_en


class DocumentSource(models.TextChoices):
    CASE = "case", _("Case file")
    UPLOAD = "upload", _("Uploaded")


class RequestDocument(models.Model):
    """A document to release: a copy of a case document's version, or a file
    uploaded for the request; converted to PDF by the detection task."""

    access_request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=10, choices=DocumentSource.choices)
    case_document = models.ForeignKey("cases.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    case_version = models.ForeignKey("cases.DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    original = models.FileField(upload_to="privacy/originals/%Y/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    pdf = models.FileField(upload_to="privacy/pdf/%Y/", max_length=200, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    language = models.CharField(_("language of the document"), max_length=2, choices=DocumentLanguage.choices,
                                default=DocumentLanguage.FRENCH)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("document to release")
        verbose_name_plural = _("documents to release")

    def __str__(self) -> str:
        return self.title

    def latest_job(self) -> RedactionJob | None:
        return self.jobs.order_by("-created_at", "-id").first()  # type: ignore[attr-defined,no-any-return]

    def undecided_marks(self) -> models.QuerySet[RedactionMark]:
        return self.marks.filter(decision=MarkDecision.PROPOSED)  # type: ignore[attr-defined,no-any-return]


class JobKind(models.TextChoices):
    DETECT = "detect", _("Detection of personal information")
    RELEASE = "release", _("Redaction and release package")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RedactionJob(models.Model):
    access_request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="jobs")
    document = models.ForeignKey(RequestDocument, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="jobs")
    kind = models.CharField(max_length=10, choices=JobKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    language = models.CharField(max_length=2, choices=DocumentLanguage.choices, default=DocumentLanguage.FRENCH)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class MarkOrigin(models.TextChoices):
    PROPOSED = "proposed", _("Detected")
    MANUAL = "manual", _("Added by hand")


class MarkDecision(models.TextChoices):
    PROPOSED = "proposed", _("To review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class RedactionMark(Versioned):
    document = models.ForeignKey(RequestDocument, on_delete=models.CASCADE, related_name="marks")
    page = models.PositiveIntegerField(_("page"))  # 0-based, like redaction.Proposal
    x0 = models.FloatField()
    y0 = models.FloatField()
    x1 = models.FloatField()
    y1 = models.FloatField()
    text = models.TextField(_("text"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    score = models.FloatField(null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=MarkOrigin.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=MarkDecision.choices,
                                default=MarkDecision.PROPOSED)
    ground = models.ForeignKey(LegalGround, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("legal ground"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["page", "y0", "x0", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(x1__gt=models.F("x0")) & models.Q(y1__gt=models.F("y0")),
                                   name="redaction_mark_rect_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.document} p. {self.page + 1}"

    @property
    def rect(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)


class ReleasePackage(models.Model):
    access_request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="packages")
    file = models.FileField(upload_to="privacy/packages/%Y/", max_length=200)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.FRENCH)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("release package")
        verbose_name_plural = _("release packages")

    def __str__(self) -> str:
        return f"{self.access_request} {self.created_at:%Y-%m-%d %H:%M}"
