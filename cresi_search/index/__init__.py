"""The write side of the index: schema, French analysis, generations on disk, writer."""
