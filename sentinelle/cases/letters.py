"""Letters to employers (notice of inspection, request for documents, decision
letter): an editable template per kind and language, rendered with the case's
values, printed to PDF and filed on the case.

A template is a Django template restricted to a sandbox: it may use the
placeholders of `PLACEHOLDERS` (in double braces, without filters) and
{% if placeholder %} … {% else %} … {% endif %} blocks, nothing else. Anything
more is refused when the template is saved, with a message saying what to fix;
rendering a stored template never raises anything but `LetterError`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.template import Context, Engine, Library, Template, TemplateSyntaxError
from django.template.base import FilterExpression, Node, TextNode, Variable, VariableNode
from django.template.defaulttags import IfNode, TemplateLiteral, do_if
from django.template.loader import render_to_string
from django.template.smartif import TokenBase
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sentinelle.audit.services import Action, record
from sentinelle.cases.documents import file_pdf
from sentinelle.cases.models import (
    Activity,
    ActivityKind,
    Case,
    Decision,
    DecisionStatus,
    Document,
    DocumentKind,
    LetterKind,
    LetterTemplate,
)
from sentinelle.lib.formats import money
from sentinelle.lib.locking import save_versioned
from sentinelle.lib.pdf import font_faces, format_date, html_to_pdf

# The values a letter may use, with what each one is, for the editing page.
PLACEHOLDERS: dict[str, Promise] = {
    "employer_name": _("Legal name of the employer"),
    "employer_operating_name": _("Operating name of the employer (or the legal name)"),
    "employer_address": _("Address of the employer, on one line"),
    "business_number": _("Business number of the employer"),
    "case_reference": _("Reference of the case"),
    "letter_date": _("Date of the letter"),
    "case_opened_on": _("Date the case was opened"),
    "inspection_date": _("Date of the latest on-site inspection, if any"),
    "due_date": _("Date by which the employer must answer or send documents"),
    "decision_outcome": _("Outcome of the decision"),
    "decision_grounds": _("Grounds of the decision"),
    "decision_date": _("Date the decision was approved"),
    "penalty_amount": _("Amount of the administrative monetary penalty, if any"),
    "ban_years": _("Length of the ban in years, if any"),
    "investigator_name": _("Name of the investigator in charge"),
    "region_name": _("Name of the region"),
}

# Days the employer has to answer when no document request says otherwise.
DEFAULT_DELAY_DAYS = 30


class LetterError(Exception):
    """A letter that cannot be made; the message is for the staff member."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


# The sandbox ------------------------------------------------------------------

_library = Library()
_library.tag("if", do_if)


class _SandboxEngine(Engine):
    # No default tags or filters: only `if`, registered below.
    default_builtins = []  # type: ignore[misc]


_ENGINE = _SandboxEngine(debug=True, autoescape=False, string_if_invalid="")
_ENGINE.template_builtins = [_library]


def _check_expression(expression: FilterExpression) -> None:
    if expression.filters:
        raise LetterError(_(
            "“%(text)s”: placeholders cannot take filters. Write the placeholder alone, "
            "such as {{ employer_name }}."
        ) % {"text": expression.token})
    variable = expression.var
    if not isinstance(variable, Variable) or variable.literal is not None or variable.lookups is None:
        raise LetterError(_(
            "“%(text)s” is not a placeholder. Use only the placeholders listed on this page."
        ) % {"text": expression.token})
    name = ".".join(variable.lookups)
    if name not in PLACEHOLDERS:
        raise LetterError(_(
            "“%(name)s” is not a placeholder that letters may use. Use only the placeholders listed on this page."
        ) % {"name": name})


def _check_condition(condition: Any) -> None:
    if isinstance(condition, TemplateLiteral):
        _check_expression(condition.value)  # type: ignore[arg-type]
        return
    if isinstance(condition, TokenBase) and condition.id in {"and", "or", "not"}:
        for operand in (condition.first, condition.second):
            if operand is not None:
                _check_condition(operand)
        return
    raise LetterError(_(
        "A condition may only test placeholders, with “and”, “or” and “not”: "
        "{% if penalty_amount %} … {% endif %}."
    ))


def _check_nodes(nodes: list[Node]) -> None:
    for node in nodes:
        if isinstance(node, TextNode):
            continue
        if isinstance(node, VariableNode):
            _check_expression(node.filter_expression)
        elif isinstance(node, IfNode):
            for condition, branch in node.conditions_nodelists:
                if condition is not None:
                    _check_condition(condition)
                _check_nodes(list(branch))
        else:  # pragma: no cover - the sandbox registers no other tag
            raise LetterError(_("Only placeholders and {% if %} blocks may be used."))


def compile_template(text: str) -> Template:
    """The template, or LetterError with a message that says what to fix."""
    try:
        template = Template(text, engine=_ENGINE)
    except TemplateSyntaxError as error:
        line = getattr(error, "template_debug", {}).get("line", 1)
        if str(error).startswith("Invalid filter"):
            raise LetterError(_(
                "Line %(line)s: placeholders cannot take filters. Write the placeholder alone, "
                "such as {{ employer_name }}."
            ) % {"line": line}) from error
        raise LetterError(_(
            "Line %(line)s: only placeholders in double braces, such as {{ employer_name }}, and "
            "{%% if … %%} … {%% else %%} … {%% endif %%} blocks may be used in a letter. "
            "Check the braces and the spelling of the blocks."
        ) % {"line": line}) from error
    _check_nodes(list(template.nodelist))
    return template


