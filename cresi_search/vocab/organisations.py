"""One name per organisation, so that a renamed body is one value of the facet.

Organisations change names; their documents keep the old one. The Essonne's "Conseil
général" became the "Conseil départemental" in 2015, like every French département's
(loi du 17 mai 2013): documents of 2010 and of 2020 come from the same body, and the
organisation facet counts them together under the current name. RENAMED holds the other
known renames, as facts (old name -> current name, compared folded).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cresi_search.french.normalise import fold

# Old name -> current name (a fact table; add a line when a body changes its name).
RENAMED: dict[str, str] = {
    "Communauté d'agglomération Évry Centre Essonne": "Communauté d'agglomération Grand Paris Sud Seine-Essonne-Sénart",
    "Ville d'Évry": "Ville d'Évry-Courcouronnes",
    "Mairie d'Évry": "Mairie d'Évry-Courcouronnes",
    "Ministère des Affaires étrangères et européennes": "Ministère de l'Europe et des Affaires étrangères",
    "Ministère des Affaires étrangères": "Ministère de l'Europe et des Affaires étrangères",
}

# Every département's council: "Conseil général de/du/des …" -> "Conseil départemental …".
_GENERAL_COUNCIL = re.compile(r"^Conseil g[ée]n[ée]ral\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _renamed() -> dict[str, str]:
    return {_key(old): new for old, new in RENAMED.items()}


def _key(name: str) -> str:
    return " ".join(fold(name.replace("’", "'")).lower().split())


def current_name(name: str) -> str:
    """The name an organisation goes by today, spelt one way (straight apostrophes, single
    spaces): "Conseil général de l’Essonne" -> "Conseil départemental de l'Essonne"."""
    name = " ".join(name.replace("’", "'").split())
    if not name:
        return ""
    renamed = _renamed().get(_key(name))
    if renamed:
        return renamed
    return _GENERAL_COUNCIL.sub("Conseil départemental", name)
