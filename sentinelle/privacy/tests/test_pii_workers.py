"""Detection of the workers' own information, kind by kind, on generated variants: phone numbers of the
source countries (phonenumbers' own example numbers, spaced at random), their passports near and far from
the word, Canadian bank accounts and cheque lines, post-office boxes and rural routes, names announced by
context; what is not personal information (businesses, money, an employer's business address); and the
Spanish and Tagalog texts."""

import random
import re

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentinelle.privacy import pii
from sentinelle.privacy.pii import find_personal_information
from sentinelle.privacy.pii_phones import SOURCE_REGIONS
from sentinelle.test import example_count

# spaCy loads once, in one worker
pytestmark = pytest.mark.xdist_group("spacy")

LANGUAGES = ("fr", "en", "es", "tl")
SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module", autouse=True)
def engine():
    return pii.engine()


def found(text, language):
    return [(text[f.start:f.end], f.kind) for f in find_personal_information(text, language)]


def kinds_found(text, language, kind):
    return [value for value, k in found(text, language) if k == kind]


# ---------------------------------------------------------------- phone numbers of the source countries

def _spaced(rng: random.Random, digits: str) -> str:
    """`digits` cut into groups of 2 to 5, joined by spaces, dashes or dots as people type them."""
    groups, i = [], 0
    while i < len(digits):
        size = rng.randint(2, 5)
        groups.append(digits[i:i + size])
        i += size
    if len(groups[-1]) < 2 and len(groups) > 1:
        last = groups.pop()
        groups[-1] += last
    separator = rng.choice([" ", " ", "-", ".", "\u00a0"])
    return separator.join(groups)


PHONE_SENTENCES = {
    "fr": "Le numéro WhatsApp de sa mère est le {} depuis mars.",
    "en": "Her mother's WhatsApp number is {} since March.",
    "es": "El WhatsApp de mi mamá es {} desde marzo.",
    "tl": "Ang WhatsApp ng nanay ko ay {} mula Marso.",
}


@settings(SLOW, max_examples=example_count(120))
@given(region=st.sampled_from(SOURCE_REGIONS), language=st.sampled_from(LANGUAGES), seed=st.integers(0, 10**6),
       prefix=st.sampled_from(["+", "+", "00 ", "011 "]))
