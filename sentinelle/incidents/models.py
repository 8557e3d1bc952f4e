"""Confidentiality incidents (Quebec A-2.1, art. 63.8 to 63.11, and the
Regulation respecting confidentiality incidents).

An incident is recorded on the three-section form of the seed's note:
(1) description of the incident, (2) treatment plan — its measures, each with
the unit responsible and its dates — and (3) explanation of the serious harm.
The risk of serious harm is assessed on a grid of four factors (see grid.py);
the officer confirms the conclusion the grid gives, or overrides it with a
reason. The notices (art. 3, 5 and 6 of the Regulation) are PDF documents kept
with the date they were given. The register (art. 7) is append-only: a
correction is a new entry that refers to the one it corrects, and no entry may
be removed before five years have passed (see register.py)."""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.incidents.grid import Rating, conclusion
from sentinelle.lib.locking import Versioned

# The public body that gives the notices (art. 3, 1°: its name and its Quebec
# enterprise number, if it has one). A deployment sets INCIDENTS_BODY_NAME and
# INCIDENTS_BODY_NEQ in its settings.
DEFAULT_BODY_NAME = "Sentinelle – Programme d’intégrité de la protection des travailleurs"


def default_body_name() -> str:
    return str(getattr(settings, "INCIDENTS_BODY_NAME", DEFAULT_BODY_NAME))


def default_body_neq() -> str:
    return str(getattr(settings, "INCIDENTS_BODY_NEQ", ""))


# An entry of the register is kept five years after the later of the end of the
# incident and the date the body learned of it.
RETENTION_YEARS = 5


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March (never earlier)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


