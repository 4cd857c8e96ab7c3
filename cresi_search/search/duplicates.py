"""Copies of one document: the same file at several paths (same SHA-256) and the same
text in several formats or versions (near-identical text, cresi_search/nearcopy.py).

`Copies` finds the pairs once per index state, from indexed terms: `sha256` values and
`near` band tokens held by two documents or more; documents sharing a band token are
compared on their stored fingerprints. Each audience groups them with its own documents
only (`seen_by`). A search shows one entry per group (`collapse`):
the member preferred for reading (PDF first, then DOCX, ODT, …; then by path)
among the matching ones, those holding every word first. Its other members are listed
with it (« Aussi disponible en »), as far as the audience may see them: a team-only copy
is never named to a visitor, and never takes a public copy's place (docs/search.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from cresi_search.nearcopy import NEAR_THRESHOLD, likeness
from cresi_search.search.facet_counts import term_docs

FORMAT_ORDER = ("pdf", "docx", "odt", "html", "md", "txt")
SAME_FILE = "fichier identique"
SAME_TEXT = "texte presque identique"
MAX_SHARING = 200  # documents holding one band token: past it, a boilerplate band, not compared


@dataclass(frozen=True)
class Link:
    """Why two documents are copies: SAME_FILE, or SAME_TEXT with the share estimated."""

    a: int
    b: int
    reason: str
    likeness: float = 1.0


class Copies:
    """What one index state holds of copies: every pair found, and each document's rank
    (entry numbers of document entries). `seen_by` makes the groups of one audience."""

    def __init__(self, reader, paths: dict[int, str]) -> None:
        self.same_file = list(_shared(reader, "sha256"))  # identical contents: all alike
        self.near: list[Link] = self._near(reader) if "near" in reader.schema else []
        found = {n for docs in self.same_file for n in docs} | {n for l in self.near for n in (l.a, l.b)}
        formats = {n: reader.stored_fields(n).get("format", "") for n in found}
        self.rank = {n: (_format_rank(formats[n]), paths.get(n, "")) for n in found}

    @staticmethod
    def _near(reader) -> list[Link]:
        """Every pair of documents sharing a band token whose fingerprints are alike."""
        pairs: set[tuple[int, int]] = set()
        for docs in _shared(reader, "near"):
            if len(docs) <= MAX_SHARING:
                pairs.update(combinations(docs, 2))
        signatures: dict[int, bytes] = {}

        def sig(n: int) -> bytes:
            if n not in signatures:
                signatures[n] = (reader.stored_fields(n).get("meta") or {}).get("near") or b""
            return signatures[n]

        links = (Link(a, b, SAME_TEXT, likeness(sig(a), sig(b))) for a, b in sorted(pairs))
        return [link for link in links if link.likeness >= NEAR_THRESHOLD]

    def seen_by(self, visible: frozenset[int]) -> "CopyGroups":
        """The groups as an audience seeing `visible` has them: made of its documents and
        of the pairs between them only, so a team-only document never joins two public
        ones for a visitor."""
        links = []
        for docs in self.same_file:
            kept = [n for n in docs if n in visible]
            links += [Link(a, b, SAME_FILE) for a, b in zip(kept, kept[1:])]
        links += [link for link in self.near if link.a in visible and link.b in visible]
        return CopyGroups(links, self.rank)


class CopyGroups:
    """The groups of copies of one audience, members preferred first."""

    def __init__(self, links: list[Link], rank: dict[int, tuple]) -> None:
        self._parent: dict[int, int] = {}
        self.links: list[Link] = []
        for link in links:
            if self._join(link.a, link.b):
                self.links.append(link)
        members: dict[int, list[int]] = {}
        for docnum in self._parent:
            members.setdefault(self._root(docnum), []).append(docnum)
        self.groups = [sorted(group, key=rank.__getitem__) for group in members.values()]
        self.group_of = {n: i for i, group in enumerate(self.groups) for n in group}

    def _root(self, n: int) -> int:
        parent = self._parent.setdefault(n, n)
        while parent != self._parent[parent]:
            parent = self._parent[parent] = self._parent[self._parent[parent]]
        return parent

    def _join(self, a: int, b: int) -> bool:
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)
        return ra != rb

    def others(self, docnum: int) -> list[int]:
        """The other members of a document's group, preferred first."""
        group = self.group_of.get(docnum)
        return [] if group is None else [n for n in self.groups[group] if n != docnum]

    def collapse(self, docs: frozenset[int], complete: frozenset[int]) -> tuple[frozenset[int], frozenset[int]]:
        """`docs` and `complete` (a part of it) with one member per group: the preferred
        one among the complete members if any, else among `docs`."""
        dropped: set[int] = set()
        for group in self.groups:
            present = [n for n in group if n in docs]
            if len(present) > 1:
                keep = next((n for n in present if n in complete), present[0])
                dropped.update(n for n in present if n != keep)
        if not dropped:
            return docs, complete
        return docs - dropped, complete - dropped

    def links_of(self, group: list[int]) -> list[Link]:
        """The pairs that made a group (one fewer than its members)."""
        members = set(group)
        return [link for link in self.links if link.a in members]


def _shared(reader, fieldname: str):
    """The document entries of each term of the field held by two or more, in order."""
    for term, info in reader.iter_field(fieldname):
        if info.doc_frequency() >= 2:
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            docs = sorted(term_docs(reader, fieldname, text))
            if len(docs) >= 2:
                yield docs


def copy_reason(link: Link) -> str:
    """Why two documents are copies, in French, for the team."""
    if link.reason == SAME_FILE:
        return "fichier identique (même contenu, octet pour octet)"
    return f"texte presque identique ({link.likeness:.0%} en commun)".replace("%", " %")


def _format_rank(fmt: str) -> int:
    return FORMAT_ORDER.index(fmt) if fmt in FORMAT_ORDER else len(FORMAT_ORDER)
