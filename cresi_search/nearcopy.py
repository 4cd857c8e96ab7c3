"""The text fingerprint that finds the same document in two formats or versions (the PDF
and the ODT of one text, a re-compressed copy): near-identical extracted text.

A document's words (folded, lower case) are cut into overlapping runs of SHINGLE words;
a MinHash of those runs (datasketch, NUM_PERM values) estimates how much two texts
share (Jaccard). The index stores the values (`signature`) and BANDS tokens made of
some of them (`band_tokens`, locality-sensitive hashing): two documents sharing a token
are compared on all the values, and grouped when `likeness` reaches NEAR_THRESHOLD. Texts shorter than
MIN_WORDS get no fingerprint: short notes and forms are too easily alike.
docs/search.md ("Doublons") says why these figures.
"""

from __future__ import annotations

import hashlib
from array import array

from cresi_search.french.normalise import fold, tokens

NUM_PERM = 128  # values stored and compared
# Band tokens, over the first BANDS * ROWS values: P(compared) = 1 - (1 - J**ROWS)**BANDS,
# 0.989 at J = 0.9 and 0.9998 at 0.95; 0.13 at 0.6. Each token costs the site a term to
# read per index state (bench/duplicates.py), hence 8 bands and not 16.
BANDS, ROWS = 8, 8
SHINGLE = 4  # words per run
MIN_WORDS = 50
NEAR_THRESHOLD = 0.9  # estimated share of the runs two texts have in common
SEED = 20260  # fixed: signatures of one index must be comparable across runs
BATCH = 4096  # runs hashed at once (bounds the memory of a long document)


def signature(text: str) -> bytes:
    """The MinHash of the text's runs of words, NUM_PERM 32-bit values; b"" when the
    text has fewer than MIN_WORDS words."""
    words = [fold(w).lower() for w in tokens(text)]
    if len(words) < MIN_WORDS:
        return b""
    from datasketch import MinHash  # numpy and scipy: only the job needs them

    runs = list(dict.fromkeys(" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)))
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
    for start in range(0, len(runs), BATCH):
        minhash.update_batch([r.encode("utf-8") for r in runs[start:start + BATCH]])
    return array("I", (int(v) for v in minhash.hashvalues)).tobytes()


def band_tokens(sig: bytes) -> list[str]:
    """One token per band of ROWS values: documents sharing one are compared."""
    if len(sig) != NUM_PERM * 4:
        return []
    size = ROWS * 4
    return [f"{band:02d}{hashlib.sha1(sig[band * size:(band + 1) * size]).hexdigest()[:16]}"
            for band in range(BANDS)]


def likeness(a: bytes, b: bytes) -> float:
    """The estimated share of runs of words two texts have in common (0 to 1)."""
    if not a or len(a) != len(b):
        return 0.0
    x, y = array("I", a), array("I", b)
    return sum(1 for u, v in zip(x, y) if u == v) / len(x)
