"""HTML extraction: visible text only, block structure, headings, metas, charsets."""

from __future__ import annotations

from pathlib import Path

from indexer.extract import extract

PAGE = """<!DOCTYPE html>
<html lang="fr-FR">
<head>
  <meta charset="utf-8">
  <title>Fiche  pratique :
     l'éducation à la citoyenneté mondiale</title>
  <meta name="description" content="Monter un projet d'ECM avec des collégiens.">
  <meta name="keywords" content="ECM, collèges; jeunesse">
  <meta name="author" content="Service coopération">
  <meta name="date" content="2020-09-01">
  <style>body { color: red; }</style>
  <script>var cache = "ne pas indexer";</script>
</head>
<body>
  <nav><a href="/">Accueil</a></nav>
  <h1>L'éducation à la <em>citoyenneté</em> mondiale</h1>
  <p>Un projet   mené avec
     des collégiens&nbsp;de l&#39;Essonne.<br>Deuxième ligne.</p>
  <script type="text/javascript">document.write("caché");</script>
  <noscript>Activez JavaScript</noscript>
  <template><p>Gabarit invisible</p></template>
  <svg><title>Titre du dessin</title><text>Texte SVG</text></svg>
  <h2>Étapes</h2>
  <ul><li>Préparer</li><li>Animer</li></ul>
  <table><tr><th>Étape</th><th>Durée</th></tr><tr><td>Atelier</td><td>2 h</td></tr></table>
  <pre>ligne 1
ligne 2</pre>
</body>
</html>
"""


def test_visible_text_with_block_breaks(tmp_path: Path) -> None:
    path = tmp_path / "fiche.html"
    path.write_text(PAGE, encoding="utf-8")
    assert extract(path).pages == (
        "Accueil\n"
        "L'éducation à la citoyenneté mondiale\n"
        "Un projet mené avec des collégiens de l'Essonne.\n"
        "Deuxième ligne.\n"
        "Étapes\n"
        "Préparer\n"
        "Animer\n"
        "Étape | Durée\n"
        "Atelier | 2 h\n"
        "ligne 1\n"
        "ligne 2",
    )


def test_title_metas_and_headings(tmp_path: Path) -> None:
    path = tmp_path / "fiche.htm"
    path.write_text(PAGE, encoding="utf-8")
    extracted = extract(path)
    props = extracted.properties
    assert props.title == "Fiche pratique : l'éducation à la citoyenneté mondiale"
    assert props.subject == "Monter un projet d'ECM avec des collégiens."
    assert props.keywords == ("ECM", "collèges", "jeunesse")
    assert props.author == "Service coopération"
    assert props.created == "2020-09-01"
    assert props.language == "fr"
    assert extracted.headings == ("L'éducation à la citoyenneté mondiale", "Étapes")


def test_declared_windows_1252_charset(tmp_path: Path) -> None:
    path = tmp_path / "ancien.html"
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    html += "<title>Coopération</title></head><body><p>Accès à l'eau — 12 000 €</p></body></html>"
    path.write_bytes(html.encode("cp1252"))
    extracted = extract(path)
    assert extracted.pages == ("Accès à l'eau — 12 000 €",)
    assert extracted.properties.title == "Coopération"


def test_page_that_claims_utf8_but_is_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "menteur.html"
    html = '<meta charset="utf-8"><p>Le comité de gestion a été élu à Ségou.</p>'
    path.write_bytes(html.encode("cp1252"))
    assert extract(path).pages == ("Le comité de gestion a été élu à Ségou.",)


def test_charset_detected_without_declaration(tmp_path: Path) -> None:
    path = tmp_path / "sans-meta.html"
    path.write_bytes("<p>Journée de l'éducation à Évry</p>".encode("cp1252"))
    assert extract(path).pages == ("Journée de l'éducation à Évry",)


def test_unclosed_head_does_not_hide_the_body(tmp_path: Path) -> None:
    path = tmp_path / "negligee.html"
    path.write_text("<html><head><title>T</title><body><p>Texte visible</p>", encoding="utf-8")
    assert extract(path).pages == ("Texte visible",)


def test_page_labelled_latin1_but_saved_in_utf8(tmp_path: Path) -> None:
    path = tmp_path / "etiquette.html"
    html = '<meta charset="iso-8859-1"><p>Réunion à Évry-Courcouronnes</p>'
    path.write_bytes(html.encode("utf-8"))
    assert extract(path).pages == ("Réunion à Évry-Courcouronnes",)
