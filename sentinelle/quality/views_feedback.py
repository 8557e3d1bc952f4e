"""The quality loop on the case: the completed review as its investigator, their
team lead and the quality lead read it, the investigator's response, the quality
lead's answer to a disagreement, and the disagreements awaiting an answer.
The same review shows on the case page (`case_panel`, a `cases.panels` panel)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sentinelle.audit.services import Action, record
from sentinelle.lib.access import check_perm, require_perm
from sentinelle.lib.locking import Conflict
from sentinelle.quality import feedback as loop
from sentinelle.quality.access import VIEW_REVIEW_FEEDBACK, access_selection, completed_review_of
from sentinelle.quality.forms import AnswerForm, DisagreeForm
from sentinelle.quality.models import Selection


def _context(request: HttpRequest, selection: Selection, *, disagree_form: DisagreeForm | None = None,
             answer_form: AnswerForm | None = None) -> dict[str, Any]:
    user: Any = request.user
    review = loop.completed_review(selection)
    feedback = review.feedback
    may_respond = feedback is None and user.has_perm("quality.respond_to_review", selection)
    may_answer = feedback is not None and feedback.awaits_answer and user.has_perm("quality.answer_disagreement")
    return {
        "selection": selection, "case": selection.case, "review": review, "feedback": feedback,
        "may_respond": may_respond, "may_answer": may_answer,
        "disagree_form": disagree_form or DisagreeForm() if may_respond else None,
        "answer_form": answer_form or AnswerForm() if may_answer else None,
    }


def case_panel(case: Any, request: HttpRequest) -> SafeString | None:
    """The completed review on the case page, for those who may read it."""
    selection = completed_review_of(case, request.user)
    if selection is None:
        return None
    return render_to_string("quality/_completed_review.html", {**_context(request, selection), "on_case": True},
                            request=request)


@require_perm("accounts.use_staff_site")
def review_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    selection = access_selection(request.user, pk, VIEW_REVIEW_FEEDBACK, request=request)
    disagree_form, answer_form = None, None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "acknowledge":
                check_perm(request.user, "quality.respond_to_review", selection, request=request)
                loop.acknowledge_review(selection, actor=request.user, request=request)
                messages.success(request, _("Your acknowledgement of the review is recorded."))
                return redirect("cases:case_detail", selection.case.reference)
            if action == "disagree":
                check_perm(request.user, "quality.respond_to_review", selection, request=request)
                disagree_form = DisagreeForm(request.POST)
                if disagree_form.is_valid():
                    loop.disagree_with_review(selection, disagree_form.cleaned_data["reason"], actor=request.user,
                                              request=request)
                    messages.success(request, _("Your disagreement is recorded and sent to the quality lead."))
                    return redirect("cases:case_detail", selection.case.reference)
            elif action == "answer":
                check_perm(request.user, "quality.answer_disagreement", selection, request=request)
                answer_form = AnswerForm(request.POST)
                feedback = loop.completed_review(selection).feedback
                if feedback is None:
                    answer_form.add_error(None, _("Only a disagreement is answered."))
                elif answer_form.is_valid():
                    version = request.POST.get("version", "")
                    loop.answer_disagreement(feedback, answer_form.cleaned_data["answer"], actor=request.user,
                                             expected_version=int(version) if version.isdigit() else None,
                                             request=request)
                    messages.success(request, _("Your answer is recorded and sent to the investigator."))
                    return redirect("quality:feedback", selection.pk)
            else:
                messages.error(request, _("Choose what to do with the review."))
        except loop.FeedbackError as error:
            messages.error(request, error.message)
        except Conflict as conflict:
            messages.error(request, conflict.message)
        status = 400
    else:
        record(Action.VIEW, obj=selection.case, request=request, page="qc_review")
        status = 200
    return render(request, "quality/review_feedback.html",
                  _context(request, selection, disagree_form=disagree_form, answer_form=answer_form), status=status)


@require_perm("quality.answer_disagreement")
def disagreements(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/disagreements.html", {"disagreements": list(loop.open_disagreements()[:500])})
