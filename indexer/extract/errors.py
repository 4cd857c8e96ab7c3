"""The one error every extractor raises, and the reasons shown to staff.

Reasons are French sentences a librarian can act on: they land in the indexing report
next to the file name.
"""

from __future__ import annotations

EMPTY = "fichier vide"
PDF_PASSWORD = "PDF chiffré, protégé par un mot de passe : demandez une version sans mot de passe"
NOT_PDF = "ce fichier n'est pas un PDF malgré son extension .pdf"
NOT_WORD = "ce fichier .docx n'est pas un document Word (archive zip sans document)"
NOT_ODT = "ce fichier .odt n'est pas un texte OpenDocument"
ZIP_BOMB = "archive trop volumineuse une fois décompressée (bombe zip ?)"
XML_DECLARATIONS = (
    "document refusé : il contient des déclarations XML (DOCTYPE/ENTITY) "
    "qui n'ont rien à faire dans ce format (risque de sécurité)"
)


def corrupted(detail: str = "") -> str:
    """'fichier tronqué ou corrompu (…)' with a short technical detail for support."""
    detail = " ".join(detail.split())[:160]
    return f"fichier tronqué ou corrompu ({detail})" if detail else "fichier tronqué ou corrompu"


def too_big(size: int, max_bytes: int) -> str:
    """'fichier trop volumineux (3 Mo, limite 2 Mo)': a file refused unread."""
    return f"fichier trop volumineux ({size / 1_048_576:.0f} Mo, limite {round(max_bytes / 1_048_576, 3):g} Mo)"


class ExtractionError(Exception):
    """A file that cannot be read; `reason` says why, in French, for staff."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
