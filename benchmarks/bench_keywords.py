"""Keyness over a 100,000-type vocabulary, and collocations on the UN General Debates against NLTK.

1. ``keyness`` (G2, Log Ratio, Benjamini-Hochberg) on a synthetic DTM of 4,000 documents and
   100,000 types with Zipfian frequencies, target = half the documents, against the per-word
   loop a researcher writes (``scipy.stats.chi2_contingency(..., lambda_="log-likelihood")`` on
   each word's 2x2 table, here on the first 2,000 words and scaled to the vocabulary), with the
   statistics compared on those words.
2. ``collocations`` of "terrorism" on all UN General Debate speeches, tokens made once by
   toolkit's Preprocessor and given to both sides: toolkit with ``span=(0, 1)`` and Evert's
   nominal window size (NLTK's definition) against ``nltk.collocations.BigramCollocationFinder
   .from_documents`` + ``score_ngrams``; time and the largest relative difference of each score
   (PMI, G2 = NLTK's likelihood_ratio, chi-square, t, Dice) over the node's collocates.

Run from the project root: ``.venv/bin/python benchmarks/bench_keywords.py [--json out.json]``
(needs ``../shared/corpora/ungdc``; about 5 minutes on 2 cores, most of it NLTK and tokenising).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse, stats

ROOT = Path(__file__).resolve().parents[1]
UNGDC = ROOT.parent / "shared" / "corpora" / "ungdc"


def synthetic_dtm(n_docs: int = 4000, n_types: int = 100_000, tokens_per_doc: int = 1500, seed: int = 0):
    from toolkit.dtm import DTM
    from toolkit.text import Preprocessor

    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, n_types + 1) ** 1.05
    p /= p.sum()
    rows, cols = [], []
    for d in range(n_docs):
        words = rng.choice(n_types, size=tokens_per_doc, p=p)
        rows.append(np.full(tokens_per_doc, d))
        cols.append(words)
    counts = sparse.csr_matrix((np.ones(n_docs * tokens_per_doc, dtype=np.int64),
                                (np.concatenate(rows), np.concatenate(cols))), shape=(n_docs, n_types))
    counts.sum_duplicates()
    docvars = pd.DataFrame({"half": np.where(np.arange(n_docs) < n_docs // 2, "a", "b")},
                           index=pd.Index([f"d{i}" for i in range(n_docs)], name="doc_id"))
    return DTM(counts, np.array([f"w{i}" for i in range(n_types)], dtype=object), docvars, Preprocessor())


def bench_keyness() -> dict[str, float]:
    from toolkit.keywords import keyness

    m = synthetic_dtm()
    start = time.perf_counter()
    table = keyness(m, "half == 'a'", measure="g2", effect="log_ratio", adjust="bh")
    ours = time.perf_counter() - start
    # the loop, on the first 2,000 words (by column), scaled to the vocabulary
    a = np.asarray(m.counts[: m.n_docs // 2].sum(axis=0)).ravel()
    b = np.asarray(m.counts[m.n_docs // 2:].sum(axis=0)).ravel()
    ta, tb = a.sum(), b.sum()
    sample = [j for j in range(m.n_features) if a[j] + b[j] > 0][:2000]
    start = time.perf_counter()
    loop = {}
    for j in sample:
        g2, *_ = stats.chi2_contingency([[a[j], b[j]], [ta - a[j], tb - b[j]]], correction=False,
                                        lambda_="log-likelihood")
        loop[m.feature_names[j]] = g2
    per_word = (time.perf_counter() - start) / len(sample)
    mine = table.set_index("feature").loc[list(loop), ["statistic"]]
    theirs = pd.Series(loop)
    # toolkit's g2 is the 2-term form signed; the scipy G-test is the 4-term form: compare with g2_4term
    four = keyness(m, "half == 'a'", measure="g2_4term").set_index("feature").loc[list(loop), "statistic"].abs()
    gap = float(np.max(np.abs(four.to_numpy() - theirs.to_numpy()) / np.maximum(theirs.to_numpy(), 1e-12)))
    n_types = int((a + b > 0).sum())
    print(f"keyness: {m.n_docs:,} documents, {n_types:,} types, {int(ta + tb):,} tokens")
    print("| implementation | seconds | x toolkit |\n|---|---|---|")
    print(f"| toolkit `keyness` (G2, Log Ratio, BH; whole vocabulary) | {ours:.2f} | 1 |")
    print(f"| scipy `chi2_contingency` per word (G-test), {len(sample):,} words timed, scaled to {n_types:,} | "
          f"{per_word * n_types:.1f} | {per_word * n_types / ours:.0f} |")
    print(f"4-term G2 equal to scipy's G-test on those words: largest relative difference {gap:.1e}")
    del mine
    return {"keyness_s": ours, "loop_s_scaled": per_word * n_types, "types": n_types, "g2_max_rel_gap": gap}


def bench_collocations() -> dict[str, float]:
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    from toolkit.corpus import read_corpus
    from toolkit.keywords import collocations
    from toolkit.text import Preprocessor

    corpus = read_corpus(UNGDC, layout="ungdc", show_progress=False)
    prep = Preprocessor()
    start = time.perf_counter()
    docs = [prep(text, "en") for text in corpus.texts.tolist()]
    tokenise = time.perf_counter() - start
    n_tokens = sum(map(len, docs))

    start = time.perf_counter()
    table = collocations(docs, "terrorism", span=(0, 1), span_size="nominal", min_count=1)
    ours = time.perf_counter() - start

    start = time.perf_counter()
    finder = BigramCollocationFinder.from_documents(docs)
    finder.apply_ngram_filter(lambda w1, w2: w1 != "terrorism")
    scores = {name: dict(finder.score_ngrams(getattr(BigramAssocMeasures, name)))
              for name in ("pmi", "likelihood_ratio", "chi_sq", "student_t", "dice")}
    theirs = time.perf_counter() - start

    gaps = {}
    for ours_name, their_name in (("pmi", "pmi"), ("g2", "likelihood_ratio"), ("chi2", "chi_sq"),
                                  ("t", "student_t"), ("dice", "dice")):
        ref = np.array([scores[their_name][("terrorism", c)] for c in table["collocate"]])
        val = table[ours_name].to_numpy(dtype=float)
        gaps[ours_name] = float(np.nanmax(np.abs(val - ref) / np.maximum(np.abs(ref), 1e-300)))
    print(f"\ncollocations of 'terrorism' (next word), UN General Debates: {len(docs):,} speeches, "
          f"{n_tokens:,} tokens (tokenised once in {tokenise:.0f} s, outside both timings), "
          f"{len(table):,} collocates")
    print("| implementation | seconds | x toolkit |\n|---|---|---|")
    print(f"| toolkit `collocations` (7 measures) | {ours:.1f} | 1 |")
    print(f"| NLTK `BigramCollocationFinder.from_documents` + 5 `score_ngrams` | {theirs:.1f} | {theirs / ours:.0f} |")
    print("largest relative difference per score: " + ", ".join(f"{k} {v:.1e}" for k, v in gaps.items()))
    return {"collocations_s": ours, "nltk_s": theirs, "tokenise_s": tokenise, "n_tokens": n_tokens,
            "n_collocates": len(table), **{f"gap_{k}": v for k, v in gaps.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file ('-': print them)")
    parser.add_argument("--skip-collocations", action="store_true", help="only the keyness part")
    args = parser.parse_args()
    results = bench_keyness()
    if not args.skip_collocations:
        if not UNGDC.is_dir():
            sys.exit("collocations need ../shared/corpora/ungdc beside the project")
        results.update(bench_collocations())
    if args.json:
        text = json.dumps(results, indent=2)
        print(text) if str(args.json) == "-" else args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
