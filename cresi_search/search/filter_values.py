"""Filter values as people write them, resolved to the values the index holds.

A filter value may be a code (`country=ML`), a label or an alias (`country=mali`,
`theme=Santé`), or an organisation in another case, without accents or by a former name
(`Conseil général de l'Essonne`): each becomes the stored value. A value that names nothing is refused with the list of the values there
are, never answered with a silent 0 (docs/search.md). A code with no document yet
(`country=FR`) is valid: its 0 is true.
"""

from __future__ import annotations

from cresi_search.facets import BY_NAME
from cresi_search.french.normalise import fold
from cresi_search.search.facet_counts import FacetIndex
from cresi_search.search.request import InvalidRequest
from cresi_search.vocab.labels import Vocabularies
from cresi_search.vocab.organisations import current_name

MAX_LISTED = 30  # known values quoted in the message about an unknown one


def resolve_filters(index: FacetIndex, vocab: Vocabularies,
                    filters: dict[str, list[str]]) -> dict[str, list[str]]:
    """The filters as the index spells them; InvalidRequest (French, with the values there
    are) for a value that names nothing."""
    out = {}
    for name, values in filters.items():
        present = index.values.get(name, {})
        resolved = []
        for value in values:
            code = _lookup(vocab, name, value, present)
            if code is None:
                raise InvalidRequest(_unknown_value(name, value, present, vocab))
            resolved.append(code)
        out[name] = list(dict.fromkeys(resolved))
    return out


def _lookup(vocab: Vocabularies, name: str, value: str, present) -> str | None:
    """The stored value a filter value means, None when it names nothing."""
    facet = BY_NAME[name]
    if value in present or facet.ranged:  # numbers (years): checked by the request
        return value
    if facet.coded:
        return vocab.resolve(name, value)
    wanted = fold(current_name(value).lower())  # a former name means the body it became
    return next((v for v in present if fold(v.lower()) == wanted), None)


def _unknown_value(name: str, value: str, present, vocab: Vocabularies) -> str:
    known = sorted(present, key=lambda v: fold(vocab.label(name, v).lower()))
    listed = ", ".join(v if vocab.label(name, v) == v else f"{v} ({vocab.label(name, v)})"
                       for v in known[:MAX_LISTED])
    more = " …" if len(known) > MAX_LISTED else ""
    return (f"Valeur inconnue pour « {BY_NAME[name].title} » : « {value[:60]} ». "
            f"Valeurs possibles : {listed}{more}.")
