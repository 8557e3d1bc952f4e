"""Provinces and territories, and the region of the program that serves each."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    NL = "NL", _("Newfoundland and Labrador")
    PE = "PE", _("Prince Edward Island")
    NS = "NS", _("Nova Scotia")
    NB = "NB", _("New Brunswick")
    QC = "QC", _("Quebec")
    ON = "ON", _("Ontario")
    MB = "MB", _("Manitoba")
    SK = "SK", _("Saskatchewan")
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    YT = "YT", _("Yukon")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")


# Region codes are those of accounts.Region (created by a data migration).
REGION_OF_PROVINCE: dict[str, str] = {
    "NL": "ATL",
    "PE": "ATL",
    "NS": "ATL",
    "NB": "ATL",
    "QC": "QC",
    "ON": "ON",
    "MB": "WST",
    "SK": "WST",
    "AB": "WST",
    "BC": "WST",
    "YT": "WST",
    "NT": "WST",
    "NU": "WST",
}
