from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from sentinelle.test import Personas, create_personas

pytest_plugins = ["tests.logscan", "tests.fuzz.summary"]  # log scan; fuzz examples counted

# Hypothesis: `ci`, every example each test asks for (`make test`); `light`, a
# tenth of them (`make check`, see sentinelle.test.example_count). No deadline on a
# shared machine. Chosen with HYPOTHESIS_PROFILE; `ci` by default.
hypothesis_settings.register_profile("ci", deadline=None, print_blob=True)
hypothesis_settings.register_profile(
    "light", deadline=None, print_blob=True, max_examples=10, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The tiers (pytest -m): a whole folder is marked here; a single module marks
# itself (`pytestmark`). `make check` runs what is none of these.
_FOLDER_MARKERS = {
    "tests/browser": "browser",  # Chromium through Playwright
    "tests/multiserver": "system",  # two gunicorn servers behind nginx, on PostgreSQL
}
_ROOT = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(item.path).resolve().relative_to(_ROOT).parent.as_posix()
        for prefix, marker in _FOLDER_MARKERS.items():
            if folder == prefix or folder.startswith(prefix + "/"):
                item.add_marker(marker)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):  # type: ignore[no-untyped-def]
    """A fast password hasher, receipt codes hashed at Argon2's lowest cost (the
    same algorithm and checks), and ALLOWED_HOSTS that the test client uses."""
    from sentinelle.intake.receipts import _argon2

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.RECEIPT_ARGON2_TIME_COST = 1
    settings.RECEIPT_ARGON2_MEMORY_KIB = 8
    _argon2.cache_clear()
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(tmp_path, settings):  # type: ignore[no-untyped-def]
    """Uploaded and generated files go to a folder of the test's own, never under var/,
    encrypted as in production (sentinelle/lib/storage.py), so that every test that
    stores or reads a file goes through the encryption."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "sentinelle.lib.storage.EncryptedFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "files"), "base_url": None}}}


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code run outside a request (tasks, services) speaks English in tests unless a
    test says otherwise; pages take their language from the URL as usual."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return create_personas()
