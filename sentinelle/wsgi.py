import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentinelle.settings")
application = get_wsgi_application()


def _settle() -> None:
    """Load what every process needs sooner or later before its first request,
    then keep it out of the garbage collector's full collections."""
    from django.conf import settings
    from django.utils import translation

    # Each language's catalogues (the site's and every app's), read when the
    # language is first activated: now, not by the first visitor who asks for a
    # page in it.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            pass
    # What is loaded by now (Django, the apps, their settings, URLs and
    # catalogues) lives as long as the process: frozen, the collector's full
    # collections no longer walk it all again in the middle of requests (tens
    # of milliseconds each, the slowest views' share of a page).
    gc.freeze()


_settle()
