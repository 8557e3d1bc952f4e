"""Copy the GC Design System's dist files, and Chart.js's, from node_modules into
static/vendor/.

Only what the pages use is copied. gcds.css asks Google Fonts and a CDN for its
fonts; those references are removed and the fonts are served from this site, so
that no page ever makes a request to another host."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules" / "@gcds-core"
OUT = ROOT / "static" / "vendor" / "gcds"
CHART_JS = ROOT / "node_modules" / "chart.js"


def rewrite_gcds_css(css: str) -> str:
    css = re.sub(r'@import\s+url\([^)]*\)\s*;', "", css)
    css = re.sub(
        r"@font-face\{[^}]*gcds-icons[^}]*\}",
        '@font-face{font-display:block;font-family:gcds-icons;font-style:normal;'
        'font-weight:400;src:url(fonts/icons/gcds-icons.woff) format("woff")}',
        css,
    )
    return css


def font_css() -> str:
    parts = []
    for family in ("lato", "noto-sans"):
        text = (MODULES / "fonts" / "fonts" / family / f"gcds-{family}.css").read_text()
        text = text.replace("path/to/file/", f"fonts/{family}/")
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = text.replace("font-style: normal;", "font-style: normal;\n  font-display: swap;")
        text = text.replace("font-style: italic;", "font-style: italic;\n  font-display: swap;")
        parts.append(text.strip())
    return "\n\n".join(parts) + "\n"


# The pages a worker sees. Their phones may be cheap and their signal weak: they
# get only the shortcut classes these files use, and no web fonts (the system's
# sans-serif, which on most phones is Noto or Roboto, draws the same text).
WORKER_FILES = [
    "templates/base.html", "templates/public_base.html", "templates/includes", "templates/errors",
    "sentinelle/intake/templates/intake/home.html", "sentinelle/intake/templates/intake/public",
    "sentinelle/intake/forms_public.py", "sentinelle/dashboard/templates/dashboard/public",
]


def worker_words() -> set[str]:
    """Every word of the worker-facing files: a superset of the classes they use."""
    words: set[str] = set()
    for name in WORKER_FILES:
        path = ROOT / name
        for file in sorted(path.rglob("*") if path.is_dir() else [path]):
            if file.is_file():
                words.update(re.findall(r"[A-Za-z0-9_:-]+", file.read_text()))
    return words


def _blocks(css: str) -> list[tuple[str, str]]:
    """The top-level (prelude, body) pairs of minified CSS."""
    blocks, depth, start, prelude = [], 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((prelude, css[start:i]))
                start = i + 1
    return blocks


def subset_css(css: str, used: set[str]) -> str:
    """Keep the rules whose classes are all in `used` (and those without classes)."""
    out = []
    for prelude, body in _blocks(css):
        if prelude.startswith("@media"):
            inner = subset_css(body, used)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            continue
        else:
            selectors = [sel for sel in prelude.split(",")
                         if {c.replace("\\", "") for c in re.findall(r"\.((?:\\.|[\w-])+)", sel)} <= used]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def main() -> int:
    if not MODULES.exists():
        print("node_modules/@gcds-core is missing: run `npm ci` first.", file=sys.stderr)
        return 1
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "fonts").mkdir(parents=True)
    gcds_css = (MODULES / "components" / "dist" / "gcds" / "gcds.css").read_text()
    (OUT / "gcds.css").write_text(rewrite_gcds_css(gcds_css))
    shortcuts = MODULES / "css-shortcuts" / "dist" / "gcds-css-shortcuts.min.css"
    (OUT / "gcds-css-shortcuts.min.css").write_text(rewrite_gcds_css(shortcuts.read_text()))
    (OUT / "gcds-css-shortcuts.worker.css").write_text(
        subset_css(rewrite_gcds_css(shortcuts.read_text()), worker_words()))
    (OUT / "fonts.css").write_text(font_css())
    for family in ("lato", "noto-sans", "icons"):
        target = OUT / "fonts" / family
        target.mkdir()
        for font in (MODULES / "fonts" / "fonts" / family).iterdir():
            if font.suffix in {".woff", ".woff2"} or font.name == "LICENSE.txt":
                shutil.copy(font, target / font.name)
    for path in OUT.rglob("*.css"):
        if re.search(r"url\(\s*['\"]?(https?:)?//", path.read_text()):
            print(f"{path} still refers to another host.", file=sys.stderr)
            return 1
    charts = OUT.parent / "chartjs"
    shutil.rmtree(charts, ignore_errors=True)
    charts.mkdir()
    # Without its source map reference: the map is not shipped.
    script = (CHART_JS / "dist" / "chart.umd.min.js").read_text()
    (charts / "chart.umd.min.js").write_text(re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", script))
    shutil.copy(CHART_JS / "LICENSE.md", charts / "LICENSE.md")
    print(f"GC Design System and Chart.js assets copied to {OUT.parent.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
