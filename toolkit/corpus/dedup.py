"""Find exact and near-duplicate documents, such as one wire story republished by several outlets.

News corpora repeat themselves: the same Saudi Press Agency dispatch appears in five newspapers,
each with its own first line or a trailing credit. Counting it five times inflates every frequency
and every trend, so :func:`find_duplicates` reports the groups and :func:`duplicate_mask` says which
documents to drop (every member of a group except the first). Texts are never changed.

Method
------
1. **Normalisation, for comparison only**: Unicode NFKC; case folding; Arabic diacritics
   (U+064B-U+065F, U+0670), tatweel (U+0640) and invisible format characters (category Cf:
   zero-width and bidirectional marks, soft hyphen, BOM) removed; ``أ إ آ ٱ`` -> ``ا``, ``ى`` -> ``ي``,
   ``ة`` -> ``ه``; Arabic-Indic digits -> ASCII; every run of characters other than letters, digits
   and combining marks (punctuation, symbols, whitespace) -> one space. Words lie between spaces.
2. **Exact duplicates** share the BLAKE2b digest of their normalised text. A text that is empty
   after normalisation is never a duplicate: an empty text is a data problem, reported elsewhere
   (the corpus summary), not a copy.
3. **Near duplicates** are sought among the distinct texts with MinHash (Broder 1997):

   * word *k*-shingles (``k = shingle_size``; a text of fewer than *k* words is one shingle, its
     whole word list) hashed to stable 64-bit values: each word by a polynomial hash of its code
     points modulo 2**64, the *k* word hashes then chained through the SplitMix64 finaliser, all in
     NumPy. Nothing depends on the process (no salted :func:`hash`) or on the rest of the corpus;
   * ``num_perm`` universal hash functions ``h_i(x) = (a_i * x + b_i) mod p``, ``p = 2**61 - 1``,
     ``a_i`` in [1, p) and ``b_i`` in [0, p) drawn from ``random_state``, where ``x`` is the top 32
     bits of the shingle hash. The 93-bit product is computed exactly in ``uint64`` by splitting
     ``a_i`` into 32-bit halves and folding with ``2**61 = 1 (mod p)`` (the Mersenne-prime trick).
     The signature holds ``min_x h_i(x)`` for each *i*; the share of equal entries in two
     signatures estimates the Jaccard similarity of the two shingle sets;
   * banding (Leskovec, Rajaraman & Ullman, ch. 3.4): the signature is cut into *b* bands of *r*
     rows and two texts become candidates when a band is identical, with probability
     ``1 - (1 - s**r)**b`` at similarity *s*. The textbook rule ``(1/b)**(1/r) ~ threshold`` makes a
     pair lying at the threshold a candidate only ~63% of the time; as candidates are verified, we
     take the most selective banding (largest *r*, ``b = num_perm // r``, so ``b * r <= num_perm``)
     that still finds a pair at the threshold with probability >= 0.99: 21 bands of 6 rows for
     ``threshold=0.8, num_perm=128`` (S-curve midpoint 0.60; 2 hash functions serve the estimate only);
   * verification: candidates whose MinHash estimate is more than four standard errors below the
     threshold are dropped, then the **exact** Jaccard similarity of the two shingle sets must reach
     ``threshold``, so no false positive survives.
4. **Groups** are connected components of the verified pairs (union-find; exact copies join their
   first occurrence), so grouping is transitive: with A ~ B and B ~ C, A, B and C form one group
   even when A and C alone fall below the threshold. The representative is the earliest text in
   input order; ``similarity`` is the exact Jaccard similarity to it.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents. *Proceedings of
Compression and Complexity of Sequences*, 21-29. https://doi.org/10.1109/SEQUEN.1997.666900

Leskovec, J., Rajaraman, A., & Ullman, J. D. (2020). *Mining of Massive Datasets* (3rd ed.),
ch. 3 "Finding Similar Items" (3.3 minhashing, 3.4 banding). Cambridge University Press.

Examples
--------
>>> texts = ["الرياض (واس) - عقد مجلس الوزراء جلسته الأسبوعية.",
...          "الرياض  (واس) عَقَدَ مجلس الوزراء جلسته الاسبوعية",
...          "A different story."]
>>> find_duplicates(texts)
  doc_id  group  is_first   kind  similarity  n_in_group
0      0      0      True  exact         1.0           2
1      1      0     False  exact         1.0           2
>>> duplicate_mask(texts).tolist()
[False, True, False]
"""

