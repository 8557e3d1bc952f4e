"""Background work of governance (run by the task worker, `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from sentinelle.governance.group_report import make_group_documents
from sentinelle.governance.report import make_documents


@task
def make_report_pdfs(report_id: int) -> str:
    """Make the approved quarterly report's PDFs (French and English) and keep them."""
    return make_documents(report_id)


@task
def make_group_report_pdfs(report_id: int) -> str:
    """Make the approved working-group report's PDFs (French and English) and keep them."""
    return make_group_documents(report_id)
