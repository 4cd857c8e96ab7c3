"""The search engine behind cresi-search: the only package that imports Whoosh.

Everything outside `indexer.engine` works with the plain records of `indexer.model`
and the result objects of `cresi_search.search.service`, so the engine could be replaced by a
search server without touching the indexer pipeline or the site.
"""