from __future__ import annotations

import functools
import hashlib
import logging
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from numbers import Integral, Real
from typing import Any, Literal

import numpy as np
import pandas as pd
from tqdm import tqdm

from toolkit.errors import DuplicateIdError, invalid_value_message

__all__ = ["find_duplicates", "duplicate_mask", "COLUMNS"]

logger = logging.getLogger(__name__)

#: Columns of the table returned by :func:`find_duplicates`, in order.
COLUMNS = ("doc_id", "group", "is_first", "kind", "similarity", "n_in_group")

_METHODS = ("minhash", "exact")
_MERSENNE_61 = (1 << 61) - 1
_P = np.uint64(_MERSENNE_61)
_LOW32 = np.uint64(0xFFFFFFFF)
_LOW29 = np.uint64((1 << 29) - 1)
_SHINGLE_SEED = np.uint64(0x9E3779B97F4A7C15)
_MIN_CANDIDATE_PROBABILITY = 0.99
_CHUNK_SHINGLES = 512

# --- normalisation and words -------------------------------------------------------------------

_ARABIC_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
_ARABIC_MARKS = frozenset([*range(0x064B, 0x0660), 0x0670, 0x0640])  # harakat..., tatweel
_DELETE = np.uint32(0xFFFFFFFF)
_SPACE = np.uint32(0x20)
_BATCH_CHARS = 1 << 21
_WORD_BASE = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
_WORD_BASE_INVERSE = pow(_WORD_BASE, -1, 1 << 64)


def _code_point_map(code: int, normalize: bool) -> int:
    """Where one (NFKC, case-folded) code point goes: itself, another one, a space, or nowhere."""
    char = chr(code)
    if not normalize:
        return int(_SPACE) if char.isspace() or code == 0 else code
    if code in _ARABIC_MARKS or unicodedata.category(char) == "Cf":
        return int(_DELETE)
    if char in _ARABIC_FOLD:
        return ord(_ARABIC_FOLD[char])
    if 0x0660 <= code <= 0x0669 or 0x06F0 <= code <= 0x06F9:
        return ord("0") + code % 16
    if char.isalnum() or unicodedata.category(char).startswith("M"):
        return code
    return int(_SPACE)


@functools.lru_cache(maxsize=2)
def _bmp_table(normalize: bool) -> np.ndarray:
    """:func:`_code_point_map` over the Basic Multilingual Plane, as a read-only lookup table."""
    table = np.fromiter((_code_point_map(c, normalize) for c in range(0x10000)),
                        dtype=np.uint32, count=0x10000)
    table.flags.writeable = False
    return table


