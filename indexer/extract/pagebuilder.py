"""Collect lines of text into pages, for formats whose page breaks are explicit."""

from __future__ import annotations

from cresi_search.french.normalise import clean_text


class PageBuilder:
    """Lines go on the current page; `page_break` starts a new one (never an empty one)."""

    def __init__(self) -> None:
        self._pages: list[list[str]] = [[]]

    def add(self, line: str) -> None:
        if line.strip():
            self._pages[-1].append(line)

    def page_break(self) -> None:
        if self._pages[-1]:
            self._pages.append([])

    def extend_last(self, lines: list[str]) -> None:
        """Add lines that belong to no page (notes, headers) at the end of the document."""
        if len(self._pages) > 1 and not self._pages[-1]:
            self._pages.pop()
        for line in lines:
            self.add(line)

    def pages(self) -> tuple[str, ...]:
        pages = [clean_text("\n".join(lines)) for lines in self._pages]
        if len(pages) > 1 and not pages[-1]:
            pages.pop()
        return tuple(pages)
