"""Files that try to break the nightly job, fed to the real `cresi-index update`.

Every case starts from the same good corpus, already indexed. Hostile files are added,
then the real command runs as a subprocess. It must:
- exit 0 and report each hostile file by its path, with a reason;
- keep every good document in the index, and searchable;
- never let a file from outside the corpus (/etc/passwd, a secret beside the corpus)
  into the index;
- stay within a memory budget: the peak RSS of the job and of its extraction workers,
  read with getrusage(RUSAGE_CHILDREN) in a small probe process that runs the job.

Files that change while the job runs use `indexer.update.run` in this process: its
progress callback fires after each extracted file, before the next one is sent to the
(single) worker, which lets a test change the corpus at an exact moment of a real run.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.config import Settings
from cresi_search.search import SearchRequest, SearchService
from cresi_search.index.store import IndexStore
from indexer.update import run
from cresi_search.vocab.taxonomy import load_taxonomy
from tests.filemakers import make_docx, make_pdf, make_slow_pdf, raw_pdf

GiB = 1024**3
MEMORY_BUDGET_MB = 1024  # peak RSS of the job or of any of its workers
SECRET = "SECRETHORSCORPUS"  # written in a file beside the corpus, never inside
PASSWD_MARK = "root:x:0:0"  # the first line of /etc/passwd
CRESI_INDEX = str(Path(sys.executable).with_name("cresi-index"))

# The good documents, each with one word found nowhere else.
GOOD = {
    "Mali/Forages à Douentza 2012.pdf": "baobab",
    "Sénégal/Pirogues de Saint-Louis.docx": "pirogues",
    "Guides/fiche harmattan.md": "harmattan",
    "Haïti/Mangroves de Jacmel.odt": "mangroves",
}


# -- building hostile files -----------------------------------------------------------------
def one_page_pdf(contents: bytes, page_extra: bytes = b"", more: list[bytes] | None = None, trailer: bytes = b"") -> bytes:
    """Catalog, pages, one page whose /Contents is object 4 (`contents`), a font (object 5)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
            contents,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *(more or []),
        ],
        trailer,
    )


def pdf_stream(data: bytes, filters: bytes = b"/FlateDecode") -> bytes:
    return b"<< /Length %d /Filter %s >>\nstream\n" % (len(data), filters) + data + b"\nendstream"


def deflate_zeros(size: int, wrapper: bool = True) -> bytes:
    """A deflate stream of `size` zero bytes, built in milliseconds.

    After a full flush the compressor forgets its history, so every megabyte of zeros
    compresses to the same bytes: one block is compressed and repeated. The zlib wrapper
    ends with the Adler-32 of the data; for zeros, a stays 1 and b is the length.
    """
    block = 1 << 20
    assert size % block == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = c.compress(bytes(block)) + c.flush(zlib.Z_FULL_FLUSH)
    raw = piece * (size // block) + c.flush()
    if not wrapper:
        return raw
    return b"\x78\xda" + raw + struct.pack(">I", ((size % 65521) << 16) | 1)


def crc32_zeros(size: int, crc: int = 0) -> int:
    """CRC-32 of `size` zero bytes (continuing from `crc`)."""
    block = bytes(1 << 20)
    for _ in range(size // len(block)):
        crc = zlib.crc32(block, crc)
    return crc


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, deflated bytes, crc32, uncompressed size).

    zipfile cannot store data deflated elsewhere: bombs are assembled here instead.
    """
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
            len(encoded), 0, 0, 0, 0, 0, offset,
        ) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def deflated_member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, c.compress(data) + c.flush(), zlib.crc32(data), len(data)


def deflated_members(archive: bytes, leave_out: str = "") -> list[tuple[str, bytes, int, int]]:
    """The members of a zip, deflated again for raw_zip()."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        return [deflated_member(i.filename, source.read(i)) for i in source.infolist() if i.filename != leave_out]


def with_bomb(archive: bytes, name: str, size: int, head: bytes = b"") -> bytes:
    """The archive with member `name` replaced by `head` then `size` zero bytes, deflated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH) + deflate_zeros(size, wrapper=False)
    crc = crc32_zeros(size, zlib.crc32(head))
    return raw_zip([*deflated_members(archive, leave_out=name), (name, bomb, crc, len(head) + size)])


def replace_member(archive: bytes, name: str, data: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """The archive with member `name` replaced (and `extra` members added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
        for extra_name, extra_data in (extra or {}).items():
            target.writestr(extra_name, extra_data)
    return out.getvalue()


def lie_about_size(archive: bytes, name: str, declared: int) -> bytes:
    """The archive with the uncompressed size of `name` rewritten in both its headers."""
    data = bytearray(archive)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        info = z.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(name.encode()) + 1)  # central directory
    struct.pack_into("<I", data, entry + 24, declared)
    return bytes(data)


def docx_bytes(tmp: Path, text: str) -> bytes:
    return make_docx(tmp / "modele.docx", "Document", [text]).read_bytes()


def make_odt(path: Path, title: str, paragraphs: list[str]) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    path.parent.mkdir(parents=True, exist_ok=True)
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=title))
    for text in paragraphs:
        document.text.addElement(P(text=text))
    document.save(str(path))
    return path