def _normalize_batch(texts: Sequence[str], *, normalize: bool
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Normalised code points of ``texts``, back to back and separated by 0.

    Returns ``(codes, starts, ends)``: text *d* is ``codes[starts[d]:ends[d]]``, words separated by
    exactly one space, none leading or trailing. With ``normalize=False`` only whitespace is
    collapsed. The character mapping runs on a NumPy array of code points, several times faster
    than regular expressions over long Arabic texts.
    """
    prepared = []
    for text in texts:
        text = text.replace("\x00", " ")
        if normalize:
            text = text.replace("\xa0", " ")  # the commonest non-NFKC character, cheap to replace
            if not unicodedata.is_normalized("NFKC", text):
                text = unicodedata.normalize("NFKC", text)
            text = text.casefold()
        prepared.append(text)
    codes = np.frombuffer("\x00".join(prepared).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    boundary = codes == 0
    astral = codes > 0xFFFF
    mapped = _bmp_table(normalize)[np.where(astral, 0, codes)]
    if astral.any():
        mapped[astral] = [_code_point_map(int(c), normalize) for c in codes[astral]]
    mapped[boundary] = 0
    mapped = mapped[mapped != _DELETE]
    # keep a space only after a word character (collapses runs, drops leading spaces) ...
    space = mapped == _SPACE
    previous_is_word = np.concatenate(([False], (mapped[:-1] != _SPACE) & (mapped[:-1] != 0)))
    mapped = mapped[~space | previous_is_word]
    # ... and only before a word character (drops trailing spaces)
    space = mapped == _SPACE
    next_is_end = np.concatenate((mapped[1:] == 0, [True]))
    mapped = mapped[~(space & next_is_end)]
    ends = np.flatnonzero(mapped == 0)
    starts = np.concatenate(([0], ends + 1))
    ends = np.concatenate((ends, [mapped.size]))
    return mapped, starts, ends


def _normalize_for_dedup(text: str, *, normalize: bool = True) -> str:
    """Normalise ``text`` for duplicate comparison only (see the module docstring, step 1).

    Letters, digits and combining marks belong to words; every other character (punctuation,
    symbols, whitespace, ``_``) separates them.

    >>> _normalize_for_dedup("  إِنَّ الـمـملكة، ١٤٣٦ هـ  ")
    'ان المملكه 1436 ه'
    >>> _normalize_for_dedup("Communiqué -- FINAL_2!\\u200f")
    'communiqué final 2'
    """
    codes, _, _ = _normalize_batch([text], normalize=normalize)
    return codes.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")


def _mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser on a ``uint64`` array (wrap-around arithmetic; returns a new array)."""
    x = x ^ (x >> np.uint64(30))
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def _word_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Stable 64-bit hash of every word in the output of :func:`_normalize_batch`.

    Returns ``(hashes, counts)``: the words of all texts in order, and the number per text. A word
    ``c_0 ... c_{L-1}`` hashes to ``mix64((sum_j c_j B^j mod 2**64) xor L * K)``, computed for all
    words at once from prefix sums (the shift to the word's start uses the inverse of the odd
    base ``B`` modulo ``2**64``).
    """
    n = codes.size
    is_word = (codes != _SPACE) & (codes != 0)
    before = np.concatenate(([False], is_word[:-1]))
    after = np.concatenate((is_word[1:], [False]))
    first = np.flatnonzero(is_word & ~before)
    last = np.flatnonzero(is_word & ~after) + 1
    powers = np.empty(n + 1, dtype=np.uint64)
    powers[0] = 1
    powers[1:] = _WORD_BASE
    np.cumprod(powers, out=powers)
    inverse = np.empty(n + 1, dtype=np.uint64)
    inverse[0] = 1
    inverse[1:] = _WORD_BASE_INVERSE
    np.cumprod(inverse, out=inverse)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(codes.astype(np.uint64) * powers[:-1], out=prefix[1:])
    raw = (prefix[last] - prefix[first]) * inverse[first]
    lengths = (last - first).astype(np.uint64) * np.uint64(0xD6E8FEB86659FD93)
    counts = np.diff(np.append(np.searchsorted(first, starts), first.size))
    return _mix64(raw ^ lengths), counts


def _shingle_hashes(token_hashes: np.ndarray, lengths: np.ndarray, k: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Hash the word ``k``-shingles of documents stored back to back in ``token_hashes``.

    Document *d* owns ``lengths[d]`` consecutive token hashes. Returns ``(hashes, offsets)``:
    the shingles of document *d* are ``hashes[offsets[d]:offsets[d + 1]]`` (a document of fewer
    than ``k`` tokens has one shingle, its whole token list; an empty one has none).
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    counts = np.where(lengths >= k, lengths - k + 1, np.minimum(lengths, 1))
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    doc_of = np.repeat(np.arange(lengths.size), counts)
    first_token = np.arange(offsets[-1]) - offsets[doc_of] + starts[doc_of]
    span = np.minimum(lengths, k)[doc_of]
    hashes = np.full(first_token.size, _SHINGLE_SEED, dtype=np.uint64)
    for j in range(k):
        active = span > j
        if active.all():
            hashes = _mix64(hashes ^ token_hashes[first_token + j])
        else:
            hashes[active] = _mix64(hashes[active] ^ token_hashes[first_token[active] + j])
    return hashes, offsets


def _hash_parameters(num_perm: int, random_state: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients ``a`` in [1, p) and ``b`` in [0, p) of the universal hash functions."""
    rng = np.random.default_rng(random_state)
    a = rng.integers(1, _MERSENNE_61, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, _MERSENNE_61, size=num_perm, dtype=np.uint64)
    return a, b


def _universal_hash(x: np.ndarray, a_hi: np.ndarray, a_lo: np.ndarray, b: np.ndarray,
                    buffer: np.ndarray) -> np.ndarray:
    """``(a * x + b) mod (2**61 - 1)``, ``x`` of shape (n, 1) below 2**32, ``a`` and ``b`` (1, m).

    ``a = a_hi * 2**32 + a_lo``, so ``a * x = hi * 2**32 + lo`` with ``hi = a_hi * x < 2**61`` and
    ``lo = a_lo * x < 2**64``; ``hi * 2**32 = (hi >> 29) * 2**61 + (hi mod 2**29) * 2**32`` and
    ``2**61 = 1 (mod p)``. Every intermediate sum stays below ``2**63``. The result lives in
    ``buffer[0]`` (shape at least (n, m)), which the next call overwrites.
    """
    n = x.shape[0]
    hi, lo, tmp = buffer[0, :n], buffer[1, :n], buffer[2, :n]
    np.multiply(a_hi, x, out=hi)
    np.multiply(a_lo, x, out=lo)
    np.right_shift(hi, np.uint64(29), out=tmp)
    np.bitwise_and(hi, _LOW29, out=hi)
    np.left_shift(hi, np.uint64(32), out=hi)
    hi += tmp                                   # < 2**61 + 2**32
    np.right_shift(lo, np.uint64(61), out=tmp)
    hi += tmp
    np.bitwise_and(lo, _P, out=lo)
    hi += lo
    hi += b                                     # < 3 * 2**61 + 2**33
    np.right_shift(hi, np.uint64(61), out=tmp)
    np.bitwise_and(hi, _P, out=hi)
    hi += tmp                                   # < 2**61 + 4
    np.subtract(hi, _P, out=tmp)                # wraps to a huge value when hi < p
    np.minimum(hi, tmp, out=hi)
    return hi


def _minhash_signatures(values: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray, *,
                        chunk_size: int = _CHUNK_SHINGLES, progress: tqdm | None = None
                        ) -> np.ndarray:
    """MinHash signatures (n_docs, len(a)) of the sets ``values[offsets[d]:offsets[d + 1]]``.

    ``values`` must be below 2**32. A document without values gets ``p = 2**61 - 1`` everywhere
    (larger than any hash value). Work proceeds in chunks of ``chunk_size`` values, so a document
    may span several chunks.
    """
    values = np.asarray(values, dtype=np.uint64)
    offsets = np.asarray(offsets, dtype=np.int64)
    if values.size and int(values.max()) >> 32:
        raise ValueError("MinHash input values must be below 2**32")
    n_docs, num_perm = offsets.size - 1, a.size
    signatures = np.full((n_docs, num_perm), _P, dtype=np.uint64)
    a_hi = (a >> np.uint64(32))[None, :]
    a_lo = (a & _LOW32)[None, :]
    b_row = b[None, :]
    buffer = np.empty((3, min(chunk_size, max(values.size, 1)), num_perm), dtype=np.uint64)
    done = 0
    for start in range(0, values.size, chunk_size):
        stop = min(start + chunk_size, values.size)
        hashed = _universal_hash(values[start:stop, None], a_hi, a_lo, b_row, buffer)
        first = np.searchsorted(offsets, start, side="right") - 1
        last = np.searchsorted(offsets, stop - 1, side="right") - 1
        docs = np.arange(first, last + 1)
        docs = docs[offsets[docs + 1] > offsets[docs]]
        segment_starts = np.maximum(offsets[docs], start) - start
        mins = np.minimum.reduceat(hashed[: stop - start], segment_starts, axis=0)
        signatures[docs] = np.minimum(signatures[docs], mins)
        if progress is not None:  # documents whose values all lie before ``stop``
            finished = int(np.searchsorted(offsets[1:], stop, side="right"))
            progress.update(finished - done)
            done = finished
    return signatures


# --- locality-sensitive hashing -----------------------------------------------------------------


def _choose_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(bands, rows)``: the largest ``rows`` (then ``bands = num_perm // rows``) such that a pair
    at Jaccard similarity ``threshold`` becomes a candidate with probability >= 0.99.

    >>> _choose_bands(0.8, 128)
    (21, 6)
    """
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= _MIN_CANDIDATE_PROBABILITY:
            best = (bands, rows)
    return best


def _candidate_pairs(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, identical in at least one band; shape (n_pairs, 2), sorted."""
    n = signatures.shape[0]
    found = []
    for band in range(bands):
        key = np.full(n, np.uint64(band), dtype=np.uint64)
        for col in range(band * rows, (band + 1) * rows):
            key = _mix64(key ^ signatures[:, col])
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        boundaries = np.flatnonzero(np.diff(sorted_key)) + 1
        run_starts = np.concatenate(([0], boundaries))
        run_sizes = np.diff(np.concatenate((run_starts, [n])))
        for run_start, size in zip(run_starts[run_sizes > 1], run_sizes[run_sizes > 1]):
            members = np.sort(order[run_start:run_start + size])
            left, right = np.triu_indices(size, 1)
            found.append(members[left] * n + members[right])
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack((codes // n, codes % n), axis=1)


# --- grouping -----------------------------------------------------------------------------------


class _UnionFind:
    """Disjoint sets over 0..n-1 whose root is always the smallest member."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _check_options(threshold: float, shingle_size: int, num_perm: int, method: str,
                   random_state: int) -> None:
    if method not in _METHODS:
        raise ValueError(invalid_value_message("method", method, _METHODS))
    if isinstance(threshold, bool) or not isinstance(threshold, Real) or not 0 < threshold <= 1:
        raise ValueError(f"threshold={threshold!r} is invalid; must be a Jaccard similarity in "
                         "(0, 1], e.g. 0.8 for near-identical wire copy")
    for name, value, low in (("shingle_size", shingle_size, 1), ("num_perm", num_perm, 2)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < low:
            raise ValueError(f"{name}={value!r} is invalid; must be an integer >= {low}")
    if isinstance(random_state, bool) or not isinstance(random_state, Integral):
        raise TypeError(f"random_state must be an int seed, got {type(random_state).__name__}; "
                        "pass e.g. random_state=0")


def _as_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be a sequence of strings, not a single string; "
                        "wrap it in a list")
    out = []
    for i, text in enumerate(texts):
        if isinstance(text, str):
            out.append(text)
        elif text is None or (not isinstance(text, (list, tuple, np.ndarray)) and pd.isna(text)):
            out.append("")  # a missing text is treated like an empty one: never a duplicate
        else:
            raise TypeError(f"texts[{i}] is a {type(text).__name__}, expected str")
    return out


def _as_ids(ids: Sequence[str] | None, n: int) -> list[str]:
    if ids is None:
        return [str(i) for i in range(n)]
    if isinstance(ids, (str, bytes)):
        raise TypeError("ids must be a sequence of strings, one per text, not a single string")
    out = [str(i) for i in ids]
    if len(out) != n:
        raise ValueError(f"ids has {len(out)} entries but texts has {n}; pass one id per text")
    if len(set(out)) != n:
        repeated = next(i for i, count in Counter(out).items() if count > 1)
        raise DuplicateIdError(f"ids must be unique; {repeated!r} occurs more than once")
    return out


def _group(texts: list[str], *, threshold: float, shingle_size: int, num_perm: int,
           method: str, normalize: bool, random_state: int, show_progress: bool
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
    """Assign every document to a group.

    Returns ``(root, exact_class, similarity, info)``: ``root[i]`` is the representative (earliest
    member) of document *i*'s group (``i`` itself when alone), ``exact_class[i]`` the earliest
    document with the same normalised text (``-1`` when empty), ``similarity[i]`` the exact Jaccard
    similarity to ``root[i]`` and ``info`` the parameters to record.
    """
    n = len(texts)
    near = method == "minhash"
    info: dict[str, Any] = {"method": method, "threshold": threshold, "normalize": normalize,
                            "shingle_size": None, "num_perm": None, "bands": None, "rows": None,
                            "random_state": None, "n_documents": n}
    exact_class, words, counts = _read_texts(texts, normalize=normalize, words=near,
                                             show_progress=show_progress)
    uf = _UnionFind(n)
    for i in np.flatnonzero(exact_class >= 0).tolist():
        uf.union(int(exact_class[i]), i)
    similarity = np.ones(n, dtype=np.float64)
    if not near:
        return np.array([uf.find(i) for i in range(n)], dtype=np.int64), exact_class, \
            similarity, info

    distinct = np.flatnonzero(exact_class == np.arange(n))  # first of each distinct text
    bands, rows = _choose_bands(threshold, num_perm)
    info.update(shingle_size=shingle_size, num_perm=num_perm, bands=bands, rows=rows,
                random_state=random_state)
    shingles, offsets = _shingle_hashes(words, counts, shingle_size)
    a, b = _hash_parameters(num_perm, random_state)
    with tqdm(total=distinct.size, desc="duplicates: minhash", unit="doc",
              disable=not show_progress, leave=False) as bar:
        signatures = _minhash_signatures(shingles >> np.uint64(32), offsets, a, b, progress=bar)
    pairs = _candidate_pairs(signatures, bands, rows)
    info.update(n_candidate_pairs=int(pairs.shape[0]))
    if pairs.size:
        slack = 4.0 * np.sqrt(threshold * (1.0 - threshold) / num_perm) + 1.0 / num_perm
        estimate = np.concatenate([
            (signatures[chunk[:, 0]] == signatures[chunk[:, 1]]).mean(axis=1)
            for chunk in np.array_split(pairs, max(1, pairs.shape[0] // 50_000))])
        pairs = pairs[estimate >= threshold - slack]
    sets: dict[int, np.ndarray] = {}

    def jaccard(i: int, j: int) -> float:
        for d in (i, j):
            if d not in sets:
                sets[d] = np.unique(shingles[offsets[d]:offsets[d + 1]])
        common = np.intersect1d(sets[i], sets[j], assume_unique=True).size
        return common / (sets[i].size + sets[j].size - common)

    n_verified = 0
    for i, j in pairs.tolist():
        gi, gj = int(distinct[i]), int(distinct[j])
        if uf.find(gi) != uf.find(gj) and jaccard(i, j) >= threshold:
            uf.union(gi, gj)  # pairs already connected are skipped: they cannot change a group
            n_verified += 1
    info.update(n_verified_pairs=n_verified)

    root = np.array([uf.find(i) for i in range(n)], dtype=np.int64)
    local = np.full(n, -1, dtype=np.int64)
    local[distinct] = np.arange(distinct.size)
    for i in np.flatnonzero(exact_class != exact_class[root]).tolist():
        similarity[i] = jaccard(int(local[exact_class[root[i]]]), int(local[exact_class[i]]))
    return root, exact_class, similarity, info


def _read_texts(texts: list[str], *, normalize: bool, words: bool, show_progress: bool
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Normalise and hash every text, batch by batch.

    Returns ``(exact_class, words, counts)``: ``exact_class[i]`` is the earliest text with the same
    normalised text as text *i* (``-1`` when empty); ``words`` holds the word hashes of every first
    occurrence (``exact_class[i] == i``) back to back, ``counts`` their number per such text (both
    empty unless ``words``).
    """
    n = len(texts)
    exact_class = np.full(n, -1, dtype=np.int64)
    first_with_digest: dict[bytes, int] = {}
    word_parts, count_parts = [np.empty(0, np.uint64)], [np.empty(0, np.int64)]
    with tqdm(total=n, desc="duplicates: normalising", unit="doc", disable=not show_progress,
              leave=False) as bar:
        for batch_start, batch_stop in _batches(texts):
            codes, starts, ends = _normalize_batch(texts[batch_start:batch_stop],
                                                   normalize=normalize)
            spans = zip(range(batch_start, batch_stop), starts.tolist(), ends.tolist())
            for i, start, end in spans:
                if end > start:
                    digest = hashlib.blake2b(codes[start:end].tobytes(), digest_size=16).digest()
                    exact_class[i] = first_with_digest.setdefault(digest, i)
            if words:
                hashes, counts = _word_hashes(codes, starts, ends)
                keep = exact_class[batch_start:batch_stop] == np.arange(batch_start, batch_stop)
                word_parts.append(hashes[np.repeat(keep, counts)])
                count_parts.append(counts[keep])
            bar.update(batch_stop - batch_start)
    return exact_class, np.concatenate(word_parts), np.concatenate(count_parts)


def _batches(texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` ranges of consecutive texts holding about ``_BATCH_CHARS`` characters."""
    start, size = 0, 0
    for i, text in enumerate(texts):
        size += len(text)
        if size >= _BATCH_CHARS:
            yield start, i + 1
            start, size = i + 1, 0
    if start < len(texts):
        yield start, len(texts)


def _frame(ids: list[str], root: np.ndarray, exact_class: np.ndarray, similarity: np.ndarray
           ) -> tuple[pd.DataFrame, np.ndarray]:
    """The tidy table of groups and, aligned with its rows, each row's position in the input."""
    n = root.size
    group_size = np.bincount(root, minlength=n)
    members = np.flatnonzero(group_size[root] > 1)
    members = members[np.lexsort((members, root[members]))]
    roots = root[members]
    is_first = roots == members
    group = np.unique(roots, return_inverse=True)[1].astype(np.int64).reshape(-1)
    exact = exact_class[members] == exact_class[roots]
    near_group = np.zeros(n, dtype=bool)
    near_group[roots[~exact]] = True
    kind = np.where(is_first, ~near_group[roots], exact)
    frame = pd.DataFrame({
        "doc_id": pd.Series([ids[i] for i in members], dtype="str"),
        "group": group,
        "is_first": is_first,
        "kind": pd.Series(np.where(kind, "exact", "near").tolist(), dtype="str"),
        "similarity": similarity[members].astype(np.float64),
        "n_in_group": group_size[roots].astype(np.int64),
    })
    return frame, members


def _duplicates(texts: Sequence[str], ids: Sequence[str] | None, threshold: float,
                shingle_size: int, num_perm: int, method: str, normalize: bool,
                random_state: int, show_progress: bool | None) -> tuple[pd.DataFrame, np.ndarray]:
    _check_options(threshold, shingle_size, num_perm, method, random_state)
    texts = _as_texts(texts)
    ids = _as_ids(ids, len(texts))
    if show_progress is None:
        show_progress = bool(getattr(sys.stderr, "isatty", lambda: False)())
    started = time.perf_counter()
    root, exact_class, similarity, info = _group(
        texts, threshold=float(threshold), shingle_size=int(shingle_size), num_perm=int(num_perm),
        method=method, normalize=bool(normalize), random_state=int(random_state),
        show_progress=bool(show_progress))
    frame, members = _frame(ids, root, exact_class, similarity)
    frame.attrs["duplicates"] = info
    first = frame.loc[frame["is_first"]]
    logger.info("%d documents: %d duplicate groups (%d with near duplicates), %d documents to "
                "drop, in %.1f s", len(texts), len(first), int((first["kind"] == "near").sum()),
                int((~frame["is_first"]).sum()), time.perf_counter() - started)
    return frame, members


def find_duplicates(texts: Sequence[str], *, ids: Sequence[str] | None = None,
                    threshold: float = 0.8, shingle_size: int = 5, num_perm: int = 128,
                    method: Literal["minhash", "exact"] = "minhash", normalize: bool = True,
                    random_state: int = 0, show_progress: bool | None = None) -> pd.DataFrame:
    """Find groups of exact and near-duplicate texts (method and references: module docstring).

    Parameters
    ----------
    texts : sequence of str
        The documents. Missing values (``None``, ``NaN``) count as empty; empty documents (also
        after normalisation) are never duplicates.
    ids : sequence of str, optional
        One unique id per text; default ``"0", "1", ...`` (the position).
    threshold : float, default 0.8
        Smallest Jaccard similarity of the word-shingle sets of two near duplicates.
    shingle_size : int, default 5
        Words per shingle. Smaller values find looser copies (and more false friends).
    num_perm : int, default 128
        Hash functions in each MinHash signature (at least 2).
    method : {"minhash", "exact"}, default "minhash"
        ``"exact"`` finds only texts identical after normalisation; ``"minhash"`` finds those and
        near duplicates.
    normalize : bool, default True
        Compare normalised texts (see the module docstring); ``False`` compares texts with only
        whitespace collapsed.
    random_state : int, default 0
        Seed of the MinHash hash functions. Results are deterministic for a given seed.
    show_progress : bool, optional
        Show tqdm progress bars; default: only when stderr is a terminal.

    Returns
    -------
    pandas.DataFrame
        One row per document that has at least one duplicate, sorted by group then input order:

        ``doc_id`` (str); ``group`` (int, 0, 1, ... in order of first appearance); ``is_first``
        (bool, the representative kept: the group's earliest document); ``kind`` (str: ``"exact"``
        when the document's normalised text equals the representative's, else ``"near"``; the
        representative's row carries ``"near"`` when any member is only a near duplicate);
        ``similarity`` (float, exact Jaccard similarity of the shingle sets to the representative,
        1.0 for exact copies; members joined through another member may fall below ``threshold``);
        ``n_in_group`` (int). ``attrs["duplicates"]`` records the parameters, the banding chosen and
        the number of candidate and verified pairs.

    Raises
    ------
    ValueError
        For an unknown ``method`` or out-of-range ``threshold``, ``shingle_size``, ``num_perm``,
        or when ``ids`` and ``texts`` differ in length.
    DuplicateIdError
        When ``ids`` are not unique.
    TypeError
        When a text is neither a string nor missing.

    Examples
    --------
    >>> story = ("the ministry of interior announced on tuesday that security forces arrested "
    ...          "eleven suspects in three provinces after a months long investigation into a "
    ...          "network that financed and recruited fighters abroad the spokesman said the "
    ...          "suspects would be referred to the specialised criminal court and that the "
    ...          "investigation was continuing with the help of citizens who reported suspicious "
    ...          "activity to the authorities")
    >>> texts = ["Riyadh, SPA -- " + story, "Unrelated text about football.",
    ...          "Jeddah (SPA) " + story + " (Source: SPA)"]
    >>> find_duplicates(texts, ids=["a", "b", "c"])
      doc_id  group  is_first  kind  similarity  n_in_group
    0      a      0      True  near    1.000000           2
    1      c      0     False  near    0.935484           2
    """
    frame, _ = _duplicates(texts, ids, threshold, shingle_size, num_perm, method, normalize,
                           random_state, show_progress)
    return frame


def duplicate_mask(texts: Sequence[str], *, ids: Sequence[str] | None = None,
                   threshold: float = 0.8, shingle_size: int = 5, num_perm: int = 128,
                   method: Literal["minhash", "exact"] = "minhash", normalize: bool = True,
                   random_state: int = 0, show_progress: bool | None = None) -> np.ndarray:
    """Boolean mask of the documents to drop: every group member except the first.

    Takes the same parameters as :func:`find_duplicates`; ``texts[~mask]`` keeps one document
    per group and every document without duplicates.

    Examples
    --------
    >>> duplicate_mask(["Same text.", "other", "same   TEXT"]).tolist()
    [False, False, True]
    """
    frame, members = _duplicates(texts, ids, threshold, shingle_size, num_perm, method, normalize,
                                 random_state, show_progress)
    mask = np.zeros(frame.attrs["duplicates"]["n_documents"], dtype=bool)
    mask[members[~frame["is_first"].to_numpy(dtype=bool)]] = True
    return mask