def check_template_text(text: str) -> None:
    """Raise LetterError when `text` may not be used as a letter's subject or body."""
    compile_template(text)


def render_text(text: str, values: dict[str, str]) -> str:
    """Plain text (not HTML): the PDF template escapes it."""
    template = compile_template(text)
    return template.render(Context({name: values.get(name, "") for name in PLACEHOLDERS}, autoescape=False))


# The values -------------------------------------------------------------------


def format_amount(amount: Decimal | None, language: str) -> str:
    if amount is None:
        return ""
    return money(amount, language)


def decision_of(case: Case) -> Decision | None:
    """The approved decision of the case, or else its latest proposal."""
    decisions = list(case.decisions.exclude(status=DecisionStatus.RETURNED).order_by("-proposed_at", "-id"))  # type: ignore[attr-defined]
    for decision in decisions:
        if decision.status == DecisionStatus.APPROVED:
            return decision  # type: ignore[no-any-return]
    return decisions[0] if decisions else None


def _latest(case: Case, kind: str) -> Activity | None:
    return case.activities.filter(kind=kind).order_by("-occurred_at", "-id").first()  # type: ignore[attr-defined,no-any-return]


def letter_values(case: Case, *, language: str, actor: Any, due_on: datetime.date | None = None) -> dict[str, str]:
    """Every placeholder's value for this case, written in `language`."""
    employer = case.employer
    with translation.override(language):
        address_parts = [employer.street_address, f"{employer.city} ({employer.province})", employer.postal_code]
        decision = decision_of(case)
        inspection = _latest(case, ActivityKind.INSPECTION)
        if due_on is None:
            request = _latest(case, ActivityKind.DOCUMENT_REQUEST)
            due_on = request.due_on if request is not None and request.due_on else None
        if due_on is None:
            due_on = timezone.localdate() + datetime.timedelta(days=DEFAULT_DELAY_DAYS)
        investigator = case.assigned_to or actor
        return {
            "employer_name": employer.legal_name,
            "employer_operating_name": employer.operating_name or employer.legal_name,
            "employer_address": ", ".join(part for part in address_parts if part),
            "business_number": employer.business_number,
            "case_reference": case.reference,
            "letter_date": format_date(timezone.localdate(), language),
            "case_opened_on": format_date(case.opened_at, language),
            "inspection_date": format_date(inspection.occurred_at if inspection else None, language),
            "due_date": format_date(due_on, language),
            "decision_outcome": str(decision.get_outcome_display()) if decision else "",
            "decision_grounds": decision.grounds if decision else "",
            "decision_date": format_date(decision.approved_at if decision else None, language),
            "penalty_amount": format_amount(decision.penalty_amount if decision else None, language),
            "ban_years": str(decision.ban_years) if decision and decision.ban_years else "",
            "investigator_name": getattr(investigator, "full_name", "") or str(investigator or ""),
            "region_name": str(case.region.name),
        }


# PDF --------------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    kind: str
    language: str
    subject: str
    body: str
    values: dict[str, str]


def render_letter(case: Case, kind: str, language: str, *, actor: Any,
                  due_on: datetime.date | None = None) -> Letter:
    template = LetterTemplate.objects.filter(kind=kind, language=language).first()
    if template is None:
        raise LetterError(_("There is no template for this letter in this language yet."))
    values = letter_values(case, language=language, actor=actor, due_on=due_on)
    with translation.override(language):
        subject = render_text(template.subject, values)
        body = render_text(template.body, values)
    return Letter(kind=kind, language=language, subject=subject.strip(), body=body.strip(), values=values)


def letter_pdf(case: Case, letter: Letter) -> bytes:
    with translation.override(letter.language):
        html = render_to_string("cases/letters/letter_pdf.html", {
            "case": case, "employer": case.employer, "letter": letter, "fonts": font_faces(),
            "language": letter.language,
        })
    return html_to_pdf(html)


def generate_letter(case: Case, kind: str, language: str, *, actor: Any, due_on: datetime.date | None = None,
                    request: Any = None, activity: Activity | None = None) -> Document:
    """Make the letter, print it to PDF and file it on the case as a document
    (on `activity` too, when it answers one: the reminder of a document request)."""
    if kind == LetterKind.DECISION and decision_of(case) is None:
        raise LetterError(_("This case has no decision yet: the decision letter cannot be made."))
    letter = render_letter(case, kind, language, actor=actor, due_on=due_on)
    pdf = letter_pdf(case, letter)
    with translation.override(language):
        title = f"{LetterKind(kind).label} – {case.reference} ({language.upper()})"
    filename = f"{case.reference}-{kind.replace('_', '-')}-{language}.pdf"
    document = file_pdf(case, pdf, title=title, filename=filename, kind=DocumentKind.LETTER, actor=actor,
                        request=request, activity=activity)
    record(Action.EXPORT, actor=actor, obj=case, request=request, letter=kind, language=language,
           document=document.pk)
    return document


def save_template(template: LetterTemplate, subject: str, body: str, *, actor: Any,
                  expected_version: int | None = None, request: Any = None) -> LetterTemplate:
    """Change a letter template after checking it against the sandbox, if nobody
    saved it since `expected_version` (else `Conflict`, and nothing is written)."""
    check_template_text(subject)
    check_template_text(body)
    changed = [name for name, value in (("subject", subject), ("body", body)) if getattr(template, name) != value]
    template.subject, template.body = subject, body
    with transaction.atomic():
        save_versioned(template, ["subject", "body"], expected_version=expected_version)
        record(Action.UPDATE, actor=actor, obj=template, request=request, fields=changed)
    return template
