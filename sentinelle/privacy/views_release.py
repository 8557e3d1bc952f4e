"""The release of an access request: the package made from the decisions on
every document (a background job), and its download."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from sentinelle.audit.services import Action, record
from sentinelle.lib.access import require_perm
from sentinelle.privacy import access, forms, letters, services
from sentinelle.privacy.models import JobKind
from sentinelle.privacy.views_documents import progress_text
from sentinelle.privacy.views_requests import file_response

VIEW = "privacy.view_access_requests"


@require_perm(VIEW)
def release(request: HttpRequest, reference: str) -> HttpResponse:
    perm = access.RELEASE if request.method == "POST" else access.VIEW
    access_request = access.access_request(request.user, reference, perm, request=request)
    form = forms.ReleaseForm(request.POST or None, initial={"language": access_request.language})
    if request.method == "POST" and form.is_valid():
        try:
            services.start_release(access_request, language=form.cleaned_data["language"], actor=request.user,
                                   request=request)
        except services.RequestError as error:
            messages.error(request, error.message)
        else:
            return redirect("privacy:release", access_request.reference)
    problems = access_request.release_problems()
    job = access_request.jobs.filter(kind=JobKind.RELEASE).first()  # type: ignore[attr-defined]
    packages = list(access_request.packages.select_related("created_by"))  # type: ignore[attr-defined]
    rows = letters.schedule_rows(access_request, "fr" if request.LANGUAGE_CODE == "fr" else "en")
    return render(request, "privacy/release.html", {
        "req": access_request, "form": form, "problems": problems, "job": job, "packages": packages,
        "rows": rows, "progress": progress_text(job) if job else "",
    }, status=400 if request.method == "POST" else 200)


@require_perm(VIEW)
def package_download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    access_request = access.access_request(request.user, reference, access.DOWNLOAD_PACKAGE, request=request)
    package = get_object_or_404(access_request.packages, pk=pk)  # type: ignore[attr-defined]
    record(Action.DOWNLOAD, request=request, obj=access_request, package=package.pk, sha256=package.sha256)
    name = f"{access_request.reference}-{'diffusion' if package.language == 'fr' else 'release'}.zip"
    return file_response(package.file, name, "application/zip")

