"""Parser for the small Markdown subset used by the corpus sources.

Supported: ``#``/``##``/``###`` headings, paragraphs, ``- `` bullets (one nested
level when indented), ``1. `` numbered items, pipe tables (first row = header),
``**bold**``, ``*italic*`` and a line holding only ``\\newpage``.
Anything else is kept as plain paragraph text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """A piece of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False


Runs = list[Run]


@dataclass
class Heading:
    level: int
    runs: Runs


@dataclass
class Paragraph:
    runs: Runs


@dataclass
class ListItem:
    level: int
    runs: Runs


@dataclass
class ListBlock:
    ordered: bool
    start: int = 1
    items: list[ListItem] = field(default_factory=list)


@dataclass
class Table:
    header: list[Runs]
    rows: list[list[Runs]]


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | ListBlock | Table | PageBreak

NEWPAGE = "\\newpage"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*•]\s+(.*)$")
_NUMBER = re.compile(r"^(\s*)(\d+)[.)]\s+(.*)$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_RULE = re.compile(r"^(-{3,}|\*{3,}|_{3,})$")


# --- inline markup -----------------------------------------------------------


def _can_open(text: str, pos: int) -> bool:
    return pos < len(text) and not text[pos].isspace()


def _can_close(text: str, pos: int) -> bool:
    return pos > 0 and not text[pos - 1].isspace()


def _has_closer(text: str, start: int, marker: str) -> bool:
    """True if ``marker`` appears later in a position where it may close."""
    pos = text.find(marker, start)
    while pos != -1:
        if _can_close(text, pos) and pos > start:
            return True
        pos = text.find(marker, pos + 1)
    return False


def parse_inline(text: str) -> Runs:
    """Split ``text`` into runs according to ``**bold**`` and ``*italic*``."""
    runs: Runs = []
    buffer: list[str] = []
    bold = italic = False

    def flush() -> None:
        if buffer:
            _append_run(runs, Run("".join(buffer), bold, italic))
            buffer.clear()

    i = 0
    while i < len(text):
        if text.startswith("\\*", i):
            buffer.append("*")
            i += 2
            continue
        for marker in ("**", "*"):
            if not text.startswith(marker, i):
                continue
            is_open = bold if marker == "**" else italic
            end = i + len(marker)
            closing = is_open and _can_close(text, i)
            opening = not is_open and _can_open(text, end) and _has_closer(text, end, marker)
            if closing or opening:
                flush()
                if marker == "**":
                    bold = not bold
                else:
                    italic = not italic
                i = end
                break
        else:
            buffer.append(text[i])
            i += 1
    flush()
    return runs


def _append_run(runs: Runs, run: Run) -> None:
    if runs and (runs[-1].bold, runs[-1].italic) == (run.bold, run.italic):
        runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic)
    else:
        runs.append(run)


def plain(runs: Runs) -> str:
    """The text of ``runs`` without any style."""
    return "".join(run.text for run in runs)


# --- blocks ------------------------------------------------------------------


def _list_match(line: str) -> tuple[bool, int, int, str] | None:
    """(ordered, level, number, text) if ``line`` starts a list item."""
    match = _NUMBER.match(line)
    if match:
        level = 1 if len(match.group(1).expandtabs(4)) >= 2 else 0
        return True, level, int(match.group(2)), match.group(3)
    match = _BULLET.match(line)
    if match:
        level = 1 if len(match.group(1).expandtabs(4)) >= 2 else 0
        return False, level, 1, match.group(2)
    return None


def _split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [cell.strip().replace("\\|", "|") for cell in cells]


def _parse_table(lines: list[str]) -> Table:
    rows = [_split_row(line) for line in lines if not _TABLE_SEPARATOR.match(line.strip())]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    parsed = [[parse_inline(cell) for cell in row] for row in rows]
    return Table(header=parsed[0], rows=parsed[1:])


