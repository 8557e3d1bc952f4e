"""What each article of the Regulation respecting confidentiality incidents
requires, field by field, and which of those fields an incident still lacks.

- art. 3, the notice to the Commission: the name of the body and its NEQ (if
  any); a contact person; the personal information concerned (or why it cannot
  be described); the circumstances; the date or period of the incident; the date
  the body learned of it; the number of persons concerned and of those in
  Quebec; the assessment of the risk of serious harm; the measures taken or
  intended to reduce the risk; the measures taken or intended to notify the
  persons; (if any) the other persons or bodies notified.
- art. 5, the notice to a person concerned: the information concerned; the
  circumstances; the date or period; the measures taken or intended to reduce
  the risk; the measures suggested to the person; the contact details.
- art. 6, the public notice: the content of art. 5, and the condition that
  justifies a public notice (checked by the notice form).
- art. 7, the register: the information concerned; the circumstances; the date
  or period; the date the body learned of it; the number of persons concerned;
  the assessment of the risk (the four factors of the grid); whether there is a
  risk of serious harm; the dates of the notices (when given); the measures
  taken."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sentinelle.incidents.models import Incident, MeasureKind


@dataclass(frozen=True)
class Requirement:
    key: str
    label: Promise
    present: Callable[[Incident], bool]


def _filled(name: str) -> Callable[[Incident], bool]:
    def present(incident: Incident) -> bool:
        value = getattr(incident, name)
        return value is not None and (not isinstance(value, str) or bool(value.strip()))

    return present


def _information(incident: Incident) -> bool:
    return bool(incident.information_concerned.strip() or incident.information_not_describable.strip())


def _contact_details(incident: Incident) -> bool:
    return bool(incident.contact_phone.strip() or incident.contact_email.strip())


def _grid(incident: Incident) -> bool:
    return all(rating is not None for rating in incident.ratings.values())


def _conclusion(incident: Incident) -> bool:
    return incident.concluded


def _measures_reduce(incident: Incident) -> bool:
    return incident.pk is not None and incident.measures.filter(kind=MeasureKind.REDUCE).exists()  # type: ignore[attr-defined]


def _measures(incident: Incident) -> bool:
    return incident.pk is not None and incident.measures.exists()  # type: ignore[attr-defined]


REQUIREMENTS = {
    requirement.key: requirement for requirement in [
        Requirement("body_name", _("Name of the public body"), _filled("body_name")),
        Requirement("contact_name", _("Contact person"), _filled("contact_name")),
        Requirement("contact_details", _("Telephone or e-mail of the contact person"), _contact_details),
        Requirement("information_concerned", _("Personal information concerned (or why it cannot be described)"),
                    _information),
        Requirement("circumstances", _("What happened"), _filled("circumstances")),
        Requirement("occurred_on", _("Date or period of the incident"), _filled("occurred_on")),
        Requirement("learned_on", _("Date the body learned of the incident"), _filled("learned_on")),
        Requirement("persons_concerned", _("Number of persons concerned"), _filled("persons_concerned")),
        Requirement("persons_in_quebec", _("Number of persons concerned in Quebec"), _filled("persons_in_quebec")),
        Requirement("grid", _("Assessment of the risk of serious harm (the four factors of the grid)"), _grid),
        Requirement("conclusion", _("Conclusion on the risk of serious harm, confirmed by the officer"),
                    _conclusion),
        Requirement("harm_explanation", _("Explanation of the serious harm (section 3)"),
                    _filled("harm_explanation")),
        Requirement("measures_reduce", _("Measures taken or intended to reduce the risk of harm"),
                    _measures_reduce),
        Requirement("measures", _("Measures taken (treatment plan)"), _measures),
        Requirement("notification_measures", _("Measures taken or intended to notify the persons concerned"),
                    _filled("notification_measures")),
        Requirement("suggested_measures", _("Measures suggested to the persons concerned to reduce the risk"),
                    _filled("suggested_measures")),
    ]
}

ARTICLE_3 = ["body_name", "contact_name", "contact_details", "information_concerned", "circumstances",
             "occurred_on", "learned_on", "persons_concerned", "persons_in_quebec", "grid", "conclusion",
             "harm_explanation", "measures_reduce", "notification_measures"]
ARTICLE_5 = ["information_concerned", "circumstances", "occurred_on", "measures_reduce", "suggested_measures",
             "contact_name", "contact_details"]
ARTICLE_7 = ["information_concerned", "circumstances", "occurred_on", "learned_on", "persons_concerned", "grid",
             "conclusion", "measures"]

# The requirements of each notice, by its kind (see models.NoticeKind); a public
# notice (art. 6) says what a notice to a person says.
BY_NOTICE = {"commission": ARTICLE_3, "persons": ARTICLE_5, "public": ARTICLE_5}


def missing(incident: Incident, keys: list[str]) -> list[Requirement]:
    """The requirements of `keys` the incident does not meet yet, in order."""
    return [REQUIREMENTS[key] for key in keys if not REQUIREMENTS[key].present(incident)]


def missing_labels(incident: Incident, keys: list[str]) -> list[str]:
    return [str(requirement.label) for requirement in missing(incident, keys)]
