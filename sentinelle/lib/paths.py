"""What an address says about itself: its language prefix and whether it is a
staff page."""

from __future__ import annotations

from django.conf import settings

STAFF_SECTIONS = ("staff/", "accounts/", "admin/")


def split_language(path: str) -> tuple[str | None, str]:
    """'/fr/staff/x/' -> ('fr', 'staff/x/')."""
    parts = path.lstrip("/").split("/", 1)
    codes = {code for code, _name in settings.LANGUAGES}
    if parts and parts[0] in codes:
        return parts[0], parts[1] if len(parts) > 1 else ""
    return None, path.lstrip("/")


def is_staff_path(path: str) -> bool:
    return split_language(path)[1].startswith(STAFF_SECTIONS)
