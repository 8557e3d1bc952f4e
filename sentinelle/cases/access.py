"""How a page or an API endpoint reaches an employer, a case and what hangs from it: one
function per kind of object, built on `lib.access.get_object_for_user`, that
audits every refusal.

Who sees a case is decided by the rules (`cases.view_case`: the user's region,
national staff, and cases shared with them). A case one may not see is missing:
404, the same answer as a reference that does not exist. A case one sees but may
not act on as asked is refused with 403 (`PermissionDenied`; the API answers it
in JSON), except on the pages of its documents, where every refusal is 404."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from sentinelle.cases.models import Activity, Case, Document, Employer
from sentinelle.lib.access import check_perm, deny, get_object_for_user

VIEW_CASE = "cases.view_case"
VIEW_EMPLOYER = "cases.view_employer"

CASES = Case.objects.select_related("employer", "employer__sector", "region", "assigned_to", "exclusion_rule",
                                    "transferred_to")


def access_case(user: Any, reference: str, perm: str = VIEW_CASE, *, request: HttpRequest | None = None,
                refuse_as_missing: bool = False) -> Case:
    """The case `reference`, if `user` may see it and do `perm` on it.

    Not seen (or no such case): 404. Seen, but `perm` refused: 403, or 404 with
    `refuse_as_missing`. Each refusal is audited, once, with the permission refused."""
    case = get_object_for_user(user, VIEW_CASE, CASES, request=request, reference=reference)
    if perm != VIEW_CASE:
        check_perm(user, perm, case, request=request, as_missing=refuse_as_missing)
    return case


def access_cases(user: Any, pks: Iterable[int], perm: str, *, queryset: QuerySet[Case],
                 request: HttpRequest | None = None) -> list[Case]:
    """Every case of `pks` among `queryset` (what the page works on, in its
    order), if `user` may do `perm` on each; otherwise 404, as for a single case,
    each refusal audited. A case that exists outside `queryset` is a refusal too."""
    wanted = set(pks)
    cases = list(queryset.filter(pk__in=wanted))
    refused = [case for case in cases if not user.has_perm(perm, case)]
    outside = wanted - {case.pk for case in cases}
    refused += list(Case.objects.filter(pk__in=outside).select_related("region")) if outside else []
    for case in refused:
        deny(user, perm, obj=case, request=request)
    if refused or outside:
        raise Http404
    return cases


def access_document(user: Any, case: Case | str, pk: int, perm: str = VIEW_CASE, *,
                    request: HttpRequest | None = None) -> Document:
    """The document `pk` of a case (a `Case` already reached, or its reference),
    if `user` may do `perm` on the case; any refusal is 404. The document's
    `case` is that case."""
    if not isinstance(case, Case):
        case = access_case(user, case, perm, request=request, refuse_as_missing=True)
    elif perm != VIEW_CASE:
        check_perm(user, perm, case, request=request, as_missing=True)
    try:
        document = Document.objects.select_related("created_by", "activity").get(case=case, pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    document.case = case
    return document


def access_activity(user: Any, pk: int, perm: str = VIEW_CASE, *, case: Case | None = None,
                    request: HttpRequest | None = None) -> Activity:
    """The activity `pk` (of `case`, when the page has reached it already), if
    `user` may do `perm` on its case (see `access_case`); an activity whose case
    is out of reach is missing, as one that does not exist."""
    if case is None:
        reference = Activity.objects.filter(pk=pk).values_list("case__reference", flat=True).first()
        case = access_case(user, reference or "", perm, request=request)
    elif perm != VIEW_CASE:
        check_perm(user, perm, case, request=request)
    try:
        return Activity.objects.select_related("case", "author", "owner").get(case=case, pk=pk)
    except (Activity.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def access_employer(user: Any, pk: int, perm: str = VIEW_EMPLOYER, *,
                    request: HttpRequest | None = None) -> Employer:
    """The employer `pk`, if `user` may see it (else 404) and do `perm` on it
    (else 403); each refusal audited, as for a case."""
    return get_object_for_user(user, perm, Employer.objects.select_related("sector", "region", "merged_into"),
                               seen_with=VIEW_EMPLOYER, request=request, pk=pk)
