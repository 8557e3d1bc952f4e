"""The risk-of-serious-harm grid (seed 001, note on confidentiality incidents):
four factors — the sensitivity of the personal information, its possible
malicious uses, the anticipated consequences of its use and the probability
that it is used for harmful purposes — each rated low, medium or high with the
guidance below, and the rule that gives the grid's conclusion.

The rule (`RULE`): there is a risk of serious harm when a harmful use is at
least possible (probability medium or high) and either the information is highly
sensitive, or the anticipated consequences are high, or the four ratings add up
to 9 or more (out of 12). A low probability never concludes to a risk by the
grid alone: the officer may still override the conclusion, with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

THRESHOLD = 9


class Rating(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


RULE = _(
    "The grid concludes that there is a risk of serious harm when a harmful use is at least possible "
    "(probability medium or high) and either the information is highly sensitive, or the anticipated "
    "consequences are high, or the four ratings add up to 9 or more out of 12 (low 1, medium 2, high 3). "
    "With a low probability, the grid concludes that there is no risk of serious harm. The officer confirms "
    "the conclusion or overrides it with a reason."
)


@dataclass(frozen=True)
class Factor:
    field: str
    label: Any  # lazy translations
    question: Any
    guidance: dict[int, Any]

    def choices(self) -> list[tuple[int, str]]:
        """Each rating with what it means, as shown next to the choice."""
        return [(rating.value, f"{rating.label} – {self.guidance[rating.value]}") for rating in Rating]


FACTORS = [
    Factor(
        "sensitivity", _("Sensitivity of the information"),
        _("How sensitive is the personal information involved in the incident, by its nature or its context?"),
        {
            Rating.LOW: _("public information, or information that reveals little about the person "
                          "(a name, business contact details)."),
            Rating.MEDIUM: _("information about the person’s private life or situation (home address, date of "
                             "birth, employment details)."),
            Rating.HIGH: _("highly sensitive information: social insurance number, passport or work permit, bank "
                           "account, health, immigration status, or a worker’s report against their employer."),
        },
    ),
    Factor(
        "malicious_use", _("Possible malicious uses"),
        _("What could a person with bad intentions do with this information?"),
        {
            Rating.LOW: _("hardly anything: the information could not easily be used against the person."),
            Rating.MEDIUM: _("harass, embarrass or contact the person without their consent."),
            Rating.HIGH: _("steal the person’s identity, commit fraud, blackmail the person or take reprisals "
                           "against them (for instance, the employer)."),
        },
    ),
    Factor(
        "consequences", _("Anticipated consequences"),
        _("What would the use of this information cause the person?"),
        {
            Rating.LOW: _("an inconvenience at most, easily remedied."),
            Rating.MEDIUM: _("damage to reputation, or a loss of time or money that can be recovered."),
            Rating.HIGH: _("lasting harm: financial loss, loss of employment or of immigration status, "
                           "reprisals, or a risk to physical safety."),
        },
    ),
    Factor(
        "probability", _("Probability of harmful use"),
        _("How likely is it that the information will be used for harmful purposes?"),
        {
            Rating.LOW: _("the information was contained quickly, reached a trustworthy recipient who returned or "
                          "destroyed it, or was encrypted; nothing suggests it was consulted or copied."),
            Rating.MEDIUM: _("the information may have been consulted or copied by a person who should not "
                             "have it."),
            Rating.HIGH: _("the information was taken on purpose (theft, intrusion) or published, or a harmful "
                           "use has already been observed."),
        },
    ),
]

FACTOR_BY_FIELD = {factor.field: factor for factor in FACTORS}


def conclusion(*, sensitivity: int | None, malicious_use: int | None, consequences: int | None,
               probability: int | None) -> bool | None:
    """True when the grid finds a risk of serious harm, False when it does not,
    None while a factor is not rated."""
    ratings = (sensitivity, malicious_use, consequences, probability)
    if any(rating is None for rating in ratings):
        return None
    if probability is None or probability < Rating.MEDIUM:
        return False
    total = sum(int(rating) for rating in ratings if rating is not None)
    return sensitivity == Rating.HIGH or consequences == Rating.HIGH or total >= THRESHOLD
