"""Reference data a worker can see is named in the four languages of the product, and
the worker's pages show the name in the page's language."""

from __future__ import annotations

import html

import pytest
from django.apps import apps
from django.test import Client

from sentinelle.cases.models import Sector
from sentinelle.intake.tests.test_public_helpers import answers, walk_to_review
from sentinelle.lib.i18n import NAME_LANGUAGES, BilingualName

pytestmark = pytest.mark.django_db

# Names that read the same in every language.
PROPER_NAMES = {"Ontario", "Quebec", "WorkSafeBC", "WorkSafeNB", "SAFE Work Manitoba"}


def _named_models() -> list[type[BilingualName]]:
    return [m for m in apps.get_models() if issubclass(m, BilingualName)]


def test_every_model_named_by_the_base_is_found():
    labels = {m._meta.label for m in _named_models()}
    assert {"cases.Sector", "intake.Partner", "accounts.Region"} <= labels


def test_every_row_of_reference_data_has_a_name_in_every_language():
    missing = []
    for model in _named_models():
        rows = list(model.objects.all())
        assert rows, f"{model._meta.label} has no reference rows"
        for row in rows:
            for language in NAME_LANGUAGES:
                if not getattr(row, f"name_{language}").strip():
                    missing.append(f"{model._meta.label} {row.pk} ({row.name_en}): no name in {language}")
    assert not missing, "\n".join(missing)


def test_a_worker_reading_spanish_or_tagalog_is_not_shown_english_names():
    """No Spanish or Tagalog name is a copy of the English one, except a proper name
    every language keeps."""
    copies = []
    for model in _named_models():
        for row in model.objects.all():
            for language in ("es", "tl"):
                name = getattr(row, f"name_{language}")
                if name == row.name_en and name not in PROPER_NAMES:
                    copies.append(f"{model._meta.label} {row.pk}: {language} copies English {name!r}")
    assert not copies, "\n".join(copies)


@pytest.mark.parametrize("language", ["es", "tl"])
def test_report_form_and_its_review_show_sector_names_in_the_workers_language(language):
    client = Client()
    chosen = Sector.objects.get(naics_code="1114")
    form = client.get(f"/{language}/report/")
    assert form.status_code == 200
    review = walk_to_review(client, language=language, given=answers())
    page = html.unescape(review.content.decode())
    assert getattr(chosen, f"name_{language}") in page
    assert chosen.name_en not in page and chosen.name_fr not in page

    # The step where the sector is chosen lists every sector in the worker's language.
    step = client.post(f"/{language}/report/", {"step": "about-you", "anonymous": "yes", "next": "1"})
    listed = html.unescape(step.content.decode())
    for sector in Sector.objects.all():
        assert getattr(sector, f"name_{language}") in listed
        assert sector.name_en not in listed, sector.name_en


@pytest.mark.parametrize("language", ["es", "tl"])
def test_public_statistics_name_sectors_in_the_workers_language(language):
    page = html.unescape(Client().get(f"/{language}/statistics/").content.decode())
    for sector in Sector.objects.all():
        assert getattr(sector, f"name_{language}") in page
        assert sector.name_en not in page, sector.name_en
