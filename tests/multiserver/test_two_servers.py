"""Two app servers behind a load balancer, on one PostgreSQL database, behave as one.

The production layout in small: two gunicorn servers, each with its own task
worker and its own private directory (nothing shared but the database and the file
storage), behind Debian's nginx balancing between them. The test runs against a
database of its own on the PostgreSQL server of the suite, migrated by the real
`manage.py migrate`, and talks HTTP to the servers like a browser would:

- a staff member signed in on one server is signed in on the other;
- wrong receipt codes tried on both servers are counted together;
- the escalation reminders, scheduled by both servers as they start and run by
  both task workers, go out once; so do the reminder that a partner has not
  replied to a referral and the reminders of a task due today;
- a document uploaded through one server is downloaded through the other.

It runs in the PostgreSQL pass of `make test` (scripts/with_postgres.sh sets
DATABASE_URL); on SQLite, the embedded single-machine mode, it is skipped."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pyotp
import pytest
import requests
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NGINX = "/usr/sbin/nginx"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
TRIES_PER_HOUR = 4

pytestmark = [
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"),
        reason="several app servers run on PostgreSQL; the SQLite mode is one machine",
    ),
    pytest.mark.xdist_group("multiserver"),
]

SETUP = """
import json
from datetime import timedelta
from allauth.mfa.models import Authenticator
from django.utils import timezone
from sentinelle.accounts.models import RoleCode
from sentinelle.cases.models import Activity
from sentinelle.intake.escalation import open_escalation
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import PASSWORD, create_case, create_staff

lead = create_staff(RoleCode.TEAM_LEAD, region_code="QC", full_name="Chantal Two-Servers")
case = create_case("QC")
escalation = open_escalation(make_report("QC"), timezone.now() - timedelta(hours=25), reason="Pesticides")
from sentinelle.intake.models import Partner
from sentinelle.intake.referrals import refer
referrer = create_staff(RoleCode.TEAM_LEAD, region_code="ON", full_name="Olivia Referrer")
referral = refer(Partner.objects.get(code="on-mol-es"), means="email", what="Unpaid wages",
                 communicated_at=timezone.now() - timedelta(days=30), actor=referrer, report=make_report("ON"))
owner = create_staff(RoleCode.INVESTIGATOR, region_code="QC", full_name="Inès Two-Servers")
task = Activity.objects.create(case=create_case("QC", assigned_to=owner, status="in_inspection"), kind="task",
                               occurred_at=timezone.now(), author=owner, owner=owner,
                               due_on=timezone.localdate(), notes="Visit the farm")
