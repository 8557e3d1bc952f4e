"""Phone numbers of any country, validated by ``phonenumbers`` (libphonenumber's metadata) per region.

The Canadian and North American forms (Jamaica's 876, Trinidad and Tobago's 868) are
also found by the pattern of ``recognizers.PHONE_RULES``; this recogniser adds:

* numbers in international form: ``+52 55 3412 8876``, ``+63 917 842 3316``, the same
  dialled from Canada (``011 52 33 1845 2207``) or from elsewhere (``00 502 4418 2290``),
  with any grouping of spaces, dots, dashes or brackets (WhatsApp writes ``+91 98140 22735``);
  a number is kept when libphonenumber says it is a valid number of its country. Mexican
  mobile numbers are still often written with the "1" that Mexico dropped in 2019
  (``+52 1 55 …``): the number without it is checked too;
* numbers in a source country's national form (``0918 334 2271`` in the Philippines,
  ``9812-4471`` in Honduras): only after a word that announces a phone number (WhatsApp,
  « cellulaire », "celular", "tawagan"…), checked against the regions of the language
  (a Tagalog text: the Philippines; Spanish: Mexico and Central America), and against
  every source country when the number starts with a trunk 0 (``024 418 2297``: a
  nine-digit number without it could as well be a social insurance number). A Philippine mobile number with its trunk 0 (``09XX XXX XXXX``)
  is distinctive enough to be kept without such a word in a Tagalog text.
"""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# the main countries of origin of the program's workers
SOURCE_REGIONS = ("MX", "GT", "JM", "PH", "HN", "SV", "TT", "IN", "GH", "TH")
REGIONS_OF_LANGUAGE = {"fr": (), "en": (), "es": ("MX", "GT", "HN", "SV"), "tl": ("PH",)}

SEPARATOR = r"[ \u00a0\u202f.\-–]"
GROUPS = rf"\(?\d{{1,5}}\)?(?:{SEPARATOR}?\(?\d{{1,5}}\)?){{1,7}}"
INTERNATIONAL = re.compile(rf"(?<![\w+.,\-/⑆⑈⑉])(?P<prefix>\(\+|\+|00{SEPARATOR}?|011{SEPARATOR}?)(?P<number>{GROUPS})(?![\w])")
NATIONAL = re.compile(rf"(?<![\w+/.,-])(?P<number>\(?0?\d{{1,4}}\)?(?:{SEPARATOR}?\(?\d{{1,5}}\)?){{1,6}})(?![\w/]|[.,-]\d)")
CONTEXT = re.compile(
    r"(?<!\w)(?:t[ée]l(?:[ée]phone)?s?|tel[ée]fono|telepono|phone|cell(?:ular|ulaire)?|celular|cel|mobile|m[óo]vil|"
    r"portable|whats\s?app|viber|signal|n[úu]m(?:[ée]ro)?s?|number|appele[rz]|appelle[rz]?|call|llam[aeo]n?|"
    r"llamar|marca[rn]?|tawag(?:an)?|tumawag|text|texto|mensaje|contact(?:o|er|ez)?)(?!\w)", re.IGNORECASE)
REFUSE = re.compile(r"(?:NAS|SIN|NEQ|compte|account|cuenta|transit|passe?port|pasaporte|permis|permit|UCI|IUC|folio)"
                    r"\W{0,12}$", re.IGNORECASE)
CONTEXT_WINDOW = 40
AFTER_DIGITS = re.compile(r"\d[ \u00a0\u202f.\-]?$")  # a candidate that continues a longer number (a bank account)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _valid(number: phonenumbers.PhoneNumber) -> bool:
    if phonenumbers.is_valid_number(number):
        return True
    national = str(number.national_number)
    if number.country_code == 52 and len(national) == 11 and national.startswith("1"):
        # the old mobile prefix of Mexico, still written: +52 1 55 3412 8876
        return bool(phonenumbers.is_valid_number(phonenumbers.parse("+52" + national[1:], None)))
    return False


def _international(digits: str) -> bool:
    try:
        return _valid(phonenumbers.parse("+" + digits, None))
    except phonenumbers.NumberParseException:
        return False


def _national(digits: str, regions: tuple[str, ...]) -> bool:
    for region in regions:
        try:
            if _valid(phonenumbers.parse(digits, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _shorten(text: str, start: int, end: int) -> list[int]:
    """The ends to try for a candidate: the whole, then without its last groups (a number followed by another)."""
    ends = [end]
    for match in reversed(list(re.finditer(rf"{SEPARATOR}+\(?\d+\)?$|{SEPARATOR}+", text[start:end]))):
        cut = start + match.start()
        if cut not in ends and cut > start:
            ends.append(cut)
    return sorted(set(ends), reverse=True)


class PhoneNumbersRecognizer(LocalRecognizer):
    """Phone numbers in international form, and in a source country's national form after a phone word."""

    def __init__(self, language: str) -> None:
        self.regions = REGIONS_OF_LANGUAGE.get(language, ())
        others = tuple(r for r in SOURCE_REGIONS if r not in self.regions)
        self.context_regions = self.regions + others
        super().__init__(supported_entities=["PHONE"], supported_language=language,
                         name=f"SentinellePhoneNumbersRecognizer_{language}")

    def load(self) -> None:  # nothing to load: phonenumbers reads its metadata on import
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        taken: list[tuple[int, int]] = []
        for match in INTERNATIONAL.finditer(text):
            start = match.start()
            if REFUSE.search(text[max(0, start - 25):start]) or AFTER_DIGITS.search(text[max(0, start - 2):start]):
                continue
            for end in _shorten(text, match.start("number"), match.end()):
                if len(_digits(text[match.start("number"):end])) < 7:
                    break
                if _international(_digits(text[match.start("number"):end])):
                    results.append(RecognizerResult("PHONE", start, end, 0.95))
                    taken.append((start, end))
                    break
        for match in NATIONAL.finditer(text):
            start, end = match.span("number")
            if any(s <= start < e or s < end <= e for s, e in taken):
                continue
            digits = _digits(match.group("number"))
            if (not 8 <= len(digits) <= 13 or REFUSE.search(text[max(0, start - 25):start])
                    or AFTER_DIGITS.search(text[max(0, start - 2):start])):
                continue
            announced = CONTEXT.search(text[max(0, start - CONTEXT_WINDOW):start])
            # the language's own countries; any source country when the trunk 0 shows a national form
            regions = self.context_regions if digits.startswith("0") else self.regions
            philippine_mobile = "PH" in self.regions and re.fullmatch(r"09\d{9}", digits)
            # announced numbers are also tried as international ones whose + was left out (52 1 55 …)
            if (announced or philippine_mobile) and (_national(digits, regions)
                                                     or (announced and len(digits) > 10 and _international(digits))):
                results.append(RecognizerResult("PHONE", start, end, 0.8))
        return results
