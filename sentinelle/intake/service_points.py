"""Where a worker can get help in person: the service points of a province (and
city) with their hours, the languages spoken and the next outreach visits, in the
reader's language (seed 004)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sentinelle.intake.models import OutreachVisit, ServicePoint, SpokenLanguage
from sentinelle.lib.geo import Province

WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
VISITS_PER_POINT = 3
VISITS_IN_PROVINCE = 12


def opening_days(digits: str) -> str:
    """"Monday to Friday" for a run of days, else the days listed."""
    days = sorted({int(d) for d in digits if d.isdigit() and int(d) < 7})
    if not days:
        return ""
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return gettext("%(first)s to %(last)s") % {"first": WEEKDAYS[days[0]], "last": WEEKDAYS[days[-1]]}
    return ", ".join(str(WEEKDAYS[d]) for d in days)


def day_label(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day:%Y-%m-%d}"


@dataclass(frozen=True)
class Visit:
    day: str
    hours: str
    place: str
    point: str
    city: str


@dataclass(frozen=True)
class Point:
    name: str
    kind: str
    address: str
    city: str
    phone: str
    days: str
    hours: str
    languages: list[str]
    visits: list[Visit]


def _visit(visit: OutreachVisit) -> Visit:
    return Visit(day=day_label(visit.day), hours=f"{visit.starts_at:%H:%M}–{visit.ends_at:%H:%M}",
                 place=visit.place, point=visit.service_point.name, city=visit.service_point.city)


def _point(point: ServicePoint, visits: list[OutreachVisit]) -> Point:
    labels = dict(SpokenLanguage.choices)
    hours = f"{point.opens_at:%H:%M}–{point.closes_at:%H:%M}" if point.opens_at and point.closes_at else ""
    return Point(name=point.name, kind=point.get_kind_display(), address=point.address, city=point.city,
                 phone=point.phone, days=opening_days(point.opening_days), hours=hours,
                 languages=[str(labels[code]) for code in point.language_codes],
                 visits=[_visit(v) for v in visits[:VISITS_PER_POINT]])


def cities(province: str) -> list[str]:
    return sorted(set(ServicePoint.objects.filter(active=True, province=province).values_list("city", flat=True)))


def points_in(province: str, city: str = "") -> tuple[list[Point], list[Visit]]:
    """The service points of `province` (and `city`), and the next outreach visits there."""
    today = timezone.localdate()
    points = ServicePoint.objects.filter(active=True, province=province)
    if city:
        points = points.filter(city=city)
    points = points.order_by("city", ServicePoint.name_field())
    visits = list(OutreachVisit.objects.filter(service_point__in=points, day__gte=today)
                  .select_related("service_point").order_by("day", "starts_at", "pk"))
    by_point: dict[int, list[OutreachVisit]] = {}
    for visit in visits:
        by_point.setdefault(visit.service_point_id, []).append(visit)
    return ([_point(p, by_point.get(p.pk, [])) for p in points],
            [_visit(v) for v in visits[:VISITS_IN_PROVINCE]])


class PlaceForm(forms.Form):
    """Province first; once it is chosen, the cities that have a service point."""

    province = forms.ChoiceField(label=_("Your province or territory"),
                                 choices=[("", _("Choose…")), *Province.choices],
                                 error_messages={"invalid_choice": _("Choose a province or territory in the list.")})
    city = forms.ChoiceField(label=_("Your city (optional)"), required=False,
                             error_messages={"invalid_choice": _("Choose a city in the list.")})

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        province = self.data.get("province", "")
        choices = cities(province) if province in Province.values else []
        self.fields["city"].choices = [("", _("All cities")), *((c, c) for c in choices)]  # type: ignore[attr-defined]
