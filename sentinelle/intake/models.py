"""Reports from workers, their attachments and messages, triage rules, the
health-and-safety escalation (of a report or a case), and the referrals to
partner authorities, from a report, a case or an escalation, with their outcome.

A report made anonymously keeps nothing that could identify the worker: no
address, no user agent, no time finer than the hour (see `lib.anonymity`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from sentinelle.accounts.models import Region
from sentinelle.cases.models import Case, Employer, Sector
from sentinelle.lib.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from sentinelle.lib.geo import Province
from sentinelle.lib.i18n import BilingualName
from sentinelle.lib.locking import Versioned


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Telephone")
    IN_PERSON = "in_person", _("In person")
    OUTREACH = "outreach", _("Mobile outreach")
    PARTNER = "partner", _("Partner referral")


class Allegation(models.TextChoices):
    WAGES = "wages", _("Wages or unpaid hours")
    HOURS = "hours", _("Hours of work")
    HOUSING = "housing", _("Housing")
    HEALTH_SAFETY = "health_safety", _("Health and safety")
    DOCUMENTS = "documents", _("Passport or permit taken")
    FEES = "fees", _("Recruitment fees")
    REPRISAL = "reprisal", _("Threats or reprisal")
    ABUSE = "abuse", _("Abuse or harassment")
    JOB_DIFFERS = "job_differs", _("Job different from the offer")
    OTHER = "other", _("Something else")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("I don't know")


class Since(models.TextChoices):
    WEEK = "week", _("Less than a week")
    MONTH = "month", _("Less than a month")
    MONTHS = "months", _("1 to 6 months")
    LONGER = "longer", _("More than 6 months")
    UNSURE = "unsure", _("I don't know")


class WorkersAffected(models.TextChoices):
    ONE = "1", _("Only me")
    FEW = "2-5", _("2 to 5 people")
    SEVERAL = "6-20", _("6 to 20 people")
    MANY = "21+", _("More than 20 people")
    UNSURE = "unsure", _("I don't know")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Telephone")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("Being reviewed")
    CASE_OPENED = "case_opened", _("Inspection opened")
    JOINED_CASE = "joined_case", _("Added to an inspection")
    CLOSED = "closed", _("Closed")


class ClosingReason(models.TextChoices):
    NO_JURISDICTION = "no_jurisdiction", _("Not within the program's jurisdiction")
    NOT_ENOUGH = "not_enough", _("Not enough information")
    DUPLICATE = "duplicate", _("Duplicate of another report")
    EXCLUSION = "exclusion", _("Exclusion rule")


class ExclusionRule(BilingualName):
    """A configurable reason for which a report is not inspected (e.g. employer
    not in the program)."""

    code = models.SlugField(_("code"), unique=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("exclusion rule")
        verbose_name_plural = _("exclusion rules")


class RiskRule(models.Model):
    """One configurable term of the triage score: when the condition holds, the
    weight is added. Kept as data, so analysts change weights without a release."""

    class Kind(models.TextChoices):
        ALLEGATION = "allegation", _("Allegation category")
        SECTOR = "sector", _("Sector (NAICS prefix)")
        DANGER_NOW = "danger_now", _("Someone in danger now")
        HAZARD_NOW = "hazard_now", _("Health or safety risk now")
        WORKERS = "workers", _("Number of workers affected")
        REPEAT_EMPLOYER = "repeat_employer", _("Employer already reported")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(
        _("value"), max_length=20, blank=True,
        help_text=_("Category code, NAICS prefix, workers band, or the minimum number of earlier reports."),
    )
    weight = models.PositiveSmallIntegerField(_("weight"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "key"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="risk_rule_unique_kind_key")]
        verbose_name = _("risk rule")
        verbose_name_plural = _("risk rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}: +{self.weight}"


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: object) -> ReportQuerySet:
        return self.filter(region_id=getattr(user, "region_id", None))


class Report(Versioned):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)
    language = models.CharField(_("language"), max_length=8, default="fr")
    # The day only: a precise time could identify a worker (who was on shift then).
    submitted_on = models.DateField(_("received on"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("recorded by"),
    )
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    receipt_lookup = models.CharField(max_length=64, unique=True, editable=False)
    receipt_verifier = models.CharField(max_length=200, editable=False)

    # The worker, only if they chose to be contacted.
    anonymous = models.BooleanField(_("anonymous"), default=True)
    # What the worker writes is encrypted at rest (sentinelle/lib/fields.py); the
    # employer's name, city and province stay clear: triage matches employers on them.
    contact_name = EncryptedCharField(_("name"), max_length=200, blank=True)
    contact_phone = EncryptedCharField(_("telephone"), max_length=40, blank=True)
    contact_email = EncryptedEmailField(_("e-mail"), blank=True)
    contact_method = models.CharField(_("preferred contact"), max_length=10, choices=ContactMethod.choices, blank=True)
    contact_safe_times = EncryptedCharField(_("safe times to contact"), max_length=200, blank=True)

    # The employer, as the worker described it.
    employer_name = models.CharField(_("employer name"), max_length=200)
    # A domestic worker's employer address is where the worker lives.
    employer_address = EncryptedCharField(_("employer address"), max_length=300, blank=True)
    employer_city = models.CharField(_("city or town"), max_length=100, blank=True)
    employer_province = models.CharField(_("province or territory"), max_length=2, choices=Province.choices, blank=True)
    employer_phone = EncryptedCharField(_("employer telephone"), max_length=40, blank=True)
    workplace = EncryptedCharField(_("where you work, if different"), max_length=300, blank=True)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector"))

    description = EncryptedTextField(_("what happened"))
    since = models.CharField(_("since when"), max_length=10, choices=Since.choices, default=Since.UNSURE)
    workers_affected = models.CharField(_("workers affected"), max_length=10, choices=WorkersAffected.choices, default=WorkersAffected.UNSURE)
    danger_now = models.CharField(_("someone in danger now"), max_length=8, choices=Answer.choices, default=Answer.NO)
    hazard_now = models.CharField(_("health or safety risk now"), max_length=8, choices=Answer.choices, default=Answer.NO)

    # Triage.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="reports", verbose_name=_("region"))
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.RECEIVED, db_index=True)
    risk_score = models.PositiveSmallIntegerField(_("risk score"), default=0, db_index=True)
    risk_explanation = models.JSONField(_("how the score was computed"), default=list, blank=True)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="reports", verbose_name=_("employer (register)"))
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="reports", verbose_name=_("case"))
    closing_reason = models.CharField(_("closing reason"), max_length=20, choices=ClosingReason.choices, blank=True)
    exclusion_rule = models.ForeignKey(ExclusionRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    # An inbound referral: the partner authority that sent the matter to the program, and who there.
    referred_by = models.ForeignKey(
        "Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="inbound_reports",
        verbose_name=_("referred by"),
    )
    referred_by_contact = models.CharField(_("contact at the partner"), max_length=200, blank=True)
    # Where a report taken in person was received (seed 004): required for that
    # channel by the service that files it, and only for that channel.
    service_point = models.ForeignKey(
        "ServicePoint", null=True, blank=True, on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("service point"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["region", "status", "-risk_score"], name="report_triage_idx"),
            # The first report of a case (the dashboard's timeliness).
            models.Index(fields=["case", "submitted_on"], name="report_case_submitted_idx"),
            # Earlier reports about the same employer (a risk factor, at each submission).
            models.Index(Upper("employer_name"), "employer_province", name="report_employer_name_idx"),
            # Reports received by channel and language (the dashboard), and by
            # province and sector (the public statistics), read from the index alone.
            models.Index(fields=["submitted_on", "channel", "language", "employer_province", "sector"],
                         name="report_received_idx"),
        ]
        constraints = [
            # A service point only for a report taken in person.
            models.CheckConstraint(
                condition=models.Q(service_point__isnull=True) | models.Q(channel="in_person"),
                name="intake_report_service_point_in_person",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_urgent(self) -> bool:
        return Answer.YES in (self.danger_now, self.hazard_now)


class ReportAllegation(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="allegations")
    category = models.CharField(_("category"), max_length=20, choices=Allegation.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "category"], name="report_allegation_unique")]
        indexes = [models.Index(fields=["category"], name="allegation_category_idx")]

    def __str__(self) -> str:
        return self.get_category_display()


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="reports/%Y/%m/", max_length=200)
    # The worker's own file name may name them.
    original_name = EncryptedCharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    added_on = models.DateField(_("added on"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Message(models.Model):
    """A message between staff and the worker, through the follow-up page."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    from_worker = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("message"))
    # A worker's message keeps the day only, like the report itself.
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_by_worker_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.report} {self.sent_on}"


