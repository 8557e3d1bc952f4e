"""A web worker loads only what serving pages needs. The heavy libraries —
spaCy and Presidio (some 300 MB with their models), WeasyPrint, numpy,
statsmodels, matplotlib, PyMuPDF — are imported where they are used, so a web
worker that never draws a PDF or runs a model never carries them (the memory
target of `make bench`: at most 200 MB per web worker)."""

import json
import subprocess
import sys

HEAVY = ["spacy", "presidio_analyzer", "weasyprint", "numpy", "pandas", "statsmodels", "matplotlib",
         "pymupdf", "fitz", "pikepdf", "scipy"]

PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentinelle.settings")
from sentinelle.wsgi import application  # noqa: F401  (what gunicorn loads)
from django.urls import get_resolver

def walk(patterns):
    for entry in patterns:
        if hasattr(entry, "url_patterns"):
            walk(entry.url_patterns)
        else:
            entry.callback  # noqa: B018  (imports the view's module)

walk(get_resolver().url_patterns)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_serving_pages_loads_none_of_the_heavy_libraries():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,  # noqa: S603
                         check=True).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert loaded & set(HEAVY) == set()
    assert "django" in loaded  # the probe did load the site