def test_international_numbers_of_each_source_country_with_any_spacing(region, language, seed, prefix):
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    rng = random.Random(seed)
    code, national = str(example.country_code), str(example.national_number)
    number = f"{prefix}{code} {_spaced(rng, national)}"
    assert re.sub(r"\D", "", number).endswith(national)
    text = PHONE_SENTENCES[language].format(number)
    assert (number, "PHONE") in found(text, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_mexican_mobiles_written_with_the_old_1(language):
    for number in ("+52 1 55 3412 8876", "+52 1 (961) 128 4405", "+52-1-33-2015-8844"):
        text = PHONE_SENTENCES[language].format(number)
        assert (number, "PHONE") in found(text, language)


def test_national_forms_after_a_phone_word():
    assert ("0918 334 2271", "PHONE") in found("Tawagan ninyo siya sa 0918 334 2271 bukas.", "tl")
    assert ("9812-4471", "PHONE") in found("Su celular en Honduras: 9812-4471.", "es")
    assert ("024 418 2297", "PHONE") in found("Cellulaire de son frère au Ghana : 024 418 2297.", "fr")


def test_numbers_that_are_not_valid_phone_numbers_are_not_flagged():
    for language in LANGUAGES:
        assert kinds_found("Référence +00 1234, commande 8812 3345 9900 1.", language, "PHONE") == []
    # a nine-digit number after « numéro » is not a phone number of a source country without its trunk 0
    assert kinds_found("Le numéro 987 654 321 inscrit sur le formulaire n'est pas un NAS valide.", "fr",
                       "PHONE") == []


# ---------------------------------------------------------------- passports

PASSPORT_FORMATS = {
    "MX": "[A-Z][0-9]{8}", "GT": "[0-9]{9}", "JM": "[A-Z][0-9]{7}", "PH": "[A-Z][0-9]{7}[A-Z]",
    "HN": "[A-Z][0-9]{7}", "SV": "[A-Z][0-9]{8}", "TT": "[A-Z]{2}[0-9]{6}", "IN": "[A-Z][0-9]{7}",
    "GH": "[A-Z][0-9]{7}", "TH": "[A-Z]{2}[0-9]{7}", "CA": "[A-Z]{2}[0-9]{6}",
}
NEAR = {"fr": "Son passeport porte le numéro {}.", "en": "His passport number is {}.",
        "es": "Mi pasaporte es el número {}.", "tl": "Ang pasaporte ko ay {}."}
FAR = {
    "fr": "Le contremaître a pris son passeport à l'aéroport. Deux semaines plus tard, la gérante a refusé de le "
          "lui rendre malgré ses demandes. Le numéro inscrit sur la copie est {}.",
    "en": "The foreman took his passport at the airport. Two weeks later the manager refused to give it back "
          "despite his requests. The number on the copy we have is {}.",
    "es": "El capataz se quedó con mi pasaporte en el aeropuerto. Dos semanas después la gerente no me lo quiso "
          "devolver aunque se lo pedí varias veces. El número en la copia es {}.",
    "tl": "Kinuha ng supervisor ang pasaporte ko pagdating sa farm. Hindi pa niya ibinabalik hanggang ngayon kahit "
          "ilang beses na akong humingi. Ang numero ng kopya ko ay {}.",
}


@settings(SLOW, max_examples=example_count(80))
@given(data=st.data(), language=st.sampled_from(LANGUAGES), far=st.booleans())
def test_passports_of_each_country_near_or_far_from_the_word(data, language, far):
    country = data.draw(st.sampled_from(sorted(PASSPORT_FORMATS)))
    if country == "GT":
        far = False  # nine digits alone are many things: only close to the word
    number = data.draw(st.from_regex(f"\\A{PASSPORT_FORMATS[country]}\\Z"))
    text = (FAR if far else NEAR)[language].format(number)
    assert (number, "PASSPORT") in found(text, language)


def test_a_code_far_from_any_passport_word_is_not_a_passport():
    assert kinds_found("Formulaire A1234567 reçu le 3 mai; aucune pièce d'identité n'était jointe.", "fr",
                       "PASSPORT") == []
    text = "Passport seen on arrival.\n\nNew paragraph: the invoice code is A1234567."
    assert kinds_found(text, "en", "PASSPORT") == []


# ---------------------------------------------------------------- bank accounts and cheque lines

@settings(SLOW, max_examples=example_count(60))
@given(transit=st.from_regex(r"\A[0-9]{5}\Z"), institution=st.sampled_from(["001", "002", "003", "004", "006", "010",
                                                                             "815", "829"]),
       account=st.from_regex(r"\A[0-9]{7,12}\Z"), separator=st.sampled_from(["-", " "]),
       language=st.sampled_from(LANGUAGES), words=st.booleans())
def test_transit_institution_account_with_or_without_words(transit, institution, account, separator, language, words):
    number = separator.join((transit, institution, account))
    before = {"fr": "Mon compte pour le remboursement : ", "en": "My account for the refund: ",
              "es": "Mi cuenta para el reembolso: ", "tl": "Ang account ko para sa refund: "}[language]
    text = (before if words else "Dépôt : " if language == "fr" else "Deposit: ") + number + "."
    assert (number, "BANK_ACCOUNT") in found(text, language)


@settings(SLOW, max_examples=example_count(40))
@given(cheque=st.from_regex(r"\A[0-9]{3,7}\Z"), transit=st.from_regex(r"\A[0-9]{5}\Z"),
       institution=st.from_regex(r"\A[0-9]{3}\Z"), account=st.from_regex(r"\A[0-9]{7,12}\Z"),
       language=st.sampled_from(LANGUAGES))
def test_cheque_micr_lines(cheque, transit, institution, account, language):
    line = f"⑆{transit}⑉{institution}⑆ {account}⑈"
    text = f"⑈{cheque}⑈ {line}"
    assert (line, "BANK_ACCOUNT") in found(text, language)


# ---------------------------------------------------------------- addresses that are not a street

BOXES = ["C.P. {n}", "case postale {n}", "Case postale {n}", "CP {n}", "PO Box {n}", "P.O. Box {n}",
         "Post Office Box {n}"]
STATIONS = ["", ", succursale Bureau-chef", ", succ. Centre-Ville", ", Station Main", ", Station A", ", STN Main"]
TOWNS = [("Saint-Rémi", "(Québec)", "J0L 2L0"), ("Leamington", "ON", "N8H 3W1"), ("Simcoe", "ON", "N3Y 4N5"),
         ("Sainte-Clotilde", "(Québec)", "J0L 1W0"), ("Kingsville", "Ontario", "N9Y 2E8")]


@settings(SLOW, max_examples=example_count(60))
@given(box=st.sampled_from(BOXES), n=st.integers(1, 99999), station=st.sampled_from(STATIONS),
       town=st.sampled_from(TOWNS), language=st.sampled_from(LANGUAGES))
def test_post_office_boxes_with_their_station_and_town(box, n, station, town, language):
    city, province, postal = town
    comma = "" if province.startswith("(") else ","
    address = f"{box.format(n=n)}{station}, {city}{comma} {province} {postal}"
    text = {"fr": "Adresse postale : {}.", "en": "Mailing address: {}.", "es": "Mi correo llega a {}.",
            "tl": "Ang sulat ay ipadala sa {}."}[language].format(address)
    assert (address, "ADDRESS") in found(text, language)


@pytest.mark.parametrize(("language", "address"), [
    ("en", "RR 2, Harrow, ON N0R 1G0"),
    ("en", "R.R. #3, Kingsville, ON N9Y 2E8"),
    ("en", "Rural Route 1, Simcoe, ON N3Y 4N5"),
    ("fr", "RR 3, Saint-Chrysostome (Québec) J0S 1R0"),
    ("en", "General Delivery, Simcoe, ON N3Y 1A1"),
    ("fr", "poste restante, Saint-Michel (Québec) J0L 2J0"),
])
def test_rural_routes_and_general_delivery(language, address):
    assert (address, "ADDRESS") in found(f"Her address is now {address}.", language)


# ---------------------------------------------------------------- names announced by context

FIRST_NAMES = ["Maricela", "Wilmer", "Shanice", "Delroy", "Jomar", "Kwabena", "Rogelio", "Karla", "Efraín", "Nene",
               "Jun", "Arnel", "Guadalupe", "Priya", "Somchai"]
ANNOUNCED = {
    "fr": ["J'ai appelé ma cousine {}.", "Mon collègue {} dit que le patron a gardé les passeports.",
           "Appelez {}, mon beau-frère, ce soir."],
    "en": ["I called my cousin {} last night.", "My co-worker {} says the foreman took our passports.",
           "Call {} at the bunkhouse."],
    "es": ["Mi hermano {} vive en Puebla.", "Me llamo {} y trabajo en una granja.", "Mi esposa se llama {}."],
    "tl": ["Ang kapatid ko na si {} ay nasa Laguna.", "Ako si {}, taga-Batangas.", "Tawagan ninyo si {} bukas."],
}


@settings(SLOW, max_examples=example_count(60))
@given(name=st.sampled_from(FIRST_NAMES), language=st.sampled_from(LANGUAGES), data=st.data())
def test_a_first_name_alone_announced_by_its_context(name, language, data):
    text = data.draw(st.sampled_from(ANNOUNCED[language])).format(name)
    assert (name, "PERSON") in found(text, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_surnames_first_in_capitals(language):
    text = "Liste : HERNÁNDEZ LÓPEZ José Luis, DELA CRUZ Ramil, OWUSU Kwabena."
    people = kinds_found(text, language, "PERSON")
    assert people == ["HERNÁNDEZ LÓPEZ José Luis", "DELA CRUZ Ramil", "OWUSU Kwabena"]


def test_acronyms_in_capitals_are_not_surnames():
    assert kinds_found("Dossier transmis : CNESST Montréal, IRCC Ottawa.", "fr", "PERSON") == []


# ---------------------------------------------------------------- what is not personal information

BUSINESSES = ["Ferme Onésime Pouliot et fils S.E.N.C.", "Les Serres du Saint-Laurent ltée", "Serres Sagami inc.",
              "Mastronardi Produce Ltd.", "Highline Mushrooms Inc.", "Ferme Lucien Roy S.E.N.C.", "Lakeview Farms"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("business", BUSINESSES)
def test_businesses_are_not_people(language, business):
    text = {"fr": "L'employeur, {}, a versé la paie en retard.", "en": "The employer, {}, paid late.",
            "es": "Trabajo para {} desde abril.", "tl": "Nagtatrabaho kami sa {} ngayon."}[language].format(business)
    assert kinds_found(text, language, "PERSON") == []


@settings(SLOW, max_examples=example_count(60))
@given(amount=st.integers(1, 999_999), cents=st.booleans(), language=st.sampled_from(LANGUAGES),
       form=st.sampled_from(["{} $", "${}", "{} MXN", "Q {}", "₱ {}", "{} pesos", "J$ {}", "TT$ {}", "{} USD",
                             "₹{}", "GH₵ {}", "฿ {}", "{} quetzales", "L {}", "{} lempiras"]))
def test_amounts_in_any_currency_are_not_personal(amount, cents, language, form):
    figure = f"{amount:,}" + (".50" if cents else "")
    text = {"fr": "Le recruteur a exigé {} de frais.", "en": "The recruiter charged {} in fees.",
            "es": "El reclutador me cobró {} de comisión.", "tl": "Nagbayad ako ng {} sa agency."}[language]
    assert found(text.format(form.format(figure)), language) == []


@pytest.mark.parametrize(("language", "text"), [
    ("fr", "Employeur : Productions horticoles Demers inc., 1080, rang du Sud, Saint-Nicolas (Québec) G7A 2P1."),
    ("en", "Employer: Greenhill Produce Inc., 1221 Rd. 3 East, Kingsville, ON N9Y 2E5."),
    ("fr", "Adresse de l'employeur : 3300, boulevard Industriel, Laval (Québec) H7L 4R9."),
    ("es", "La oficina de la empresa está en 455, boulevard Industriel, Saint-Hyacinthe (Québec) J2S 8N4."),
    ("tl", "Ang opisina ng kompanya ay nasa 3150 County Road 20, Kingsville, ON N9Y 2E5."),
])
def test_an_employers_business_address_is_not_personal(language, text):
    assert kinds_found(text, language, "ADDRESS") == []
    assert kinds_found(text, language, "PERSON") == []


def test_a_workers_address_next_to_an_employer_is_still_found():
    text = "Employer: Greenhill Produce Inc. The worker lives at 45 King Street West, Leamington, ON N8H 1J8."
    assert ("45 King Street West, Leamington, ON N8H 1J8", "ADDRESS") in found(text, "en")


# ---------------------------------------------------------------- Spanish and Tagalog

@pytest.mark.parametrize(("language", "text", "expected"), [
    ("es", "Me llamo Juan Carlos Pérez. Mi correo es jc.perez77@gmail.com y nací el 12 de mayo de 1988.",
     [("Juan Carlos Pérez", "PERSON"), ("jc.perez77@gmail.com", "EMAIL"), ("12 de mayo de 1988", "DATE_OF_BIRTH")]),
    ("es", "Vivo en 1840 Talbot Road, Kingsville, ON N9Y 2E6. Fecha de nacimiento: 03/09/1991.",
     [("1840 Talbot Road, Kingsville, ON N9Y 2E6", "ADDRESS"), ("03/09/1991", "DATE_OF_BIRTH")]),
    ("es", "Mi dirección en Honduras es Colonia Rivera Hernández, Calle 5, Casa 22, San Pedro Sula.",
     [("Colonia Rivera Hernández, Calle 5, Casa 22, San Pedro Sula", "ADDRESS")]),
    ("tl", "Ako si Ramil Bautista. Ipinanganak ako noong Marso 3, 1990. Email: ramil.b82@yahoo.com.",
     [("Ramil Bautista", "PERSON"), ("Marso 3, 1990", "DATE_OF_BIRTH"), ("ramil.b82@yahoo.com", "EMAIL")]),
    ("tl", "Ang tirahan ng pamilya ko: Blk 5 Lot 12, Brgy. San Isidro, Cabuyao, Laguna.",
     [("Blk 5 Lot 12, Brgy. San Isidro, Cabuyao, Laguna", "ADDRESS")]),
    ("tl", "Ipinanganak ako noong ika-21 ng Hunyo 1995. Ang kapatid ko na si Nene ay nasa Laguna.",
     [("ika-21 ng Hunyo 1995", "DATE_OF_BIRTH"), ("Nene", "PERSON")]),
])
def test_spanish_and_tagalog_texts(language, text, expected):
    assert found(text, language) == expected


def test_findings_keep_their_interface_in_every_language():
    for language in LANGUAGES:
        findings = find_personal_information("Tel.: +63 917 842 3316, correo ana@example.org.", language)
        assert [(f.kind, type(f.start), type(f.end), type(f.score)) for f in findings] == [
            ("PHONE", int, int, float), ("EMAIL", int, int, float)]
        assert all(0.5 <= f.score <= 1 for f in findings)
    with pytest.raises(ValueError, match="es, tl"):
        find_personal_information("Hola", "de")


@pytest.mark.parametrize(("language", "text", "value", "kind"), [
    ("fr", "Son numéro : (+63) 917 123 4567.", "(+63) 917 123 4567", "PHONE"),
    ("en", "P1234567A is the number of the passport she showed us.", "P1234567A", "PASSPORT"),
    ("en", "Cheque line: C000123C A12345D003A 1234567C", "A12345D003A 1234567C", "BANK_ACCOUNT"),
    ("en", "Address: Box 123, Station Main, Leamington, ON N8H 3W1.", "Box 123, Station Main, Leamington, ON N8H 3W1",
     "ADDRESS"),
    ("tl", "Ako si Juan dela Cruz, taga-Bulacan.", "Juan dela Cruz", "PERSON"),
])
def test_other_ways_of_writing_them(language, text, value, kind):
    assert (value, kind) in found(text, language)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "See Box 3 of the T4 slip."),
    ("fr", "Appelez Service Canada au besoin."),
    ("en", "My brother Monday was sick."),
    ("es", "Soy de Guatemala y llegué a Canadá en mayo."),
    ("tl", "Nagtatrabaho ako sa Canada mula 2019."),
    ("es", "La dirección del empleador es 123, rang 4, Saint-Rémi (Québec) J0L 2L0."),
])
def test_what_only_looks_like_them(language, text):
    assert found(text, language) == []


def test_a_person_named_next_to_a_business_is_still_a_person():
    assert ("Marie Gagnon", "PERSON") in found("La Ferme Roy et Marie Gagnon sont venues au bureau.", "fr")
    assert kinds_found("La Ferme Onésime Pouliot et fils S.E.N.C. a payé.", "fr", "PERSON") == []


@pytest.mark.parametrize(("language", "text", "value", "kind"), [
    ("es", "Mi WhatsApp: 52 1 55 1234 5678", "52 1 55 1234 5678", "PHONE"),
    ("tl", "Ang numero ko ay +63-917-1234567.", "+63-917-1234567", "PHONE"),
    ("en", "Account 12345–003–1234567 at the bank.", "12345–003–1234567", "BANK_ACCOUNT"),
])
def test_a_plus_left_out_and_en_dashes(language, text, value, kind):
    assert (value, kind) in found(text, language)
