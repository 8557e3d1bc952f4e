"""Test helpers: personas and small factories shared by every app's tests.

Personas (each with a TOTP second factor, as every staff account has):
- `investigator_qc`: investigator, Quebec region
- `team_lead_on`: team lead, Ontario region
- `privacy_officer`: privacy officer, National HQ
- `admin`: administrator, National HQ
- `outsider`: an active account with no role at all
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pyotp
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connections
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sentinelle.accounts.models import ApiToken, Region, Role, User
from sentinelle.accounts.services import create_api_token
from sentinelle.cases.models import Case, Employer, Sector

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def at_once[T](*calls: Callable[[], T]) -> list[T]:
    """Each call in its own thread and database connection, all released at the
    same moment, as several servers would run them; their results in the order
    given. An error in any of them is raised here. (A real race needs PostgreSQL:
    SQLite writes one transaction at a time.)"""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            start.wait()
            results[index] = call()
        except BaseException as error:  # raised in the test's thread below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if errors:
        raise errors[0]
    return results


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def create_staff(
    *roles: str,
    region_code: str = "QC",
    email: str | None = None,
    full_name: str | None = None,
    with_totp: bool = True,
) -> User:
    n = next(_counter)
    user = User.objects.create_user(
        email=email or f"staff{n}@sentinelle.test",
        password=PASSWORD,
        full_name=full_name or f"Staff Member {n}",
        region=region(region_code),
    )
    user.roles.set(Role.objects.filter(code__in=roles))
    if with_totp:
        TOTP.activate(user, pyotp.random_base32(32))
    return user


def totp_now(user: User) -> str:
    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    return pyotp.TOTP(secret).now()


def fresh_totp_code(user: User, *, margin: float = 5.0) -> str:
    """The current code, taken far enough from the end of its 30-second step that
    it is still valid when the form reaches the server (allauth allows no drift),
    even on a busy machine."""
    import time

    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    interval = pyotp.TOTP(secret).interval
    remaining = interval - time.time() % interval
    if remaining < margin:
        time.sleep(remaining + 0.1)
    return totp_now(user)


def wrong_code(user: User) -> str:
    right = totp_now(user)
    totp = pyotp.TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
    # A code that is wrong now and in the neighbouring time steps allauth tolerates.
    for candidate in (f"{(int(right) + k) % 1_000_000:06d}" for k in range(1, 1000)):
        if not totp.verify(candidate, valid_window=2):
            return candidate
    raise AssertionError("no wrong code found")


def create_employer(region_code: str = "QC", **fields: Any) -> Employer:
    n = next(_counter)
    province = {"QC": "QC", "ON": "ON", "ATL": "NS", "WST": "AB", "HQ": "ON"}[region_code]
    defaults: dict[str, Any] = {
        "legal_name": f"Employer {n} Ltd.",
        "sector": Sector.objects.order_by("naics_code").first(),
        "region": region(region_code),
        "city": "Somewhere",
        "province": province,
    }
    defaults.update(fields)
    return Employer.objects.create(**defaults)


def create_case(region_code: str = "QC", *, employer: Employer | None = None, **fields: Any) -> Case:
    """A new case (status "new") on an employer of the region."""
    from django.utils import timezone

    from sentinelle.lib.references import new_reference

    employer = employer or create_employer(region_code)
    defaults: dict[str, Any] = {
        "reference": new_reference("C"), "employer": employer, "region": employer.region,
        "opened_at": timezone.now(), "summary": "Unpaid overtime for seasonal workers.",
    }
    defaults.update(fields)
    return Case.objects.create(**defaults)


def sign_in_through_pages(client: Client, user: User, *, language: str = "en") -> None:
    """Sign in through the real pages: password, then the TOTP code. For the tests
    of signing in itself; every other test uses `sign_in`."""
    response = client.post(
        f"/{language}/accounts/login/", {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content[:2000]
    response = client.post(f"/{language}/accounts/2fa/authenticate/", {"code": fresh_totp_code(user)})
    assert response.status_code == 302, response.content[:2000]


def signed_in_session(user: User) -> str:
    """The key of a new server-side session of `user`, as the sign-in pages leave
    it once the password and the TOTP code are accepted: Django's login (with its
    signals: audit event, StaffSession, SIGNED_IN_AT) and allauth's record of the
    two steps. For a test client or a browser's cookie."""
    from importlib import import_module

    from allauth.account.internal.flows.login import record_authentication
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest

    request = HttpRequest()
    request.META.update({"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": "sentinelle-tests"})
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = user
    record_authentication(request, user, method="password", email=user.email)
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        record_authentication(request, user, method="mfa", type=totp.type, id=totp.pk)
    login(request, user, "allauth.account.auth_backends.AuthenticationBackend")
    request.session.save()
    return str(request.session.session_key)


def sign_in(client: Client, user: User) -> None:
    """Sign `user` in on `client` with the session the sign-in pages would give
    (password and second factor done; see `signed_in_session`), without the two
    requests and the wait for a fresh TOTP code."""
    from django.conf import settings

    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(user)


