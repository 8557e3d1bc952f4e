"""A worker filing reports through the real public form, with photos and PDFs.

The answers of each step and the page parser are the benchmark's
(bench/bench_intake.py: ANSWERS, and the parser that finds hidden fields, select
options and the receipt code); what is added here is the walk with `requests`, the
attachments, and a "send" that is tried again, as a worker on a bad connection
would press the button again, with the same form (the same idempotency key and
receipt code) until the server answers with the confirmation page.

How an attachment is recognised afterwards. The server cleans the files workers
send (metadata stripped, images possibly re-encoded) and stores them encrypted, so
neither the bytes nor their sha256 need survive. Each file is therefore made with
no metadata at all and carries its identity in what any cleaning keeps:
- a JPEG's pixel size: (80 + submission number % 400, 60 + attachment number) —
  width and height are never changed by stripping metadata or re-encoding;
- a PDF's text: a line "SENTINELLE-FAULT <run> <submission> <attachment>" drawn
  on its one page, read back with PyMuPDF.
The check reads each stored file back through the storage API (decrypted) and
compares these; it also counts the files that came back byte for byte (printed,
not asserted: a server that re-encodes would rightly differ)."""

from __future__ import annotations

import hashlib
import io
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf
import requests
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))

import bench_intake  # noqa: E402  (bench/ is not a package)

STEPS = ("about-you", "employer", "what-happened", "urgency")


@dataclass(frozen=True)
class Sent:
    """One attachment as sent, and how to recognise it."""

    name: str
    content_type: str
    data: bytes
    width: int = 0
    height: int = 0
    marker: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def expected(self) -> dict[str, Any]:
        return {"content_type": self.content_type, "width": self.width, "height": self.height,
                "marker": self.marker, "sha256": self.sha256}


def jpeg(number: int, index: int) -> Sent:
    size = (80 + number % 400, 60 + index)
    picture = io.BytesIO()
    # A plain picture, saved without EXIF or any other metadata.
    Image.new("RGB", size, ((number * 37) % 256, (index * 90) % 256, 120)).save(picture, format="JPEG",
                                                                                   quality=85)
    return Sent(f"photo-{number}-{index}.jpg", "image/jpeg", picture.getvalue(), width=size[0], height=size[1])


def pdf(run: str, number: int, index: int) -> Sent:
    marker = f"SENTINELLE-FAULT {run} {number} {index}"
    document = pymupdf.open()
    page = document.new_page(width=300, height=200)
    page.insert_text((20, 100), marker, fontsize=10)
    document.set_metadata({})  # no author, no producer, no dates
    data = document.tobytes(garbage=3, deflate=True, no_new_id=True)
    document.close()
    return Sent(f"document-{number}-{index}.pdf", "application/pdf", data, marker=marker)


def attachments_for(run: str, number: int) -> list[Sent]:
    """One or two files: a photo, and every other report a PDF too."""
    files = [jpeg(number, 1)]
    if number % 2 == 0:
        files.append(pdf(run, number, 2))
    return files


@dataclass
class Tally:
    """What the client saw, shared by its threads."""

    attempted: int = 0
    acknowledged: dict[str, list[Sent]] = field(default_factory=dict)  # receipt code (digits) -> files
    errors: dict[str, int] = field(default_factory=dict)  # kind of error -> count
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def acknowledge(self, code: str, files: list[Sent]) -> None:
        with self.lock:
            assert code not in self.acknowledged, "the same receipt code was shown for two reports"
            self.acknowledged[code] = files

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


class Interrupted(Exception):
    """The server did not answer the step with the next page (it is down, or
    answered with the "try again" page)."""


def _error_kind(response: requests.Response) -> str:
    if response.status_code == 503 and response.headers.get("Retry-After"):
        return "503 try again"
    return f"HTTP {response.status_code}"


