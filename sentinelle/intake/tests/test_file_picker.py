"""The worker's file picker offers what the server accepts, and only that: an
HEIC photo or an older Word/Excel/PowerPoint file, which would be refused because
their hidden information cannot be removed, is not offered first."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from sentinelle.intake.tests.test_public_helpers import walk_to_review
from sentinelle.lib.uploads.detect import IMAGES, OFFICE, PDF

pytestmark = pytest.mark.django_db
REFUSED = {".heic", ".heif", ".doc", ".xls", ".ppt", "image/*", "image/heic", "image/heif", "application/msword"}


def _accept(page: str) -> set[str]:
    found = re.findall(r'<input[^>]*type="file"[^>]*>', page)
    assert len(found) == 1, found
    value = re.search(r'accept="([^"]*)"', found[0])
    assert value, found[0]
    return {token.strip().lower() for token in html.unescape(value.group(1)).split(",")}


@pytest.mark.parametrize("language", ["en", "fr", "es", "tl"])
def test_the_picker_offers_every_kind_the_server_accepts_and_no_other(language):
    offered = _accept(walk_to_review(Client(), language=language).content.decode())
    accepted = [*IMAGES, PDF, *OFFICE]
    for kind in accepted:
        assert kind.content_type in offered or f".{kind.extension}" in offered, kind
    allowed = {k.content_type for k in accepted} | {f".{k.extension}" for k in accepted} | {".jpeg"}
    assert offered <= allowed, offered - allowed
    assert not offered & REFUSED
