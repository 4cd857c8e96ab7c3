"""French-like text for the synthetic corpus: words of the domain combined at random.

Everything is drawn from `random.Random` instances seeded by strings, so a document
depends only on (seed, index, variant): the same corpus comes out on any machine and
whatever the number of processes generating it.

A document has a plan (type, year, countries, themes, title, number of pages) and pages
(a heading, paragraphs, sometimes a budget table). Its countries and themes are named in
the title, in the header of the first page and in the sentences, so that metadata
detection tags them; its theme words are frequent in it and rare elsewhere, so that a
query on a specialised word matches a realistic part of the corpus.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

from bench import vocab_fr as V
from bench.lexicon import Adj, Noun, rank_weights, article, lexicon, with_a, with_de

PDF_SHARE = 0.7
PAGES_MEDIAN = 12
PAGES_SIGMA = 1.05  # log-normal spread: mean about 18.5 pages once clipped to 1..60
PAGES_MAX = 60
PAGE_CHARS = (1500, 2500)
YEARS = (1998, 2025)
ORGANISATIONS = 150

SECTIONS = (
    "Contexte", "Présentation de l'association", "Objectifs du projet", "Diagnostic initial",
    "Activités réalisées", "Déroulement de la mission", "Résultats obtenus", "Difficultés rencontrées",
    "Perspectives", "Budget prévisionnel", "Plan de financement", "Calendrier", "Suivi et évaluation",
    "Partenaires", "Bénéficiaires", "Recommandations", "Annexe", "Conclusion", "Méthodologie",
    "Compte rendu des réunions", "Leçons apprises",
)
BUDGET_LINES = (
    "Investissement", "Matériel", "Formation", "Frais de mission", "Transport", "Personnel local",
    "Suivi-évaluation", "Communication", "Imprévus", "Frais de gestion", "Fournitures", "Travaux",
)


# -- documents ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DocPlan:
    index: int
    fmt: str  # "pdf" or "docx"
    folder: str
    doctype: str
    year: int
    countries: tuple[str, ...]  # ISO codes
    themes: tuple[str, ...]  # taxonomy codes
    town: str
    organisation: str
    title: str
    pages: int
    with_properties: bool

    @property
    def relpath(self) -> str:
        country = slug(V.COUNTRIES[self.countries[0]][0])
        name = slug(self.title)[:60].rstrip("-")
        return f"{self.folder}/{country}/{self.year}-{name}-{self.index:05d}.{self.fmt}"


@dataclass(frozen=True)
class Page:
    heading: str
    paragraphs: tuple[str, ...]
    table: tuple[tuple[str, str, str], ...] = ()

    @property
    def text(self) -> str:
        rows = ["  ".join(r) for r in self.table]
        return "\n".join((self.heading, *self.paragraphs, *rows))


def slug(text: str) -> str:
    import unicodedata

    flat = unicodedata.normalize("NFKD", text.replace("œ", "oe")).encode("ascii", "ignore").decode()
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in flat)
    return "-".join(filter(None, out.split("-")))


def page_count(rng: random.Random) -> int:
    value = math.exp(rng.gauss(math.log(PAGES_MEDIAN), PAGES_SIGMA))
    return max(1, min(PAGES_MAX, round(value)))


@lru_cache(maxsize=1)
def organisations(count: int = ORGANISATIONS) -> list[str]:
    """The associations writing the documents (a few write many of them)."""
    rng = random.Random("organisations")
    names: dict[str, None] = {}
    while len(names) < count:
        words = " ".join(rng.sample(V.ORGANISATION_WORDS, 2)).replace("_", " ")
        names[f"Association {words} {rng.choice(V.ESSONNE_TOWNS).replace('_', ' ')}"] = None
    return list(names)


def plan_document(seed: int, index: int) -> DocPlan:
    rng = random.Random(f"plan:{seed}:{index}")
    lex = lexicon()
    codes = list(V.COUNTRIES)
    countries = tuple(rng.sample(codes, 2 if rng.random() < 0.2 else 1))
    themes = tuple(rng.sample(list(lex.themes), rng.choice((1, 1, 2, 2, 3))))
    folder = rng.choice(list(V.DOCTYPES))
    year = rng.randint(*YEARS)
    label, prep, towns = V.COUNTRIES[countries[0]]
    town = rng.choice(towns.split()).replace("_", " ")
    subject = rng.choice(lex.themes[themes[0]].phrases)
    if rng.random() < 0.5:
        title = f"{V.DOCTYPES[folder]} {year} : {subject} à {town} ({label})"
    else:
        title = f"{V.DOCTYPES[folder]} — {subject} {prep} {label}, {year}"
    pool = organisations()
    organisation = rng.choices(pool, cum_weights=rank_weights(len(pool)))[0]
    return DocPlan(
        index=index,
        fmt="pdf" if rng.random() < PDF_SHARE else "docx",
        folder=folder,
        doctype=V.DOCTYPES[folder],
        year=year,
        countries=countries,
        themes=themes,
        town=town,
        organisation=organisation,
        title=title,
        pages=page_count(rng),
        with_properties=rng.random() < 0.6,
    )


def document_pages(seed: int, plan: DocPlan, variant: int = 0) -> list[Page]:
    """The pages of a document; another `variant` gives new text for the same plan."""
    writer = TextWriter(random.Random(f"text:{seed}:{plan.index}:{variant}"), plan)
    return [writer.page(n) for n in range(1, plan.pages + 1)]


class TextWriter:
    """Sentences for one document, biased towards its themes and places."""

    def __init__(self, rng: random.Random, plan: DocPlan) -> None:
        self.rng = rng
        self.plan = plan
        self.lex = lexicon()
        self.themes = [self.lex.themes[c] for c in plan.themes]
        self.places = [(V.COUNTRIES[c][0], V.COUNTRIES[c][1], V.COUNTRIES[c][2].replace("_", " ").split()) for c in plan.countries]

    # -- words --------------------------------------------------------------------------
    def _pick(self, items: tuple) -> object:
        return self.rng.choices(items, cum_weights=rank_weights(len(items)))[0]

    def noun(self) -> Noun:
        r = self.rng.random()
        if r < 0.45:
            return self._pick(self.themes[0].nouns if r < 0.25 else self.rng.choice(self.themes).nouns)
        if r < 0.48:
            return self._pick(self.rng.choice(list(self.lex.themes.values())).nouns)
        return self._pick(self.lex.nouns)

    def adj(self) -> Adj:
        if self.rng.random() < 0.3:
            return self._pick(self.rng.choice(self.themes).adjs)
        return self._pick(self.lex.adjs)

    def np(self, definite: bool = True, plural: bool | None = None) -> tuple[str, bool]:
        """A noun phrase with its article; returns (text, plural)."""
        noun = self.noun()
        plural = self.rng.random() < 0.3 if plural is None else plural
        word = noun.plur if plural else noun.sing
        if self.rng.random() < 0.45:
            word = f"{word} {self.adj().form(noun.fem, plural)}"
        if self.rng.random() < 0.25:
            word = f"{word} {with_de(self.bare())}"
        return article(word, noun.fem, plural, definite), plural

    def bare(self) -> str:
        noun = self.noun()
        return noun.plur if self.rng.random() < 0.4 else noun.sing

    def place(self) -> str:
        label, prep, towns = self.rng.choice(self.places)
        r = self.rng.random()
        if r < 0.4:
            return f"{prep} {label}"
        if r < 0.8:
            return f"à {self.rng.choice(towns)}"
        return f"à {self.rng.choice(towns)} ({label})"

    def amount(self) -> str:
        return f"{self.rng.randint(2, 2000) * 50:,}".replace(",", " ")

    # -- sentences ------------------------------------------------------------------------
    def sentence(self) -> str:
        r = self.rng.randrange(12)
        verb = self.rng.choice(self.lex.verbs)
        subj, plural = self.np()
        verb_form = verb.p3 if plural else verb.s3
        obj = self.np(definite=self.rng.random() < 0.6)[0]
        if r < 3:
            text = f"{subj} {verb_form} {obj} {self.place()}"
        elif r < 5:
            text = f"{self.rng.choice(V.CONNECTORS)}, {subj} {verb_form} {obj}"
        elif r == 5:
            text = f"{subj} {verb_form} {obj} afin de {self.rng.choice(self.lex.verbs).inf} {self.np()[0]}"
        elif r == 6:
            text = (f"En {self.rng.choice(V.MONTHS)} {self.plan.year}, {self.rng.randint(3, 900)} "
                    f"{self.noun().plur} ont bénéficié {with_de(self.np()[0])} {self.place()}")
        elif r == 7:
            text = (f"Le budget consacré {with_a(self.np()[0])} s'élève à {self.amount()} euros, "
                    f"soit {self.rng.randint(2, 60)} % du total")
        elif r == 8:
            phrase = self.rng.choice(self.rng.choice(self.themes).phrases)
            state = self.rng.choice(("centrale", "prioritaire", "essentielle", "ouverte"))
            text = f"La question « {phrase} » reste {state} {self.place()}"
        elif r == 9:
            theme = self.rng.choice(self.themes)
            text = f"Le volet {theme.label} {verb.s3} {obj}"
        elif r == 10:
            text = f"{subj} {verb_form} {obj} avec le soutien du Département de l'Essonne"
        else:
            text = f"Selon {self.np()[0]}, {subj} {verb_form} {obj} malgré {self.np(definite=False)[0]}"
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))

    def page(self, number: int) -> Page:
        target = self.rng.randint(*PAGE_CHARS)
        paragraphs: list[str] = []
        if number == 1:
            paragraphs += self.front_matter()
        size = sum(len(p) for p in paragraphs)
        table = self.budget_table() if number > 1 and self.rng.random() < 0.2 else ()
        size += sum(len("".join(r)) + 4 for r in table)
        while size < target:
            paragraphs.append(self.paragraph())
            size += len(paragraphs[-1]) + 1
        heading = f"{number}. {self.rng.choice(SECTIONS)}" if number > 1 else self.plan.title
        return Page(heading, tuple(paragraphs), table)

    def front_matter(self) -> list[str]:
        plan = self.plan
        countries = ", ".join(V.COUNTRIES[c][0] for c in plan.countries)
        themes = ", ".join(self.lex.themes[c].label for c in plan.themes)
        return [
            f"{plan.doctype} — {plan.organisation}",
            f"Pays : {countries}. Thèmes : {themes}. Année : {plan.year}.",
        ]

    def budget_table(self) -> tuple[tuple[str, str, str], ...]:
        rows = [("Poste", "Montant (€)", "Part")]
        for line in self.rng.sample(BUDGET_LINES, self.rng.randint(4, 8)):
            rows.append((line, self.amount(), f"{self.rng.randint(1, 40)} %"))
        return tuple(rows)
