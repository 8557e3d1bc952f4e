"""Language helpers shared by every app."""

from __future__ import annotations

import logging
from typing import Self

from django.conf import settings
from django.db import models
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


# The languages every piece of reference data is named in: French and English, the
# official languages, and Spanish and Tagalog, which workers may choose.
NAME_LANGUAGES = ("fr", "en", "es", "tl")


class BilingualName(models.Model):
    """Reference data named in every language of the product (`name_fr`, `name_en`,
    `name_es`, `name_tl`): a worker reading Spanish or Tagalog sees the sector, the
    partner or the region in that language. Every row carries all four names (a data
    migration fills them; tests/test_reference_names.py fails on a missing one)."""

    name_en = models.CharField("name (English)", max_length=200)
    name_fr = models.CharField("name (French)", max_length=200)
    name_es = models.CharField("name (Spanish)", max_length=200)
    name_tl = models.CharField("name (Tagalog)", max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_in(active_language())

    def name_in(self, language: str) -> str:
        """The name in `language`; a language the product lacks reads English. A row
        missing its translation reads French, the other official language, never
        silently English (and the row's missing name is logged)."""
        if language not in NAME_LANGUAGES:
            language = "en"
        name = getattr(self, f"name_{language}")
        if name:
            return str(name)
        logger.warning("%s %s has no name in %s", self._meta.label, self.pk, language)
        return str(self.name_fr or self.name_en)

    @classmethod
    def name_field(cls) -> str:
        """The column holding the name in the active language, to sort by it."""
        language = active_language()
        return f"name_{language if language in NAME_LANGUAGES else 'en'}"


def language_links(path: str, languages: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Links to the same page in each of `languages`, except the active one."""
    current = active_language()
    links = []
    for code, local_name in languages:
        if code == current:
            continue
        links.append({"code": code, "name": local_name, "url": translate_url(path, code)})
    return links


class VersionedText(models.Model):
    """Words a staff member signs, in French and English, one version after another:
    the newest in force is the one signed now, and what was signed keeps its version
    (a foreign key to the row). Old versions are never rewritten; a new one is added."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    text_en = models.TextField("text (English)")
    text_fr = models.TextField("text (French)")
    effective_from = models.DateField(_("effective from"), default=timezone.localdate)

    class Meta:
        abstract = True
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.version}"

    @property
    def text(self) -> str:
        return self.text_fr if active_language() == "fr" else self.text_en

    @classmethod
    def current(cls) -> Self | None:
        """The version in force today (the newest already effective)."""
        return cls.objects.filter(effective_from__lte=timezone.localdate()).order_by("-version").first()  # type: ignore[attr-defined,no-any-return]