def example_count(full: int) -> int:
    """How many Hypothesis examples a test that asks for `full` runs: all of them
    under the `ci` profile (`make test`), a tenth (at least 10) under `light`
    (`make check`). Profiles: the root conftest.py."""
    import os

    return full if os.environ.get("HYPOTHESIS_PROFILE", "ci") != "light" else max(10, full // 10)


@contextmanager
def data_for_the_module(django_db_blocker: Any, tmp_path: Path) -> Iterator[None]:
    """For a module-scoped fixture that builds a large data set once for all the
    tests of its module (which read it; what a test writes is rolled back after it
    as usual): the database is opened, the build runs under the same fast settings
    as a test (the root conftest.py's `_fast_and_quiet`; VAR_DIR in `tmp_path`), and
    everything is rolled back at the end of the module. Mark the module
    `pytest.mark.xdist_group(...)` so that one worker builds it."""
    from django.db import transaction
    from django.test import override_settings

    from sentinelle.intake.receipts import _argon2

    with django_db_blocker.unblock(), override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        RECEIPT_ARGON2_TIME_COST=1, RECEIPT_ARGON2_MEMORY_KIB=8, VAR_DIR=tmp_path,
    ), transaction.atomic():
        _argon2.cache_clear()
        yield
        transaction.set_rollback(True)


def api_token_for(user: User) -> str:
    _token, raw = create_api_token(user, "tests", actor=user)
    return raw


class Route(NamedTuple):
    """One view of the URL configuration (`url_routes`)."""

    route: str            # as the resolver writes it, without the leading slash: "fr/staff/cases/<str:reference>/"
    namespace: str        # "cases"; nested namespaces joined ("a:b"); "" at the top
    pattern: URLPattern

    @property
    def name(self) -> str:
        """The name `reverse` takes ("cases:case_detail"); "" for a view without a name."""
        if not self.pattern.name:
            return ""
        return f"{self.namespace}:{self.pattern.name}" if self.namespace else self.pattern.name


def url_routes() -> list[Route]:
    """Every view of the URL configuration, for the tests that walk the whole site
    (the language prefix in the active language)."""
    found: list[Route] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                found.append(Route(prefix + str(entry.pattern), namespace, entry))

    walk(get_resolver().url_patterns, "", "")
    return found


@dataclass
class Personas:
    investigator_qc: User
    team_lead_on: User
    privacy_officer: User
    admin: User
    outsider: User


def create_personas() -> Personas:
    return Personas(
        investigator_qc=create_staff("investigator", region_code="QC", full_name="Amélie Investigator"),
        team_lead_on=create_staff("team_lead", region_code="ON", full_name="Daniel Lead"),
        privacy_officer=create_staff("privacy_officer", region_code="HQ", full_name="Isabelle Privacy"),
        admin=create_staff("administrator", region_code="HQ", full_name="Robert Admin"),
        outsider=create_staff(region_code="ON", full_name="Olga Outsider"),
    )


__all__ = ["PASSWORD", "ApiToken", "Personas", "api_token_for", "create_employer", "create_personas",
           "create_staff", "data_for_the_module", "example_count", "pdf_text", "pixels", "region", "sign_in",
           "sign_in_through_pages", "signed_in_session", "tiny_docx", "tiny_jpeg", "tiny_pdf", "tiny_png",
           "totp_now", "url_routes", "wrong_code"]


def train(user: User, *course_codes: str) -> None:
    """Record that `user` completed these courses (all of them when none is named)
    and signed their attestation, as the training gate on activities requires
    (sentinelle.training)."""
    from django.utils import timezone

    from sentinelle.training.models import Attestation, AttestationText, Completion, Course

    courses = Course.objects.filter(code__in=course_codes) if course_codes else Course.objects.all()
    text = AttestationText.objects.order_by("-version").first()
    for course in courses:
        Completion.objects.get_or_create(user=user, course=course, completed_on=timezone.localdate())
        if text is not None:
            Attestation.objects.get_or_create(user=user, course=course, text=text)


# Real files, small enough to make in a test -------------------------------------------------
# Uploads are checked by what they contain and cleaned of their metadata
# (sentinelle/lib/uploads/): a test that uploads a file needs one a real program
# could open, and compares what comes back by what it shows, never byte for byte.


def page_text(content: bytes | str) -> str:
    """A page's text as a reader sees it: tags removed (a reference is wrapped in
    a span that keeps it on one line), entities decoded."""
    import html
    import re

    markup = content.decode() if isinstance(content, bytes) else content
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def tiny_pdf(text: str = "Sentinelle") -> bytes:
    """A one-page PDF showing `text` (made with PyMuPDF)."""
    import pymupdf

    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 100), text, fontsize=12)
    content = bytes(document.tobytes())
    document.close()
    return content


def pdf_text(content: bytes) -> str:
    """The text a reader sees in a PDF, all pages together."""
    import pymupdf

    with pymupdf.open(stream=content, filetype="pdf") as document:
        return "".join(page.get_text() for page in document)


def _picture(width: int, height: int, image_format: str) -> bytes:
    import io

    from PIL import Image

    picture = Image.new("RGB", (width, height), (200, 30, 30))
    picture.paste((20, 20, 220), (0, 0, max(1, width // 2), max(1, height // 2)))  # a blue corner
    out = io.BytesIO()
    picture.save(out, image_format)
    return out.getvalue()


def tiny_jpeg(width: int = 8, height: int = 8) -> bytes:
    """A real JPEG photo (red, with a blue top-left corner)."""
    return _picture(width, height, "JPEG")


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A real PNG picture (red, with a blue top-left corner)."""
    return _picture(width, height, "PNG")


def pixels(content: bytes) -> tuple[str, tuple[int, int], bytes]:
    """What a picture shows: its format, size and RGB pixels."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(content)) as picture:
        return str(picture.format), picture.size, picture.convert("RGB").tobytes()


def tiny_docx(text: str = "Sentinelle", *, author: str = "") -> bytes:
    """A minimal Word document (.docx) that Word and LibreOffice open, showing
    `text`; `author`, when given, is recorded as its creator and last editor."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>"),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:body></w:document>"),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{escape(author)}</dc:creator><cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>"
            "</cp:coreProperties>"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode())
    return out.getvalue()
