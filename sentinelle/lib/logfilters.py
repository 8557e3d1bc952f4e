"""Filters of the application log (settings.LOGGING).

`WithoutQueryString` takes the query string off a request line before it is
written: Django's development server (`manage.py runserver`, logger `django.server`)
logs each request line whole, and the query string carries what staff type into a
search or a filter. The production server's access log has no query string at all
(scripts/serve.py)."""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


class WithoutQueryString(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_QUERY.sub("", arg) if isinstance(arg, str) else arg for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("", record.msg) if not record.args else record.msg
        return True
