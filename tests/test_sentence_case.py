"""English is written in sentence case everywhere, the sign-in pages of allauth
included ("Sign in", not "Sign In"), and the French sign-in pages use the words of
the glossary (« courriel », not « adresse e-mail »)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from sentinelle.test import PASSWORD, create_staff, sign_in
from tests.test_glossary import forbidden_variants

ENGLISH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Proper nouns and names that keep their capitals inside a sentence.
PROPER_NOUNS = [
    "Sentinelle", "Service Canada", "Global Affairs Canada", "Protecteur du citoyen",
    "Public Sector Integrity Commissioner of Canada", "Public Servants Disclosure Protection Act",
    "Temporary Foreign Worker Program", "Canada Border Services Agency", "Royal Canadian Mounted Police",
    "Immigration, Refugees and Citizenship Canada", "Employment and Social Development Canada",
    "Agriculture and Agri-Food Canada", "Health Canada", "Commission d’accès à l’information",
    "Access to Information Act", "Privacy Act", "Newfoundland and Labrador", "Prince Edward Island", "Nova Scotia",
    "New Brunswick", "British Columbia", "Northwest Territories", "Wilson's", "the Regulation", "the Commission",
    "Canada", "Quebec", "Ontario", "French", "English", "Spanish", "Tagalog", "WhatsApp", "Word", "Excel",
    "PowerPoint", "OpenDocument", "JavaScript", "PDF", "CSV", "API",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
]


def title_case_words(text: str) -> list[str]:
    """Words written with a capital inside a sentence, apart from proper nouns,
    acronyms, quoted words and placeholders."""
    text = re.sub(r"<[^>]+>", "\n", text)
    text = re.sub(r"%\([a-z_]+\)[sd]|\{[^}]*\}|https?://\S+|“[^”]*”|«[^»]*»|\"[^\"]*\"", " ", text)
    for noun in sorted(PROPER_NOUNS, key=len, reverse=True):
        text = text.replace(noun, " ")
    found = []
    for sentence in re.split(r"(?<=[.:;!?])\s+|\n|[–—(•·|]", text):
        words = re.findall(r"[A-Za-zÀ-ÿ][\w’'-]*", sentence)
        if words and words[0] in ("Yes", "No"):
            words = words[1:]
        found += [w for w in words[1:] if w[0].isupper() and not w.isupper() and w not in ("Yes", "No", "I")]
    return found


def test_the_check_finds_title_case_and_spares_proper_nouns():
    assert title_case_words("Sign In") == ["In"]
    assert title_case_words("Forgot Your Password?") == ["Your", "Password"]
    assert title_case_words("Two-Factor Authentication") == ["Authentication"]
    assert title_case_words("Refer it to Canada Border Services Agency.") == []
    assert title_case_words("If none fits, choose “Something else”.") == []
    assert title_case_words("Sign in to Sentinelle") == []


def test_english_messages_are_in_sentence_case():
    found = []
    for entry in polib.pofile(str(ENGLISH)):
        if entry.obsolete or not entry.msgid:
            continue
        for text in [entry.msgstr or entry.msgid, *entry.msgstr_plural.values()]:
            if words := title_case_words(text):
                found.append(f"{text!r}: {words}")
    assert not found, "\n".join(found)


class _Labels(HTMLParser):
    """Headings, buttons, labels, legends, links and the title of a page."""

    TAGS = {"title", "h1", "h2", "h3", "h4", "button", "label", "legend", "a", "th", "summary", "p", "li", "dt"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "submit" and values.get("value"):
            self.texts.append(values["value"] or "")
        if tag == "input" and values.get("placeholder"):
            self.texts.append(values["placeholder"] or "")
        if tag in self.TAGS:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.TAGS and tag in self._open:
            self._open.remove(tag)

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.texts.append(" ".join(data.split()))


def labels_of(html: str) -> list[str]:
    parser = _Labels()
    parser.feed(html)
    return parser.texts


ANONYMOUS = ["/{lang}/accounts/login/", "/{lang}/accounts/password/reset/", "/{lang}/accounts/password/reset/done/",
             "/{lang}/accounts/inactive/", "/{lang}/accounts/signup/"]
SIGNED_IN = ["/{lang}/accounts/logout/", "/{lang}/accounts/password/change/", "/{lang}/accounts/2fa/",
             "/{lang}/accounts/2fa/recovery-codes/", "/{lang}/accounts/email/", "/{lang}/accounts/reauthenticate/"]


def _sign_in_pages(language: str) -> dict[str, str]:
    pages: dict[str, str] = {}
    for path in ANONYMOUS:
        url = path.format(lang=language)
        pages[url] = Client().get(url).content.decode()
    # The second step of signing in: the password is right, the code is asked.
    user = create_staff("investigator", region_code="QC")
    pending = Client()
    pending.post(f"/{language}/accounts/login/", {"login": user.email, "password": PASSWORD})
    url = f"/{language}/accounts/2fa/authenticate/"
    pages[url] = pending.get(url).content.decode()
    # A wrong password, and a wrong code: the messages they give.
    wrong = Client().post(f"/{language}/accounts/login/", {"login": user.email, "password": "not the password"})
    pages[f"/{language}/accounts/login/ (wrong password)"] = wrong.content.decode()
    code = pending.post(url, {"code": "000000"})
    pages[f"{url} (wrong code)"] = code.content.decode()
    client = Client()
    sign_in(client, user)
    for path in SIGNED_IN:
        url = path.format(lang=language)
        response = client.get(url, follow=True)
        pages[url] = response.content.decode()
    return pages


@pytest.mark.django_db
def test_the_english_sign_in_pages_are_in_sentence_case():
    found = []
    for url, html in _sign_in_pages("en").items():
        for text in labels_of(html):
            if words := title_case_words(text):
                found.append(f"{url}: {text!r} {words}")
    assert not found, "\n".join(sorted(set(found)))


@pytest.mark.django_db
def test_the_french_sign_in_pages_use_the_glossarys_words():
    variants = forbidden_variants()
    found = []
    for url, html in _sign_in_pages("fr").items():
        for text in labels_of(html):
            found += [f"{url}: « {v.forbidden} » in {text!r}" for v in variants if not v.english and v.found_in(text)]
    assert not found, "\n".join(sorted(set(found)))
