"""HTML writer: a complete page as a small web site would publish it."""

from __future__ import annotations

from html import escape

from .. import markup
from ..sources import Source
from .common import Rendered, keywords_text

# Words an indexer must never see: they only live in <style> and <script>.
STYLE_MARKER = "styleinvisibledanslindex"
SCRIPT_MARKER = "scriptinvisibledanslindex"

_STYLE = f"""\
/* {STYLE_MARKER} : mise en page du site */
body {{ font-family: "Helvetica Neue", Arial, sans-serif; margin: 0; color: #222; }}
nav ul {{ list-style: none; display: flex; gap: 1.2em; margin: 0; padding: .8em 2em;
  background: #1d4e89; }}
nav a {{ color: #fff; text-decoration: none; }}
main {{ max-width: 50em; margin: 1.5em auto; padding: 0 1.5em; line-height: 1.5; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #777; padding: .3em .6em; text-align: left; }}
footer {{ border-top: 1px solid #ccc; padding: 1em 2em; font-size: .85em; color: #555; }}
"""

_SCRIPT = f"""\
// {SCRIPT_MARKER} : ouvre et ferme le menu sur les petits écrans
document.addEventListener("DOMContentLoaded", function () {{
  var menu = document.querySelector("nav ul");
  var message = "Menu de navigation prêt";
  if (menu && window.innerWidth < 600) {{ menu.setAttribute("data-etat", "replie"); }}
  console.log(message);
}});
"""

_MENU = (
    ("Accueil", "/"),
    ("Ressources", "/ressources/"),
    ("Agenda", "/agenda/"),
    ("Nous contacter", "/contact/"),
)


def _inline(runs: markup.Runs) -> str:
    parts = []
    for run in runs:
        text = escape(run.text, quote=False)
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        parts.append(text)
    return "".join(parts)


def _list(block: markup.ListBlock) -> list[str]:
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    lines = [f"<{tag}{start}>"]
    items = block.items
    for index, item in enumerate(items):
        previous = items[index - 1].level if index else 0
        following = items[index + 1].level if index + 1 < len(items) else 0
        if item.level == 0:
            if index:
                lines.append("  </li>")
            lines.append(f"  <li>{_inline(item.runs)}")
            continue
        if previous == 0:
            lines.append("    <ul>")
        lines.append(f"      <li>{_inline(item.runs)}</li>")
        if following == 0:
            lines.append("    </ul>")
    lines += ["  </li>", f"</{tag}>"]
    return lines


def _table(block: markup.Table) -> list[str]:
    lines = ["<table>", "  <thead>", "    <tr>"]
    lines += [f"      <th>{_inline(cell)}</th>" for cell in block.header]
    lines += ["    </tr>", "  </thead>", "  <tbody>"]
    for row in block.rows:
        cells = "".join(f"<td>{_inline(cell)}</td>" for cell in row)
        lines.append(f"    <tr>{cells}</tr>")
    lines += ["  </tbody>", "</table>"]
    return lines


def body_html(blocks: list[markup.Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, markup.Heading):
            lines.append(f"<h{block.level}>{_inline(block.runs)}</h{block.level}>")
        elif isinstance(block, markup.Paragraph):
            lines.append(f"<p>{_inline(block.runs)}</p>")
        elif isinstance(block, markup.ListBlock):
            lines += _list(block)
        elif isinstance(block, markup.Table):
            lines += _table(block)
    return lines


def _head(source: Source) -> list[str]:
    lines = ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width">']
    if source.properties:
        lines += [
            f"<title>{escape(source.title)}</title>",
            f'<meta name="description" content="{escape(source.summary)}">',
            f'<meta name="keywords" content="{escape(keywords_text(source, ", "))}">',
            f'<meta name="author" content="{escape(source.creator)}">',
        ]
    lines += ["<style>", _STYLE.rstrip(), "</style>", "<script>", _SCRIPT.rstrip(), "</script>"]
    return lines


def write_html(source: Source) -> Rendered:
    """Render ``source`` as a UTF-8 web page."""
    menu = [f'    <li><a href="{href}">{label}</a></li>' for label, href in _MENU]
    lines = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        *_head(source),
        "</head>",
        "<body>",
        "<nav>",
        "  <ul>",
        *menu,
        "  </ul>",
        "</nav>",
        "<main>",
        *body_html(source.blocks),
        "</main>",
        f"<footer><p>{escape(source.organisation)}</p></footer>",
        "</body>",
        "</html>",
    ]
    text = "\n".join(lines) + "\n"
    return Rendered(text.encode("utf-8"), pages_for_words(source.word_count()))


def pages_for_words(words: int) -> int:
    """One page per started 450 words (same rule as tests/test_corpus.py)."""
    return max(1, -(-words // 450))
