"""Metadata of each document: chosen by priority (catalogue, properties, text, folders),
with the source of every value recorded. See docs/metadata.md."""

from indexer.metadata.paths import document_id
from indexer.metadata.record import build_record, facet_tags

__all__ = ["build_record", "document_id", "facet_tags"]
