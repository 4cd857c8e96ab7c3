"""Fixtures: a real Whoosh index built from hand-written French records, a corpus folder
with matching small files for downloads, and the Flask app and client over them.

The records are chosen so facet counts can be checked by hand (see FACTS below):
several countries and themes, multi-page PDFs, a scan without text, a document whose
title, text and organisation carry HTML and <script> payloads.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cresi_search.index.store import IndexStore
from cresi_search.records import (
    SOURCE_CATALOGUE,
    SOURCE_DETECTED,
    SOURCE_FOLDER,
    SOURCE_PROPERTIES,
    DocumentRecord,
    Fingerprint,
)
from cresi_search.vocab.taxonomy import load_taxonomy

pytest_plugins = ["browser_site"]  # the browser tests' site, Chromium and pages

CDE = "Conseil départemental de l'Essonne"
CRESI = "CRESI"
XSS_TITLE = 'Projet <script>alert("titre")</script> à Tunis'
XSS_BODY = "<img src=x onerror=alert(1)> coopération culturelle <script>alert('corps')</script>"
XSS_ORG = "Asso <b>Gras</b> & Cie"


@dataclass
class Doc:
    """One fixture document: what the index gets and which file sits in the corpus."""

    id: str
    path: str
    title: str
    pages: tuple[str, ...]
    countries: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    type: str = "rapport-projet"
    year: int | None = None
    organisation: str = CDE
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    text_layer: bool = True
    access: str = "public"

    @property
    def format(self) -> str:
        return self.path.rsplit(".", 1)[-1]


DOCS = [
    Doc(
        "dechets-douentza", "Coopération décentralisée/Mali/Gestion des déchets à Douentza 2024.pdf",
        "Gestion des déchets ménagers à Douentza : rapport 2024",
        (
            "Douentza a beaucoup grandi. Jusqu'en 2021, aucun service ne ramassait les ordures "
            "ménagères : les familles jetaient les déchets dans les ruelles.",
            "Deux groupements de jeunes assurent la pré-collecte avec des charrettes tirées par "
            "des ânes. La coopération avec l'Essonne finance le matériel.",
            "Les déchets sont transportés vers la décharge contrôlée de Tongo-Tongo. Le tri "
            "reste limité ; la matière organique sert d'amendement aux maraîchères.",
        ),
        ["ML"], ["dechets"], "rapport-projet", 2024,
        summary="Bilan 2024 de la pré-collecte des ordures ménagères à Douentza par des groupements de jeunes.",
        keywords=["déchets", "ordures ménagères", "charrette asine"],
    ),
    Doc(
        "dechets-jacmel", "Coopération décentralisée/Haïti/Evaluation collecte Jacmel 2016.pdf",
        "Évaluation du service de collecte des déchets à Jacmel",
        (
            "L'évaluation porte sur la gestion municipale des déchets de Jacmel entre 2012 et 2016.",
            "Le comité communal a suivi la gestion du service ; la mairie a créé une taxe locale.",
        ),
        ["HT"], ["dechets", "gouvernance"], "rapport-evaluation", 2016,
        summary="Évaluation de la collecte des déchets et de la gouvernance municipale à Jacmel.",
    ),
    Doc(
        "compost-sfax", "Associations/Tunisie/Tri et compostage Sfax 2019.docx",
        "Tri et compostage des déchets à Sfax",
        (
            "Une association de quartier de Sfax organise le tri sélectif et le compostage des "
            "déchets verts. Le compost est vendu aux agriculteurs de la région.",
        ),
        ["TN"], ["dechets", "environnement"], "rapport-projet", 2019, "Association Essonne-Tunisie Solidarité",
        summary="Tri sélectif et compostage dans un quartier de Sfax.",
    ),
    Doc(
        "eau-douentza", "Coopération décentralisée/Mali/2012 Rapport mission eau Douentza.pdf",
        "Rapport de mission : l'accès à l'eau potable dans le Cercle de Douentza",
        (
            "La mission s'est rendue dans douze villages du cercle de Douentza en novembre 2012.",
            "Chaque forage est géré par un comité de gestion élu par les usagers du village.",
            "Les puits traditionnels tarissent en saison sèche ; l'eau potable manque.",
            "Recommandations : former les comités, financer deux forages supplémentaires.",
        ),
        ["ML"], ["eau-assainissement", "sante"], "compte-rendu-mission", 2012,
        summary="Mission d'appui aux comités de gestion des points d'eau du cercle de Douentza.",
        keywords=["forage", "puits", "comité de gestion"],
    ),
    Doc(
        "sante-douentza", "Coopération décentralisée/Mali/Santé maternelle Douentza 2021.pdf",
        "Santé maternelle à Douentza",
        (
            "Le centre de santé de référence de Douentza a reçu des équipements pour la maternité.",
            "Les sages-femmes ont été formées aux consultations prénatales.",
        ),
        ["ML"], ["sante"], "rapport-projet", 2021,
        summary="Appui à la maternité du centre de santé de Douentza.",
    ),
    Doc(
        "ecoles-haiti", "Coopération décentralisée/Haïti/Reconstruction écoles 2012.pdf",
        "Reconstruction d'écoles après le séisme en Haïti",
        (
            "Après le séisme de 2010, trois écoles de la commune ont été reconstruites avec des "
            "normes parasismiques.",
            "Les élèves ont retrouvé des salles de classe ; la coopération a fourni les manuels.",
        ),
        ["HT"], ["education"], "rapport-projet", 2012, "Association Haïti Essonne",
        summary="Trois écoles reconstruites après le séisme.",
    ),
    Doc(
        "jeunes-quebec", "Coopération décentralisée/Québec/Échanges jeunesse 2008.odt",
        "Échanges de jeunes entre l'Essonne et le Québec",
        (
            "Vingt jeunes essonniens ont passé trois semaines au Québec pour un chantier de "
            "volontariat et des rencontres culturelles.",
        ),
        ["CA"], ["jeunesse", "culture"], "rapport-projet", 2008, "Maison des jeunes d'Évry",
        summary="Un échange de jeunes volontaires avec le Québec.",
    ),
    Doc(
        "fiche-budget", "Fiches/Monter le budget d'un projet.md",
        "Fiche outil : monter le budget d'un projet",
        (
            "Un budget de projet présente les dépenses et les recettes. Prévoyez les "
            "cofinancements, la valorisation du bénévolat et une marge pour les imprévus.",
        ),
        [], ["financement", "methodologie"], "fiche-outil", 2020, CRESI,
        summary="Les étapes pour construire le budget prévisionnel d'un projet de solidarité.",
    ),
    Doc(
        "guide-financements", "Guides/Guide des financements 2021.pdf",
        "Guide des financements de la solidarité internationale",
        (
            "Ce guide recense les financements publics et privés accessibles aux associations.",
            "Le Département de l'Essonne soutient les projets de coopération des associations.",
            "Les fondations privées financent souvent l'éducation et la santé.",
        ),
        [], ["financement"], "guide", 2021, CRESI,
        summary="Panorama des financements accessibles aux associations de solidarité internationale.",
    ),
    Doc(
        "guide-cooperation", "Guides/Guide coopération décentralisée.pdf",
        "Coopération décentralisée : guide pratique pour les collectivités",
        (
            "La coopération décentralisée associe des collectivités territoriales françaises et "
            "étrangères autour d'un projet commun.",
            "Une convention de partenariat fixe les engagements des deux collectivités.",
        ),
        [], ["gouvernance", "methodologie"], "guide", 2018, CRESI,
        summary="Comment une collectivité monte une coopération décentralisée.",
    ),
    Doc(
        "convention-scan", "Coopération décentralisée/Mali/Convention Douentza 2005.pdf",
        "Convention de partenariat Essonne Douentza 2005",
        ("", ""),
        ["ML"], ["gouvernance"], "", 2005,
        summary="Convention signée en 2005 entre le Département et le Cercle de Douentza (document scanné).",
        text_layer=False,
    ),
    Doc(
        "xss-tunis", "Associations/Tunisie/Projet culturel Tunis.html",
        XSS_TITLE,
        (XSS_BODY + " Un festival de musique a réuni les jeunes de Tunis.",),
        ["TN"], ["culture"], "rapport-projet", 2023, XSS_ORG,
        summary="Festival <em>culturel</em> à Tunis <script>alert('résumé')</script>",
    ),
    Doc(
        "apiculture-madagascar", "Associations/Madagascar/Apiculture 2014.txt",
        "Apiculture et miel solidaire à Madagascar",
        (
            "Des apiculteurs de la région d'Antsirabe ont reçu des ruches modernes. La vente du "
            "miel améliore les revenus des familles.",
        ),
        ["MG"], ["agriculture", "economie"], "rapport-projet", 2014, "Association Miel Solidaire",
        summary="Ruches modernes et vente de miel pour les familles d'Antsirabe.",
    ),
    Doc(
        "maraichage-douentza", "Coopération décentralisée/Mali/Maraîchage Douentza 2015.docx",
        "Maraîchage et banques de céréales à Douentza",
        (
            "Les groupements de femmes cultivent oignons et tomates autour des mares. Les "
            "banques de céréales limitent la soudure.",
        ),
        ["ML"], ["agriculture"], "rapport-projet", 2015,
        summary="Jardins maraîchers et banques de céréales dans le cercle de Douentza.",
    ),
    Doc(
        "securite-deplacements", "Fiches/Sécurité des déplacements.pdf",
        "Sécurité des déplacements : fiche pratique",
        (
            "Avant de partir, consultez les conseils aux voyageurs et inscrivez-vous sur Ariane.",
            "Sur place, prévoyez un contact local joignable et évitez les trajets de nuit.",
        ),
        [], ["methodologie"], "fiche-outil", 2022, CRESI,
        summary="Préparer une mission de terrain en sécurité.",
    ),
    Doc(
        "cafe-haiti", "Associations/Haïti/Café solidaire 2019.pdf",
        "Café solidaire dans les mornes d'Haïti",
        (
            "Une coopérative de producteurs de café a rénové son atelier de dépulpage.",
            "Le café est vendu en Essonne dans un réseau de commerce équitable.",
        ),
        ["HT"], ["agriculture", "economie"], "rapport-projet", 2019, "Association Haïti Essonne",
        summary="Une coopérative de café haïtienne et un réseau de vente en Essonne.",
    ),
]

BY_ID = {d.id: d for d in DOCS}
EXTRA_DOC = Doc(
    "dechets-nouveau", "Associations/Tunisie/Nouveau rapport déchets Djerba.txt",
    "Nouveau rapport sur les déchets de Djerba",
    ("Les plages de Djerba sont nettoyées par des volontaires ; le plastique est trié.",),
    ["TN"], ["dechets"], "rapport-projet", 2025, "Association Essonne-Tunisie Solidarité",
    summary="Nettoyage des plages de Djerba.",
)


# -- small real files for the corpus folder -------------------------------------------------
def tiny_pdf(pages: tuple[str, ...]) -> bytes:
    """A valid PDF with one text line per page (ASCII only: it is only downloaded here)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages or ("",):
        line = text.encode("ascii", "replace").decode()[:80].replace("(", "").replace(")", "")
        stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _docx(doc: Doc, target: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading(doc.title, level=1)
    for text in doc.pages:
        d.add_paragraph(text)
    d.save(str(target))


def _odt(doc: Doc, target: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    d = OpenDocumentText()
    for text in (doc.title, *doc.pages):
        d.text.addElement(P(text=text))
    d.save(str(target))


def write_file(doc: Doc, corpus: Path) -> Path:
    target = corpus / doc.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if doc.format == "pdf":
        target.write_bytes(tiny_pdf(doc.pages))
    elif doc.format == "docx":
        _docx(doc, target)
    elif doc.format == "odt":
        _odt(doc, target)
    else:
        target.write_text(f"{doc.title}\n\n" + "\n\n".join(doc.pages), encoding="utf-8")
    return target


def record(doc: Doc, corpus: Path) -> DocumentRecord:
    target = write_file(doc, corpus)
    data = target.read_bytes()
    stat = target.stat()
    tags = [*doc.countries, *doc.themes, doc.type]
    return DocumentRecord(
        id=doc.id, path=doc.path, format=doc.format,
        fingerprint=Fingerprint(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest()),
        pages=doc.pages, paged=doc.format == "pdf", title=doc.title, summary=doc.summary,
        keywords=list(doc.keywords), author="Claire Martin" if doc.organisation == CDE else "",
        type=doc.type, countries=list(doc.countries), themes=list(doc.themes),
        year=doc.year, date=f"{doc.year}-06-15" if doc.year else "",
        organisation=doc.organisation, partners=["Cercle de Douentza"] if "ML" in doc.countries else [],
        sources={"title": SOURCE_PROPERTIES, "countries": SOURCE_DETECTED, "themes": SOURCE_CATALOGUE,
                 "year": SOURCE_FOLDER, "type": SOURCE_CATALOGUE},
        tags=[t for t in tags if t], text_layer=doc.text_layer,
        warnings=[] if doc.text_layer else ["sans couche texte"], access=doc.access,
    )


def build_index(index_dir: Path, corpus: Path, docs: list[Doc]) -> IndexStore:
    store = IndexStore(index_dir)
    with store.rebuilding() as writer:
        for doc in docs:
            writer.add(record(doc, corpus), replace=False)
    return store


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(index_dir, corpus_dir), built once: tests that change the index use `fresh`."""
    root = tmp_path_factory.mktemp("shared")
    corpus = root / "corpus"
    corpus.mkdir()
    build_index(root / "index", corpus, DOCS)
    outside = root / "secret.txt"
    outside.write_text("ne doit jamais sortir", encoding="utf-8")
    return root / "index", corpus


@pytest.fixture()
def fresh(tmp_path) -> tuple[Path, Path]:
    """A private copy of the index and corpus, for tests that rebuild or delete them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    build_index(tmp_path / "index", corpus, DOCS)
    return tmp_path / "index", corpus


@pytest.fixture(scope="session")
def taxonomy():
    return load_taxonomy(None)


@pytest.fixture()
def store(built) -> IndexStore:
    return IndexStore(built[0])


def make_app(index_dir: Path, corpus: Path):
    from search_app import create_app  # imported here: the indexer's tests do not need the site

    return create_app({"TESTING": True, "INDEX_DIR": index_dir, "CORPUS_DIR": corpus, "TAXONOMY": None})


@pytest.fixture()
def app(built):
    return make_app(*built)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def fresh_app(fresh):
    return make_app(*fresh)


REALDOCS_FILES = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs" / "files"


@pytest.fixture(scope="session")
def realdocs_index(tmp_path_factory) -> Path:
    """An index of the real documents of ../shared/realdocs, built once by the real job with
    no catalogue (as a new user's folder would be)."""
    if not REALDOCS_FILES.is_dir():
        pytest.skip("../shared/realdocs absent")
    from indexer.config import Settings
    from indexer.update import run

    index_dir = tmp_path_factory.mktemp("realdocs") / "index"
    run(Settings(corpus=REALDOCS_FILES, index=index_dir))
    return index_dir
