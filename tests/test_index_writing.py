"""The lean Whoosh writer (engine/writing.py): same index content, same scores."""

from __future__ import annotations

import pickle
import random
import subprocess
import sys

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from cresi_search.index.schema import build_schema
from cresi_search.index.writer import record_to_entries
from cresi_search.index.lean_writer import RUN_CHUNK, ChunkedPostingPool, open_writer
from tests.conftest import DOCS, record


def test_chunked_pool_returns_every_posting_in_order_across_runs(tmp_path):
    storage = FileStorage(str(tmp_path))
    pool = ChunkedPostingPool(storage, None, limitmb=1)  # about 5,000 postings a run
    rng = random.Random(7)
    postings = [("body", f"mot{rng.randrange(3000)}".encode(), rng.randrange(10**6), 1.0, b"")
                for _ in range(40_000)]
    for p in postings:
        pool.add(p)
    assert len(pool.runs) >= 5  # several runs written
    with storage.open_file(pool.runs[0]).raw_file() as f:
        first_chunk = pickle.load(f)  # a run is a few pickled lists, not one pickle per posting
    assert isinstance(first_chunk, list) and 1000 < len(first_chunk) <= RUN_CHUNK
    assert list(pool.items()) == sorted(postings)
    assert storage.list() == []  # runs removed once read


def _build(folder, corpus, lean: bool):
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = open_writer(ix, limitmb=1) if lean else ix.writer(limitmb=1)  # tiny pool: spills
    for doc in DOCS:
        for fields in record_to_entries(record(doc, corpus)):
            writer.add_document(**fields)
    writer.commit(optimize=True)
    return ix


def test_lean_writer_gives_the_same_hits_and_scores(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "lean").mkdir()
    (tmp_path / "plain").mkdir()
    lean = _build(tmp_path / "lean", corpus, lean=True)
    plain = _build(tmp_path / "plain", corpus, lean=False)
    queries = ["body:eau", "body:dechet", "page_text:ecol", "title:guid OR body:financ", 'body:"gestion dechet"']
    from whoosh.qparser import QueryParser

    parser = QueryParser("body", build_schema())
    with lean.searcher() as a, plain.searcher() as b:
        for text in queries:
            q = parser.parse(text)
            for limit in (None, 3):  # 3: Whoosh prunes blocks by their bounds
                hits_a = [(h["id"], round(h.score, 9)) for h in a.search(q, limit=limit)]
                hits_b = [(h["id"], round(h.score, 9)) for h in b.search(q, limit=limit)]
                assert hits_a == hits_b, text
        assert any(a.search(parser.parse(t), limit=None) for t in queries)


def test_an_index_written_lean_opens_with_plain_whoosh(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "ix").mkdir()
    _build(tmp_path / "ix", corpus, lean=True)
    # A fresh interpreter that never imports the indexer: nothing of ours is in the index.
    code = "import sys; from whoosh import index; print(index.open_dir(sys.argv[1]).doc_count())"
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "ix")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > len(DOCS)  # document entries and their pages


TRICKY = [
    "L'eau potable d’Haïti, l’été 2019 : qu'il pleuve ou non, jusqu'aux forages.",
    "Œuvres, cœur, SÉCURITÉ alimentaire ; les élèves n'ont pas été oubliés (aujourd'hui).",
    "décentralisée decentralisee Décentralisation — 3 000 € / 12,5 %",
    "",
]


def test_index_terms_are_the_analyzers_terms():
    from cresi_search.index.analysis import french_analyzer, index_terms

    analyzer = french_analyzer()
    texts = TRICKY + [page for doc in DOCS for page in doc.pages] + [doc.title for doc in DOCS]
    for text in texts:
        tokens = [(t.text, t.pos) for t in analyzer(text, positions=True)]
        assert [(term, pos) for pos, term in enumerate(index_terms(text))] == tokens, text


def test_pre_analysed_pages_index_the_same_postings_as_the_text(tmp_path):
    """Document bodies and pages are given to Whoosh as term lists: every term, frequency
    and position must be what analysing the text would have given."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [record(doc, corpus) for doc in DOCS]
    indexes = {}
    for kind in ("terms", "text"):
        (tmp_path / kind).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / kind), build_schema())
        writer = ix.writer()
        for r in records:
            for fields in record_to_entries(r, indexed="2025-01-20T10:00:00+00:00"):
                if kind == "text":  # what the analyzer makes of the plain strings
                    if fields["kind"] == "doc":
                        fields["body"] = "\n\n".join(r.pages)
                    else:
                        fields["page_text"] = fields.pop("_stored_page_text")
                writer.add_document(**fields)
        writer.commit()
        indexes[kind] = ix
    with indexes["terms"].reader() as a, indexes["text"].reader() as b:
        for field in ("body", "page_text"):
            terms = list(a.lexicon(field))
            assert terms == list(b.lexicon(field)) and len(terms) > 100
            for term in terms:
                pa = a.postings(field, term)
                pb = b.postings(field, term)
                assert list(pa.items_as("positions")) == list(pb.items_as("positions")), (field, term)
            assert a.field_length(field) == b.field_length(field)
        assert [a.stored_fields(n) for n in range(a.doc_count_all())] == [
            b.stored_fields(n) for n in range(b.doc_count_all())
        ]