def odt_bytes(tmp: Path, text: str) -> bytes:
    return make_odt(tmp / "modele.odt", "Document", [text]).read_bytes()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LAUGHS = '<!ENTITY lol0 "lol">' + "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
)


def word_xml(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def odt_content(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text><text:p>{body}</text:p></office:text></office:body></office:document-content>"
    ).encode()


def xxe_doctype(root: str, url: str) -> str:
    return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY web SYSTEM "{url}">]>'


def hidden_part_docx(tmp: Path, part_xml: bytes) -> bytes:
    """A DOCX whose main part is `word/main.dat`, not `word/document.xml`.

    The package relationship names the main part, its content type comes from the
    extension default: a scanner that only looks at `*.xml` members never reads it.
    """
    archive = docx_bytes(tmp, "leurre")
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        rels = z.read("_rels/.rels").replace(b"word/document.xml", b"word/main.dat")
        types = z.read("[Content_Types].xml").replace(
            b"<Default Extension=\"xml\"",
            b"<Default Extension=\"dat\" ContentType=\"application/vnd.openxmlformats-officedocument"
            b".wordprocessingml.document.main+xml\"/><Default Extension=\"xml\"",
        )
    archive = replace_member(archive, "_rels/.rels", rels)
    archive = replace_member(archive, "[Content_Types].xml", types, extra={"word/main.dat": part_xml})
    return archive


@pytest.fixture(scope="module")
def listener():
    """An HTTP server on 127.0.0.1 that records every request: an XML parser that fetches
    an external entity or DTD would show up here."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = b"<!ENTITY fuite 'FETCHED'>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/entite.dtd", hits
    server.shutdown()
    server.server_close()


# -- the good corpus, indexed once ------------------------------------------------------------
def make_good_corpus(root: Path) -> None:
    make_pdf(
        root / "Mali/Forages à Douentza 2012.pdf",
        ["Rapport de mission : les forages de Douentza et le baobab du village.", "Comités de gestion de l'eau."],
        title="Mission eau Douentza",
    )
    make_docx(root / "Sénégal/Pirogues de Saint-Louis.docx", "Pêche artisanale", ["Les pirogues de Saint-Louis du Sénégal, 2016."])
    (root / "Guides").mkdir(parents=True)
    (root / "Guides/fiche harmattan.md").write_text("# Saison sèche\n\nL'harmattan souffle sur le Sahel, 2019.\n", encoding="utf-8")
    make_odt(root / "Haïti/Mangroves de Jacmel.odt", "Mangroves de Jacmel", ["Replanter les mangroves de la baie de Jacmel, 2021."])


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A good corpus and its index, built once by the real command; tests copy them."""
    base = tmp_path_factory.mktemp("modele")
    make_good_corpus(base / "corpus")
    job = cresi_index(base / "corpus", base / "index")
    assert job.code == 0, job.stderr
    assert job.report["documents"] == len(GOOD)
    return base


@pytest.fixture()
def site(template, tmp_path) -> tuple[Path, Path, Path]:
    """(corpus, index, outside): a private copy of the indexed good corpus, and a folder
    beside it holding a secret that must never reach the index."""
    shutil.copytree(template / "corpus", tmp_path / "corpus")  # copy2: same mtimes, nothing to redo
    shutil.copytree(template / "index", tmp_path / "index")
    outside = tmp_path / "dehors"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"Mot de passe du serveur : {SECRET}\n", encoding="utf-8")
    (outside / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    return tmp_path / "corpus", tmp_path / "index", outside


# -- running the job and checking the index --------------------------------------------------
PROBE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'\\npeak-rss-kb {peak}\\n')\n"
    "sys.exit(code)\n"
)


@dataclass
class Job:
    code: int
    report: dict
    stderr: str
    peak_mb: float
    seconds: float

    def reasons(self) -> dict[str, str]:
        return {s["path"]: s["reason"] for s in self.report.get("skipped", [])}


def cresi_index(corpus: Path, index: Path, *args: str, prefix: tuple[str, ...] = (), timeout: float = 240) -> Job:
    """The real `cresi-index update --json`, run under a probe that reads its peak RSS
    (the job and its extraction workers: the largest of them)."""
    command = [*prefix, sys.executable, "-c", PROBE, CRESI_INDEX, "update", "--corpus", str(corpus),
               "--index", str(index), "--json", *args]
    t0 = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the probe, the job and its workers
        proc.communicate()
        raise AssertionError(f"cresi-index still running after {timeout:g} s: the job hangs") from None
    seconds = time.monotonic() - t0
    peak_kb = int(stderr.rsplit("peak-rss-kb", 1)[1].split()[0])
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        report = {}
    return Job(proc.returncode, report, stderr, peak_kb / 1024, seconds)


