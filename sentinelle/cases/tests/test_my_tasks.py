""""My tasks": each staff member's tasks and document requests across their cases,
overdue and due first; a team lead's view of their team's overdue ones; the
next step of an overdue document request; what other apps add to the list."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sentinelle.cases import todo
from sentinelle.cases.models import Activity, ActivityKind, CaseStatus, Document, DocumentKind, LetterKind
from sentinelle.test import create_case, create_staff, sign_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def team():
    return {
        "lead": create_staff("team_lead", region_code="QC", full_name="Louise Leblanc"),
        "investigator": create_staff("investigator", region_code="QC", full_name="Inès Gagnon"),
        "colleague": create_staff("investigator", region_code="QC", full_name="Paul Roy"),
        "ontario_lead": create_staff("team_lead", region_code="ON", full_name="Owen Smith"),
        "ontario": create_staff("investigator", region_code="ON", full_name="Olivia Brown"),
    }


def task(case, owner, due_on, notes, **fields) -> Activity:
    return Activity.objects.create(case=case, kind=ActivityKind.TASK, occurred_at=timezone.now(), author=owner,
                                   owner=owner, due_on=due_on, notes=notes, **fields)


def request_for_documents(case, due_on, notes, **fields) -> Activity:
    return Activity.objects.create(case=case, kind=ActivityKind.DOCUMENT_REQUEST, occurred_at=timezone.now(),
                                   author=case.assigned_to, due_on=due_on, notes=notes, **fields)


def page(user, url: str = "/en/staff/tasks/", language: str = "en") -> str:
    client = Client()
    sign_in(client, user)
    response = client.get(url.replace("/en/", f"/{language}/"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def rows(text: str, table: str) -> list[str]:
    """The rows' ids of one table ("my-tasks-caption" or "team-tasks-caption"), in order."""
    section = text.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr id="([^"]+)"', section)


def test_an_investigator_sees_their_tasks_and_requests_across_cases_overdue_first(team):
    me = team["investigator"]
    first = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
    second = create_case("QC", assigned_to=me, status=CaseStatus.ASSIGNED)
    someone_elses = create_case("QC", assigned_to=team["colleague"], status=CaseStatus.ASSIGNED)
    later = task(first, me, TODAY + 10 * DAY, "Call the recruiter")
    overdue = task(second, me, TODAY - 3 * DAY, "Write the interview notes")
    today = request_for_documents(first, TODAY, "Payroll records for 2025")
    undated = task(second, me, None, "Read the earlier file")
    # Not mine, done, received, or on a closed case: not listed.
    task(someone_elses, team["colleague"], TODAY, "Colleague's call")
    request_for_documents(someone_elses, TODAY - DAY, "Colleague's request")
    task(first, me, TODAY - DAY, "Already done", done_at=timezone.now())
    request_for_documents(second, TODAY - DAY, "Already received", received_on=TODAY)
    closed = create_case("QC", assigned_to=me, status=CaseStatus.CLOSED)
    task(closed, me, TODAY - DAY, "On a closed file")

    text = page(me)
    assert rows(text, "my-tasks-caption") == [f"activity-{a.pk}" for a in (overdue, today, later, undated)]
    assert "2 tasks to do" not in text and "4 tasks to do" in text and "1 overdue" in text
    for shown in ("Write the interview notes", "Payroll records for 2025", "Call the recruiter"):
        assert shown in text
    for hidden in ("Colleague's call", "Colleague's request", "Already done", "Already received",
                   "On a closed file"):
        assert hidden not in text
    # Each line opens the activity on its case.
    assert f'href="/en/staff/cases/{second.reference}/activities/{overdue.pk}/"' in text
    assert "Overdue in my team" not in text  # an investigator leads no team


def test_the_page_is_in_french(team):
    me = team["investigator"]
    case = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
    task(case, me, TODAY - DAY, "Rappeler l'employeur")
    text = page(me, language="fr")
    assert "Mes tâches" in text and "En retard" in text and "1 tâche à faire" in text


