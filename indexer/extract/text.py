"""Plain text (.txt) and Markdown (.md) files.

Markdown is only lightly unmarked: the words stay, the markup goes (`#`, emphasis,
table rules, link targets), ATX and underlined headings are collected. A front matter
block (YAML `---` or TOML `+++`) gives the title, author, date and keywords it holds.
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.extract.charset import decode
from indexer.extract.props import make_properties, split_keywords
from cresi_search.french.normalise import clean_text, one_line
from indexer.model import Extracted, Properties

MARKDOWN_SUFFIXES = {".md", ".markdown"}

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_LIST_MARK = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image: its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link: its words
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference link
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italic *
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # italic _
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # escapes
]
_FRONT_FIELD = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*[:=]\s*(.*?)\s*$")
_FRONT_KEYS = {
    "title": "title", "titre": "title",
    "author": "author", "auteur": "author",
    "date": "created", "created": "created",
    "description": "subject", "summary": "subject", "subject": "subject", "resume": "subject",
    "keywords": "keywords", "tags": "keywords", "mots-cles": "keywords", "mots_cles": "keywords",
    "lang": "lang", "language": "lang", "langue": "lang",
}


def extract(path: Path) -> Extracted:
    text = decode(path.read_bytes())
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        return Extracted(pages=(clean_text(text),))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines, properties = _front_matter(lines, path.stem)
    body, headings = unmark(lines)
    return Extracted(pages=(clean_text(body),), properties=properties, headings=tuple(headings))


def unmark(lines: list[str]) -> tuple[str, list[str]]:
    """Markdown lines -> plain text and the headings found, in order."""
    out: list[str] = []
    headings: list[str] = []
    in_code = False
    for line in lines:
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            out.append(line)
            continue
        setext = _SETEXT.match(line)
        if setext and out and out[-1].strip():
            headings.append(one_line(out[-1]))  # the line above is underlined: a heading
            out.append("")
            continue
        if _RULE.match(line) or _LINK_DEFINITION.match(line):
            out.append("")
            continue
        if _TABLE_RULE.match(line):
            continue
        atx = _ATX.match(line)
        if atx:
            heading = one_line(_inline(atx.group(2)))
            if heading:
                headings.append(heading)
            out.append(heading)
            continue
        out.append(_inline(_row(_LIST_MARK.sub(r"\1", _QUOTE.sub("", line)))))
    return "\n".join(out), headings


def _row(line: str) -> str:
    """A pipe-table row keeps its cells separated by " | ", without the outer pipes."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        cells = [cell.strip() for cell in stripped[1:-1].split("|")]
        return " | ".join(cell for cell in cells if cell)
    return line


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _unquote(value: str) -> str:
    """A front matter value without its quotes; a list becomes "a, b"."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return ", ".join(part.strip().strip("\"'") for part in value[1:-1].split(","))
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _front_matter(lines: list[str], file_stem: str) -> tuple[list[str], Properties]:
    """Split off a leading `---`/`+++` block and read its simple `key: value` lines."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return lines, Properties()
    fence = lines[0].strip()
    try:
        end = next(i for i in range(1, min(len(lines), 200)) if lines[i].strip() == fence)
    except StopIteration:
        return lines, Properties()
    fields: dict[str, str] = {}
    for line in lines[1:end]:
        match = _FRONT_FIELD.match(line)
        key = _FRONT_KEYS.get(match.group(1).lower()) if match else None
        if key and key not in fields:
            fields[key] = _unquote(match.group(2))
    properties = make_properties(
        title=fields.get("title", ""),
        author=fields.get("author", ""),
        subject=fields.get("subject", ""),
        keywords=split_keywords(fields.get("keywords", "")),
        created=fields.get("created", ""),
        lang=fields.get("lang", ""),
        file_stem=file_stem,
    )
    return lines[end + 1 :], properties