class Partner(BilingualName):
    """A competent authority a situation can be referred to, or that refers one
    to the program (an inbound referral: `Report.referred_by`)."""

    class Kind(models.TextChoices):
        EMPLOYMENT_STANDARDS = "employment_standards", _("Provincial employment standards")
        OHS = "ohs", _("Provincial occupational health and safety")
        POLICE = "police", _("RCMP or police")
        CBSA = "cbsa", _("Canada Border Services Agency")
        IRCC = "ircc", _("Immigration, Refugees and Citizenship Canada")
        ESDC = "esdc", _("Employment and Social Development Canada")
        HEALTH = "health", _("Health Canada")
        AAFC = "aafc", _("Agriculture and Agri-Food Canada")
        GAC = "gac", _("Global Affairs Canada")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    province = models.CharField(_("province or territory"), max_length=2, choices=Province.choices, blank=True)
    contact = models.CharField(_("how to reach them"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "province", "code"]
        verbose_name = _("partner authority")
        verbose_name_plural = _("partner authorities")


class EscalationReason(models.TextChoices):
    """Why an escalation opened by itself: the worker's urgency answer. An escalation
    a staff member opens keeps the reason they wrote instead."""

    DANGER_NOW = "danger_now", _("The worker answered that someone is in danger now.")
    HAZARD_NOW = "hazard_now", _("The worker answered that a health or safety risk is happening now.")


class Escalation(Versioned):
    """Health and safety at risk: measures within 24 hours, 48 hours at most,
    including the communication of the situation to the competent authorities.
    Opened from a report, or from a case (a danger found during an inspection)."""

    TARGET = timedelta(hours=24)
    DEADLINE = timedelta(hours=48)

    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations",
                             verbose_name=_("case"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="escalations")
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty when opened automatically by an urgency answer."),
    )
    reason = models.TextField(_("reason"))
    target_at = models.DateTimeField(_("target (24 h)"), db_index=True)
    deadline_at = models.DateTimeField(_("deadline (48 h)"))
    measures = models.TextField(_("measures taken"), blank=True)
    measures_recorded_at = models.DateTimeField(null=True, blank=True)
    measures_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    met_at = models.DateTimeField(_("met"), null=True, blank=True, db_index=True)
    # Reminders already sent (12 h and 2 h before the target, breach), so each is sent once.
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["target_at"]
        indexes = [models.Index(fields=["opened_at"], name="escalation_opened_idx")]
        constraints = [models.CheckConstraint(
            condition=models.Q(report__isnull=False) | models.Q(case__isnull=False),
            name="escalation_report_or_case")]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.subject_reference} ({self.opened_at:%Y-%m-%d %H:%M})"

    @property
    def subject_reference(self) -> str:
        """The reference of what was escalated: the report, else the case."""
        if self.report_id is not None:
            return self.report.reference  # type: ignore[union-attr]
        return self.case.reference if self.case_id is not None else ""  # type: ignore[union-attr]

    @property
    def province(self) -> str:
        """Where the danger is, for the partners offered: the report's province or the case's employer's."""
        if self.report_id is not None:
            return self.report.employer_province  # type: ignore[union-attr]
        return self.case.employer.province if self.case_id is not None else ""  # type: ignore[union-attr]

    @property
    def is_met(self) -> bool:
        return self.met_at is not None

    @property
    def reason_text(self) -> str:
        """The reason as a sentence: an urgency answer's code is never shown."""
        if self.reason in EscalationReason.values:
            return str(EscalationReason(self.reason).label)
        return self.reason

    def time_left(self, now: object = None) -> timedelta:
        return self.target_at - (now or timezone.now())  # type: ignore[operator]

    def met_within_target(self) -> bool:
        return self.met_at is not None and self.met_at <= self.target_at

    def met_within_deadline(self) -> bool:
        return self.met_at is not None and self.met_at <= self.deadline_at