class Incident(Versioned):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("short title"), max_length=200)
    created_at = models.DateTimeField(_("recorded on"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))
    updated_at = models.DateTimeField(_("changed on"), auto_now=True)

    # The body and the person to contact (art. 3, 1° and 8°; art. 5, 6°).
    body_name = models.CharField(_("name of the public body"), max_length=200, default=default_body_name)
    body_neq = models.CharField(_("Quebec enterprise number (NEQ), if any"), max_length=10, blank=True,
                                default=default_body_neq)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_title = models.CharField(_("title of the contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telephone of the contact person"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail of the contact person"), blank=True)

    # Section 1: description of the incident.
    circumstances = models.TextField(_("what happened"), blank=True)
    information_concerned = models.TextField(_("personal information concerned"), blank=True)
    information_not_describable = models.TextField(
        _("why the information concerned cannot be described"), blank=True)
    occurred_on = models.DateField(_("date of the incident (or start of the period)"), null=True, blank=True)
    occurred_until = models.DateField(_("end of the period, if any"), null=True, blank=True)
    dates_approximate = models.BooleanField(_("the dates are an approximation"), default=False)
    learned_on = models.DateField(_("date the body learned of the incident"), null=True, blank=True)
    persons_concerned = models.PositiveIntegerField(_("number of persons concerned"), null=True, blank=True)
    persons_in_quebec = models.PositiveIntegerField(_("of whom, persons in Quebec"), null=True, blank=True)
    persons_approximate = models.BooleanField(_("the numbers are an approximation"), default=False)
    discovered_how = models.TextField(_("how the incident was discovered"), blank=True)

    # Section 2: treatment plan (the measures are `Measure` rows), with what the
    # notices say about notifying the persons and what they may do themselves.
    notification_measures = models.TextField(
        _("measures taken or intended to notify the persons concerned"), blank=True)
    suggested_measures = models.TextField(
        _("measures suggested to the persons concerned to reduce the risk of harm"), blank=True)
    other_bodies = models.TextField(
        _("other persons or bodies notified (police, other public bodies), if any"), blank=True)

    # The grid: four factors, each rated low, medium or high.
    sensitivity = models.PositiveSmallIntegerField(_("sensitivity of the information"), choices=Rating.choices,
                                                   null=True, blank=True)
    malicious_use = models.PositiveSmallIntegerField(_("possible malicious uses"), choices=Rating.choices,
                                                     null=True, blank=True)
    consequences = models.PositiveSmallIntegerField(_("anticipated consequences"), choices=Rating.choices,
                                                    null=True, blank=True)
    probability = models.PositiveSmallIntegerField(_("probability of harmful use"), choices=Rating.choices,
                                                   null=True, blank=True)

    # The officer's conclusion: the grid's, confirmed, or overridden with a reason.
    serious_harm = models.BooleanField(_("risk of serious harm"), null=True, blank=True)
    overridden = models.BooleanField(_("the grid's conclusion was overridden"), default=False)
    override_reason = models.TextField(_("reason for overriding the grid"), blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("concluded by"))
    concluded_at = models.DateTimeField(_("concluded on"), null=True, blank=True)

    # Section 3: explanation of the serious harm.
    harm_explanation = models.TextField(_("explanation of the serious harm"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("confidentiality incident")
        verbose_name_plural = _("confidentiality incidents")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def ratings(self) -> dict[str, int | None]:
        return {"sensitivity": self.sensitivity, "malicious_use": self.malicious_use,
                "consequences": self.consequences, "probability": self.probability}

    @property
    def grid_conclusion(self) -> bool | None:
        return conclusion(**self.ratings)

    @property
    def concluded(self) -> bool:
        return self.serious_harm is not None and self.concluded_at is not None

    def retain_until(self) -> date | None:
        """The first day an entry of the incident may be purged: `RETENTION_YEARS`
        after the later of the end of the incident and the date the body learned of it."""
        days = [day for day in (self.occurred_until, self.occurred_on, self.learned_on) if day]
        if not days:
            return None
        return add_years(max(days), RETENTION_YEARS)


class MeasureKind(models.TextChoices):
    REDUCE = "reduce", _("Reduce the risk of harm")
    PREVENT = "prevent", _("Prevent a new incident of the same nature")


class Measure(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("purpose"), max_length=10, choices=MeasureKind.choices, default=MeasureKind.REDUCE)
    description = models.TextField(_("measure"))
    responsible_unit = models.CharField(_("responsible unit"), max_length=200)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.description[:80]


class NoticeKind(models.TextChoices):
    COMMISSION = "commission", _("Notice to the Commission d’accès à l’information (art. 3)")
    PERSONS = "persons", _("Notice to the persons concerned (art. 5)")
    PUBLIC = "public", _("Public notice (art. 6)")


class PublicCondition(models.TextChoices):
    """Art. 6 of the Regulation: when a public notice takes the place of notices to each person."""

    HARDSHIP = "hardship", _("Notifying each person directly would cause excessive hardship to the body")
    NO_CONTACT = "no_contact", _("The body has no contact details for the persons concerned")
    URGENCY = "urgency", _("The notice is urgent, to reduce the risk of serious harm quickly")


class Notice(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("notice"), max_length=12, choices=NoticeKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=[("fr", "Français"), ("en", "English")])
    given_on = models.DateField(_("given on"))
    recipients = models.TextField(_("recipients"), blank=True)
    public_condition = models.CharField(_("why a public notice"), max_length=12, choices=PublicCondition.choices,
                                        blank=True)
    public_justification = models.TextField(_("justification of the public notice"), blank=True)
    pdf = models.BinaryField(_("document"), editable=False)
    created_at = models.DateTimeField(_("generated on"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("generated by"))

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return f"{self.incident.reference} {self.kind} {self.given_on:%Y-%m-%d}"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def filename(self) -> str:
        return f"{self.incident.reference}-{self.kind}-{self.given_on:%Y-%m-%d}-{self.language}.pdf"


class AppendOnlyError(Exception):
    pass


class RegisterEntryQuerySet(models.QuerySet["RegisterEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Register entries cannot be changed: record a correction.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("Register entries cannot be deleted: they are kept at least five years.")

    def current(self) -> RegisterEntryQuerySet:
        """The latest entry of each incident: those no other entry corrects."""
        return self.filter(corrected_by__isnull=True)


class RegisterEntry(models.Model):
    """One line of the register of confidentiality incidents (art. 7), as it
    stood when recorded."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="register_entries")
    corrects = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="corrected_by", verbose_name=_("corrects entry"))
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_at = models.DateTimeField(_("recorded on"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    information_concerned = models.TextField(_("personal information concerned"))
    circumstances = models.TextField(_("circumstances"))
    occurred_on = models.DateField(_("date of the incident (or start of the period)"))
    occurred_until = models.DateField(_("end of the period, if any"), null=True, blank=True)
    dates_approximate = models.BooleanField(_("the dates are an approximation"), default=False)
    learned_on = models.DateField(_("date the body learned of the incident"))
    persons_concerned = models.PositiveIntegerField(_("number of persons concerned"))
    persons_in_quebec = models.PositiveIntegerField(_("of whom, persons in Quebec"), null=True, blank=True)
    persons_approximate = models.BooleanField(_("the numbers are an approximation"), default=False)
    sensitivity = models.PositiveSmallIntegerField(_("sensitivity of the information"), choices=Rating.choices)
    malicious_use = models.PositiveSmallIntegerField(_("possible malicious uses"), choices=Rating.choices)
    consequences = models.PositiveSmallIntegerField(_("anticipated consequences"), choices=Rating.choices)
    probability = models.PositiveSmallIntegerField(_("probability of harmful use"), choices=Rating.choices)
    serious_harm = models.BooleanField(_("risk of serious harm"))
    commission_notified_on = models.DateField(_("notice to the Commission given on"), null=True, blank=True)
    persons_notified_on = models.DateField(_("notice to the persons concerned given on"), null=True, blank=True)
    public_notice_on = models.DateField(_("public notice given on"), null=True, blank=True)
    public_notice_reason = models.TextField(_("why a public notice was given"), blank=True)
    measures = models.TextField(_("measures taken"))
    retain_until = models.DateField(_("kept at least until"))

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")

    def __str__(self) -> str:
        return f"{self.pk} {self.incident.reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Register entries cannot be changed: record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("Register entries cannot be deleted: they are kept at least five years.")