print(json.dumps({
    "referrer_id": referrer.pk, "referral": referral.pk,
    "email": lead.email, "password": PASSWORD, "user_id": lead.pk,
    "secret": Authenticator.objects.get(user=lead, type=Authenticator.Type.TOTP).data["secret"],
    "case": case.reference, "escalation": escalation.pk, "task_owner": owner.pk, "task": task.pk,
}))
"""


@dataclass
class Cluster:
    a: str
    b: str
    balancer: str
    database_url: str
    account: dict[str, object]

    def sql(self, query: str, *params: object) -> list[tuple[object, ...]]:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()  # type: ignore[arg-type]


def _database_url(name: str) -> str:
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path="/" + name))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            if requests.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def _nginx_conf(folder: Path, port: int, upstreams: list[int]) -> Path:
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstreams)
    temp = "\n".join(f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                           "uwsgi", "scgi"))
    conf = folder / "nginx.conf"
    conf.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 128; }}
http {{
  access_log off;
{temp}
  upstream sentinelle {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 20m;
    location / {{
      proxy_pass http://sentinelle;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
""")
    return conf


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make test` installs it (scripts/install_system_deps.sh).")
    name = "two_servers_" + secrets.token_hex(4)
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    database_url = _database_url(name)
    folder = tmp_path_factory.mktemp("two-servers")
    storage = folder / "shared-storage"
    storage.mkdir()
    common = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RECEIPT_PEPPER": secrets.token_hex(32),
        # One key ring for both servers (each has its own var folder): a file
        # encrypted by one must be readable by the other.
        "SENTINELLE_KEYRING": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXIES": "127.0.0.1",
        "SENTINELLE_STORAGE_DIR": str(storage),
        "FOLLOW_UP_TRIES_BURST": str(TRIES_PER_HOUR),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    envs = []
    for server in ("a", "b"):
        private = folder / f"server-{server}"
        (private / "mail").mkdir(parents=True)
        (private / "files").mkdir()
        envs.append({**common, "SENTINELLE_VAR_DIR": str(private)})

    def manage(*args: str, env: dict[str, str]) -> str:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                              capture_output=True, text=True).stdout

    processes: list[subprocess.Popen[bytes]] = []
    try:
        manage("migrate", "--noinput", env=envs[0])
        manage("createcachetable", env=envs[0])
        account = json.loads(manage("shell", "-c", SETUP, env=envs[0]).strip().splitlines()[-1])
        # Each server starts as `make run` starts one: it schedules the recurring
        # jobs (both at once here) and runs gunicorn and a task worker.
        starting = [subprocess.Popen([sys.executable, "manage.py", "schedule"], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL) for env in envs]
        assert all(p.wait(timeout=60) == 0 for p in starting)
        ports = [_free_port(), _free_port()]
        for env, port in zip(envs, ports, strict=True):
            processes.append(subprocess.Popen(
                [str(BIN / "gunicorn"), "sentinelle.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                 "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
                cwd=ROOT, env=env))
            processes.append(subprocess.Popen([sys.executable, "manage.py", "db_worker"], cwd=ROOT, env=env,
                                              stdout=subprocess.DEVNULL))
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        balancer_port = _free_port()
        nginx = subprocess.Popen([NGINX, "-c", str(_nginx_conf(folder, balancer_port, ports))])
        processes.append(nginx)
        _wait_for(a, processes[0])
        _wait_for(b, processes[2])
        balancer = f"http://127.0.0.1:{balancer_port}"
        _wait_for(balancer, nginx)
        yield Cluster(a, b, balancer, database_url, account)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the page has no form"
    return match.group(1)


def _post_form(session: requests.Session, url: str, fields: dict[str, str], **kwargs: object) -> requests.Response:
    token = _csrf(session.get(url, timeout=30).text)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    return session.post(url, data={"csrfmiddlewaretoken": token, **fields},
                        headers={"Origin": origin, "Referer": url}, timeout=30, **kwargs)  # type: ignore[arg-type]


def _sign_in(cluster: Cluster, server: str) -> requests.Session:
    session = requests.Session()
    account = cluster.account
    _post_form(session, server + "/en/accounts/login/", {"login": str(account["email"]),
                                                         "password": str(account["password"])})
    landed = _post_form(session, server + "/en/accounts/2fa/authenticate/",
                        {"code": pyotp.TOTP(str(account["secret"])).now()})
    assert "/accounts/" not in urlsplit(landed.url).path, f"the sign-in did not go through ({landed.url})"
    return session


@pytest.fixture(scope="module")
def signed_in(cluster: Cluster) -> requests.Session:
    """Signed in once, on server A: a TOTP code is accepted only once."""
    return _sign_in(cluster, cluster.a)


def _on(session: requests.Session, server: str) -> requests.Session:
    """The same browser, talking to another server: its cookies go along (the
    servers share a host name, as behind one load balancer)."""
    other = requests.Session()
    for cookie in session.cookies:
        other.cookies.set(cookie.name, cookie.value)  # type: ignore[arg-type]
    return other


def test_a_staff_session_opened_on_one_server_works_on_the_other(cluster: Cluster,
                                                                  signed_in: requests.Session) -> None:
    session = signed_in
    page = _on(session, cluster.b).get(cluster.b + "/en/staff/", timeout=30, allow_redirects=False)
    assert page.status_code == 200
    assert "Chantal Two-Servers" in page.text

    through_balancer = _on(session, cluster.balancer)
    upstreams = set()
    for _ in range(6):
        page = through_balancer.get(cluster.balancer + "/en/staff/", timeout=30, allow_redirects=False)
        assert page.status_code == 200, page.status_code
        upstreams.add(page.headers["X-Upstream"])
    assert len(upstreams) == 2, f"the balancer used {upstreams}"


def test_wrong_receipt_codes_are_counted_across_both_servers(cluster: Cluster) -> None:
    browser = requests.Session()
    answers = []
    for attempt in range(TRIES_PER_HOUR + 2):
        server = (cluster.a, cluster.b)[attempt % 2]
        response = _post_form(browser, server + "/en/follow-up/", {"code": "1234-5678-9012-3456-7890"})
        answers.append(response.status_code)
    # Four wrong codes, two on each server, and the fifth is refused on either.
    assert answers == [200] * TRIES_PER_HOUR + [429, 429]


def test_the_escalation_reminders_run_once_not_once_per_server(cluster: Cluster) -> None:
    lead = cluster.account["user_id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if cluster.sql("SELECT count(*) FROM accounts_notification WHERE user_id = %s", lead)[0][0]:
            break
        time.sleep(0.5)
    time.sleep(5)  # room for a second run, had there been one
    notifications = cluster.sql("SELECT kind FROM accounts_notification WHERE user_id = %s", lead)
    assert len(notifications) == 1, notifications
    runs = cluster.sql(
        "SELECT status, count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s GROUP BY status",
        "%send_escalation_reminders")
    assert dict(runs) == {"SUCCESSFUL": 1, "READY": 1}, runs  # one run done, the next one waiting
    sent = cluster.sql("SELECT reminders_sent FROM intake_escalation WHERE id = %s", cluster.account["escalation"])
    assert sent[0][0] == ["12h", "2h", "target"]


def test_the_partner_no_reply_reminder_goes_out_once_not_once_per_server(cluster: Cluster) -> None:
    referrer = cluster.account["referrer_id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if cluster.sql("SELECT count(*) FROM accounts_notification WHERE user_id = %s", referrer)[0][0]:
            break
        time.sleep(0.5)
    time.sleep(5)  # room for a second run, had there been one
    notifications = cluster.sql("SELECT kind FROM accounts_notification WHERE user_id = %s", referrer)
    assert notifications == [("referral_no_reply",)], notifications
    claimed = cluster.sql("SELECT reminder_sent_at FROM intake_referral WHERE id = %s", cluster.account["referral"])
    assert claimed[0][0] is not None


def test_the_task_reminders_run_once_not_once_per_server(cluster: Cluster) -> None:
    owner = cluster.account["task_owner"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if cluster.sql("SELECT count(*) FROM accounts_notification WHERE user_id = %s", owner)[0][0]:
            break
        time.sleep(0.5)
    time.sleep(5)  # room for a second reminder, had there been one
    notifications = cluster.sql("SELECT kind FROM accounts_notification WHERE user_id = %s", owner)
    assert notifications == [("task_due",)], notifications
    sent = cluster.sql("SELECT kind FROM cases_taskreminder WHERE activity_id = %s", cluster.account["task"])
    assert sent == [("due",)], sent
    runs = cluster.sql(
        "SELECT status, count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s GROUP BY status",
        "%send_task_reminders")
    assert dict(runs) == {"SUCCESSFUL": 1, "READY": 1}, runs  # one run done, the next one waiting


def test_a_document_uploaded_through_one_server_is_downloaded_through_the_other(
        cluster: Cluster, signed_in: requests.Session) -> None:
    session = signed_in
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(picture, format="PNG")
    url = f"{cluster.a}/en/staff/cases/{cluster.account['case']}/documents/"
    on_a = _on(session, cluster.a)
    uploaded = _post_form(on_a, url, {"title": "Photo of the dormitory"},
                          files={"file": ("dormitory.png", picture.getvalue(), "image/png")})
    assert uploaded.status_code == 200
    (document,) = cluster.sql("SELECT id FROM cases_document WHERE title = %s", "Photo of the dormitory")
    download = _on(session, cluster.b).get(
        f"{cluster.b}/en/staff/cases/{cluster.account['case']}/documents/{document[0]}/versions/1/download/",
        timeout=30)
    assert download.status_code == 200
    assert download.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(download.content)).size == (64, 48)