class ReferralOrigin(models.TextChoices):
    """Where a referral was made from (the register's filter)."""

    REPORT = "report", _("Report")
    CASE = "case", _("Case")
    ESCALATION = "escalation", _("Escalation")
    NO_JURISDICTION = "no_jurisdiction", _("Report outside the program's jurisdiction")


class ReferralOutcome(models.TextChoices):
    """What became of a referral: sent, acknowledged by the partner, then what
    the partner did (or that it never replied)."""

    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("referral outcome", "Acknowledged")
    ACTION_TAKEN = "action_taken", _("Action taken")
    NO_ACTION = "no_action", _("No action")
    NO_REPLY = "no_reply", _("No reply")


# Outcomes still waiting for the partner, and the final ones.
AWAITING_PARTNER = (ReferralOutcome.SENT, ReferralOutcome.ACKNOWLEDGED)
FINAL_OUTCOMES = (ReferralOutcome.ACTION_TAKEN, ReferralOutcome.NO_ACTION, ReferralOutcome.NO_REPLY)


class Referral(Versioned):
    """A matter communicated to a partner authority, from a report, a case or an
    escalation (seed 000: the referral strategy), and what became of it. Its
    outcome moves only through the services of `intake.referrals`."""

    class Means(models.TextChoices):
        PHONE = "phone", _("Telephone")
        EMAIL = "email", _("E-mail")
        PORTAL = "portal", _("Online portal")
        FAX = "fax", _("Fax")
        IN_PERSON = "in_person", _("In person")

    origin = models.CharField(_("origin"), max_length=16, choices=ReferralOrigin.choices,
                              default=ReferralOrigin.ESCALATION, db_index=True)
    escalation = models.ForeignKey(Escalation, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="referrals")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals",
                               verbose_name=_("report"))
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals",
                             verbose_name=_("case"))
    # The region of what was referred: who sees the referral in the register.
    region = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="referrals",
                               verbose_name=_("region"))
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner"))
    means = models.CharField(_("how"), max_length=10, choices=Means.choices)
    communicated_at = models.DateTimeField(_("when"))
    communicated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.TextField(_("what was communicated"))
    reply = models.TextField(_("their reply"), blank=True)
    reply_at = models.DateTimeField(_("reply received"), null=True, blank=True)
    outcome = FSMField(_("outcome"), max_length=16, choices=ReferralOutcome.choices, default=ReferralOutcome.SENT,
                       db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    outcome_note = models.TextField(_("what the partner did"), blank=True)
    # The reminder that the partner has not replied: claimed once, whatever the number of servers.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["communicated_at"]
        indexes = [models.Index(fields=["outcome", "communicated_at"], name="referral_outcome_idx")]
        constraints = [models.CheckConstraint(
            condition=models.Q(report__isnull=False) | models.Q(case__isnull=False)
            | models.Q(escalation__isnull=False),
            name="referral_has_subject")]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.partner} {self.communicated_at:%Y-%m-%d}"

    @property
    def subject_reference(self) -> str:
        """The report or case referred (an escalation's own subject otherwise)."""
        if self.case_id is not None:
            return self.case.reference  # type: ignore[union-attr]
        if self.report_id is not None:
            return self.report.reference  # type: ignore[union-attr]
        return self.escalation.subject_reference if self.escalation_id is not None else ""  # type: ignore[union-attr]

    @property
    def is_awaiting_partner(self) -> bool:
        return self.outcome in AWAITING_PARTNER

    # The outcome. These methods only move it; `intake.referrals` records who,
    # when and what, checks the version and audits.
    @transition(field=outcome, source=ReferralOutcome.SENT, target=ReferralOutcome.ACKNOWLEDGED)
    def acknowledge(self) -> None:
        """The partner confirmed it received the referral."""

    @transition(field=outcome, source=list(AWAITING_PARTNER), target=ReferralOutcome.ACTION_TAKEN)
    def action_taken(self) -> None:
        """The partner acted on it."""

    @transition(field=outcome, source=list(AWAITING_PARTNER), target=ReferralOutcome.NO_ACTION)
    def no_action(self) -> None:
        """The partner decided not to act."""

    @transition(field=outcome, source=list(AWAITING_PARTNER), target=ReferralOutcome.NO_REPLY)
    def no_reply(self) -> None:
        """The partner never answered; the referral is closed as such."""


