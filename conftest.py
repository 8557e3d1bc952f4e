from __future__ import annotations

import pytest

from sentinelle.test import Personas, create_personas

pytest_plugins = ["tests.logscan", "tests.fuzz.summary"]  # log scan; fuzz examples counted


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):  # type: ignore[no-untyped-def]
    """A fast password hasher, and ALLOWED_HOSTS that the test client uses."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