def test_a_team_lead_sees_their_teams_overdue_tasks_and_no_other_regions(team):
    lead = team["lead"]
    case = create_case("QC", assigned_to=team["investigator"], status=CaseStatus.IN_INSPECTION)
    late_task = task(case, team["colleague"], TODAY - 2 * DAY, "Colleague's overdue call")
    late_request = request_for_documents(case, TODAY - 5 * DAY, "Time sheets")
    task(case, team["investigator"], TODAY + DAY, "Not overdue yet")
    ontario = create_case("ON", assigned_to=team["ontario"], status=CaseStatus.IN_INSPECTION)
    task(ontario, team["ontario"], TODAY - 2 * DAY, "Ontario's overdue call")

    text = page(lead)
    assert rows(text, "team-tasks-caption") == [f"activity-{late_request.pk}", f"activity-{late_task.pk}"]
    team_table = text.split('id="team-tasks-caption"', 1)[1]
    assert "Paul Roy" in team_table and "Inès Gagnon" in team_table  # whose each one is
    assert "Not overdue yet" not in text and "Ontario's overdue call" not in text
    assert "Ontario's overdue call" in page(team["ontario_lead"])


def test_a_case_transferred_away_leaves_my_list(team):
    me = team["investigator"]
    case = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
    task(case, me, TODAY, "Visit the farm")
    assert "Visit the farm" in page(me)
    case.region = team["ontario"].region
    case.save(update_fields=["region"])
    assert "Visit the farm" not in page(me)


def test_an_overdue_document_request_suggests_a_reminder_letter_then_the_guidance(team):
    me = team["investigator"]
    case = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
    pending = request_for_documents(case, TODAY - 2 * DAY, "Payroll records")
    on_time = request_for_documents(case, TODAY + 2 * DAY, "Housing lease")

    text = page(me)
    letter = f"/en/staff/cases/{case.reference}/letters/new/?kind=document_reminder&request={pending.pk}"
    assert f'href="{html.escape(letter)}"'.replace("&amp;", "&") in text or letter in text
    assert text.count("Send a reminder letter") == 1  # the request still on time suggests nothing
    detail = page(me, f"/en/staff/cases/{case.reference}/activities/{pending.pk}/")
    assert "Overdue: due on" in detail and "Send a reminder letter" in detail
    assert "Overdue" not in page(me, f"/en/staff/cases/{case.reference}/activities/{on_time.pk}/")

    # The letter form opens on the reminder; made from there, it is filed on the request.
    client = Client()
    sign_in(client, me)
    form = html.unescape(client.get(letter).content.decode())
    assert 'value="document_reminder" selected' in form and f'value="{pending.pk}"' in form
    response = client.post(f"/en/staff/cases/{case.reference}/letters/new/", {
        "kind": LetterKind.DOCUMENT_REMINDER, "language": "fr", "request": pending.pk,
        "due_on": (TODAY + 10 * DAY).isoformat()})
    assert response.status_code == 302
    letter_document = Document.objects.get(case=case, kind=DocumentKind.LETTER)
    assert letter_document.activity_id == pending.pk and "Rappel" in letter_document.title

    text = page(me)
    assert "Send a reminder letter" not in text and "Follow the guidance for a non-response" in text
    detail = page(me, f"/en/staff/cases/{case.reference}/activities/{pending.pk}/")
    assert "The employer has not answered a request for documents" in detail  # the guidance itself
    assert "L’employeur n’a pas répondu" in page(me, f"/en/staff/cases/{case.reference}/activities/{pending.pk}/",
                                                  language="fr")


def test_a_reminder_letter_cannot_be_filed_on_another_cases_activity(team):
    me = team["investigator"]
    case = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
    other = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
    elsewhere = request_for_documents(other, TODAY - DAY, "Other case's request")
    a_task = task(case, me, TODAY - DAY, "A task, not a request")
    client = Client()
    sign_in(client, me)
    for activity in (elsewhere, a_task):
        response = client.post(f"/en/staff/cases/{case.reference}/letters/new/", {
            "kind": LetterKind.DOCUMENT_REMINDER, "language": "en", "request": activity.pk})
        assert response.status_code == 404
    assert not Document.objects.filter(kind=DocumentKind.LETTER).exists()


