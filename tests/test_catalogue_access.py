"""The catalogue's `acces` column: values, folder rows, which row applies to a file, and
the job's fail-closed rules (a broken or mistyped catalogue never makes a document public).

The site side of the same rules, over HTTP, is in tests/test_staff_catalogue.py.
"""

from __future__ import annotations

import pytest

from cresi_search.index.store import IndexStore
from cresi_search.vocab import load_taxonomy
from indexer.access import entry_for, folder_row, record_access
from indexer.catalogue import parse_catalogue, read_catalogue
from indexer.config import Settings
from indexer.update import run
from tests.filemakers import make_docx

HEADER = "chemin;titre;acces"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


def parse(taxonomy, *rows: str, corpus=None):
    return parse_catalogue("\n".join([HEADER, *rows]), taxonomy, corpus)


def access_of(entries, path: str) -> str:
    return record_access(entry_for(entries, path))


def test_values_default_and_accents(taxonomy):
    entries, problems = parse(taxonomy, "a.pdf;A;public", "b.pdf;B;equipe", "c.pdf;C;", "d.pdf;D; Équipe ")
    assert problems == []
    assert [access_of(entries, p) for p in ("a.pdf", "b.pdf", "c.pdf", "d.pdf", "absent.pdf")] == [
        "public", "equipe", "public", "equipe", "public"]
    # No `acces` column at all: every document is public.
    entries, _ = parse_catalogue("chemin;titre\na.pdf;A\n", taxonomy)
    assert access_of(entries, "a.pdf") == "public"


def test_an_unknown_value_is_reported_with_its_line_and_reserves_the_document(taxonomy):
    entries, problems = parse(taxonomy, "a.pdf;A;public", "b.pdf;B;privé")
    assert [p.row for p in problems] == [3]
    assert "accès « privé » inconnu" in str(problems[0]) and "ligne 3" in str(problems[0])
    assert "public, equipe" in problems[0].message
    assert access_of(entries, "b.pdf") == "equipe"


def test_folder_rows_nested_and_the_files_own_row(taxonomy):
    entries, problems = parse(
        taxonomy,
        "Interne/;;equipe",
        "Interne/Publiable/;;public",
        "Interne/Publiable/Brouillon.pdf;Brouillon;equipe",
        "Interne/Lettre.pdf;Lettre ouverte;public",
        "Interne/Notes.pdf;Notes de réunion;",
    )
    assert problems == []
    assert access_of(entries, "Interne/Budget.pdf") == "equipe"
    assert access_of(entries, "Interne/Sous/dossier/profond.pdf") == "equipe"
    assert access_of(entries, "Interne/Publiable/Rapport.pdf") == "public"  # the deepest folder row
    assert access_of(entries, "Interne/Publiable/Brouillon.pdf") == "equipe"  # its own row
    assert access_of(entries, "Interne/Lettre.pdf") == "public"  # its own row
    # An empty `acces` cell in a file's row follows the folder: a title given is not a release.
    notes = entry_for(entries, "Interne/Notes.pdf")
    assert notes.title == "Notes de réunion" and notes.access == "equipe"
    assert access_of(entries, "Internes/Budget.pdf") == "public"  # another folder
    assert access_of(entries, "Interne.pdf") == "public"
    assert folder_row(entries, "Interne/Publiable/x.pdf").path == "Interne/Publiable/"


def test_a_folder_row_carries_only_its_access(taxonomy):
    text = "chemin;titre;type;pays;acces\nInterne/;Titre;guide;Mali;equipe\nVide/;;;;\n"
    entries, problems = parse_catalogue(text, taxonomy)
    assert [p.row for p in problems] == [2, 3]
    assert "seule la colonne « acces »" in problems[0].message
    assert "titre, type, pays ignoré(s)" in problems[0].message
    assert "n'a pas de valeur dans la colonne « acces »" in problems[1].message
    assert entries["Interne/"].title == "" and entries["Interne/"].access == "equipe"
    assert "Vide/" not in entries


def test_a_duplicate_row_never_loses_a_reservation(taxonomy):
    entries, problems = parse(taxonomy, "a.pdf;Premier;public", "a.pdf;Second;equipe", "D/;;public", "D/;;equipe")
    assert [p.row for p in problems] == [3, 5]
    assert "accès « equipe », qui est retenu" in problems[0].message
    assert entries["a.pdf"].title == "Premier" and access_of(entries, "a.pdf") == "equipe"
    assert access_of(entries, "D/x.pdf") == "equipe"


def test_a_missing_folder_is_reported(tmp_path, taxonomy):
    (tmp_path / "Interne").mkdir()
    (tmp_path / "catalogue.csv").write_text(f"{HEADER}\nInterne/;;equipe\nInterne/;;equipe\nInterdit/;;equipe\n",
                                            encoding="utf-8")
    entries, problems = read_catalogue(tmp_path, taxonomy)
    assert "Interne/" in entries and "Interdit/" not in entries
    assert [p.row for p in problems] == [3, 4]
    assert "le dossier « Interdit/ » n'existe pas" in problems[1].message


# -- the job ----------------------------------------------------------------------------------
@pytest.fixture()
def corpus(tmp_path):
    root = tmp_path / "corpus"
    for name in ("Interne/Budget.docx", "Interne/Nouveau.docx", "Public/Guide.docx"):
        make_docx(root / name, name.split("/")[-1], [f"Le texte de {name}, rédigé en 2021."])
    return root


def accesses(index) -> dict[str, str]:
    return {path: doc.access for path, doc in IndexStore(index).stored_documents().items()}


def test_an_unreadable_catalogue_never_opens_a_document(corpus):
    settings = Settings(corpus=corpus, index=corpus.parent / "index", workers=1)
    (corpus / "Interne/Nouveau.docx").rename(corpus.parent / "Nouveau.docx")
    (corpus / "catalogue.csv").write_text(f"{HEADER}\nPublic/Guide.docx;Guide;\nInterne/;;equipe\n", encoding="utf-8")
    run(settings)
    assert accesses(settings.index) == {"Interne/Budget.docx": "equipe", "Public/Guide.docx": "public"}
    # A quote left open before the folder row: the rest of the catalogue cannot be read
    # (the cell it opens swallows more than the CSV reader's limit).
    filler = "".join(f"Autre/{i}.pdf;Autre {i};\n" for i in range(8000))
    (corpus / "catalogue.csv").write_text(f'{HEADER}\nPublic/Guide.docx;"Guide;\n{filler}Interne/;;equipe\n',
                                          encoding="utf-8")
    (corpus.parent / "Nouveau.docx").rename(corpus / "Interne/Nouveau.docx")
    report = run(settings)
    assert report.catalogue_complete is False
    # Budget keeps its reservation; the new file, whose folder row may be in what was not
    # read, is reserved until the catalogue is mended.
    assert accesses(settings.index) == {"Interne/Budget.docx": "equipe", "Interne/Nouveau.docx": "equipe",
                                        "Public/Guide.docx": "public"}
    (corpus / "catalogue.csv").write_text(f"{HEADER}\nPublic/Guide.docx;Guide;\nInterne/Budget.docx;;equipe\n",
                                          encoding="utf-8")
    report = run(settings)
    assert report.extracted == 0  # the catalogue changed, the files did not: nothing read again
    assert accesses(settings.index) == {"Interne/Budget.docx": "equipe", "Interne/Nouveau.docx": "public",
                                        "Public/Guide.docx": "public"}