def search(index: Path, q: str) -> list[str]:
    """Paths of the documents the site would show for `q`. The engine corrects a word one
    edit away when nothing matches: the test words are further apart than that."""
    service = SearchService(IndexStore(index), load_taxonomy(None))
    return [hit.path for hit in service.search(SearchRequest(q=q, per_page=50)).results]


def stored_text(index: Path) -> str:
    """Every stored field of every entry of the index, as one string."""
    with IndexStore(index).open().searcher() as s:
        return "\n".join(repr(fields) for fields in s.all_stored_fields())


def assert_good_documents_kept(index: Path) -> None:
    paths = set(IndexStore(index).stored_documents())
    assert set(GOOD) <= paths, f"lost: {set(GOOD) - paths}"
    for path, word in GOOD.items():
        assert path in search(index, word), f"{path} no longer found by « {word} »"


def assert_no_leak(index: Path) -> None:
    text = stored_text(index)
    assert SECRET not in text
    assert PASSWD_MARK not in text and "/usr/sbin/nologin" not in text
    assert search(index, SECRET.lower()) == []


def assert_survived(job: Job, index: Path) -> None:
    assert job.code == 0, job.stderr[-3000:]
    assert job.peak_mb < MEMORY_BUDGET_MB, f"peak RSS {job.peak_mb:.0f} MB"
    assert_good_documents_kept(index)
    assert_no_leak(index)


# -- the cases ---------------------------------------------------------------------------------
@dataclass
class Case:
    # (corpus, outside, tmp) -> {relative path: a fragment of the expected reason, or None
    # when the file may as well be indexed with what could be read of it}
    build: Callable[[Path, Path, Path], dict[str, str | None]]
    args: tuple[str, ...] = ()


def _slow_pdf(corpus, outside, tmp):
    make_slow_pdf(corpus / "Annexes/annexe interminable.pdf", operations=2_000_000)
    return {"Annexes/annexe interminable.pdf": "délai dépassé"}


def _pdf_flate_bomb(corpus, outside, tmp):
    (corpus / "Annexes").mkdir()
    (corpus / "Annexes/bombe flate 4 Gio.pdf").write_bytes(one_page_pdf(pdf_stream(deflate_zeros(4 * GiB))))
    nested = zlib.compress(deflate_zeros(4 * GiB), 9)  # deflated twice: 4 GiB in a few kilobytes
    (corpus / "Annexes/bombe flate imbriquée.pdf").write_bytes(
        one_page_pdf(pdf_stream(nested, b"[/FlateDecode /FlateDecode]"))
    )
    assert (corpus / "Annexes/bombe flate imbriquée.pdf").stat().st_size < 20_000
    return {"Annexes/bombe flate 4 Gio.pdf": "", "Annexes/bombe flate imbriquée.pdf": ""}


def _pdf_cycles(corpus, outside, tmp):
    (corpus / "Annexes").mkdir()
    # /Contents is object 4, and object 4 is a reference to itself.
    (corpus / "Annexes/objet qui se désigne.pdf").write_bytes(one_page_pdf(b"4 0 R"))
    # A stream whose /Length is the stream itself.
    (corpus / "Annexes/longueur circulaire.pdf").write_bytes(
        one_page_pdf(b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 72 700 Td (x) Tj ET\nendstream")
    )
    # The page tree lists itself among its kids.
    cyclic = raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        pdf_stream(zlib.compress(b"BT /F1 12 Tf 72 700 Td (cycle) Tj ET")),
    ])
    (corpus / "Annexes/arbre de pages cyclique.pdf").write_bytes(cyclic)
    # Document info that is its own parent.
    (corpus / "Annexes/info cyclique.pdf").write_bytes(
        one_page_pdf(pdf_stream(zlib.compress(b"BT /F1 12 Tf 72 700 Td (info) Tj ET")),
                     more=[b"<< /Title (boucle) /Parent 6 0 R /Kids [6 0 R] >>"], trailer=b"/Info 6 0 R ")
    )
    return {
        "Annexes/objet qui se désigne.pdf": None,
        "Annexes/longueur circulaire.pdf": None,
        "Annexes/arbre de pages cyclique.pdf": "",
        "Annexes/info cyclique.pdf": None,
    }


def _pdf_deep_nesting(corpus, outside, tmp):
    (corpus / "Annexes").mkdir()
    text = pdf_stream(zlib.compress(b"BT /F1 12 Tf 72 700 Td (profond) Tj ET"))
    arrays = b"[" * 100_000 + b"]" * 100_000
    dicts = b"<< /A " * 100_000 + b"1" + b" >>" * 100_000
    (corpus / "Annexes/tableaux imbriqués.pdf").write_bytes(one_page_pdf(text, b"/Deep " + arrays + b" "))
    (corpus / "Annexes/dictionnaires imbriqués.pdf").write_bytes(one_page_pdf(text, b"/Deep " + dicts + b" "))
    (corpus / "Annexes/info imbriquée.pdf").write_bytes(
        one_page_pdf(text, more=[b"<< /Title " + arrays + b" >>"], trailer=b"/Info 6 0 R ")
    )
    return {"Annexes/tableaux imbriqués.pdf": None, "Annexes/dictionnaires imbriqués.pdf": None,
            "Annexes/info imbriquée.pdf": None}


