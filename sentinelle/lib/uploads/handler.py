"""Uploads too big to be kept in memory are never on disk in clear, at any moment.

Django keeps a file up to FILE_UPLOAD_MAX_MEMORY_SIZE in memory and writes a
bigger one, as it arrives, to a temporary file in clear (TemporaryFileUploadHandler).
This handler takes that place: each piece is encrypted as it arrives (AES-256-GCM,
the file format of `lib.crypto`) into a temporary file, under a key made for this
one upload and held only in memory, so the bytes on disk cannot be read even by
whoever reads the key ring. The upload is then read through a decrypting reader,
like any other file; it has no `temporary_file_path()`, so nothing moves the
temporary file into place either. The temporary file is deleted when the upload is
closed (at the end of the request) or interrupted."""

from __future__ import annotations

import io
import tempfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from sentinelle.lib.crypto import DecryptingReader, FileSealer, KeyRing, new_key


class EncryptedUploadedFile(UploadedFile):
    """An upload kept on disk encrypted under a key of its own, read in clear."""

    def __init__(self, name: str, content_type: str, charset: str | None,
                 content_type_extra: dict[str, Any] | None) -> None:
        self._ring = KeyRing([new_key()])
        self._spool = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed with the upload)
            suffix=".upload", dir=settings.FILE_UPLOAD_TEMP_DIR)
        self._sealer = FileSealer(self._ring, self._spool.write)
        super().__init__(self._spool, name, content_type, 0, charset, content_type_extra)

    def write_piece(self, data: bytes) -> None:
        self._sealer.write(data)

    def finish(self, size: int) -> None:
        self._sealer.close()
        self._spool.flush()
        self._spool.seek(0)
        self.file = io.BufferedReader(DecryptingReader(self._spool, self._ring, name="upload"))  # type: ignore[arg-type]
        self.size = size

    def close(self) -> None:
        try:
            if self.file is not None:
                self.file.close()
        finally:
            self._spool.close()


class EncryptedTemporaryFileUploadHandler(FileUploadHandler):
    """In place of Django's TemporaryFileUploadHandler (FILE_UPLOAD_HANDLERS)."""

    file: EncryptedUploadedFile

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = EncryptedUploadedFile(self.file_name or "upload", self.content_type or "",
                                          self.charset, self.content_type_extra)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.file.write_piece(raw_data)
        return None

    def file_complete(self, file_size: int) -> EncryptedUploadedFile:
        self.file.finish(file_size)
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()
