"""The operational guidance for each case status and activity kind, in French and English.

The first version of the guidance library; national analysts keep it up to date
from the staff site afterwards. Undoing the migration removes only the topics it
added."""

from django.db import migrations

# topic: (title_en, body_en, title_fr, body_fr). Paragraphs are separated by a blank line.
GUIDANCE = {
    # Case statuses -------------------------------------------------------------
    "status:new": (
        "A new case: check it before anything else",
        "A new case comes from the tip line or from a referral. Read the allegations and the reports joined "
        "to the case, and check that the employer is the right one in the register (legal name, business "
        "number, address). A duplicate employer is merged before any work starts.\n\n"
        "If a worker's health or safety may be at risk, do not wait for the assessment: open an escalation "
        "at once. The necessary measures must be taken within 24 hours, and at the latest within 48 hours, "
        "including communicating the situation to the competent authorities.\n\n"
        "If an exclusion rule applies (for example, the employer is not in the program, or the same "
        "allegations are already being inspected), the team lead excludes the case and says which rule applies.",
        "Nouveau dossier\u00a0: vérifiez-le avant tout",
        "Un nouveau dossier provient de la ligne de signalement ou d’un renvoi. Lisez les allégations et les "
        "signalements joints au dossier, et vérifiez que l’employeur est le bon dans le registre (raison "
        "sociale, numéro d’entreprise, adresse). Un employeur en double est fusionné avant tout travail.\n\n"
        "Si la santé ou la sécurité d’un travailleur peut être menacée, n’attendez pas l’évaluation\u00a0: "
        "ouvrez immédiatement un recours hiérarchique. Les mesures nécessaires doivent être prises dans les "
        "24 heures, et au plus tard dans les 48 heures, ce qui comprend la communication de la situation aux "
        "autorités compétentes.\n\n"
        "Si une règle d’exclusion s’applique (par exemple, l’employeur ne participe pas au programme, ou les "
        "mêmes allégations font déjà l’objet d’une inspection), le chef d’équipe exclut le dossier en "
        "indiquant la règle appliquée.",
    ),
    "status:assessed": (
        "Assessed: set the priority and find the investigator",
        "The assessment states what is alleged, how credible it is, how many workers may be affected and "
        "which conditions of employment are at stake. It sets the priority of the case in the risk-based "
        "workload strategy: high-risk sectors and threats to workers come first.\n\n"
        "The team lead assigns the case to an investigator of the region, taking into account the "
        "investigator's current workload and the ageing of the inventory. Write the assessment so that the "
        "investigator can start without asking for it again.",
        "Évalué\u00a0: fixez la priorité et trouvez l’enquêteur",
        "L’évaluation indique ce qui est allégué, sa crédibilité, le nombre de travailleurs possiblement "
        "touchés et les conditions d’emploi en cause. Elle fixe la priorité du dossier dans la stratégie de "
        "gestion de la charge de travail axée sur le risque\u00a0: les secteurs à risque élevé et les menaces "
        "pour les travailleurs passent en premier.\n\n"
        "Le chef d’équipe attribue le dossier à un enquêteur de la région en tenant compte de sa charge de "
        "travail et du vieillissement de l’inventaire. Rédigez l’évaluation de façon que l’enquêteur puisse "
        "commencer sans la redemander.",
    ),
    "status:assigned": (
        "Assigned: plan the inspection",
        "Read the whole case before contacting anyone: allegations, assessment, earlier cases on the same "
        "employer and their decisions. Plan which documents you will request, who you will interview and "
        "whether an on-site inspection is needed.\n\n"
        "Consider an unannounced on-site inspection when the allegations concern housing, working "
        "conditions or the safety of workers: an announced visit may let the employer hide what you need to "
        "see. Start the inspection in the system the day you contact the employer, so that the timeliness "
        "of inspections is measured correctly.",
        "Attribué\u00a0: planifiez l’inspection",
        "Lisez tout le dossier avant de communiquer avec qui que ce soit\u00a0: allégations, évaluation, "
        "dossiers antérieurs sur le même employeur et leurs décisions. Prévoyez les documents à demander, "
        "les personnes à interroger et la nécessité d’une inspection sur place.\n\n"
        "Envisagez une inspection sur place non annoncée lorsque les allégations portent sur le logement, "
        "les conditions de travail ou la sécurité des travailleurs\u00a0: une visite annoncée peut permettre à "
        "l’employeur de cacher ce que vous devez voir. Commencez l’inspection dans le système le jour où "
        "vous communiquez avec l’employeur, afin que les délais d’inspection soient mesurés correctement.",
    ),
    "status:in_inspection": (
        "In inspection: gather and record the evidence",
        "Record every contact, interview, request and visit as an activity of the case, on the day it "
        "happens, and upload the documents received. The facts you gather must support the decision on "
        "their own: a reviewer who reads only the case must reach the same conclusion.\n\n"
        "Give the employer a reasonable deadline to provide documents and follow up when it passes. Compare "
        "what the employer provides with what the workers say, the offer of employment and the conditions "
        "of the work permit.\n\n"
        "A substantial error is one where fact-finding or the assessment of the inspection conditions leads "
        "to a wrong decision on the case. Before proposing a decision, check that each condition examined is "
        "supported by evidence in the case.",
        "En inspection\u00a0: recueillez et consignez la preuve",
        "Consignez chaque communication, entrevue, demande et visite comme une activité du dossier, le jour "
        "même, et téléversez les documents reçus. Les faits recueillis doivent justifier la décision à eux "
        "seuls\u00a0: un réviseur qui ne lit que le dossier doit arriver à la même conclusion.\n\n"
        "Donnez à l’employeur un délai raisonnable pour fournir les documents et faites un suivi lorsqu’il est "
        "dépassé. Comparez ce que l’employeur fournit avec ce que disent les travailleurs, l’offre d’emploi et "
        "les conditions du permis de travail.\n\n"
        "Une erreur substantielle est présente lorsque la recherche des faits et l’évaluation des conditions "
        "d’inspection mènent à une décision erronée sur le dossier. Avant de proposer une décision, vérifiez "
        "que chaque condition examinée est appuyée par une preuve au dossier.",
    ),
    "status:decision_proposed": (
        "Decision proposed: review before approving",
        "The decision is approved by a team lead other than the person who proposed it. Read the case "
        "summary report and check that the outcome follows from the facts recorded: each finding of "
        "non-compliance is supported by evidence, and any justification accepted is documented.\n\n"
        "For an administrative monetary penalty, check the amount against the violations found; for a ban, "
        "check the period. If something is missing or wrong, return the decision to the investigator and "
        "say precisely what must be completed: the returned proposal stays on record.",
        "Décision proposée\u00a0: révisez avant d’approuver",
        "La décision est approuvée par un chef d’équipe autre que la personne qui l’a proposée. Lisez le "
        "rapport sommaire du dossier et vérifiez que le résultat découle des faits consignés\u00a0: chaque "
        "constat de non-conformité est appuyé par une preuve, et toute justification acceptée est documentée.\n\n"
        "Pour une sanction administrative pécuniaire, vérifiez le montant au regard des manquements "
        "constatés\u00a0; pour une interdiction, vérifiez la période. S’il manque quelque chose ou si une "
        "erreur s’est glissée, renvoyez la décision à l’enquêteur en précisant ce qui doit être complété\u00a0: "
        "la proposition renvoyée reste au dossier.",
    ),
    "status:decision_approved": (
        "Decision approved: inform the employer and close",
        "Send the decision letter to the employer, from the letter templates, and upload the signed copy to "
        "the case. The decision appears in the national decision register.\n\n"
        "Check that every task of the case is done and every document request answered or closed, then "
        "close the case. If workers were referred to partners, make sure the referrals and their replies "
        "are recorded.",
        "Décision approuvée\u00a0: informez l’employeur et fermez le dossier",
        "Envoyez la lettre de décision à l’employeur, à partir des modèles de lettres, et téléversez la copie "
        "signée au dossier. La décision figure au registre national des décisions.\n\n"
        "Vérifiez que toutes les tâches du dossier sont terminées et que chaque demande de documents a reçu "
        "une réponse ou a été fermée, puis fermez le dossier. Si des travailleurs ont été dirigés vers des "
        "partenaires, assurez-vous que les renvois et leurs réponses sont consignés.",
    ),
    "status:closed": (
        "Closed: the case is a record",
        "A closed case can no longer receive activities. It remains available for quality control, for "
        "internal and external reviews and for later cases on the same employer.\n\n"
        "Quality control reviewers check closed cases against the quality checklist. If they find a "
        "substantial error, it is followed up with the investigator and the team lead.",
        "Fermé\u00a0: le dossier fait foi",
        "Un dossier fermé ne peut plus recevoir d’activités. Il reste accessible pour le contrôle de la "
        "qualité, les examens internes et externes et les dossiers ultérieurs sur le même employeur.\n\n"
        "Les réviseurs du contrôle de la qualité examinent les dossiers fermés à l’aide de la liste de "
        "vérification de la qualité. Toute erreur substantielle relevée fait l’objet d’un suivi avec "
        "l’enquêteur et le chef d’équipe.",
    ),
    "status:excluded": (
        "Excluded: no inspection under an exclusion rule",
        "The case was ended without an inspection because an exclusion rule applies. The rule and the "
        "reason are recorded in the case history.\n\n"
        "An exclusion does not end the duty to protect workers: if the allegations concern a worker's health "
        "or safety, check that the situation was communicated to the competent authority.",
        "Exclu\u00a0: aucune inspection en vertu d’une règle d’exclusion",
        "Le dossier a pris fin sans inspection parce qu’une règle d’exclusion s’applique. La règle et la "
        "raison sont consignées dans l’historique du dossier.\n\n"
        "Une exclusion ne met pas fin à l’obligation de protéger les travailleurs\u00a0: si les allégations "
        "portent sur la santé ou la sécurité d’un travailleur, vérifiez que la situation a été communiquée "
        "à l’autorité compétente.",
    ),
    "status:transferred": (
        "Transferred: the case continues in another region",
        "The case was handed over to another region, where it continues as a new case with the same "
        "employer, summary and worker-related dates. Work on the new case, not on this one.\n\n"
        "Before transferring, make sure that the receiving region has what it needs: the reason for the "
        "transfer, the activities already done and the documents received.",
        "Transféré\u00a0: le dossier se poursuit dans une autre région",
        "Le dossier a été confié à une autre région, où il se poursuit comme un nouveau dossier avec le même "
        "employeur, le même résumé et les mêmes dates relatives au travailleur. Travaillez dans le nouveau "
        "dossier, et non dans celui-ci.\n\n"
        "Avant le transfert, assurez-vous que la région qui reçoit le dossier dispose de ce qu’il lui "
        "faut\u00a0: la raison du transfert, les activités déjà réalisées et les documents reçus.",
    ),
    # Activity kinds ------------------------------------------------------------
    "activity:phone_call": (
        "Phone calls",
        "Record each call the same day: who called whom, the number used, what was said and what was "
        "agreed. Note facts and commitments, not impressions.\n\n"
        "When you call a worker, check first that they can speak freely and safely, and offer an "
        "interpreter if needed. Never tell the employer who made the allegations.",
        "Appels téléphoniques",
        "Consignez chaque appel le jour même\u00a0: qui a appelé qui, le numéro utilisé, ce qui a été dit et "
        "ce qui a été convenu. Notez les faits et les engagements, pas les impressions.\n\n"
        "Lorsque vous appelez un travailleur, vérifiez d’abord qu’il peut parler librement et en toute "
        "sécurité, et proposez un interprète au besoin. Ne dites jamais à l’employeur qui a fait les "
        "allégations.",
    ),
    "activity:interview": (
        "Interviews",
        "Prepare your questions from the allegations and the conditions to verify. Interview workers away "
        "from the employer and its representatives, in the language they prefer, with an interpreter if "
        "needed.\n\n"
        "Ask open questions, let the person tell what happened, then ask for dates, amounts and names. "
        "Record who was interviewed, who else was present and the answers that matter for the decision, in "
        "the person's own words where possible.",
        "Entrevues",
        "Préparez vos questions à partir des allégations et des conditions à vérifier. Interrogez les "
        "travailleurs à l’écart de l’employeur et de ses représentants, dans la langue de leur choix, avec "
        "un interprète au besoin.\n\n"
        "Posez des questions ouvertes, laissez la personne raconter ce qui s’est passé, puis demandez les "
        "dates, les montants et les noms. Consignez qui a été interrogé, qui d’autre était présent et les "
        "réponses utiles à la décision, si possible dans les mots mêmes de la personne.",
    ),
    "activity:inspection": (
        "On-site inspections",
        "Say whether the visit was announced or unannounced, where it took place and who took part. An "
        "unannounced visit is the rule when the allegations concern housing, working conditions or safety.\n\n"
        "Observe the workplace and, where provided, the housing; take photographs when allowed and note what "
        "you saw, not what you were told. If you find a danger to a worker's health or safety, open an "
        "escalation the same day: the measures must be taken within 24 to 48 hours.",
        "Inspections sur place",
        "Indiquez si la visite était annoncée ou non, où elle a eu lieu et qui y a participé. La visite non "
        "annoncée est la règle lorsque les allégations portent sur le logement, les conditions de travail "
        "ou la sécurité.\n\n"
        "Observez le lieu de travail et, le cas échéant, le logement fourni\u00a0; prenez des photos lorsque "
        "c’est permis et notez ce que vous avez vu, pas ce qu’on vous a dit. Si vous constatez un danger pour "
        "la santé ou la sécurité d’un travailleur, ouvrez un recours hiérarchique le jour même\u00a0: les "
        "mesures doivent être prises dans un délai de 24 à 48 heures.",
    ),
    "activity:document_request": (
        "Document requests",
        "List precisely the documents requested (payroll records, time sheets, pay slips, contracts, proof of "
        "housing) and the period they must cover. Use the letter template for requests so that the employer "
        "receives the same information everywhere.\n\n"
        "Set a due date and record the date the documents are received. When the date passes without an "
        "answer, follow up and record the follow-up: a missing answer is itself a fact for the decision.",
        "Demandes de documents",
        "Énumérez précisément les documents demandés (registres de paie, feuilles de temps, talons de paie, "
        "contrats, preuve de logement) et la période visée. Utilisez le modèle de lettre de demande afin que "
        "l’employeur reçoive partout la même information.\n\n"
        "Fixez une date d’échéance et consignez la date de réception des documents. Lorsque l’échéance passe "
        "sans réponse, faites un suivi et consignez-le\u00a0: l’absence de réponse est elle-même un fait pour "
        "la décision.",
    ),
    "activity:task": (
        "Tasks",
        "A task is work to do on the case by a named person before a due date: a follow-up call, a check with "
        "a partner, a document to analyse. Give each task one owner and a realistic due date.\n\n"
        "Mark the task done when it is done, and record its result as an activity of its own if it matters "
        "for the decision. Open tasks show in the owner's workload.",
        "Tâches",
        "Une tâche est un travail à faire sur le dossier par une personne désignée avant une date "
        "d’échéance\u00a0: un appel de suivi, une vérification auprès d’un partenaire, un document à "
        "analyser. Donnez à chaque tâche un seul responsable et une échéance réaliste.\n\n"
        "Marquez la tâche comme terminée lorsqu’elle l’est, et consignez-en le résultat dans une activité "
        "distincte s’il est utile à la décision. Les tâches ouvertes figurent dans la charge de travail de "
        "leur responsable.",
    ),
    "activity:review": (
        "Review summaries",
        "Record the summary of each internal or external review of the case: who reviewed it, what was "
        "found and what was asked. Say whether a substantial error was found, that is, an error in "
        "fact-finding or assessment that leads to a wrong decision.\n\n"
        "Record what was done in response to each point raised, so that the next reviewer sees that it was "
        "followed up.",
        "Résumés d’examen",
        "Consignez le résumé de chaque examen interne ou externe du dossier\u00a0: qui l’a examiné, ce qui a "
        "été constaté et ce qui a été demandé. Indiquez si une erreur substantielle a été relevée, "
        "c’est-à-dire une erreur dans la recherche des faits ou l’évaluation qui mène à une décision erronée.\n\n"
        "Consignez ce qui a été fait pour donner suite à chaque point soulevé, afin que le prochain réviseur "
        "voie que le suivi a eu lieu.",
    ),
    "activity:escalation": (
        "Escalations",
        "An escalation is opened when a worker's health or safety is threatened. The necessary measures must "
        "be taken within 24 hours, and at the latest within 48 hours of the situation being identified; this "
        "includes communicating the situation to the competent authorities.\n\n"
        "Record when the situation was identified, what was done and when, and who was informed. Tell your "
        "team lead at once: the escalation board shows the time left.",
        "Recours hiérarchiques",
        "Un recours hiérarchique est ouvert lorsque la santé ou la sécurité d’un travailleur est menacée. Les "
        "mesures nécessaires doivent être prises dans les 24 heures, et au plus tard dans les 48 heures "
        "suivant la constatation de la situation, ce qui comprend la communication de la situation aux "
        "autorités compétentes.\n\n"
        "Consignez le moment où la situation a été constatée, ce qui a été fait et quand, et qui a été "
        "informé. Avisez immédiatement votre chef d’équipe\u00a0: le tableau des recours hiérarchiques "
        "indique le temps restant.",
    ),
    "activity:referral": (
        "Referrals",
        "A referral communicates a situation to a competent authority or partner: provincial labour "
        "standards or occupational health and safety, police, immigration authorities, or a support "
        "organisation for workers.\n\n"
        "Record which partner was contacted, how and when, what was communicated and by whom, then record "
        "their reply when it comes. Share only the information the partner needs to act.",
        "Renvois",
        "Un renvoi communique une situation à une autorité compétente ou à un partenaire\u00a0: normes du "
        "travail ou santé et sécurité au travail de la province, police, autorités de l’immigration ou "
        "organisme d’aide aux travailleurs.\n\n"
        "Consignez le partenaire joint, le moyen et le moment, ce qui a été communiqué et par qui, puis leur "
        "réponse lorsqu’elle arrive. Ne communiquez que les renseignements dont le partenaire a besoin pour "
        "agir.",
    ),
    "activity:note": (
        "Notes",
        "A note records a fact about the case that is not a contact, an interview, a visit or a request: a "
        "check in a register, a decision taken with the team lead, a change of plan.\n\n"
        "Write notes for the person who will read the case after you: facts, dates and sources. Everything in "
        "the case may be disclosed under access to information, so keep to what is relevant and professional.",
        "Notes",
        "Une note consigne un fait relatif au dossier qui n’est ni une communication, ni une entrevue, ni une "
        "visite, ni une demande\u00a0: une vérification dans un registre, une décision prise avec le chef "
        "d’équipe, un changement de plan.\n\n"
        "Rédigez vos notes pour la personne qui lira le dossier après vous\u00a0: des faits, des dates et des "
        "sources. Tout ce qui figure au dossier peut être communiqué en vertu de l’accès à l’information\u00a0; "
        "tenez-vous-en à ce qui est pertinent et professionnel.",
    ),
}


def load(apps, schema_editor):
    Guidance = apps.get_model("cases", "Guidance")
    for topic, (title_en, body_en, title_fr, body_fr) in GUIDANCE.items():
        Guidance.objects.update_or_create(topic=topic, defaults={
            "title_en": title_en, "body_en": body_en, "title_fr": title_fr, "body_fr": body_fr,
        })


def unload(apps, schema_editor):
    apps.get_model("cases", "Guidance").objects.filter(topic__in=list(GUIDANCE)).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_letter_templates")]

    operations = [migrations.RunPython(load, unload)]
