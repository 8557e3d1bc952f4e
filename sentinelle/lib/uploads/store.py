"""Storing uploaded files (`Batch`): a file is written under `quarantine/` first,
the database row records its final name, and the file is moved to that name once
the transaction has committed. If the transaction rolls back, the quarantined
copy is deleted; if the server dies between the commit and the move,
`manage.py sweep_uploads` finishes the move. Only the storage API is used (open,
save, delete, exists, listdir), so that any storage, including an encrypting
one, keeps working."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from types import TracebackType
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction

from sentinelle.lib.crypto import DecryptionError
from sentinelle.lib.uploads.clean import cleaned
from sentinelle.lib.uploads.detect import Kind

logger = logging.getLogger("sentinelle.uploads")

QUARANTINE = "quarantine"


def quarantine_name(name: str) -> str:
    """Where the file that will be `name` waits for its transaction to commit."""
    return f"{QUARANTINE}/{PurePath(name).name}"


@dataclass(frozen=True)
class Stored:
    name: str  # the final name, which the database row records
    kind: Kind
    size: int
    sha256: str  # of the cleaned content, as stored


def move(source: str, target: str) -> None:
    """Move a stored file through the storage API (the storage may encrypt: no
    renaming on disk). A target already there with the same content (a move cut
    short after the copy) only costs the source; a different one, or one the
    storage cannot read (its write cut short), is replaced."""
    if default_storage.exists(target):
        with default_storage.open(source, "rb") as a:
            try:
                with default_storage.open(target, "rb") as b:
                    same = _same_content(a, b)
            except DecryptionError:  # a write cut short (the encrypting storage): no header or no end yet
                same = False
        if same:
            default_storage.delete(source)
            return
        default_storage.delete(target)
    with default_storage.open(source, "rb") as handle:
        saved = default_storage.save(target, handle)
    if saved != target:
        default_storage.delete(saved)
        raise RuntimeError("the storage would not keep the file's name")
    default_storage.delete(source)


def _same_content(a: Any, b: Any) -> bool:
    while True:
        one, two = a.read(64 * 1024), b.read(64 * 1024)
        if one != two:
            return False
        if not one:
            return True


def run_after_commit(callback: Callable[[], None]) -> None:
    """`callback` once the transaction in progress commits (at once when none is).
    A test's own transaction, which stands for the commit, is not waited for
    (as Django does for durable blocks)."""
    connection = transaction.get_connection()
    waiting = connection.in_atomic_block and not all(
        getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)
    if waiting:
        transaction.on_commit(callback)
    else:
        callback()


@dataclass
class Batch:
    """The files of one change to the database, used around its transaction:

        with uploads.Batch() as batch:
            stored = batch.stage(upload, Attachment.file.field)
            with transaction.atomic():
                Attachment.objects.create(file=stored.name, sha256=stored.sha256, ...)

    `stage` writes the cleaned file under `quarantine/`; when the block ends
    without an error the files are moved to their final names after the commit;
    when it ends with one the quarantined copies are deleted. So the transaction
    that records the rows must be the last thing in the block: an error after its
    commit would delete files that committed rows name. (Should an outer
    transaction roll back later, the copies stay in quarantine until
    `sweep_uploads` deletes them.)"""

    staged: list[tuple[str, str]] = field(default_factory=list)

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            self.discard()
            return
        staged, self.staged = self.staged, []
        run_after_commit(lambda: _promote(staged))

    def stage(self, upload: Any, file_field: models.FileField) -> Stored:
        """Check, clean and write `upload` into quarantine, for the model's `file_field`;
        raises ValidationError when it is refused (forms check files before, so
        they rarely do)."""
        result = cleaned(upload)
        return self.stage_content(result.content, result.kind, file_field)

    def stage_content(self, content: bytes, kind: Kind, file_field: models.FileField) -> Stored:
        """Content made here (no cleaning) into quarantine. Its final name is a
        generated one in the folder of `file_field` (its `upload_to`)."""
        # The row is not built yet: every `upload_to` here is a folder, which needs no instance.
        name = file_field.generate_filename(None, f"{uuid.uuid4().hex}.{kind.extension}")  # type: ignore[arg-type]
        waiting = quarantine_name(name)
        saved = default_storage.save(waiting, ContentFile(content))
        if saved != waiting:
            default_storage.delete(saved)
            raise RuntimeError("the storage would not keep the file's name")
        self.staged.append((waiting, name))
        return Stored(name=name, kind=kind, size=len(content), sha256=hashlib.sha256(content).hexdigest())

    def discard(self) -> None:
        for waiting, _name in self.staged:
            try:
                default_storage.delete(waiting)
            except OSError:
                logger.warning("A quarantined upload could not be deleted; sweep_uploads will.")
        self.staged = []


def _promote(staged: list[tuple[str, str]]) -> None:
    for waiting, name in staged:
        try:
            move(waiting, name)
        except Exception:  # the row is committed: the sweeper finishes the move
            logger.exception("An upload could not be moved into place; sweep_uploads will.")
