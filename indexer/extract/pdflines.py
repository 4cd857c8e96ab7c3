"""The lines of a PDF page with their type size, read while pypdf extracts its text.

pypdf calls a visitor for every piece of text it draws, with the text matrix, the current
transformation matrix and the font size: the size on the page is the font size scaled by
both matrices. Pieces at the same height make one line; a line's size is the size most of
its letters have. The title of a document is chosen from these lines (the largest type of
the first page, indexer/metadata/title.py).
"""

from __future__ import annotations

from collections import Counter

from cresi_search.french.normalise import join_spaced_letters, one_line

MAX_LINES = 80  # a title is near the top: the rest of a long first page is not kept
SAME_LINE = 0.4  # a piece lower or higher than this share of its size starts a new line

SizedLine = tuple[float, str]


class LineCollector:
    """Pass `visit` as `visitor_text` to `PageObject.extract_text`; then read `lines`."""

    def __init__(self) -> None:
        self.lines: list[SizedLine] = []
        self.letters: Counter[float] = Counter()  # letters drawn at each size
        self._parts: list[tuple[float, str]] = []
        self._y: float | None = None

    def visit(self, text, cm, tm, font_dict, font_size) -> None:  # noqa: ARG002 (pypdf's signature)
        if not text:
            return
        scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
        size = round(float(font_size or 0) * scale, 1)
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip():
            if self._y is not None and abs(y - self._y) > SAME_LINE * max(size, 1.0):
                self._flush()
            self._y = y
        for index, piece in enumerate(text.split("\n")):
            if index:
                self._flush()
            if piece:
                self._parts.append((size, piece))
                self.letters[size] += sum(ch.isalnum() for ch in piece)

    def finish(self) -> tuple[SizedLine, ...]:
        self._flush()
        return tuple(self.lines[:MAX_LINES])

    def _flush(self) -> None:
        parts, self._parts = self._parts, []
        text = one_line(join_spaced_letters("".join(piece for _, piece in parts)))
        if not text or len(self.lines) >= MAX_LINES:
            return
        weights: Counter[float] = Counter()
        for size, piece in parts:
            weights[size] += sum(ch.isalnum() for ch in piece) or 0.1
        self.lines.append((weights.most_common(1)[0][0], text))


def body_size(letters: Counter[float]) -> float:
    """The size most letters are printed in: the text's own size, against which a title stands out."""
    return letters.most_common(1)[0][0] if letters else 0.0
