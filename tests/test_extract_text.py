"""Plain text and Markdown: encodings, light unmarking, headings, front matter."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from indexer.extract import extract

FRENCH = "Coopération décentralisée : l'accès à l'eau à Ségou.\nCoût : 12 000 € — « prévu » en été."


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", FRENCH.encode("utf-8")),
        ("utf8-bom.txt", codecs.BOM_UTF8 + FRENCH.encode("utf-8")),
        ("cp1252.txt", FRENCH.encode("cp1252")),
        ("utf16.txt", FRENCH.encode("utf-16")),
        ("windows.txt", FRENCH.replace("\n", "\r\n").encode("cp1252")),
    ],
)
def test_french_text_comes_out_with_its_accents(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert extract(path).pages == (FRENCH,)


@pytest.mark.parametrize(
    "text", ["é", "Ça coûte cher", "Œuvre et cœur : l'été à Ségou, « guillemets » et … points."]
)
def test_short_cp1252_texts_are_not_read_as_central_european(tmp_path: Path, text: str) -> None:
    path = tmp_path / "court.txt"
    path.write_bytes(text.encode("cp1252"))
    assert extract(path).pages == (text,)


def test_plain_text_keeps_markdown_signs(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# pas un titre\n*étoiles*", encoding="utf-8")
    extracted = extract(path)
    assert extracted.pages == ("# pas un titre\n*étoiles*",)
    assert extracted.headings == ()


MARKDOWN = """---
title: "Madagascar : la filière apicole d'Ambositra"
author: Jean Rakoto
date: 2014-06-30
tags: [apiculture, miel, "coopérative"]
---
# Rapport d'évaluation

Un projet **apicole** mené avec une *coopérative* et l'[association Tsara](https://example.org/tsara).

## Résultats
- 96 paysans formés
1. une miellerie collective

| Poste | Montant (€) |
|---|---:|
| Ruches | 4 500 |

> Une citation de `terrain`.

Sous-titre souligné
-------------------

![Carte de la région](carte.png)
[réf]: https://example.org/ref
"""


def test_markdown_is_unmarked_and_headings_collected(tmp_path: Path) -> None:
    path = tmp_path / "rapport.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    extracted = extract(path)
    assert extracted.pages == (
        "Rapport d'évaluation\n\n"
        "Un projet apicole mené avec une coopérative et l'association Tsara.\n\n"
        "Résultats\n"
        "96 paysans formés\n"
        "une miellerie collective\n\n"
        "Poste | Montant (€)\n"
        "Ruches | 4 500\n\n"
        "Une citation de terrain.\n\n"
        "Sous-titre souligné\n\n"
        "Carte de la région",
    )
    assert extracted.headings == ("Rapport d'évaluation", "Résultats", "Sous-titre souligné")


def test_markdown_front_matter_gives_properties(tmp_path: Path) -> None:
    path = tmp_path / "rapport.markdown"
    path.write_text(MARKDOWN, encoding="utf-8")
    props = extract(path).properties
    assert props.title == "Madagascar : la filière apicole d'Ambositra"
    assert props.author == "Jean Rakoto"
    assert props.created == "2014-06-30"
    assert props.keywords == ("apiculture", "miel", "coopérative")


def test_snake_case_and_arithmetic_survive_unmarking(tmp_path: Path) -> None:
    path = tmp_path / "code.md"
    path.write_text("Le fichier budget_2021_final et 2 * 3 * 4 = 24.", encoding="utf-8")
    assert extract(path).pages == ("Le fichier budget_2021_final et 2 * 3 * 4 = 24.",)
