"""A file system storage that keeps every file encrypted (see `sentinelle.lib.crypto`).

Files are written encrypted, in sealed chunks of 64 KiB, under the key ring's
primary key; `open()` gives back the plain content, read and checked chunk by
chunk as it is read (seekable, so `FileResponse` knows its length), and `size()`
the plain size. The file's name is not bound to its content: a file may be renamed
or moved (from a quarantine folder to its final place) and still opens.

Only reading is offered by `open()`: files are written through `save()`.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from typing import Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.deconstruct import deconstructible

from sentinelle.lib.crypto import (
    CHUNK,
    DecryptingReader,
    DecryptionError,
    keyring,
    plain_size,
    read_file_header,
)

# In a temporary file's name while `EncryptedFileSystemStorage.reencrypt` writes it.
_REENCRYPTING = ".reencrypt-"


class _EncryptedContent(File):  # type: ignore[type-arg]
    """What `FileSystemStorage._save` streams to disk: the sealed chunks of `content`."""

    def __init__(self, content: Any) -> None:
        super().__init__(None, getattr(content, "name", None))
        self._content = content

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        if hasattr(self._content, "seek"):
            with contextlib.suppress(OSError, ValueError):
                self._content.seek(0)
        source = self._content.chunks() if hasattr(self._content, "chunks") else iter([self._content.read()])
        return keyring().encrypt_chunks(source)

    def __bool__(self) -> bool:
        return True


class DecryptedFile(File):  # type: ignore[type-arg]
    """An opened stored file: plain bytes, with the key it is encrypted with."""

    def __init__(self, reader: DecryptingReader, name: str, storage: EncryptedFileSystemStorage) -> None:
        super().__init__(io.BufferedReader(reader, buffer_size=64 * 1024), name)
        self.reader = reader
        self.mode = "rb"
        self._storage = storage

    def open(self, mode: str | None = None, *args: Any, **kwargs: Any) -> DecryptedFile:
        """Back to the start, or opened again through the storage once closed (never
        `open(self.name)`, which would read the encrypted bytes, relative to the
        current folder)."""
        if not self.closed:
            self.seek(0)
            return self
        again = self._storage._open(str(self.name), mode or "rb")
        self.file, self.reader = again.file, again.reader
        return self

    @property
    def size(self) -> int:  # type: ignore[override]
        return self.reader.size

    @property
    def key_id(self) -> str:
        return self.reader.key_id


@deconstructible(path="sentinelle.lib.storage.EncryptedFileSystemStorage")
class EncryptedFileSystemStorage(FileSystemStorage):
    def _open(self, name: str, mode: str = "rb") -> DecryptedFile:
        if any(flag in mode for flag in "wax+"):
            raise ValueError("Encrypted storage opens files for reading only: write them with save().")
        raw = open(self.path(name), "rb")  # noqa: SIM115 - closed with the returned file
        try:
            reader = DecryptingReader(raw, keyring(), name)
        except BaseException:
            raw.close()
            raise
        return DecryptedFile(reader, name, self)

    def _save(self, name: str, content: Any) -> str:
        return str(super()._save(name, _EncryptedContent(content)))  # type: ignore[misc]

    def size(self, name: str) -> int:
        path = self.path(name)
        with open(path, "rb") as raw:
            layout = read_file_header(raw, name)
        return plain_size(layout, os.path.getsize(path))

    def key_id(self, name: str) -> str | None:
        """The key a stored file is encrypted with; None when it is not encrypted."""
        with open(self.path(name), "rb") as raw:
            try:
                return read_file_header(raw, name).key_id
            except DecryptionError:
                return None

    def reencrypt(self, name: str) -> bool:
        """Encrypt `name` again under the primary key (or for the first time, when
        it was written before encryption at rest); False when it already is.
        The new file replaces the old one atomically, under the same name."""
        ring = keyring()
        path = self.path(name)
        current = self.key_id(name)
        if current == ring.primary.id:
            return False
        temporary = f"{path}{_REENCRYPTING}{os.getpid()}"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out, (open(path, "rb") if current is None else self.open(name)) as source:
                out.writelines(ring.encrypt_chunks(iter(lambda: source.read(CHUNK), b"")))
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return True


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """The name of every file under `folder` of `storage` (any storage: only its
    `listdir` is used), folders first, in a stable order; nothing when the folder
    does not exist. The temporary files of a re-encryption in progress are left out."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for directory in sorted(directories):
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)
    for file in sorted(files):
        if _REENCRYPTING not in file:
            yield f"{folder}/{file}" if folder else file
