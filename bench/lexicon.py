"""The words the synthetic corpus is written with: nouns, adjectives and verbs of the
domain (bench/vocab_fr.py) with their French forms, and the articles and contractions
that join them ("de le" -> "du"). Used by bench/textgen.py and bench/querymix.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bench import vocab_fr as V


# -- words and their forms ------------------------------------------------------------------------
@dataclass(frozen=True)
class Noun:
    sing: str
    plur: str
    fem: bool


@dataclass(frozen=True)
class Adj:
    ms: str
    fs: str
    mp: str
    fp: str

    def form(self, fem: bool, plural: bool) -> str:
        return (self.fp if plural else self.fs) if fem else (self.mp if plural else self.ms)


@dataclass(frozen=True)
class Verb:
    inf: str
    s3: str
    p3: str


@dataclass(frozen=True)
class Theme:
    code: str
    label: str
    nouns: tuple[Noun, ...]
    adjs: tuple[Adj, ...]
    phrases: tuple[str, ...]


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith(("eau", "au", "eu")):
        return word + "x"
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


def _noun(entry: str) -> Noun:
    word, _, gender = entry.partition(":")
    sing, _, plur = word.replace("_", " ").partition("/")
    return Noun(sing, plur or _plural(sing), gender == "f")


def _adj(entry: str) -> Adj:
    ms, _, fs = entry.replace("_", " ").partition("|")
    fs = fs or (ms if ms.endswith("e") else ms + "e")
    mp = ms[:-2] + "aux" if ms.endswith("al") else _plural(ms)
    return Adj(ms, fs, mp, _plural(fs))


def _verb(entry: str) -> Verb:
    inf, s3, p3 = entry.replace("_", " ").split("|")
    return Verb(inf, s3, p3)


@dataclass(frozen=True)
class Lexicon:
    nouns: tuple[Noun, ...]
    adjs: tuple[Adj, ...]
    verbs: tuple[Verb, ...]
    themes: dict[str, Theme]


@lru_cache(maxsize=None)
def rank_weights(n: int) -> list[float]:
    """Cumulative weights 1/rank: the first words of each list are the common ones."""
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank
        out.append(total)
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    themes = {
        code: Theme(
            code,
            label,
            tuple(_noun(e) for e in nouns.split()),
            tuple(_adj(e) for e in adjs.split()),
            tuple(p.strip() for p in phrases.split("|")),
        )
        for code, (label, nouns, adjs, phrases) in V.THEMES.items()
    }
    return Lexicon(
        tuple(_noun(e) for e in V.GENERAL_NOUNS),
        tuple(_adj(e) for e in V.ADJECTIVES),
        tuple(_verb(e) for e in V.VERBS),
        themes,
    )


def all_words() -> list[str]:
    """Every word form the generator can write (for the query mix)."""
    lex = lexicon()
    words: set[str] = set()
    for noun in lex.nouns + tuple(n for t in lex.themes.values() for n in t.nouns):
        words.update((noun.sing, noun.plur))
    for adj in lex.adjs + tuple(a for t in lex.themes.values() for a in t.adjs):
        words.update((adj.ms, adj.fs))
    return sorted(w for w in words if " " not in w)


# -- French articles and contractions ------------------------------------------------------
_VOWELS = tuple("aeiouyhéèêàâîôûœAEIOUYHÉÈÊÀÂÎÔÛ")


def article(words: str, fem: bool, plural: bool, definite: bool) -> str:
    if plural:
        return f"{'les' if definite else 'des'} {words}"
    if not definite:
        return f"{'une' if fem else 'un'} {words}"
    if words.startswith(_VOWELS):
        return f"l'{words}"
    return f"{'la' if fem else 'le'} {words}"


def with_de(np: str) -> str:
    """"de" before a noun phrase: du, des, de la, de l', d'."""
    if np.startswith("le "):
        return "du " + np[3:]
    if np.startswith("les "):
        return "des " + np[4:]
    if np.startswith("des "):
        return np
    if np.startswith(_VOWELS) and not np.startswith(("la ", "l'")):
        return "d'" + np
    return "de " + np


def with_a(np: str) -> str:
    """"à" before a noun phrase: au, aux, à la, à l'."""
    if np.startswith("le "):
        return "au " + np[3:]
    if np.startswith("les "):
        return "aux " + np[4:]
    return "à " + np