def walk_to_review(base: str, language: str = "en") -> tuple[requests.Session, list[tuple[str, str]], str]:
    """Fill in every step of the report, as a worker would, up to the review page:
    the browser, the review page's hidden fields, and the address of the form."""
    session = requests.Session()
    url = f"{base}/{language}/report/"
    headers = {"Origin": base, "Referer": url}
    response = session.get(url, timeout=10)
    if response.status_code != 200:
        raise Interrupted(_error_kind(response))
    page = bench_intake._parse(response.text)
    for slug in STEPS:
        hidden = dict(page.hidden)
        if hidden.get("step") != slug:
            raise Interrupted(f"expected the step {slug!r}")
        answers = dict(bench_intake.ANSWERS[slug])
        if slug == "employer":
            answers["sector"] = [value for value in page.options.get("sector", []) if value][:1]
        fields = [*page.hidden, *((name, v) for name, values in answers.items() for v in values), ("next", "1")]
        response = session.post(url, data=fields, headers=headers, timeout=10)
        if response.status_code != 200:
            raise Interrupted(_error_kind(response))
        page = bench_intake._parse(response.text)
        if page.errors:
            raise RuntimeError(f"the step {slug!r} was refused")
    if dict(page.hidden).get("step") != "review":
        raise Interrupted("the form did not reach the review page")
    return session, page.hidden, url


def send(session: requests.Session, url: str, hidden: list[tuple[str, str]], files: list[Sent]) -> str:
    """Press "Send my report" once: the receipt code shown, or Interrupted."""
    origin = url.split("/", 3)
    response = session.post(
        url,
        data=[*hidden, ("send", "1")],
        files=[("attachments", (f.name, f.data, f.content_type)) for f in files],
        headers={"Origin": "/".join(origin[:3]), "Referer": url},
        timeout=30,
    )
    if response.status_code != 200:
        raise Interrupted(_error_kind(response))
    shown = bench_intake._parse(response.text).code
    if len(shown) != 20:
        raise Interrupted("no receipt code on the answer")
    return shown


def file_one_report(base: str, run: str, number: int, tally: Tally, *, give_up_after: float = 60.0,
                    language: str = "en") -> None:
    """One worker's report: the steps (begun again if the server fails during
    them), then "send" until the confirmation page shows the receipt code."""
    files = attachments_for(run, number)
    deadline = time.monotonic() + give_up_after
    with tally.lock:
        tally.attempted += 1
    while time.monotonic() < deadline:
        try:
            session, hidden, url = walk_to_review(base, language)
            break
        except Interrupted as problem:
            tally.error(str(problem) if str(problem).startswith(("HTTP", "503")) else "form interrupted")
        except requests.RequestException:
            tally.error("connection failed")
        time.sleep(0.3)
    else:
        return
    while time.monotonic() < deadline:
        try:
            code = send(session, url, hidden, files)
        except Interrupted as problem:
            tally.error(str(problem))
        except requests.RequestException:
            tally.error("connection failed")
        else:
            # The server decides the code (from the form's nonce): sending again after an
            # interruption shows the same one, which must then be stored.
            tally.acknowledge(code, files)
            return
        time.sleep(0.3)


class Load:
    """Threads filing reports one after another until told to stop."""

    def __init__(self, base: str, run: str, tally: Tally, *, threads: int, first_number: int = 0) -> None:
        self.base, self.run, self.tally = base, run, tally
        self._stop = threading.Event()
        self._next = first_number
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._work, args=(i,), daemon=True) for i in range(threads)]
        self.failures: list[BaseException] = []

    def _number(self) -> int:
        with self._lock:
            self._next += 1
            return self._next

    def _work(self, index: int) -> None:
        languages = ("en", "fr", "es", "tl")
        try:
            while not self._stop.is_set():
                number = self._number()
                file_one_report(self.base, self.run, number, self.tally, language=languages[number % 4])
        except BaseException as exc:  # reported by stop()
            self.failures.append(exc)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def wait_for_acknowledged(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.tally.acknowledged) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(self.tally.acknowledged)} reports acknowledged in {timeout} s "
                                     f"(errors: {self.tally.errors})")
            if self.failures:
                raise self.failures[0]
            time.sleep(0.1)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)
        if self.failures:
            raise self.failures[0]

    def __exit__(self, *exc: object) -> None:
        self.stop()
