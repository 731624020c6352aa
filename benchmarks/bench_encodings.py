"""Legacy charsets on real text: dev-set articles re-encoded in their languages' code pages.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_encodings.py [path/to/articles.jsonl]

Each article's headline line (short, up to 120 characters) and its first 3,000 characters
(long) are encoded in every legacy code page used for its language, skipping texts the code
page cannot hold or that come out pure ASCII, then decoded by the readers' ``decode``. Counts:
decoded right, refused (DecodeError), or WRONG (stored as mojibake). A few dev texts carry
mojibake of their own, which the counts include as they are.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from babelwire.ingest.common import DecodeError, normalise
from babelwire.ingest.decode import decode

CODECS = {"ar": ["cp1256", "iso8859_6"], "de": ["cp1252", "iso8859_15"], "en": ["cp1252"],
          "es": ["cp1252", "iso8859_15"], "fr": ["cp1252", "iso8859_15"], "it": ["cp1252"],
          "pl": ["cp1250", "iso8859_2"], "ru": ["cp1251", "koi8_r", "iso8859_5"],
          "tr": ["cp1254", "iso8859_9"], "zh": ["gb18030", "big5hkscs"]}
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "semeval2022-dev" / "articles.jsonl"


def main(path: Path) -> None:
    counts: dict[str, list[int]] = {}
    for line in path.open(encoding="utf-8"):
        a = json.loads(line)
        full = normalise(a["text"])
        for size, text in (("short", full.split("\n")[0][:120]), ("long", full[:3000])):
            for enc in CODECS.get(a["language"], []):
                try:
                    data = text.encode(enc)
                except UnicodeEncodeError:
                    continue
                if data.isascii():
                    continue
                c = counts.setdefault(size, [0, 0, 0])
                try:
                    c[0 if decode(data).text == text else 2] += 1
                except DecodeError:
                    c[1] += 1
    for size, (right, refused, wrong) in sorted(counts.items()):
        n = right + refused + wrong
        print(f"{size:6} files {n:5}  right {right:5} ({right / n:.1%})  refused {refused:4} ({refused / n:.1%})  "
              f"WRONG {wrong:4} ({wrong / n:.2%})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
