"""True redaction of documents released under access-to-information law.

Pure functions on bytes (no models, no database), in three steps:

- `convert`: each gathered document as a PDF (`to_pdf`: an image gets an OCR text
  layer, an office document goes through LibreOffice), its pages counted and drawn
  for the review screen;
- `read`: the text of every page, read by OCR where a page is only an image, run
  through `sentinelle.privacy.pii.find_personal_information` and mapped back to the
  rectangles of the words (`propose`); the words under a box (`text_under`);
- `apply`: once the privacy officer has accepted, rejected and drawn boxes, what
  lies under each box is removed from the file itself (text, image pixels, vector
  drawings), the legal ground is printed in the black box, everything the review
  screen cannot show is stripped, and the result is checked before it is handed back.

Coordinates are PDF points in PyMuPDF's convention (origin top left of the visible
page, y downwards), those of its text extraction and of `convert.render_page`
divided by the zoom; `convert.to_pdf` turns rotated pages upright (same
appearance) so that both agree.

PyMuPDF is loaded by the modules, not by this package: a web worker imports them
only where a page needs one."""

from __future__ import annotations

from collections.abc import Callable

Rect = tuple[float, float, float, float]
Progress = Callable[[int, int], None]
