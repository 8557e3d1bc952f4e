"""The demo shows "my tasks" with tasks due and overdue, and reviewed files with
their investigators' acknowledgements and disagreements."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from sentinelle.accounts.models import User
from sentinelle.cases.models import Activity
from sentinelle.quality.models import FeedbackResponse, ReviewFeedback
from sentinelle.test import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", "--scale", "0.002", "--reports", "0", "--seed", "5")
    return {a["full_name"]: a for a in json.loads((tmp_path / "demo_accounts.json").read_text())}


def test_the_demo_has_tasks_due_and_overdue_and_reviews_with_responses(demo, client):
    today = timezone.localdate()
    investigator = User.objects.get(email=demo["Amélie Gagnon"]["email"])
    pending = Activity.objects.filter(owner=investigator, done_at__isnull=True, kind="task")
    assert pending.filter(due_on__lt=today).exists() and pending.filter(due_on=today).exists()
    sign_in(client, investigator)
    page = client.get("/en/staff/tasks/").content.decode()
    assert "Overdue" in page and "Due today" in page and "Send a reminder letter" in page

    responses = set(ReviewFeedback.objects.values_list("response", flat=True))
    assert responses == {FeedbackResponse.ACKNOWLEDGED, FeedbackResponse.DISAGREED}
    assert ReviewFeedback.objects.filter(answered_at__isnull=False).exists()

    before = Activity.objects.count(), ReviewFeedback.objects.count()
    call_command("seed_demo", "--scale", "0.002", "--reports", "0", "--seed", "5", "--once")
    assert (Activity.objects.count(), ReviewFeedback.objects.count()) == before