def _zip_bombs(corpus, outside, tmp):
    (corpus / "Annexes").mkdir()
    head = b'<?xml version="1.0"?><w:document ' + W_NS.encode() + b"><w:body><w:p><w:r><w:t>"
    (corpus / "Annexes/bombe.docx").write_bytes(with_bomb(docx_bytes(tmp, "bombe"), "word/document.xml", GiB, head))
    odt_head = odt_content("").split(b"<text:p>")[0]
    (corpus / "Annexes/bombe.odt").write_bytes(with_bomb(odt_bytes(tmp, "bombe"), "content.xml", GiB, odt_head))
    # Headers that announce 1 kB where the member inflates to 300 MB.
    big = with_bomb(docx_bytes(tmp, "menteur"), "word/document.xml", 300 << 20, head)
    (corpus / "Annexes/taille mensongère.docx").write_bytes(lie_about_size(big, "word/document.xml", 1000))
    # Many members that each stay under the ratio check, 290 MB in all.
    zeros, crc = deflate_zeros(2 << 20, wrapper=False), crc32_zeros(2 << 20)
    images = [(f"word/media/image{n}.png", zeros, crc, 2 << 20) for n in range(145)]
    (corpus / "Annexes/mille morceaux.docx").write_bytes(raw_zip(deflated_members(docx_bytes(tmp, "multiple")) + images))
    return {
        "Annexes/bombe.docx": "bombe zip",
        "Annexes/bombe.odt": "bombe zip",
        "Annexes/taille mensongère.docx": "",
        "Annexes/mille morceaux.docx": None,
    }


