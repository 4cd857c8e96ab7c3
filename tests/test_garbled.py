"""Garbled text layers: detection and repair by the word list, on text made here."""

from __future__ import annotations

from indexer.extract import garbled

FRENCH = ("Le comité de gestion du forage a réuni les habitants du village pour présenter les comptes "
          "de l'année, les travaux d'entretien de la pompe et les cotisations des familles. ")


def shifted(text: str) -> str:
    """What a font whose codes are glyph numbers gives: every character moved down by 29."""
    return "".join(c if c.isspace() else chr(ord(c) - garbled.GLYPH_SHIFT) for c in text)


def test_readable_french_and_other_languages_are_not_garbled():
    assert garbled.problem(FRENCH * 2) is None
    english = "The committee met the villagers to present the accounts of the year and the repairs of the pump. " * 2
    assert garbled.problem(english) is None


def test_lost_ligatures_are_detected_and_put_back():
    text = FRENCH + "Les Ac#vités de l'associa#on et les ac4vités du comité sont décrites ci-dessous."
    assert garbled.problem(text) == "ligatures"
    repaired = garbled.repair(text)
    assert "Les Activités de l'association et les activités du comité" in repaired


def test_shifted_font_encoding_is_detected_and_undone():
    text = shifted("VENTES ventes " + FRENCH)
    assert text.startswith("9(17(6 YHQWHV")
    assert garbled.problem(text) == "words"
    assert garbled.repair(text).startswith("VENTES ventes Le comité"[:14])


def test_control_characters_of_a_font_without_unicode_map_are_detected():
    text = "Sei X eine Menge und S\x12P(X). Dann gibt es \x0f f 0 g = f 0; 1 g\\f 0; 2 g \x12 \x19"
    assert garbled.problem(text) == "controls"
    assert garbled.repair(text) is None  # the word list cannot guess symbols: PDFium or OCR must


def test_short_pages_and_numbers_are_left_alone():
    assert garbled.problem("Total 1688.47 (31.12.2019) S&E L1611-4") is None
    assert garbled.problem("Koulenga Goudrin Douentza") is None  # too few words to judge