class SurveyResponse(models.Model):
    """The optional one-question survey after a report. Not linked to the report."""

    class Rating(models.IntegerChoices):
        VERY_EASY = 5, _("Very easy")
        EASY = 4, _("Easy")
        NEITHER = 3, _("Neither easy nor hard")
        HARD = 2, _("Hard")
        VERY_HARD = 1, _("Very hard")

    rating = models.PositiveSmallIntegerField(_("how easy was it to report?"), choices=Rating.choices)
    language = models.CharField(max_length=8)
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.WEB)
    answered_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.rating} ({self.answered_on})"


class ClientAllowance(models.Model):
    """What one client of the worker's pages may still do: a token bucket
    (`intake.allowance`). The client is known only by a keyed hash that changes
    every day (`lib.throttle.client_key`), never by its address."""

    key = models.CharField(max_length=100, unique=True)
    tokens = models.FloatField()
    # When `tokens` was counted, in seconds since the epoch.
    stamp = models.FloatField(db_index=True)

    def __str__(self) -> str:
        return self.key.split(":")[0]
class SpokenLanguage(models.TextChoices):
    """Languages a service point's staff speak, listed on the worker's page."""

    FR = "fr", _("French")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    TL = "tl", _("Tagalog")
    PA = "pa", _("Punjabi")
    HI = "hi", _("Hindi")
    VI = "vi", _("Vietnamese")
    ZH = "zh", _("Chinese")
    PT = "pt", _("Portuguese")


