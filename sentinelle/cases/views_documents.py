"""A case's documents (upload, versions, preview, download), its letters and its
summary report, under /staff/cases/<reference>/; and the letter templates,
under /staff/letters/.

Files never have a public address: each one is served by a view that checks the
permission on the case and writes the view or the download to the audit log."""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from sentinelle.audit.services import Action, record
from sentinelle.cases import documents as documents_service
from sentinelle.cases import letters
from sentinelle.cases import summary as summary_service
from sentinelle.cases.access import access_activity, access_case, access_document
from sentinelle.cases.models import ActivityKind, Case, Document, DocumentVersion, LetterKind, LetterTemplate
from sentinelle.lib.access import require_perm
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of
from sentinelle.lib.uploads.clean import AttachmentField

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


# Forms ------------------------------------------------------------------------


class UploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty to use the name of the file."))
    file = AttachmentField(label=_("File"), help_text=_("A photo, a PDF or an office document, 10 MB at most."))


class VersionForm(forms.Form):
    file = AttachmentField(label=_("New version"),
                           help_text=_("A photo, a PDF or an office document, 10 MB at most."))
    comment = forms.CharField(label=_("What changed"), max_length=300, required=False)


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    # The document request a reminder letter is about: the letter is filed on it.
    request = forms.IntegerField(required=False, widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language of the letter"), choices=LANGUAGE_CHOICES,
                                 widget=forms.RadioSelect)
    due_on = forms.DateField(
        label=_("Answer due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to use the due date of the latest document request, or 30 days from today."),
    )

    def clean_due_on(self) -> datetime.date | None:
        due_on: datetime.date | None = self.cleaned_data.get("due_on")
        if due_on is not None and due_on < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due_on


class SummaryFileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"), choices=LANGUAGE_CHOICES,
                                 widget=forms.RadioSelect)


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def clean_subject(self) -> str:
        return self._checked("subject")

    def clean_body(self) -> str:
        return self._checked("body")

    def _checked(self, name: str) -> str:
        text: str = self.cleaned_data[name]
        if len(text) > 20_000:
            raise ValidationError(_("The text is too long: 20,000 characters at most."))
        try:
            letters.check_template_text(text)
        except letters.LetterError as error:
            raise ValidationError(error.message) from error
        return text


# Helpers ----------------------------------------------------------------------


def _version_of(document: Document, number: int) -> DocumentVersion:
    version = document.versions.filter(number=number).first()  # type: ignore[attr-defined]
    if version is None or not version.file.name:
        raise Http404
    return version  # type: ignore[no-any-return]


def _language(request: HttpRequest) -> str:
    language = request.GET.get("language") or get_language() or "fr"
    return language if language in summary_service.LANGUAGES else "fr"


def _file_response(version: DocumentVersion, *, inline: bool) -> HttpResponse:
    try:
        handle = default_storage.open(str(version.file.name), "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=not inline, filename=version.original_name,
                            content_type=version.content_type)
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)


# Documents --------------------------------------------------------------------


@require_perm("cases.view_case")
def document_list(request: HttpRequest, reference: str) -> HttpResponse:
    """The case's documents; a POST adds one (with the right to change the case)."""
    case = access_case(request.user, reference, request=request)
    may_change = request.user.has_perm("cases.change_case", case)
    form = UploadForm()
    status = 200
    if request.method == "POST":
        if not may_change:  # 404, audited
            access_case(request.user, reference, "cases.change_case", request=request, refuse_as_missing=True)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            document = documents_service.add_document(
                case, form.cleaned_data["file"], actor=request.user, title=form.cleaned_data["title"],
                request=request,
            )
            messages.success(request, _("The document “%(title)s” is added to the case.") % {"title": document.title})
            return redirect("cases:document_detail", case.reference, document.pk)
        status = 400
    record(Action.VIEW, obj=case, request=request, page="documents")
    return render(request, "cases/documents/document_list.html", {
        "case": case, "documents": documents_service.case_documents(case), "may_change": may_change,
        "upload_form": form,
    }, status=status)


