"""First-page previews: a small JPEG made once at indexing, kept with the extraction.

200 pixels wide (shown at 100 in the result list and 200 on the document page, so sharp
on phone screens); JPEG at quality 70 keeps most previews between 3 and 10 kB.
"""

from __future__ import annotations

import io

WIDTH = 200
QUALITY = 70
MAX_RATIO = 3  # a strip of a page (a banner) is cropped to 3 times as high as wide


def of_pdf(document) -> bytes:
    """The preview of the first page of a PDFium document; b"" when it cannot be drawn."""
    if len(document) == 0:
        return b""
    try:
        page = document[0]
        width, _ = page.get_size()
        image = page.render(scale=WIDTH / max(width, 1)).to_pil()
    except Exception:  # a page PDFium cannot draw: no preview, the text still counts
        return b""
    return of_image(image)


def of_image(image) -> bytes:
    """A JPEG preview of a Pillow image, WIDTH pixels wide."""
    from PIL import Image

    image = image.convert("RGB")
    height = max(1, round(image.height * WIDTH / max(image.width, 1)))
    image = image.resize((WIDTH, height), Image.Resampling.LANCZOS)
    if height > MAX_RATIO * WIDTH:
        image = image.crop((0, 0, WIDTH, MAX_RATIO * WIDTH))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=QUALITY, optimize=True)
    return buffer.getvalue()