class ServicePoint(BilingualName):
    """Where a worker can get help in person (seed 004): a Service Canada centre,
    a scheduled outreach site, a mobile clinic or a partner organisation. Opening
    days are digits, Monday 0 to Sunday 6; an outreach site or a mobile clinic may
    have none and be open only on its visits."""

    class Kind(models.TextChoices):
        SERVICE_CANADA = "service_canada", _("Service Canada centre")
        OUTREACH_SITE = "outreach_site", _("Scheduled outreach site")
        MOBILE_CLINIC = "mobile_clinic", _("Mobile clinic")
        PARTNER = "partner", _("Partner organisation")

    code = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=300)
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(_("province or territory"), max_length=2, choices=Province.choices)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    opening_days = models.CharField(_("opening days"), max_length=7, blank=True,
                                    help_text=_("Digits of the days open, Monday 0 to Sunday 6 (for instance 01234)."))
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=60,
                                 help_text=_("Language codes separated by commas, among: fr, en, es, tl, pa, hi, "
                                             "vi, zh, pt."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["province", "city", "code"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip() in SpokenLanguage.values]


class OutreachVisit(models.Model):
    """A dated visit of an outreach site or a mobile clinic."""

    service_point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="visits",
                                      verbose_name=_("service point"))
    day = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    place = models.CharField(_("where exactly"), max_length=200, blank=True,
                             help_text=_("Only if not at the service point's address (for instance a farm's gate)."))

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        verbose_name = _("outreach visit")
        verbose_name_plural = _("outreach visits")
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="intake_outreach_visit_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.service_point} {self.day:%Y-%m-%d}"
