"""Topic models, K = 20 on the UN General Debates: toolkit ``TopicModel`` against scikit-learn and gensim.

All speeches (or ``--max-docs`` of them, drawn at random) become one document-term matrix made by
toolkit's ``dtm`` (``Preprocessor(lang="en", stop_words=True)``, ``min_df=5``); a share
``--held-out`` of the documents is set aside (``toolkit.topics.split_held_out``) and every model is
fitted on the same training matrix, side by side in one process, one BLAS thread:

* toolkit ``TopicModel(20, random_state=0)`` with its defaults (batch variational Bayes, as of
  commit 650ae75 started from the SVD of the TF-IDF matrix, ``max_iter=100``, ``tol=1e-4``; the
  row's label lists the parameters in force);
* scikit-learn ``LatentDirichletAllocation(n_components=20, random_state=0)``: its defaults, which
  since scikit-learn 0.20 are ``learning_method="batch"``, ``max_iter=10``;
* the same with ``learning_method="online"`` (minibatches of 128, 10 passes), the other mode
  researchers call;
* gensim ``LdaMulticore(corpus, num_topics=20, id2word=..., workers=1, random_state=0)``, all else
  default (one pass, chunks of 2,000 documents, 50 inner iterations; a master and one worker
  process), and gensim ``LdaModel`` with the same defaults in this process. The bag-of-words
  list they read is built from the same matrix, outside the timing.

All four use the same priors (alpha = eta = 1/K). For each fit: wall-clock seconds, CPU seconds
(this process and its children: gensim's worker), peak memory, NPMI coherence and held-out
perplexity:

* **peak memory**: resident set size (RSS) of this process plus the unique set size (USS) of its
  children (gensim's forked worker: its pages still shared with this process are not counted
  twice), sampled by a thread (psutil; every 10 ms, children every 50 ms) during the fit, minus
  the same just before it (after ``gc.collect()`` and glibc's ``malloc_trim``): the memory the
  fit added, the training matrix and the token lists being loaded already.
* **NPMI**: ``toolkit.topics.coherence(top-10 words, texts, measure="c_npmi")`` (gensim's c_npmi:
  sliding windows of 10 tokens), texts = the training speeches tokenised by the same preprocessor,
  top words from each model's topic-word parameters lambda.
* **held-out perplexity**: document completion (Wallach et al. 2009) on the held-out speeches:
  each one's tokens split in two halves, its topic proportions estimated from the first half with
  the model's topics fixed, the second half scored. The proportions come from one inference for
  every model (toolkit's E-step, alpha = 1/K, started at gamma = 1 as scikit-learn's
  ``transform``), so the figure compares the topics each library learned, not their inference
  routines; for toolkit's model this is exactly ``toolkit.topics.held_out_perplexity``.

Then toolkit runs again with ``max_iter`` = 1, 2, 3, ... (``tol=0``) until its NPMI reaches the
NPMI of the fastest competitor: the toolkit row to compare with that competitor's time.

Run from the project root: ``.venv/bin/python benchmarks/bench_topics.py [--max-docs N] [--json out.json]``
(needs ``../shared/corpora/ungdc``, scikit-learn, gensim and psutil, all in the ``test`` extra;
about 15 minutes on a quiet 2-core machine for the whole corpus, 3-4 minutes with
``--max-docs 1500``; ``--skip`` leaves rows out).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import ctypes
import gc
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Self

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
UNGDC = ROOT.parent / "shared" / "corpora" / "ungdc"
K = 20
TOP_N = 10
SEED = 0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------- measuring
class Monitor:
    """Peak memory and CPU time of this process and its children, sampled by a thread.

    Memory is this process's resident set size (RSS) plus each child's unique set size (USS: the
    pages only the child holds), so that a forked worker's pages still shared with this process
    (copy-on-write) are not counted twice. CPU time is this process's plus each child's as last
    sampled (gensim's worker is terminated, not reaped, when its model is done). This process is
    sampled every 10 ms, its children every 50 ms.
    """

    def __init__(self, interval: float = 0.01) -> None:
        import psutil

        self.process = psutil.Process()
        self.interval = interval
        self.peak = 0
        self.children_uss = 0
        self.child_cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def memory(self, children: bool = True) -> int:
        import psutil

        total = self.process.memory_info().rss
        if not children:
            return total + self.children_uss
        self.children_uss = 0
        for child in self.process.children(recursive=True):
            try:
                self.children_uss += child.memory_full_info().uss
                cpu = child.cpu_times()
                self.child_cpu[child.pid] = cpu.user + cpu.system
            except psutil.Error:  # the child ended between listing and reading: nothing more to add
                continue
        return total + self.children_uss

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            # reading a child's USS costs ~1 ms (smaps_rollup): children every 5th sample
            self.peak = max(self.peak, self.memory(children=tick % 5 == 0))
            tick += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> Self:
        self.peak = self.memory()
        self.child_cpu.clear()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.memory())


def release_memory() -> None:
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # not glibc: freed memory may stay mapped, and later peaks read a little low
        pass


@dataclass
class Fit:
    name: str
    components: np.ndarray  # lambda (K, V)
    seconds: float
    cpu_seconds: float
    peak_mb: float
    n_iter: int | None
    extra: dict[str, Any] = field(default_factory=dict)
    npmi: float = float("nan")
    perplexity: float = float("nan")


def timed(name: str, fit: Callable[[], tuple[np.ndarray, int | None, dict[str, Any]]]) -> Fit:
    release_memory()
    with Monitor() as mem:
        base = mem.peak
        cpu0 = time.process_time()
        start = time.perf_counter()
        components, n_iter, extra = fit()
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu0
    cpu += sum(mem.child_cpu.values())
    result = Fit(name, np.asarray(components, dtype=np.float64), seconds, cpu, (mem.peak - base) / 2**20, n_iter, extra)
    log(f"  {name}: {seconds:.1f} s wall, {cpu:.1f} s CPU, +{result.peak_mb:.0f} MB, {n_iter} iterations")
    return result


# ---------------------------------------------------------------------- data
@dataclass
class Data:
    train: Any  # DTM of the training documents
    texts: list[list[str]]  # their tokens
    observed: sparse.csr_matrix
    scored: sparse.csr_matrix
    n_docs: int
    prepare_seconds: float


def load(max_docs: int | None, held_out: float) -> Data:
    from toolkit.corpus import read_corpus
    from toolkit.dtm import dtm
    from toolkit.text import Preprocessor
    from toolkit.topics import split_held_out

    start = time.perf_counter()
    corpus = read_corpus(UNGDC, layout="ungdc", show_progress=False)
    if max_docs is not None and max_docs < len(corpus):
        corpus = corpus.sample(max_docs, random_state=SEED)
    pre = Preprocessor(lang="en", stop_words=True)
    log(f"tokenising {len(corpus):,} speeches ...")
    m = dtm(corpus, preprocessor=pre, min_df=5)
    texts = [pre(text, "en") for text in corpus.texts.tolist()]
    test, observed, scored = split_held_out(m.counts, held_out=held_out, random_state=SEED)
    keep = ~np.isin(np.arange(m.n_docs), test)
    train = m.subset(mask=keep)
    texts = [t for t, k in zip(texts, keep) if k]
    return Data(train, texts, observed, scored, m.n_docs, time.perf_counter() - start)


# ---------------------------------------------------------------------- the fits
def fit_toolkit(data: Data, **params: Any) -> Callable[[], tuple[np.ndarray, int | None, dict[str, Any]]]:
    from toolkit.topics import TopicModel

    def run() -> tuple[np.ndarray, int | None, dict[str, Any]]:
        model = TopicModel(K, random_state=SEED, **params).fit(data.train)
        return model.components_, model.n_iter_, {"converged": model.converged_, "model": model}
    return run


def fit_sklearn(data: Data, **params: Any) -> Callable[[], tuple[np.ndarray, int | None, dict[str, Any]]]:
    from sklearn.decomposition import LatentDirichletAllocation

    X = data.train.counts

    def run() -> tuple[np.ndarray, int | None, dict[str, Any]]:
        lda = LatentDirichletAllocation(n_components=K, random_state=SEED, **params).fit(X)
        return lda.components_, int(lda.n_iter_), {}
    return run


def fit_gensim(data: Data, *, multicore: bool = True) -> Callable[[], tuple[np.ndarray, int | None, dict[str, Any]]]:
    from gensim.models import LdaModel, LdaMulticore

    X = data.train.counts
    # what a gensim user holds: a list of bag-of-words lists and an id -> word mapping
    corpus = [list(zip(X.indices[X.indptr[i]:X.indptr[i + 1]].tolist(), X.data[X.indptr[i]:X.indptr[i + 1]].tolist()))
              for i in range(X.shape[0])]
    id2word = dict(enumerate(data.train.feature_names.tolist()))

    def run() -> tuple[np.ndarray, int | None, dict[str, Any]]:
        if multicore:
            lda = LdaMulticore(corpus, num_topics=K, id2word=id2word, workers=1, random_state=SEED)
        else:
            lda = LdaModel(corpus, num_topics=K, id2word=id2word, random_state=SEED)
        return lda.state.get_lambda(), None, {"passes": lda.passes, "chunksize": lda.chunksize}
    return run


# ---------------------------------------------------------------------- quality
def top_words(components: np.ndarray, names: np.ndarray) -> list[list[str]]:
    return [names[np.argsort(-row, kind="stable")[:TOP_N]].tolist() for row in components]


def completion_perplexity(components: np.ndarray, observed: sparse.csr_matrix, scored: sparse.csr_matrix) -> float:
    """Document-completion perplexity with one inference for every model (module docstring)."""
    from toolkit.topics._vb import transform_vb

    alpha = np.full(components.shape[0], 1.0 / components.shape[0])
    gamma = transform_vb(sparse.csr_matrix(observed, dtype=np.float64), components, alpha).gamma
    theta = gamma / gamma.sum(axis=1, keepdims=True)
    beta = components / components.sum(axis=1, keepdims=True)
    rows = np.repeat(np.arange(scored.shape[0]), np.diff(scored.indptr))
    prob = np.einsum("ij,ij->i", theta[rows], beta[:, scored.indices].T)
    return float(np.exp(-(scored.data @ np.log(prob)) / scored.sum()))


def score(fit: Fit, data: Data) -> Fit:
    from toolkit.topics import coherence

    start = time.perf_counter()
    fit.npmi = float(coherence(top_words(fit.components, data.train.feature_names), data.texts, measure="c_npmi").mean)
    fit.perplexity = completion_perplexity(fit.components, data.observed, data.scored)
    model = fit.extra.pop("model", None)
    if model is not None:  # the shared evaluator is toolkit's own held-out perplexity
        from toolkit.topics import held_out_perplexity

        own = held_out_perplexity(model, data.observed, data.scored)
        assert abs(own - fit.perplexity) <= 1e-6 * own, (own, fit.perplexity)
    log(f"  {fit.name}: NPMI {fit.npmi:.4f}, held-out perplexity {fit.perplexity:.1f} "
        f"(scored in {time.perf_counter() - start:.1f} s)")
    return fit


# ---------------------------------------------------------------------- report
def commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "toolkit/topics/model.py",
                                 "toolkit/topics/_vb.py"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as error:
        return f"unknown ({error})"
    return out + (" + uncommitted changes in toolkit/topics/model.py or _vb.py" if dirty else "")


def table(fits: list[Fit], fastest: Fit) -> str:
    lines = [("| implementation | iterations | seconds | CPU s | peak MB added | NPMI | held-out perplexity "
              "| seconds ÷ fastest | CPU ÷ fastest | memory ÷ fastest |"),
             "|---|---|---|---|---|---|---|---|---|---|"]
    for f in fits:
        it = "1 pass" if f.n_iter is None else str(f.n_iter)
        lines.append(f"| {f.name} | {it} | {f.seconds:.1f} | {f.cpu_seconds:.1f} | {f.peak_mb:.0f} | {f.npmi:.4f} | "
                     f"{f.perplexity:.1f} | {f.seconds / fastest.seconds:.2f} | "
                     f"{f.cpu_seconds / fastest.cpu_seconds:.2f} | {f.peak_mb / max(fastest.peak_mb, 1e-9):.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-docs", type=int, help="a random sample of this many speeches (default: all)")
    parser.add_argument("--held-out", type=float, default=0.1, help="share of speeches held out (default 0.1)")
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["sklearn-batch", "sklearn-online", "gensim", "gensim-single", "match"],
                        help="leave these rows out")
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file ('-': print them)")
    args = parser.parse_args()
    if not UNGDC.is_dir():
        sys.exit("bench_topics needs ../shared/corpora/ungdc beside the project")

    code = commit()  # before the fits: the modules are imported once, at the first fit
    data = load(args.max_docs, args.held_out)
    n_tokens = int(data.train.counts.sum())
    log(f"{data.train.n_docs:,} training speeches x {data.train.n_features:,} features, {n_tokens:,} tokens; "
        f"{data.observed.shape[0]:,} held out (prepared in {data.prepare_seconds:.0f} s)")

    from toolkit.topics import TopicModel

    defaults = TopicModel(K).get_params()
    shown = ", ".join(f"{k}={defaults[k]!r}" for k in ("solver", "init", "n_init", "max_iter", "tol") if k in defaults)
    fits = [score(timed(f"toolkit `TopicModel` defaults ({shown})", fit_toolkit(data)), data)]
    competitors = []
    if "sklearn-batch" not in args.skip:
        competitors.append(score(timed("scikit-learn `LatentDirichletAllocation` defaults (batch, max_iter=10)",
                                       fit_sklearn(data)), data))
    if "sklearn-online" not in args.skip:
        competitors.append(score(timed("scikit-learn `LatentDirichletAllocation(learning_method=\"online\")`",
                                       fit_sklearn(data, learning_method="online")), data))
    if "gensim" not in args.skip:
        competitors.append(score(timed("gensim `LdaMulticore(workers=1)` defaults (1 pass, chunksize 2000)",
                                       fit_gensim(data)), data))
    if "gensim-single" not in args.skip:
        competitors.append(score(timed("gensim `LdaModel` defaults (one process)", fit_gensim(data, multicore=False)),
                                 data))
    fits += competitors
    fastest = min(competitors, key=lambda f: f.seconds) if competitors else fits[0]
    tried = []
    if competitors and "match" not in args.skip:
        limit = max(fits[0].n_iter or 1, 1)
        for n in range(1, limit + 1):
            f = score(timed(f"toolkit `TopicModel(max_iter={n}, tol=0)`", fit_toolkit(data, max_iter=n, tol=0.0)), data)
            tried.append(f)
            if f.npmi >= fastest.npmi:
                break
        fits.append(tried[-1])

    print(f"\nK = {K} on the UN General Debates: {data.train.n_docs:,} training speeches "
          f"({data.observed.shape[0]:,} held out) x {data.train.n_features:,} features, {n_tokens:,} tokens; "
          f"{date.today()}, commit {code}, BLAS threads 1")
    print(table(fits, fastest))
    if len(tried) > 1:
        print("toolkit by max_iter (tol=0): " + "; ".join(
            f"{f.n_iter}: {f.seconds:.1f} s, NPMI {f.npmi:.4f}, perplexity {f.perplexity:.1f}" for f in tried))
    ours = fits[0]
    match = tried[-1] if tried else None
    if competitors:
        print(f"fastest competitor (wall clock): {fastest.name}: {fastest.seconds:.1f} s ({fastest.cpu_seconds:.1f} s CPU), "
              f"NPMI {fastest.npmi:.4f}; toolkit's defaults take {ours.seconds / fastest.seconds:.2f}x its time "
              f"({ours.cpu_seconds / fastest.cpu_seconds:.2f}x its CPU time) at NPMI {ours.npmi:.4f}")
        if match is not None:
            reached = match.npmi >= fastest.npmi
            print(f"toolkit {'reaches' if reached else 'does not reach'} that NPMI "
                  f"{'at' if reached else 'by'} max_iter={match.n_iter}: {match.seconds / fastest.seconds:.2f}x its time "
                  f"({match.cpu_seconds / fastest.cpu_seconds:.2f}x its CPU time)")
    if args.json:
        results = {"date": str(date.today()), "commit": code, "n_docs": data.n_docs, "n_train": data.train.n_docs,
                   "n_held_out": int(data.observed.shape[0]), "n_features": data.train.n_features, "n_tokens": n_tokens,
                   "fastest": fastest.name,
                   "fits": [{k: v for k, v in vars(f).items() if k != "components"} for f in fits],
                   "toolkit_by_max_iter": [{k: v for k, v in vars(f).items() if k != "components"} for f in tried]}
        text = json.dumps(results, indent=2, default=str)
        print(text) if str(args.json) == "-" else args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