class _BodyParser:
    """Line-by-line state machine producing blocks."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.pos = 0
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []

    def parse(self) -> list[Block]:
        while self.pos < len(self.lines):
            self._step(self.lines[self.pos])
        self._flush_paragraph()
        return self.blocks

    def _flush_paragraph(self) -> None:
        if self.paragraph:
            self.blocks.append(Paragraph(parse_inline(" ".join(self.paragraph))))
            self.paragraph = []

    def _add(self, block: Block) -> None:
        self._flush_paragraph()
        self.blocks.append(block)

    def _step(self, raw: str) -> None:
        line = raw.strip()
        heading = _HEADING.match(line)
        if not line or _RULE.match(line):
            self._flush_paragraph()
            self.pos += 1
        elif line == NEWPAGE:
            self._add(PageBreak())
            self.pos += 1
        elif heading:
            level = min(len(heading.group(1)), 3)
            self._add(Heading(level, parse_inline(heading.group(2))))
            self.pos += 1
        elif line.startswith("|"):
            self._add(self._read_table())
        elif _list_match(raw):
            self._add(self._read_list())
        else:
            self.paragraph.append(line.lstrip("> ").strip() if line.startswith(">") else line)
            self.pos += 1

    def _read_table(self) -> Table:
        rows = []
        while self.pos < len(self.lines) and self.lines[self.pos].strip().startswith("|"):
            rows.append(self.lines[self.pos])
            self.pos += 1
        return _parse_table(rows)

    def _read_list(self) -> ListBlock:
        ordered, _, start, _ = _list_match(self.lines[self.pos])
        block = ListBlock(ordered=ordered, start=start)
        texts: list[list[str]] = []
        while self.pos < len(self.lines):
            raw = self.lines[self.pos]
            item = _list_match(raw)
            if item and (item[0] == ordered or item[1] > 0):
                level = item[1] if block.items else 0  # a list starts at the top level
                block.items.append(ListItem(level, []))
                texts.append([item[3].strip()])
            elif raw.strip() and not self._starts_block(raw):
                texts[-1].append(raw.strip())  # continuation line
            elif not raw.strip() and self._list_goes_on(ordered):
                pass  # blank line inside a loose list
            else:
                break
            self.pos += 1
        for item, parts in zip(block.items, texts):
            item.runs = parse_inline(" ".join(parts))
        return block

    def _starts_block(self, raw: str) -> bool:
        line = raw.strip()
        return bool(
            line == NEWPAGE or _HEADING.match(line) or line.startswith("|") or _list_match(raw)
        )

    def _list_goes_on(self, ordered: bool) -> bool:
        """After a blank line: does the same list continue?"""
        nxt = self.pos + 1
        while nxt < len(self.lines) and not self.lines[nxt].strip():
            nxt += 1
        if nxt >= len(self.lines):
            return False
        item = _list_match(self.lines[nxt])
        return bool(item) and item[0] == ordered and item[1] == 0


def parse_body(text: str) -> list[Block]:
    """Parse a Markdown body into a list of blocks.

    Page breaks at the very start or end, or right after another one, would only
    make blank pages: they are dropped.
    """
    blocks: list[Block] = []
    for block in _BodyParser(text).parse():
        if isinstance(block, PageBreak) and (not blocks or isinstance(blocks[-1], PageBreak)):
            continue
        blocks.append(block)
    while blocks and isinstance(blocks[-1], PageBreak):
        blocks.pop()
    return blocks


def block_text(block: Block) -> str:
    """Plain text of a block (used for word counts and checks)."""
    if isinstance(block, (Heading, Paragraph)):
        return plain(block.runs)
    if isinstance(block, ListBlock):
        return "\n".join(plain(item.runs) for item in block.items)
    if isinstance(block, Table):
        rows = [block.header, *block.rows]
        return "\n".join(" ".join(plain(cell) for cell in row) for row in rows)
    return ""
