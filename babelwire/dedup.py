"""Exact and near-duplicate detection.

Exact: a SHA-256 of the normalised title and text. Near: MinHash over character 5-grams
(which work for scripts written without spaces, like Chinese and Japanese), with LSH bands
kept in the store so candidates are found by index lookups, not by a scan or an in-memory
index rebuilt at every start.

MinHash is written here in numpy rather than taken from datasketch: datasketch hashes every
shingle in a Python-level call (too slow for the ingest budget of a few ms per article) and
keeps its LSH index in memory or Redis, while we need the bands as rows in our own store.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

NUM_PERM = 64
BANDS = 16  # 16 bands x 4 rows: candidates from ~0.5 Jaccard, verified on the full signature
ROWS = NUM_PERM // BANDS
SHINGLE = 5
_MERSENNE = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20200710)  # fixed: signatures must be stable across runs
_A = _rng.integers(1, 1 << 31, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 60, size=NUM_PERM, dtype=np.uint64)
_BASES = np.array([np.uint64(1000003) ** np.uint64(k) for k in range(SHINGLE)][::-1], dtype=np.uint64)
_WS = re.compile(r"\s+")
_NONWORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(title: str | None, text: str) -> str:
    data = normalise(title or "") + "\n" + normalise(text)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def minhash(text: str) -> np.ndarray:
    """64 uint64 minima over hashed character 5-grams of the case-folded, punctuation-free text."""
    norm = _NONWORD.sub(" ", text.casefold()).strip()
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        codes = np.pad(codes, (0, SHINGLE - len(codes)))
    windows = np.lib.stride_tricks.sliding_window_view(codes, SHINGLE)
    with np.errstate(over="ignore"):
        h = (windows * _BASES).sum(axis=1)  # wraps mod 2**64, fine for hashing
        h = np.unique((h ^ (h >> np.uint64(31))) & np.uint64(0xFFFFFFFF))
        # a < 2**31 and h < 2**32 keep a*h + b below 2**64
        perm = (h[:, None] * _A[None, :] + _B[None, :]) % _MERSENNE
    return perm.min(axis=0)


def bands(sig: np.ndarray) -> list[int]:
    """One signed 63-bit integer per band (SQLite INTEGER range)."""
    rows = sig.reshape(BANDS, ROWS)
    out = []
    for i, r in enumerate(rows):
        digest = hashlib.blake2b(r.tobytes(), digest_size=8, person=b"bw-band%d" % i).digest()
        out.append(int.from_bytes(digest, "little") >> 1)
    return out


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(a == b))