def _document_page(request: HttpRequest, case: Case, document: Document, *, form: VersionForm | None = None,
                   status: int = 200) -> HttpResponse:
    versions = list(document.versions.select_related("uploaded_by").order_by("-number"))  # type: ignore[attr-defined]
    current = versions[0] if versions else None
    preview = current if documents_service.is_previewable(current) else None
    response = render(request, "cases/documents/document_detail.html", {
        "case": case, "document": document, "versions": versions, "current": current, "preview": preview,
        "preview_is_pdf": preview is not None and preview.content_type == "application/pdf",
        "may_change": request.user.has_perm("cases.change_case", case),
        "version_form": form or VersionForm(),
    }, status=status)
    if preview is not None and preview.content_type == "application/pdf":
        # The PDF is shown in a frame of this page: allow frames from this site only.
        response._csp_config = {**settings.SECURE_CSP, "frame-src": [CSP.SELF]}  # type: ignore[attr-defined]
    return response


@require_perm("cases.view_case")
@require_GET
def document_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    document = access_document(request.user, reference, pk, request=request)
    case = document.case
    record(Action.VIEW, obj=case, request=request, document=document.pk)
    return _document_page(request, case, document)


@require_perm("cases.change_case")
@require_POST
def document_add_version(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    document = access_document(request.user, reference, pk, "cases.change_case", request=request)
    case = document.case
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _document_page(request, case, document, form=form, status=400)
    version = documents_service.add_version(document, form.cleaned_data["file"], actor=request.user,
                                            comment=form.cleaned_data["comment"], request=request)
    messages.success(request, _("Version %(number)s is added.") % {"number": version.number})
    return redirect("cases:document_detail", case.reference, document.pk)


@require_perm("cases.view_case")
@require_GET
def document_download(request: HttpRequest, reference: str, pk: int, number: int) -> HttpResponse:
    document = access_document(request.user, reference, pk, request=request)
    case, version = document.case, _version_of(document, number)
    response = _file_response(version, inline=False)
    # The log keeps numbers only: a file's own name may name a worker.
    record(Action.DOWNLOAD, obj=case, request=request, document=pk, version=number)
    return response


@require_perm("cases.view_case")
@require_GET
def document_preview(request: HttpRequest, reference: str, pk: int, number: int) -> HttpResponse:
    """An image or a PDF, served inline so that the document page can show it."""
    document = access_document(request.user, reference, pk, request=request)
    case, version = document.case, _version_of(document, number)
    if not documents_service.is_previewable(version):
        raise Http404
    response = _file_response(version, inline=True)
    # Only this site may frame it; nothing in it may load anything.
    response["X-Frame-Options"] = "SAMEORIGIN"
    response._csp_config = {  # type: ignore[attr-defined]
        "default-src": [CSP.NONE], "img-src": [CSP.SELF], "object-src": [CSP.SELF], "frame-ancestors": [CSP.SELF],
    }
    record(Action.VIEW, obj=case, request=request, document=pk, version=number, preview=True)
    return response


# Letters ----------------------------------------------------------------------


@require_perm("cases.change_case")
def letter_create(request: HttpRequest, reference: str) -> HttpResponse:
    case = access_case(request.user, reference, "cases.change_case", request=request, refuse_as_missing=True)
    initial_language = get_language() if get_language() in summary_service.LANGUAGES else "fr"
    form = LetterForm(initial={"language": initial_language, "kind": request.GET.get("kind", ""),
                               "request": request.GET.get("request", "")})
    status = 200
    if request.method == "POST":
        form = LetterForm(request.POST)
        if form.is_valid():
            about = None
            if form.cleaned_data["request"]:
                about = access_activity(request.user, form.cleaned_data["request"], case=case, request=request)
                if about.kind != ActivityKind.DOCUMENT_REQUEST:
                    raise Http404
            try:
                document = letters.generate_letter(
                    case, form.cleaned_data["kind"], form.cleaned_data["language"], actor=request.user,
                    due_on=form.cleaned_data["due_on"], request=request, activity=about,
                )
            except letters.LetterError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The letter is ready and filed on the case as “%(title)s”.")
                                 % {"title": document.title})
                return redirect("cases:document_detail", case.reference, document.pk)
        status = 400
    return render(request, "cases/letters/letter_form.html", {"case": case, "form": form}, status=status)