def _xml_entities(corpus, outside, tmp, url):
    (corpus / "Annexes").mkdir()
    laughs = f"<!DOCTYPE w:document [{LAUGHS}]>"
    docx = docx_bytes(tmp, "gabarit")
    odt = odt_bytes(tmp, "gabarit")
    (corpus / "Annexes/milliard de rires.docx").write_bytes(replace_member(docx, "word/document.xml", word_xml("&lol9;", laughs)))
    (corpus / "Annexes/milliard de rires.odt").write_bytes(
        replace_member(odt, "content.xml", odt_content("&lol9;", laughs.replace("w:document", "office:document-content")))
    )
    (corpus / "Annexes/entité externe.docx").write_bytes(
        replace_member(docx, "word/document.xml", word_xml("avant &xxe; &web; après", xxe_doctype("w:document", url)))
    )
    (corpus / "Annexes/entité externe.odt").write_bytes(
        replace_member(odt, "content.xml", odt_content("avant &xxe; &web; après", xxe_doctype("office:document-content", url)))
    )
    (corpus / "Annexes/entité externe UTF-16.docx").write_bytes(
        replace_member(docx, "word/document.xml",
                       word_xml("avant &xxe; après", xxe_doctype("w:document", url)).decode()
                       .replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    )
    # The DOCTYPE hides in a part whose name does not end in .xml.
    (corpus / "Annexes/partie cachée.docx").write_bytes(
        hidden_part_docx(tmp, word_xml("cachée &xxe; &web; fin", xxe_doctype("w:document", url)))
    )
    (corpus / "Annexes/rires cachés.docx").write_bytes(hidden_part_docx(tmp, word_xml("&lol9;", laughs)))
    (corpus / "Annexes/dtd externe.docx").write_bytes(
        hidden_part_docx(tmp, word_xml("dtd &fuite;", f'<!DOCTYPE w:document SYSTEM "{url}">'))
    )
    refused = "déclarations XML"
    return {
        "Annexes/milliard de rires.docx": refused,
        "Annexes/milliard de rires.odt": refused,
        "Annexes/entité externe.docx": refused,
        "Annexes/entité externe.odt": refused,
        "Annexes/entité externe UTF-16.docx": refused,
        "Annexes/partie cachée.docx": None,
        "Annexes/rires cachés.docx": None,
        "Annexes/dtd externe.docx": None,
    }


def _too_large(corpus, outside, tmp):
    (corpus / "Annexes").mkdir()
    (corpus / "Annexes/annexe de 3 Mo.txt").write_text("budget prévisionnel détaillé\n" * 110_000, encoding="utf-8")
    with open(corpus / "Annexes/image disque creuse.pdf", "wb") as f:  # 1 GiB, sparse: no disk used
        f.write(b"%PDF-1.4\n")
        f.truncate(GiB)
    return {"Annexes/annexe de 3 Mo.txt": "trop volumineux", "Annexes/image disque creuse.pdf": "trop volumineux"}


def _symlinks(corpus, outside, tmp):
    (corpus / "Annexes").mkdir()
    (corpus / "Annexes/raccourci secret.txt").symlink_to(outside / "secret.txt")
    (corpus / "Annexes/mot de passe.txt").symlink_to("/etc/passwd")
    (corpus / "Annexes/dossier partagé").symlink_to(outside, target_is_directory=True)
    (corpus / "Annexes/lien cassé.pdf").symlink_to(outside / "absent.pdf")
    (corpus / "Annexes/boucle.md").symlink_to(corpus / "Annexes/boucle.md")
    reason = "lien symbolique"
    return {f"Annexes/{name}": reason for name in
            ("raccourci secret.txt", "mot de passe.txt", "dossier partagé", "lien cassé.pdf", "boucle.md")}


def _named_pipe(corpus, outside, tmp):
    """A named pipe with a .txt name: whoever opens it waits for a writer, forever."""
    (corpus / "Annexes").mkdir()
    os.mkfifo(corpus / "Annexes/tube nommé.txt")
    return {"Annexes/tube nommé.txt": "pas un fichier ordinaire"}


CASES = {
    "pdf-slow": Case(_slow_pdf, ("--timeout", "3")),
    "pdf-flate-bombs": Case(_pdf_flate_bomb),
    "pdf-cyclic-objects": Case(_pdf_cycles),
    "pdf-deep-nesting": Case(_pdf_deep_nesting),
    "zip-bombs": Case(_zip_bombs),
    "too-large": Case(_too_large, ("--max-size", "2")),
    "symlinks-out-of-corpus": Case(_symlinks),
    "named-pipe": Case(_named_pipe, ("--timeout", "5")),
}


def check_case(job: Job, expected: dict, index: Path) -> None:
    assert_survived(job, index)
    reasons = job.reasons()
    indexed = set(IndexStore(index).stored_documents())
    for path, fragment in expected.items():
        if fragment is None:  # the file may be read (what could be read of it) or reported
            assert path in reasons or path in indexed, f"{path}: neither indexed nor reported"
            if path in reasons:
                assert reasons[path].strip()
            continue
        assert path in reasons, f"{path} not reported; skipped: {reasons}"
        assert fragment in reasons[path], f"{path}: {reasons[path]!r}"
        assert path not in indexed


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_file_is_reported_and_the_index_survives(name, site, tmp_path):
    corpus, index, outside = site
    case = CASES[name]
    expected = case.build(corpus, outside, tmp_path)
    job = cresi_index(corpus, index, *case.args)
    check_case(job, expected, index)
    assert job.seconds < 120


def test_xml_entities_never_expand_nor_fetch(site, tmp_path, listener):
    url, hits = listener
    corpus, index, outside = site
    expected = _xml_entities(corpus, outside, tmp_path, url)
    job = cresi_index(corpus, index)
    check_case(job, expected, index)
    assert hits == [], "an XML parser fetched an external entity or DTD"
    assert "lollollol" not in stored_text(index)
    assert "FETCHED" not in stored_text(index)


def test_every_hostile_file_at_once_with_two_workers(site, tmp_path, listener):
    """The nightly case: many bad files among good ones, two workers, one run."""
    corpus, index, outside = site
    builders = {name: case.build for name, case in CASES.items() if not case.args or name == "named-pipe"}
    builders["xml"] = lambda c, o, t: _xml_entities(c, o, t, listener[0])
    expected: dict = {}
    for name, build in builders.items():
        (corpus / name).mkdir()
        (tmp_path / name).mkdir()
        expected |= {f"{name}/{path}": fragment for path, fragment in build(corpus / name, outside, tmp_path / name).items()}
    job = cresi_index(corpus, index, "--workers", "2", "--timeout", "20")
    check_case(job, expected, index)
    assert listener[1] == [], "an XML parser fetched an external entity or DTD"
    # Second night: known failures are not read again, nothing changes, nothing is lost.
    again = cresi_index(corpus, index, "--workers", "2", "--timeout", "20")
    assert_survived(again, index)
    assert again.report["counts"]["extracted"] == 0
    assert set(again.reasons()) == set(job.reasons())


# -- amplification: a small file that expands to a huge text ------------------------------------
def text_bomb_pdf(megabytes: int) -> bytes:
    """One page whose content stream shows `megabytes` MB of words: a few kB on disk."""
    words = b"eau potable forage " * 50_000
    c = zlib.compressobj(9)
    stream = c.compress(b"BT /F1 12 Tf 72 700 Td (debutdutexte ")
    for _ in range(megabytes * 1024 * 1024 // len(words)):
        stream += c.compress(words)
    stream += c.compress(b" findutexte) Tj ET") + c.flush()
    return one_page_pdf(pdf_stream(stream))


@pytest.mark.slow
def test_small_file_expanding_to_a_huge_text_is_cut_before_the_index(site):
    """The job's own process has no memory limit: what a worker sends it is bounded."""
    from indexer.workers import MAX_TEXT_CHARS

    corpus, index, _ = site
    pdf = corpus / "Annexes/annexe gonflée.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(text_bomb_pdf(8))
    assert pdf.stat().st_size < 100_000
    job = cresi_index(corpus, index, "--timeout", "60")
    assert_survived(job, index)
    assert "Annexes/annexe gonflée.pdf" in job.report["added"]
    assert "Annexes/annexe gonflée.pdf" in search(index, "debutdutexte")
    assert search(index, "findutexte") == [], "text past the limit reached the index"
    with IndexStore(index).open().searcher() as s:
        doc = next(f for f in s.all_stored_fields() if f.get("path") == "Annexes/annexe gonflée.pdf")
        pages = [f["page_text"] for f in s.all_stored_fields() if f.get("kind") == "page" and f["parent"] == doc["id"]]
    assert sum(len(p) for p in pages) <= MAX_TEXT_CHARS
    assert any("tronqué" in w for w in doc["meta"]["warnings"])


def test_file_over_the_size_limit_is_refused_without_being_read(site):
    """A 64 GiB file (sparse: no disk used) would take minutes to hash, every night."""
    corpus, index, _ = site
    with open(corpus / "sauvegarde complète.pdf", "wb") as f:
        f.truncate(64 * GiB)
    job = cresi_index(corpus, index)
    assert_survived(job, index)
    assert "trop volumineux" in job.reasons()["sauvegarde complète.pdf"]
    assert job.seconds < 20, f"{job.seconds:.0f} s: the file was read"


# -- files that change while the job runs ---------------------------------------------------------
# The pool extracts ahead of the writer: when the first outcome reaches the job, up to
# five files may be read already (one in the worker, one in its feeder, two queued).
READ_AHEAD_MARGIN = 8


def run_changing(corpus: Path, index: Path, change) -> dict[str, str]:
    """A real run (one worker) where `change()` runs once, after the first extracted file.
    Filler files come first, so the files the test changes are not read yet at that
    moment. Returns the reported reasons."""
    for i in range(READ_AHEAD_MARGIN):  # "0-…" at the root: scanned before every other file
        (corpus / f"0-avant-{i}.md").write_text(f"# Avant {i}\n\nUn fichier lu d'abord, 2020.\n", encoding="utf-8")
    done = []

    def progress(stage: str, n: int, total: int) -> None:
        if stage == "extraction" and n == 1 and not done:
            done.append(True)
            change()

    report = run(Settings(corpus=corpus, index=index, workers=1), progress=progress)
    assert done, "the run never reached its second file"
    return {s["path"]: s["reason"] for s in report.skipped}


def test_file_deleted_or_changed_during_the_run(site):
    corpus, index, outside = site
    notes = corpus / "Guides/fiche harmattan.md"
    notes.write_text("# Saison sèche\n\nL'harmattan et les criquets pèlerins, 2020.\n", encoding="utf-8")
    (corpus / "Guides/a-premier.md").write_text("# Premier\n\nLe premier fichier lu, 2020.\n", encoding="utf-8")
    (corpus / "Guides/b-disparu.md").write_text("# Disparu\n\nUn compte rendu éphémère, 2020.\n", encoding="utf-8")
    (corpus / "Guides/c-grandit.md").write_text("# Journal\n\nPremière ligne du journal, 2020.\n", encoding="utf-8")

    def change():
        (corpus / "Guides/b-disparu.md").unlink()
        with open(corpus / "Guides/c-grandit.md", "a", encoding="utf-8") as f:
            f.write("Une ligne ajoutée pendant l'indexation.\n")
        with open(notes, "a", encoding="utf-8") as f:
            f.write("Ajout pendant l'indexation.\n")

    reasons = run_changing(corpus, index, change)
    assert "introuvable" in reasons["Guides/b-disparu.md"]
    assert "modifié pendant l'indexation" in reasons["Guides/c-grandit.md"]
    assert "modifié pendant l'indexation" in reasons["Guides/fiche harmattan.md"]
    assert_good_documents_kept(index)  # the harmattan notes keep their previous version
    assert search(index, "criquets") == []
    # The next night picks up the final versions.
    report = run(Settings(corpus=corpus, index=index, workers=1))
    assert not report.skipped
    assert "Guides/c-grandit.md" in search(index, "ajoutée")
    assert "Guides/fiche harmattan.md" in search(index, "criquets")


def test_file_swapped_for_a_link_outside_during_the_run_is_not_indexed(site):
    """The scan refuses links; a file turned into one after the scan must be refused too,
    even when it keeps the size and modification time the scan saw."""
    corpus, index, outside = site
    secret = outside / "secret.txt"
    (corpus / "a-premier.md").write_text("# Premier\n\nLe premier fichier lu, 2020.\n", encoding="utf-8")
    victim = corpus / "b-victime.txt"
    victim.write_text("x" * secret.stat().st_size, encoding="utf-8")
    os.utime(victim, ns=(secret.stat().st_atime_ns, secret.stat().st_mtime_ns))

    def change():
        victim.unlink()
        victim.symlink_to(secret)

    reasons = run_changing(corpus, index, change)
    assert "b-victime.txt" in reasons
    assert_no_leak(index)
    assert_good_documents_kept(index)


def test_file_swapped_for_a_named_pipe_during_the_run_does_not_block(site):
    corpus, index, outside = site
    (corpus / "a-premier.md").write_text("# Premier\n\nLe premier fichier lu, 2020.\n", encoding="utf-8")
    pipe = corpus / "b-tube.txt"
    pipe.write_text("un texte ordinaire", encoding="utf-8")
    os.utime(corpus / "a-premier.md", ns=(1, 1))
    before = run(Settings(corpus=corpus, index=index, workers=1))
    assert "b-tube.txt" in before.added
    pipe.unlink()
    os.mkfifo(pipe)  # after this, only the scan stands between the pipe and open()
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(r=run(Settings(corpus=corpus, index=index, workers=1, timeout_s=5))), daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the job blocked on a named pipe"
    reasons = {s["path"]: s["reason"] for s in result["r"].skipped}
    assert "b-tube.txt" in reasons
    assert_good_documents_kept(index)


def test_file_growing_while_the_real_command_runs(site):
    """A thread keeps appending to a log-like file during the whole run: the job ends,
    and the file is either indexed (some complete state of it) or reported."""
    corpus, index, outside = site
    growing = corpus / "journal de bord.txt"
    growing.write_text("Journal de la mission, 2021.\n", encoding="utf-8")
    make_slow_pdf(corpus / "annexe lente.pdf", operations=1_000_000)
    stop = threading.Event()

    def grow():
        n = 0
        while not stop.is_set():
            with open(growing, "a", encoding="utf-8") as f:
                f.write(f"Entrée {n} du journal : visite des forages.\n")
            n += 1
            time.sleep(0.01)

    writer = threading.Thread(target=grow, daemon=True)
    writer.start()
    try:
        job = cresi_index(corpus, index, "--timeout", "3")
    finally:
        stop.set()
        writer.join()
    assert_survived(job, index)
    assert "journal de bord.txt" in job.reasons() or "journal de bord.txt" in job.report["added"]
    again = cresi_index(corpus, index, "--timeout", "3")
    assert_survived(again, index)
    assert "journal de bord.txt" in search(index, "journal")


# -- permissions -------------------------------------------------------------------------------
def unprivileged(tmp_path: Path) -> tuple[str, ...]:
    """A command prefix under which permission bits apply.

    Root reads everything. Dropping CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the
    bounding set keeps uid 0 (so the interpreter under /root stays reachable, and the
    job's spawned workers too) but makes mode 000 files unreadable for real."""
    if os.geteuid() != 0:
        return ()
    prefix = ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")
    if shutil.which("setpriv") is None:
        pytest.skip("root without setpriv: no way to make a file unreadable to the job")
    locked = tmp_path / "verrouillé"
    locked.write_text("x")
    locked.chmod(0)
    probe = subprocess.run([*prefix, "cat", str(locked)], capture_output=True)
    if probe.returncode == 0:
        pytest.skip(f"setpriv cannot drop the read capabilities here ({probe.stderr.decode().strip()})")
    return prefix


def test_unreadable_files_and_folders_are_reported_and_keep_their_documents(site, tmp_path):
    prefix = unprivileged(tmp_path)
    corpus, index, outside = site
    (corpus / "Brouillons").mkdir()
    (corpus / "Brouillons/confidentiel.md").write_text("# Confidentiel\n\nNote interne, 2022.\n", encoding="utf-8")
    try:
        os.chmod(corpus / "Guides/fiche harmattan.md", 0)  # indexed yesterday, unreadable today
        os.chmod(corpus / "Haïti", 0)  # a whole folder, indexed yesterday
        os.chmod(corpus / "Brouillons/confidentiel.md", 0)  # never readable
        job = cresi_index(corpus, index, prefix=prefix)
        reasons = job.reasons()
        assert_survived(job, index)  # the harmattan notes and the Haïti folder are still there
        assert "illisible" in reasons["Guides/fiche harmattan.md"]
        assert "illisible" in reasons["Haïti"]
        assert "illisible" in reasons["Brouillons/confidentiel.md"]
        assert job.report["removed"] == []
    finally:
        os.chmod(corpus / "Guides/fiche harmattan.md", 0o644)
        os.chmod(corpus / "Haïti", 0o755)
        os.chmod(corpus / "Brouillons/confidentiel.md", 0o644)
    job = cresi_index(corpus, index, prefix=prefix)
    assert_survived(job, index)
    assert "Brouillons/confidentiel.md" in job.report["added"]


# -- file names ----------------------------------------------------------------------------------
ODD_NAMES = {
    "nfd": unicodedata.normalize("NFD", "Évaluation à Ségou.md"),
    "emoji": "Rapport 🌍 solidarité 🤝.md",
    "rtl": "تقرير المشروع ‏(الرباط).md",
    "rlo-override": "facture\u202efdp.md",
    "spaces": "  compte   rendu  .md",
    "newline": "ligne\nnouvelle.md",
    "tab-and-controls": "onglet\tcontrôle\x01.md",
    "long": "r" * 240 + ".md",
    "quotes-and-markup": "<img src=x onerror=alert(1)> \"gras\" & 'apostrophe'.md",
}


def test_odd_file_names_are_indexed_or_reported_never_fatal(site):
    corpus, index, outside = site
    folder = corpus / "Noms"
    folder.mkdir()
    words = {}
    for key, name in ODD_NAMES.items():
        word = f"motunique{key.replace('-', '')}"
        (folder / name).write_text(f"# Titre\n\nCe document contient {word}, 2020.\n", encoding="utf-8")
        words[key] = word
    # Bytes that are not UTF-8 (a name from an old Windows archive), for a file and a folder.
    raw = os.fsencode(folder)
    with open(raw + b"/caf\xe9 cr\xe9dit.md", "wb") as f:
        f.write("# Café\n\nmotuniquelatin, 2020.\n".encode())
    os.mkdir(raw + b"/R\xe9union")
    with open(raw + b"/R\xe9union/compte rendu.md", "wb") as f:
        f.write("# Réunion\n\nmotuniquedossier, 2020.\n".encode())

    job = cresi_index(corpus, index)
    assert_survived(job, index)
    indexed = set(IndexStore(index).stored_documents())
    for key, name in ODD_NAMES.items():
        rel = "Noms/" + unicodedata.normalize("NFC", name)
        assert rel in indexed, f"{key}: {rel!r} not indexed; skipped: {job.reasons()}"
        assert search(index, words[key]) == [rel], key
    bad = [path for path in job.reasons() if "\ufffd" in path]
    assert len(bad) == 2 and all("renommez" in job.reasons()[p] for p in bad)
    # The reports (JSON and text) and `cresi-index status` print every name.
    text = subprocess.run([CRESI_INDEX, "update", "--corpus", str(corpus), "--index", str(index)],
                          capture_output=True, text=True, timeout=120)
    assert text.returncode == 0, text.stderr
    status = subprocess.run([CRESI_INDEX, "status", "--corpus", str(corpus), "--index", str(index), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert status.returncode == 0, status.stderr
    json.loads(status.stdout)


def test_same_name_in_nfc_and_nfd_does_not_break_the_run(site):
    """Two files whose names differ only by Unicode normalisation map to one path."""
    corpus, index, outside = site
    nfc = unicodedata.normalize("NFC", "Réunion Ségou.md")
    nfd = unicodedata.normalize("NFD", "Réunion Ségou.md")
    assert nfc != nfd
    (corpus / nfc).write_text("# Réunion\n\nversionalpha, 2020.\n", encoding="utf-8")
    (corpus / nfd).write_text("# Réunion\n\nversionomega, 2020.\n", encoding="utf-8")
    job = cresi_index(corpus, index)
    assert_survived(job, index)
    assert nfc in IndexStore(index).stored_documents()
    assert len(search(index, "versionalpha") + search(index, "versionomega")) == 1, "one path, one document"
    assert "NFC/NFD" in job.reasons()[nfc]
    again = cresi_index(corpus, index)
    assert again.report["counts"]["extracted"] == 0 and again.report["added"] == [], "stable from night to night"


def test_backslash_and_edge_spaces_in_names_keep_the_real_path(site):
    """Linux allows a backslash in a name, and a leading space: the stored path must
    be the real one, or the download fails and every night re-adds and removes it."""
    corpus, index, outside = site
    (corpus / "Guides/budget\\2020.md").write_text("# Budget\n\nmotbarreoblique, 2020.\n", encoding="utf-8")
    (corpus / " espace devant.md").write_text("# Espace\n\nmotespacedevant, 2020.\n", encoding="utf-8")
    first = cresi_index(corpus, index)
    assert_survived(first, index)
    assert {"Guides/budget\\2020.md", " espace devant.md"} <= set(IndexStore(index).stored_documents())
    second = cresi_index(corpus, index)
    assert (second.report["added"], second.report["removed"]) == ([], [])


def test_empty_corpus_folder_does_not_wipe_the_index(site, tmp_path):
    """The share is not mounted tonight: the corpus folder is there, empty. Removing every
    document (and pruning the cache of their extractions) would empty the site."""
    corpus, index, outside = site
    away = tmp_path / "ailleurs"
    corpus.rename(away)
    corpus.mkdir()  # the bare mount point
    for args in ((), ("--full",)):
        job = cresi_index(corpus, index, *args)
        assert job.code == 78, job.stderr
        assert "vide" in job.stderr
        assert_good_documents_kept(index)
    corpus.rmdir()
    away.rename(corpus)  # mounted again
    job = cresi_index(corpus, index)
    assert_survived(job, index)
    assert job.report["counts"]["extracted"] == 0 and job.report["removed"] == []
