"""The legal grounds for withholding information, as reference data.

The Quebec provisions are quoted from CQLR c. A-2.1 (French as in the annex of
an actual decision; English from the official English version). The federal
ones are excerpts of the Access to Information Act (R.S.C. 1985, c. A-1): the
privacy officer may complete them in the admin."""

from django.db import migrations

GROUNDS = [
    # code, regime, short label, French description, English description, French text, English text, for redaction, order
    ("qc-53-54", "quebec", "art. 53, 54",
     "Renseignements personnels", "Personal information",
     "53. Les renseignements personnels sont confidentiels sauf dans les cas suivants :\n"
     "1° la personne concernée par ces renseignements consent à leur divulgation;\n"
     "2° ils portent sur un renseignement obtenu par un organisme public dans l’exercice d’une fonction "
     "juridictionnelle; ils demeurent cependant confidentiels si l’organisme les a obtenus alors qu’il siégeait "
     "à huis-clos ou s’ils sont visés par une ordonnance de non-divulgation, de non-publication ou de "
     "non-diffusion.\n\n"
     "54. Dans un document, sont personnels les renseignements qui concernent une personne physique et "
     "permettent, directement ou indirectement, de l’identifier.",
     "53. Personal information is confidential except in the following cases:\n"
     "(1) the person concerned consents to its disclosure;\n"
     "(2) it relates to information obtained by a public body in the performance of an adjudicative function; "
     "it remains confidential, however, if the body collected it while sitting in camera or if it is "
     "contemplated by an order not to disclose, publish or distribute.\n\n"
     "54. In a document, personal information is any information which relates to a natural person and "
     "directly or indirectly allows that person to be identified.",
     True, 10),
    ("qc-37", "quebec", "art. 37",
     "Avis ou recommandation", "Advice or recommendation",
     "37. Un organisme public peut refuser de communiquer un avis ou une recommandation faits depuis moins de "
     "dix ans, par un de ses membres, un membre de son personnel, un membre d’un autre organisme public ou un "
     "membre du personnel de cet autre organisme, dans l’exercice de leurs fonctions.\n"
     "Il peut également refuser de communiquer un avis ou une recommandation qui lui ont été faits, à sa "
     "demande, depuis moins de dix ans, par un consultant ou par un conseiller sur une matière de sa compétence.",
     "37. A public body may refuse to release an opinion or a recommendation made by one of its members, a "
     "member of its personnel, a member of another public body or a member of the personnel of the other body, "
     "in the discharge of their duties, for ten years from the date of the opinion or recommendation.\n"
     "It may also refuse to release an opinion or a recommendation made to it, at its request, by a consultant "
     "or an adviser on a matter within its competence, for ten years from the date of the opinion or "
     "recommendation.",
     True, 20),
    ("qc-39", "quebec", "art. 39",
     "Analyse", "Analysis",
     "39. Un organisme public peut refuser de communiquer une analyse produite à l’occasion d’une "
     "recommandation faite dans le cadre d’un processus décisionnel en cours, jusqu’à ce que la recommandation "
     "ait fait l’objet d’une décision ou, en l’absence de décision, qu’une période de cinq ans se soit écoulée "
     "depuis la date où l’analyse a été faite.",
     "39. A public body may refuse to release an analysis produced in connection with a recommendation made "
     "in the course of an ongoing decision-making process, until the recommendation has been decided on or, "
     "where no decision is made, until a period of five years has elapsed since the date the analysis was made.",
     True, 30),
    ("qc-14", "quebec", "art. 14",
     "Communication partielle (retrait des renseignements protégés)",
     "Severance (withdrawal of the protected information)",
     "14. Un organisme public ne peut refuser l’accès à un document pour le seul motif que ce document "
     "comporte certains renseignements qu’il doit ou peut refuser de communiquer en vertu de la présente loi.\n"
     "Si une demande porte sur un document comportant de tels renseignements, l’organisme public peut en "
     "refuser l’accès si ces renseignements en forment la substance. Dans les autres cas, l’organisme public "
     "doit donner accès au document demandé après en avoir extrait uniquement les renseignements auxquels "
     "l’accès n’est pas autorisé.",
     "14. No public body may deny access to a document for the sole reason that the document contains certain "
     "information that the body must or may refuse to release under this Act.\n"
     "If a request concerns a document containing such information, the public body may refuse access if that "
     "information forms the substance of the document. In other cases, the public body must give access to the "
     "document requested after withdrawing only the information to which access is not authorized.",
     True, 40),
    ("qc-48", "quebec", "art. 48",
     "Demande relevant d’un autre organisme public", "Request relating to another public body",
     "48. Lorsqu’il est saisi d’une demande qui, à son avis, relève davantage de la compétence d’un autre "
     "organisme public ou qui est relative à un document produit par un autre organisme public ou pour son "
     "compte, le responsable doit, dans le délai prévu par le premier alinéa de l’article 47, indiquer au "
     "requérant le nom de l’organisme compétent et celui du responsable de l’accès aux documents de cet "
     "organisme, et lui donner les renseignements prévus par l’article 45 ou par le deuxième alinéa de "
     "l’article 46, selon le cas.\n"
     "Lorsque la demande est écrite, ces indications doivent être communiquées par écrit.",
     "48. Where the person in charge receives a request which, in his opinion, relates more to the competence "
     "of another public body or is relative to a document produced by or for another public body, he must, "
     "within the time prescribed by the first paragraph of section 47, inform the applicant of the name of the "
     "competent body and of the person in charge of access to documents of that body, and give him the "
     "information prescribed by section 45 or by the second paragraph of section 46, as the case may be.\n"
     "Where the request is in writing, the information must be communicated in writing.",
     False, 50),
    ("fed-19", "federal", "s. 19",
     "Renseignements personnels", "Personal information",
     "19 (1) Sous réserve du paragraphe (2), le responsable d’une institution fédérale est tenu de refuser la "
     "communication de documents contenant des renseignements personnels.",
     "19 (1) Subject to subsection (2), the head of a government institution shall refuse to disclose any "
     "record requested under this Part that contains personal information.",
     True, 10),
    ("fed-21", "federal", "s. 21",
     "Avis ou recommandations", "Advice or recommendations",
     "21 (1) Le responsable d’une institution fédérale peut refuser la communication de documents datés de "
     "moins de vingt ans lors de la demande et contenant :\n"
     "a) des avis ou recommandations élaborés par ou pour une institution fédérale ou un ministre;\n"
     "b) des comptes rendus de consultations ou délibérations auxquelles ont participé des administrateurs, "
     "dirigeants ou employés d’une institution fédérale, un ministre ou son personnel; […]",
     "21 (1) The head of a government institution may refuse to disclose any record requested under this Part "
     "that contains\n"
     "(a) advice or recommendations developed by or for a government institution or a minister of the Crown,\n"
     "(b) an account of consultations or deliberations in which directors, officers or employees of a "
     "government institution, a minister of the Crown or the staff of a minister participate, […]\n"
     "if the record came into existence less than twenty years prior to the request.",
     True, 20),
    ("fed-20", "federal", "s. 20",
     "Renseignements de tiers", "Third-party information",
     "20 (1) Le responsable d’une institution fédérale est tenu, sous réserve des autres dispositions du "
     "présent article, de refuser la communication de documents contenant :\n"
     "a) des secrets industriels de tiers;\n"
     "b) des renseignements financiers, commerciaux, scientifiques ou techniques fournis à une institution "
     "fédérale par un tiers, qui sont de nature confidentielle et qui sont traités comme tels de façon "
     "constante par ce tiers; […]",
     "20 (1) Subject to this section, the head of a government institution shall refuse to disclose any record "
     "requested under this Part that contains\n"
     "(a) trade secrets of a third party;\n"
     "(b) financial, commercial, scientific or technical information that is confidential information supplied "
     "to a government institution by a third party and is treated consistently in a confidential manner by the "
     "third party; […]",
     True, 30),
    ("fed-16", "federal", "s. 16",
     "Application de la loi et enquêtes", "Law enforcement and investigations",
     "16 (1) Le responsable d’une institution fédérale peut refuser la communication de documents : […]\n"
     "c) contenant des renseignements dont la divulgation risquerait vraisemblablement de nuire aux activités "
     "destinées à faire respecter les lois fédérales ou provinciales ou au déroulement d’enquêtes licites; […]",
     "16 (1) The head of a government institution may refuse to disclose any record requested under this Part "
     "that contains […]\n"
     "(c) information the disclosure of which could reasonably be expected to be injurious to the enforcement "
     "of any law of Canada or a province or the conduct of lawful investigations; […]",
     True, 40),
]


def add_grounds(apps, schema_editor):
    LegalGround = apps.get_model("privacy", "LegalGround")
    for code, regime, short, label_fr, label_en, text_fr, text_en, for_redaction, position in GROUNDS:
        LegalGround.objects.update_or_create(code=code, defaults={
            "regime": regime, "short_label": short, "label_fr": label_fr, "label_en": label_en,
            "text_fr": text_fr, "text_en": text_en, "for_redaction": for_redaction, "position": position,
        })


def remove_grounds(apps, schema_editor):
    apps.get_model("privacy", "LegalGround").objects.filter(code__in=[g[0] for g in GROUNDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(add_grounds, remove_grounds)]
