"""`cresi-web`: serve the site with waitress (never Flask's debug server)."""

from __future__ import annotations

from pathlib import Path

import click

from indexer.config import ENV_TAXONOMY, resolve_paths


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier de l'index (défaut : CRESI_INDEX_DIR, sinon var/index à côté du corpus).")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier des documents (défaut : CRESI_CORPUS_DIR, sinon ./corpus).")
@click.option("--taxonomy", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              envvar=ENV_TAXONOMY, help="Vocabulaire des thèmes et types (défaut : celui du corpus).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Adresse d'écoute.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Requêtes servies en parallèle.")
def main(index_dir, corpus_dir, taxonomy, host, port, threads) -> None:
    """Lance le site de recherche du CRESI."""
    import waitress

    from search_app import create_app

    corpus, index = resolve_paths(corpus_dir, index_dir)
    if not corpus.is_dir():
        raise click.ClickException(f"Dossier du corpus introuvable : {corpus}")
    app = create_app({"CORPUS_DIR": corpus, "INDEX_DIR": index, "TAXONOMY": taxonomy})
    click.echo(f"cresi-web : http://{host}:{port}/ (index : {index})")
    waitress.serve(app, host=host, port=port, threads=threads, ident="cresi-web")


if __name__ == "__main__":
    main()
