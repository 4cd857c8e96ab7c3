"""One name per organisation, so that a body renamed over time is one facet value.

French departmental councils took a new name in 2015 (loi du 17 mai 2013): the
"Conseil général de l'Essonne" of a 2009 report is the "Conseil départemental de
l'Essonne" of a 2021 one, the same partner. Counted apart, the organisation facet split
the council's documents in two (9 and 9 in the sample corpus) and a user filtering on
one name missed half of them. The facet holds the name the body bears today; the text
of the documents keeps the old one, so a search for "Conseil général" still finds them
(docs/metadata.md).
"""

from __future__ import annotations

import re

# Former name -> the name the body bears today (a rule, so it holds for every département).
_RENAMED = [
    (re.compile(r"\bconseil g[ée]n[ée]ral\b", re.IGNORECASE), "Conseil départemental"),
]


def current_name(name: str) -> str:
    """The organisation's facet value: apostrophes straightened, spaces collapsed, and the
    name a renamed body bears today ("Conseil général de l’Essonne" -> "Conseil
    départemental de l'Essonne")."""
    name = " ".join(name.replace("’", "'").split())
    for former, today in _RENAMED:
        name = former.sub(today, name)
    return name
