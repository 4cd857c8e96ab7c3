"""cresi-search indexer: turns a folder of documents into a French full-text index."""

__version__ = "0.1.0"