# Summary report ----------------------------------------------------------------


@require_perm("cases.view_case")
@require_GET
def case_summary(request: HttpRequest, reference: str) -> HttpResponse:
    case = access_case(request.user, reference, request=request)
    record(Action.VIEW, obj=case, request=request, page="summary")
    return render(request, "cases/summary/summary.html", {
        "case": case, "employer": case.employer, "summary": summary_service.case_summary(case),
        "may_change": request.user.has_perm("cases.change_case", case),
        "file_form": SummaryFileForm(initial={"language": _language(request)}),
    })


@require_perm("cases.view_case")
@require_GET
def case_summary_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    case = access_case(request.user, reference, request=request)
    language = _language(request)
    pdf = summary_service.summary_pdf(case, language, actor=request.user)
    record(Action.DOWNLOAD, obj=case, request=request, summary=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{summary_service.summary_filename(case, language)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_perm("cases.change_case")
@require_POST
def case_summary_file(request: HttpRequest, reference: str) -> HttpResponse:
    case = access_case(request.user, reference, "cases.change_case", request=request, refuse_as_missing=True)
    form = SummaryFileForm(request.POST)
    if not form.is_valid():
        record(Action.VIEW, obj=case, request=request, page="summary")
        return render(request, "cases/summary/summary.html", {
            "case": case, "employer": case.employer, "summary": summary_service.case_summary(case),
            "may_change": True, "file_form": form,
        }, status=400)
    document = summary_service.file_summary(case, form.cleaned_data["language"], actor=request.user, request=request)
    messages.success(request, _("The summary report is filed on the case as “%(title)s”.") % {"title": document.title})
    return redirect("cases:document_detail", case.reference, document.pk)


# Letter templates ---------------------------------------------------------------


@require_perm("cases.manage_letter_templates")
@require_GET
def letter_template_list(request: HttpRequest) -> HttpResponse:
    templates = LetterTemplate.objects.order_by("kind", "language")
    return render(request, "cases/letters/template_list.html", {"templates": templates})


@require_perm("cases.manage_letter_templates")
def letter_template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(LetterTemplate, pk=pk)
    form = add_version_field(LetterTemplateForm(instance=template), template)
    status = 200
    if request.method == "POST":
        form = add_version_field(LetterTemplateForm(request.POST, instance=template), template)
        if form.is_valid():
            # The form has already copied its values onto `template`: save a fresh copy.
            fresh = LetterTemplate.objects.get(pk=pk)
            try:
                template = letters.save_template(fresh, form.cleaned_data["subject"], form.cleaned_data["body"],
                                                 actor=request.user, expected_version=version_of(form),
                                                 request=request)
            except Conflict as conflict:
                template = LetterTemplate.objects.get(pk=pk)
                form = show_conflict(form, template, conflict)
            else:
                messages.success(request, _("The template “%(template)s” is saved.") % {"template": template})
                return redirect(reverse("cases:letter_template_list"))
        else:
            status = 400
    return render(request, "cases/letters/template_form.html", {
        "template": template, "form": form,
        "condition_example": "{% if penalty_amount %}…{% else %}…{% endif %}",
        "placeholders": [("{{ " + name + " }}", description) for name, description in letters.PLACEHOLDERS.items()],
    }, status=status)
