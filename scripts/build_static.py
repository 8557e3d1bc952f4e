"""Copy the GC Design System's dist files from node_modules into static/vendor/.

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
    print(f"GC Design System assets copied to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
