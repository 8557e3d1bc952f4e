"""Language helpers shared by every app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import translate_url
from django.utils.translation import get_language


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


class BilingualName(models.Model):
    """Reference data named in both official languages (`name_en` / `name_fr`)."""

    name_en = models.CharField("name (English)", max_length=200)
    name_fr = models.CharField("name (French)", max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if active_language() == "fr" else self.name_en


def language_links(path: str, languages: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Links to the same page in each of `languages`, except the active one."""
    current = active_language()
    links = []
    for code, local_name in languages:
        if code == current:
            continue
        links.append({"code": code, "name": local_name, "url": translate_url(path, code)})
    return links