def test_other_apps_add_their_items_through_the_registry(team):
    me = team["investigator"]

    def action_items(user, today):
        if user == me:
            yield todo.Item(kind="Action item", title="Send the minutes", due_on=today - DAY, url="/en/staff/",
                            context="Working group on housing", key="action-1")

    todo.provide("test-action-items", action_items)
    try:
        case = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
        mine = task(case, me, TODAY, "Visit the farm")
        text = page(me)
        assert rows(text, "my-tasks-caption") == ["action-1", f"activity-{mine.pk}"]
        assert "Working group on housing" in text
        assert "Send the minutes" not in page(team["colleague"])
    finally:
        todo._providers.pop("test-action-items")


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/staff/tasks/").status_code == 200
    return len(queries)


def _add_cases(me, count: int) -> None:
    for n in range(count):
        case = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
        task(case, me, TODAY - (n % 3) * DAY, f"Task {n}")
        request_for_documents(case, TODAY - (n % 4) * DAY, f"Request {n}")


@pytest.mark.parametrize("who", ["investigator", "lead"])
def test_the_page_takes_as_many_queries_for_thirty_cases_as_for_two(team, who):
    me = team["investigator"]
    client = Client()
    sign_in(client, team[who])
    _add_cases(me, 2)
    client.get("/en/staff/tasks/")
    few = _queries(client)
    _add_cases(me, 30)
    assert _queries(client) == few


def test_a_task_shows_on_the_cases_one_may_open_only(team):
    from sentinelle.cases.models import CaseShare

    me = team["ontario"]
    shared = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
    not_shared = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
    revoked = create_case("QC", assigned_to=me, status=CaseStatus.IN_INSPECTION)
    CaseShare.objects.create(case=shared, user=me, reason="Interpreter", shared_by=team["lead"])
    CaseShare.objects.create(case=revoked, user=me, reason="Ended", shared_by=team["lead"],
                             revoked_by=team["lead"], revoked_at=timezone.now())
    visible = task(shared, me, TODAY, "Shared with me")
    task(not_shared, me, TODAY, "Quebec's, not shared")
    task(revoked, me, TODAY, "Shared, then revoked")

    assert rows(page(me), "my-tasks-caption") == [f"activity-{visible.pk}"]


def _add_team_overdue(team, count: int) -> list[int]:
    """`count` overdue tasks and document requests of the team, on cases of several
    investigators, owned by several of them, some requests already reminded; and as
    many pending ones on closed cases, which the list leaves out."""
    shown = []
    people = [team["investigator"], team["colleague"]]
    for n in range(count):
        case = create_case("QC", assigned_to=people[n % 2], status=CaseStatus.IN_INSPECTION)
        if n % 2:
            late = request_for_documents(case, TODAY - (n + 1) * DAY, f"Team request {n}")
            if n % 4 == 1:
                Document.objects.create(case=case, activity=late, kind=DocumentKind.LETTER, title="Reminder",
                                        created_by=case.assigned_to)
        else:
            late = task(case, people[(n + 1) % 2], TODAY - (n + 1) * DAY, f"Team task {n}")
        shown.append(late.pk)
        closed = create_case("QC", assigned_to=people[n % 2], status=CaseStatus.CLOSED)
        task(closed, people[n % 2], TODAY - (n + 1) * DAY, f"Closed case's task {n}")
    return shown


def test_the_team_leads_page_takes_as_many_queries_for_twenty_overdue_as_for_two(team):
    client = Client()
    sign_in(client, team["lead"])
    _add_team_overdue(team, 2)
    client.get("/en/staff/tasks/")
    few = _queries(client)
    shown = _add_team_overdue(team, 20)
    assert _queries(client) == few
    text = page(team["lead"])
    team_rows = rows(text, "team-tasks-caption")
    assert len(team_rows) == 22 and {f"activity-{pk}" for pk in shown} <= set(team_rows)
    assert "Closed case's task" not in text.split('id="team-tasks-caption"', 1)[1]
