"""Normalise + tokenise throughput on Arabic (ANT) and English (UN General Debates), side by side.

Alternatives run in the same process on the same texts:

* ``str.split`` — the floor: no normalisation, whitespace tokens;
* scikit-learn's default analyzer (``CountVectorizer().build_analyzer()``: lower-case +
  ``(?u)\\b\\w\\w+\\b``), what most Python pipelines use without thinking about Arabic;
* pyarabic (``araby.strip_tashkeel`` + ``normalize_hamza`` + ``tokenize``) and a spaCy blank
  tokenizer (``spacy.blank("ar"/"en")``), only where installed (neither is a dependency);
* toolkit: ``normalize`` then ``tokenize`` with ``clitics="none"`` and ``"conservative"``.

Reports MB/s (UTF-8 bytes of input) and tokens/s, best of ``--repeat`` runs (default 3) on one
core. Run from the project root:  ``.venv/bin/python benchmarks/bench_text.py``
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"


def load_texts(max_mb: float) -> dict[str, list[str]]:
    from toolkit.corpus import read_corpus

    ant = read_corpus(SHARED / "ant_corpus_ar", layout="ant", show_progress=False).texts.tolist()
    ungdc = read_corpus(SHARED / "ungdc", layout="ungdc", show_progress=False)
    english = ungdc.subset("year >= 2000").texts.tolist()
    out = {}
    for lang, texts in (("ar", ant), ("en", english)):
        kept, size = [], 0
        for text in texts:
            kept.append(text)
            size += len(text.encode("utf-8"))
            if size >= max_mb * 1e6:
                break
        out[lang] = kept
    return out


def pipelines(lang: str) -> dict[str, Callable[[str], list[str]]]:
    from sklearn.feature_extraction.text import CountVectorizer

    from toolkit.text import normalize, tokenize

    found: dict[str, Callable[[str], list[str]]] = {
        "str.split (floor)": str.split,
        "sklearn default analyzer": CountVectorizer().build_analyzer(),
        "toolkit normalize+tokenize": lambda t: tokenize(normalize(t, lang), lang),
        "toolkit + clitics='conservative'": lambda t: tokenize(normalize(t, lang), lang, clitics="conservative"),
    }
    try:
        from pyarabic import araby

        found["pyarabic strip_tashkeel+normalize_hamza+tokenize"] = (
            lambda t: araby.tokenize(araby.normalize_hamza(araby.strip_tashkeel(t))))
    except ImportError:
        pass
    try:
        import spacy

        nlp = spacy.blank(lang)
        found["spaCy blank tokenizer"] = lambda t: [tok.text for tok in nlp.tokenizer(t)]
    except ImportError:
        pass
    return found


def run(texts: list[str], fn: Callable[[str], list[str]], repeat: int) -> tuple[float, int]:
    best, n_tokens = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        n_tokens = sum(len(fn(text)) for text in texts)
        best = min(best, time.perf_counter() - start)
    return best, n_tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-mb", type=float, default=15.0, help="MB of text per language")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    corpora = load_texts(args.max_mb)
    rows = []
    for lang, texts in corpora.items():
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        print(f"\n{lang}: {len(texts):,} documents, {mb:.1f} MB; best of {args.repeat}")
        print(f"{'pipeline':50} {'seconds':>8} {'MB/s':>7} {'Mtok/s':>7} {'tokens':>11}")
        for name, fn in pipelines(lang).items():
            seconds, n_tokens = run(texts, fn, args.repeat)
            row = {"lang": lang, "pipeline": name, "seconds": round(seconds, 3), "mb_per_s": round(mb / seconds, 1),
                   "tokens_per_s": round(n_tokens / seconds), "tokens": n_tokens}
            rows.append(row)
            print(f"{name:50} {seconds:8.2f} {row['mb_per_s']:7.1f} {n_tokens / seconds / 1e6:7.2f} {n_tokens:11,}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
