"""The review of redactions, page by page: the page image with the proposals
drawn over it, accepting or rejecting each, and redactions added by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentinelle.audit.services import Action, record
from sentinelle.lib.access import require_perm
from sentinelle.lib.locking import Conflict, add_version_field, version_of
from sentinelle.privacy import access, forms, pages, services
from sentinelle.privacy.models import AccessRequest, LegalGround, RequestDocument

VIEW = "privacy.view_access_requests"
# The zoom of the page images (convert.render_page's default).
PAGE_ZOOM = 1.5


def _ground(pk: int | None) -> LegalGround | None:
    return None if pk is None else LegalGround.objects.filter(pk=pk).first()


def _read(field: Any) -> bytes:
    with field.open("rb") as handle:
        return bytes(handle.read())


def _page_or_404(document: RequestDocument, page: int) -> int:
    if not document.pdf or document.page_count is None or not 1 <= page <= document.page_count:
        raise Http404  # a page the document does not have
    return page - 1


@require_perm(VIEW)
def page_image(request: HttpRequest, reference: str, pk: int, page: int) -> HttpResponse:
    from sentinelle.privacy.redaction import convert

    document = access.access_request_document(request.user, reference, pk, access.VIEW, request=request)
    index = _page_or_404(document, page)
    png = convert.render_page(_read(document.pdf), index, zoom=PAGE_ZOOM)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@require_perm(VIEW)
def review_page(request: HttpRequest, reference: str, pk: int, page: int) -> HttpResponse:
    document = access.access_request_document(request.user, reference, pk, access.VIEW, request=request)
    index = _page_or_404(document, page)
    access_request = document.access_request
    width, height = pages.page_geometry(_read(document.pdf), index)
    marks = list(document.marks.filter(page=index).select_related("ground"))  # type: ignore[attr-defined]
    _number_and_forms(marks, access_request)
    manual_form = forms.ManualMarkForm(regime=access_request.regime,
                                       initial={"ground": _default_ground(access_request)})
    record(Action.VIEW, request=request, obj=access_request, document=document.pk, page=page)
    return render(request, "privacy/review_page.html", _review_context(document, page, width, height, marks,
                                                                       manual_form))


def _review_context(document: RequestDocument, page: int, width: float, height: float, marks: list[Any],
                    manual_form: forms.ManualMarkForm) -> dict[str, Any]:
    from sentinelle.privacy.pii import KIND_LABELS

    for mark in marks:
        # Attributes of the SVG overlay, in PDF points (the viewBox), never localised.
        mark.svg_x, mark.svg_y = f"{mark.x0:.2f}", f"{mark.y0:.2f}"
        mark.svg_w, mark.svg_h = f"{mark.x1 - mark.x0:.2f}", f"{mark.y1 - mark.y0:.2f}"
        mark.kind_label = KIND_LABELS.get(mark.kind, mark.kind)
    return {
        "req": document.access_request, "document": document, "page": page, "page_count": document.page_count,
        "width": round(width), "height": round(height), "marks": marks, "manual_form": manual_form,
        "width_attr": f"{width:.2f}", "height_attr": f"{height:.2f}",
        "img_width": round(width * PAGE_ZOOM), "img_height": round(height * PAGE_ZOOM),
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < (document.page_count or 0) else None,
        "editable": document.access_request.is_open,
    }


def _number_and_forms(marks: list[Any], access_request: AccessRequest) -> None:
    default = _default_ground(access_request)
    for number, mark in enumerate(marks, start=1):
        mark.number = number
        mark.form = add_version_field(forms.MarkDecisionForm(regime=access_request.regime, prefix=f"m{mark.pk}",
                                                             initial={"ground": mark.ground_id or default}), mark)


def _default_ground(access_request: AccessRequest) -> int | None:
    code = "qc-53-54" if access_request.regime == "quebec" else "fed-19"
    return LegalGround.objects.filter(code=code).values_list("pk", flat=True).first()


@require_perm(VIEW)
@require_POST
def mark_decide(request: HttpRequest, reference: str, pk: int, mark_pk: int) -> HttpResponse:
    document = access.access_request_document(request.user, reference, pk, access.VIEW, request=request)
    mark = get_object_or_404(document.marks, pk=mark_pk)  # type: ignore[attr-defined]
    mark.document = document
    form = add_version_field(
        forms.MarkDecisionForm(request.POST, regime=document.access_request.regime, prefix=f"m{mark.pk}"), mark)
    if form.is_valid():
        ground = _ground(form.cleaned_data.get("ground"))
        try:
            services.decide_mark(mark, form.cleaned_data["decision"], ground=ground, actor=request.user,
                                 request=request, expected_version=version_of(form))
        except Conflict as conflict:
            # One click (accept or reject): the page shows the decision saved meanwhile.
            messages.error(request, conflict.message)
        except services.RequestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Redaction accepted.") if form.cleaned_data["decision"] == "accepted"
                             else _("Proposal rejected: the text stays visible."))
    else:
        for message in form.non_field_errors() or [_("Accept or reject the proposal.")]:
            messages.error(request, str(message))
    return redirect(reverse("privacy:review_page", args=[reference, document.pk, mark.page + 1]) + "#marks")


@require_perm(VIEW)
def mark_add(request: HttpRequest, reference: str, pk: int, page: int) -> HttpResponse:
    from sentinelle.privacy.redaction import read

    document = access.access_request_document(request.user, reference, pk, access.VIEW, request=request)
    index = _page_or_404(document, page)
    if request.method != "POST":
        return redirect("privacy:review_page", reference, document.pk, page)
    access_request = document.access_request
    form = forms.ManualMarkForm(request.POST, regime=access_request.regime)
    pdf = _read(document.pdf)
    if form.is_valid():
        ground = _ground(form.cleaned_data["ground"])
        width, height = pages.page_geometry(pdf, index)
        if form.cleaned_data["has_rect"]:
            data = form.cleaned_data
            rect = (min(data["x0"], width), min(data["y0"], height), min(data["x1"], width), min(data["y1"], height))
            areas = [(rect, read.text_under(pdf, index, rect))]
        else:
            areas = [(found, form.cleaned_data["find_text"])
                     for found in pages.find_text(pdf, index, form.cleaned_data["find_text"])]
            if not areas:
                form.add_error("find_text", _("This text is not on this page (it may be an image without text: "
                                              "draw the rectangle instead)."))
        if not form.errors:
            try:
                services.add_manual_marks(document, page=index, areas=areas, ground=ground, actor=request.user,
                                          request=request)
            except services.RequestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(count)s redactions added on this page.") % {"count": len(areas)})
                return redirect(reverse("privacy:review_page", args=[reference, document.pk, page]) + "#marks")
    width, height = pages.page_geometry(pdf, index)
    marks = list(document.marks.filter(page=index).select_related("ground"))  # type: ignore[attr-defined]
    _number_and_forms(marks, access_request)
    return render(request, "privacy/review_page.html", _review_context(document, page, width, height, marks, form),
                  status=400)
