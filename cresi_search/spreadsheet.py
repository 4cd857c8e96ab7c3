"""Cells written for a spreadsheet, and read back.

A CSV cell that starts with =, +, -, @ (or a tab or carriage return, which some
spreadsheets skip before reading a formula) would be run as a formula when the file is
opened: `safe_cell` puts an apostrophe before it, which spreadsheets show as plain text.
The site's exports write cells this way; the catalogue reader takes the apostrophe off
again (`restored_cell`), so the team's export can be saved back as `catalogue.csv`.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as a cell's text, never read as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restored_cell(cell: str) -> str:
    """The text `safe_cell` was given (a cell not made by it is returned as it is)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
