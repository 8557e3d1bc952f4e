"""Encryption at rest: the key ring, and sealing values and files with AES-256-GCM.

The key ring is a list of named 256-bit keys; the first is the *primary* key, the
one everything new is encrypted with. The others are kept only to read what was
encrypted before a rotation (`manage.py rotate_keys`), until nothing uses them and
they are retired.

Where the ring comes from, in this order:

1. `SENTINELLE_KEYRING` in the environment (setting `KEYRING`): ``id:base64key``
   items separated by commas, primary first (or the same as a JSON object, or a
   JSON list of ``[id, key]`` pairs). Several app servers must share the same ring.
2. Otherwise the file `KEYRING_FILE` (default `var/keyring`, one ``id:base64key`` a
   line, primary first), created with a fresh key, mode 0600, on first use.

The ring is never derived from `SECRET_KEY`: a leaked `SECRET_KEY` (a settings
dump, a debug page) must not open the reports, and the keys are backed up apart
from the database (docs/production.md).

Formats
-------
A value (text in the database) is the base64 of::

    version (1 byte, 0x01) | id length (1 byte) | key id | nonce (12 bytes) | ciphertext + tag (16 bytes)

A file is::

    b"SNTLF" | version (1 byte, 0x01) | id length | key id | nonce prefix (8 bytes)
    then chunks of at most 64 KiB of plain text, each sealed with nonce = prefix |
    chunk number (4 bytes), the last one marked as such in its associated data.

The associated data of every seal holds the header and the *context*: for a
column, its table and column (``intake_report.description``), so that a value
copied into another column does not decrypt; for files, the word ``file`` (files
are renamed after they are written, so the name cannot be bound). The chunk number
and the last-chunk mark in a file's associated data make a reordered, truncated or
extended file fail to decrypt, like any changed byte. A failure is always an
exception (`DecryptionError`), never wrong data.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import os
import re
import secrets
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.signals import setting_changed

from sentinelle.lib.env import ConfigurationError

VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
FILE_MAGIC = b"SNTLF"
CHUNK = 64 * 1024
_FILE_NONCE_PREFIX = 8
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class DecryptionError(Exception):
    """A value or file that does not decrypt: altered, moved to another column,
    encrypted with a key the ring no longer holds, or never encrypted. The message
    names where and which key, never the content."""


@dataclass(frozen=True)
class Key:
    id: str
    secret: bytes


class KeyRing:
    """Named keys, the primary first, with one AESGCM object per key."""

    def __init__(self, keys: Iterable[Key]) -> None:
        self.keys = list(keys)
        if not self.keys:
            raise ConfigurationError("The key ring is empty.")
        seen: set[str] = set()
        for key in self.keys:
            if not _KEY_ID.match(key.id):
                raise ConfigurationError(
                    f"Key id {key.id!r} is not valid: 1 to 16 letters, digits, '-' or '_'."
                )
            if key.id in seen:
                raise ConfigurationError(f"Key id {key.id!r} appears twice in the key ring.")
            if len(key.secret) != KEY_BYTES:
                raise ConfigurationError(f"Key {key.id!r} is not 32 bytes (AES-256).")
            seen.add(key.id)
        self._ciphers = {key.id: AESGCM(key.secret) for key in self.keys}
        self.primary = self.keys[0]
        self._primary_cipher = self._ciphers[self.primary.id]
        self._primary_id = self.primary.id.encode()
        self._ads: dict[str, tuple[bytes, bytes]] = {}

    @property
    def ids(self) -> list[str]:
        return [key.id for key in self.keys]

    # Values -----------------------------------------------------------------------

    def encrypt(self, plain: str, context: str) -> str:
        """`plain` sealed with the primary key for `context` (``table.column``), as text."""
        header, associated = self._primary_ad(context)
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._primary_cipher.encrypt(nonce, plain.encode(), associated)
        return base64.b64encode(header + nonce + sealed).decode("ascii")

    def _primary_ad(self, context: str) -> tuple[bytes, bytes]:
        """(header, associated data) under the primary key for `context`, computed once."""
        found = self._ads.get(context)
        if found is None:
            header = bytes((VERSION, len(self._primary_id))) + self._primary_id
            found = self._ads[context] = (header, header + b"|" + context.encode())
        return found

    def decrypt(self, token: str, context: str) -> str:
        key_id, header, nonce, sealed = _parse_value(token, context)
        cipher = self.cipher_for(key_id, f"A value in {context}")
        try:
            plain = cipher.decrypt(nonce, sealed, header + b"|" + context.encode())
        except InvalidTag:
            raise DecryptionError(
                f"A value in {context} does not decrypt with key {key_id!r}: it was altered or belongs to another column."
            ) from None
        return plain.decode()

    # Files ------------------------------------------------------------------------

    def file_header(self) -> tuple[bytes, bytes]:
        """(header, nonce prefix) for a new file under the primary key."""
        prefix = os.urandom(_FILE_NONCE_PREFIX)
        header = FILE_MAGIC + bytes((VERSION, len(self._primary_id))) + self._primary_id + prefix
        return header, prefix

    def encrypt_chunks(self, chunks: Iterable[bytes | str]) -> Iterator[bytes]:
        """The header, then each sealed chunk of the plain bytes `chunks` yields: a
        `FileSealer` fed from `chunks` as they are read."""
        sealed: list[bytes] = []
        sealer = FileSealer(self, sealed.append)
        for chunk in chunks:
            sealer.write(chunk.encode() if isinstance(chunk, str) else chunk)
            yield from sealed
            sealed.clear()
        sealer.close()
        yield from sealed

    def cipher_for(self, key_id: str, what: str = "A stored file") -> AESGCM:
        cipher = self._ciphers.get(key_id) or _newer_cipher(key_id)
        if cipher is None:
            raise DecryptionError(f"{what} is encrypted with key {key_id!r}, which the key ring does not hold.")
        return cipher

    def to_text(self) -> str:
        """The ring as `SENTINELLE_KEYRING` and the key ring file take it."""
        return ",".join(f"{key.id}:{base64.b64encode(key.secret).decode()}" for key in self.keys)


class FileSealer:
    """Makes the file format above from plain bytes given piece by piece (`write`),
    handing each sealed piece (the header, then each chunk) to `out` as it is made,
    holding at most one chunk of plain text in memory and never writing any; `close`
    seals the last chunk. `KeyRing.encrypt_chunks` and the upload handler both use it."""

    def __init__(self, ring: KeyRing, out: Callable[[bytes], object]) -> None:
        self._header, self._prefix = ring.file_header()
        self._cipher = ring._primary_cipher
        self._out = out
        self._pending = bytearray()
        self._number = 0
        self._closed = False
        out(self._header)

    def write(self, data: bytes) -> None:
        self._pending += data
        while len(self._pending) > CHUNK:
            self._out(_seal_chunk(self._cipher, self._header, self._prefix, self._number,
                                  bytes(self._pending[:CHUNK]), last=False))
            del self._pending[:CHUNK]
            self._number += 1

    def close(self) -> None:
        if not self._closed:
            self._out(_seal_chunk(self._cipher, self._header, self._prefix, self._number,
                                  bytes(self._pending), last=True))
            self._pending = bytearray()
            self._closed = True


def _chunk_nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">I", number)


def _chunk_ad(header: bytes, number: int, last: bool) -> bytes:
    return header + b"|file|" + struct.pack(">I?", number, last)


def _seal_chunk(cipher: AESGCM, header: bytes, prefix: bytes, number: int, plain: bytes, *, last: bool) -> bytes:
    if number >= 2**32 - 1:
        raise ValueError("file too large to encrypt")
    return cipher.encrypt(_chunk_nonce(prefix, number), plain, _chunk_ad(header, number, last))


def _parse_value(token: str, context: str) -> tuple[str, bytes, bytes, bytes]:
    try:
        raw = base64.b64decode(token.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise DecryptionError(f"A value in {context} is not encrypted (or not in the expected format).") from None
    if len(raw) < 2 or raw[0] != VERSION:
        raise DecryptionError(f"A value in {context} is not encrypted (or not in the expected format).")
    length = raw[1]
    start = 2 + length
    if len(raw) < start + NONCE_BYTES + TAG_BYTES:
        raise DecryptionError(f"A value in {context} is truncated.")
    try:
        key_id = raw[2:start].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError(f"A value in {context} is not encrypted (or not in the expected format).") from None
    return key_id, raw[:start], raw[start:start + NONCE_BYTES], raw[start + NONCE_BYTES:]


def value_key_id(token: str, context: str = "?") -> str | None:
    """The id of the key `token` is encrypted with; None for an empty value."""
    if not token:
        return None
    return _parse_value(token, context)[0]


# Files: reading -------------------------------------------------------------------


@dataclass(frozen=True)
class FileLayout:
    key_id: str
    header: bytes
    prefix: bytes

    @property
    def header_size(self) -> int:
        return len(self.header)


def read_file_header(handle: BinaryIO | io.BufferedIOBase, name: str = "?") -> FileLayout:
    head = handle.read(len(FILE_MAGIC) + 2)
    if len(head) < len(FILE_MAGIC) + 2 or not head.startswith(FILE_MAGIC):
        raise DecryptionError(f"The stored file {name} is not encrypted (run `manage.py rotate_keys --reencrypt`).")
    if head[len(FILE_MAGIC)] != VERSION:
        raise DecryptionError(f"The stored file {name} has an unknown format version {head[len(FILE_MAGIC)]}.")
    length = head[len(FILE_MAGIC) + 1]
    rest = handle.read(length + _FILE_NONCE_PREFIX)
    if len(rest) != length + _FILE_NONCE_PREFIX:
        raise DecryptionError(f"The stored file {name} is truncated.")
    try:
        key_id = rest[:length].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError(f"The stored file {name} has a damaged header.") from None
    return FileLayout(key_id, head + rest, rest[length:])


def _chunk_count(body: int) -> int:
    """How many sealed chunks a file's body of `body` bytes holds (an empty file has one)."""
    return max(1, -(-body // (CHUNK + TAG_BYTES)))


def plain_size(layout: FileLayout, stored_size: int) -> int:
    body = stored_size - layout.header_size
    return max(0, body - _chunk_count(body) * TAG_BYTES)


class DecryptingReader(io.RawIOBase):
    """The plain content of an encrypted file, readable and seekable; each chunk
    is checked when it is read, so a damaged file raises `DecryptionError`."""

    def __init__(self, raw: io.BufferedReader, ring: KeyRing, name: str = "?") -> None:
        super().__init__()
        self._raw = raw
        self.name = name
        self._layout = read_file_header(raw, name)
        self._cipher = ring.cipher_for(self._layout.key_id)
        stored = os.fstat(raw.fileno()).st_size
        body = stored - self._layout.header_size
        self._chunks = _chunk_count(body)
        if body < TAG_BYTES:
            raise DecryptionError(f"The stored file {name} is truncated.")
        self._size = body - self._chunks * TAG_BYTES
        self._position = 0
        self._cached: tuple[int, bytes] | None = None

    @property
    def key_id(self) -> str:
        return self._layout.key_id

    @property
    def size(self) -> int:
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            position = offset
        elif whence == io.SEEK_CUR:
            position = self._position + offset
        elif whence == io.SEEK_END:
            position = self._size + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if position < 0:
            raise ValueError("negative seek position")
        self._position = position
        return position

    def _chunk(self, number: int) -> bytes:
        if self._cached is not None and self._cached[0] == number:
            return self._cached[1]
        self._raw.seek(self._layout.header_size + number * (CHUNK + TAG_BYTES))
        sealed = self._raw.read(CHUNK + TAG_BYTES)
        last = number == self._chunks - 1
        try:
            plain = self._cipher.decrypt(
                _chunk_nonce(self._layout.prefix, number), sealed, _chunk_ad(self._layout.header, number, last)
            )
        except InvalidTag:
            raise DecryptionError(
                f"The stored file {self.name} does not decrypt with key {self._layout.key_id!r}: it was altered or truncated."
            ) from None
        self._cached = (number, plain)
        return plain

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._position >= self._size:
            if self._size == 0 and self._cached is None:
                self._chunk(0)  # an empty file is still checked
            return 0
        number, offset = divmod(self._position, CHUNK)
        data = self._chunk(number)[offset:offset + len(buffer)]
        buffer[:len(data)] = data
        self._position += len(data)
        return len(data)

    def readall(self) -> bytes:
        parts = []
        while True:
            part = self.read(CHUNK)
            if not part:
                break
            parts.append(part)
        return b"".join(parts)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


# Loading the ring -------------------------------------------------------------------


def new_key(existing: Iterable[str] = ()) -> Key:
    """A fresh key whose id is none of `existing`."""
    taken = set(existing)
    while (key_id := "k" + secrets.token_hex(4)) in taken:
        pass
    return Key(key_id, secrets.token_bytes(KEY_BYTES))


def parse_ring(text: str, source: str = "SENTINELLE_KEYRING") -> KeyRing:
    """A ring from ``id:base64,id:base64``, lines of ``id:base64``, a JSON object
    ``{"id": "base64"}`` or a JSON list of ``[id, base64]``; the first is primary."""
    text = text.strip()
    pairs: list[tuple[str, str]]
    if text.startswith(("{", "[")):
        try:
            loaded = json.loads(text)
        except ValueError as exc:
            raise ConfigurationError(f"{source} is not valid JSON: {exc}.") from None
        if isinstance(loaded, dict):
            pairs = [(str(k), str(v)) for k, v in loaded.items()]
        elif isinstance(loaded, list) and all(isinstance(p, list) and len(p) == 2 for p in loaded):
            pairs = [(str(k), str(v)) for k, v in loaded]
        else:
            raise ConfigurationError(f"{source}: expected an object {{id: key}} or a list of [id, key].")
    else:
        pairs = []
        lines = [line.strip() for line in text.splitlines() if not line.strip().startswith("#")]
        for item in ",".join(lines).split(","):
            item = item.strip()
            if not item:
                continue
            key_id, sep, encoded = item.partition(":")
            if not sep:
                raise ConfigurationError(f"{source}: {key_id[:16]!r}… is not of the form id:base64key.")
            pairs.append((key_id.strip(), encoded.strip()))
    keys = []
    for key_id, encoded in pairs:
        try:
            secret = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ConfigurationError(f"{source}: the key {key_id!r} is not valid base64.") from None
        keys.append(Key(key_id, secret))
    return KeyRing(keys)


def ring_from_environment() -> bool:
    return bool(settings.KEYRING)


def keyring_file() -> Path:
    return Path(settings.KEYRING_FILE)


def write_ring_file(path: Path, ring: KeyRing, *, replace: bool = True) -> bool:
    """Write the ring file atomically, mode 0600. With replace=False, only when no
    file exists yet (two processes starting at once keep the same ring); returns
    whether this call wrote it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write("# Sentinelle key ring: id:base64key, the primary key first. Back it up apart from the database.\n")
            handle.write(ring.to_text().replace(",", "\n") + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
            return True
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        return True
    finally:
        temporary.unlink(missing_ok=True)


_lock = threading.Lock()
_cached: KeyRing | None = None
_CHECK_FILE_EVERY = 30.0
_checked_at = 0.0
_file_stamp: tuple[int, int, int] | None = None


def keyring() -> KeyRing:
    """The configured ring, cached; a ring file changed by a rotation in another
    process is read again within `_CHECK_FILE_EVERY` seconds, so that every process
    soon encrypts with the new primary key."""
    ring = _cached
    if ring is not None and time.monotonic() - _checked_at < _CHECK_FILE_EVERY:
        return ring
    return _refresh()


def _refresh() -> KeyRing:
    """The ring, read again if the ring file changed since it was last read."""
    global _cached, _checked_at, _file_stamp
    with _lock:
        stamp = _stamp()
        if _cached is None or stamp != _file_stamp:
            _cached = _load()
            stamp = _stamp()
        _file_stamp = stamp
        _checked_at = time.monotonic()
        return _cached


def _stamp() -> tuple[int, int, int] | None:
    if ring_from_environment():
        return None
    try:
        status = keyring_file().stat()
    except OSError:
        return None
    return (status.st_ino, status.st_mtime_ns, status.st_size)


def _load() -> KeyRing:
    if ring_from_environment():
        return parse_ring(settings.KEYRING)
    path = keyring_file()
    if not path.exists():
        write_ring_file(path, KeyRing([new_key()]), replace=False)
    if path.stat().st_mode & 0o077:
        raise ConfigurationError(f"The key ring file {path} can be read by others: chmod 600 it.")
    return parse_ring(path.read_text(), source=str(path))


def _newer_cipher(key_id: str) -> AESGCM | None:
    """The cipher for a key this process does not know yet: another process (a
    rotation) may have added it to the ring file since the ring was read."""
    if ring_from_environment():
        return None
    try:
        return _refresh()._ciphers.get(key_id)
    except (OSError, ConfigurationError):
        return None


def forget_keyring() -> None:
    """Read the ring again on next use (after a rotation, or a change of settings)."""
    global _cached, _file_stamp
    with _lock:
        _cached = None
        _file_stamp = None


def _on_setting_changed(setting: str, **kwargs: object) -> None:
    if setting in {"KEYRING", "KEYRING_FILE"}:
        forget_keyring()


setting_changed.connect(_on_setting_changed)
