import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentinelle.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their settings and URLs) lives as
# long as the process: kept out of the garbage collector's full collections,
# which otherwise walk it all again in the middle of requests (tens of
# milliseconds each, the slowest views' share of a page).
gc.freeze()
