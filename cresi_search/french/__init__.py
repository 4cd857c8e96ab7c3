"""French text: how text is cleaned and how words are compared (`normalise`), and how
names and keywords are found in it word by word (`words`). Imports nothing else of the
project: extraction, vocabularies, metadata and the index analyser all build on it."""
