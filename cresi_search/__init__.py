"""cresi-search's library: French text, vocabularies, the five facets, and the index.

    french/     how text is cleaned and words compared (imports nothing of the project)
    vocab/      what the words mean: countries, themes and types, synonyms, labels
    facets.py   the five facets (pays, thème, type, année, organisation), declared once
    records.py  the record of one document, as the index stores it
    dates.py    dates and years, parsed one way everywhere
    fileio.py   files written atomically
    index/      the write side: schema, French analysis, generations, writer
    search/     the read side: query syntax and building, fallbacks, ranking, facets,
                snippets, spelling, and the SearchService the site calls

Whoosh is imported only under `index/` and `search/`. The indexing job (`indexer/`)
and the site (`search_app/`) import this package; it imports neither.
"""
