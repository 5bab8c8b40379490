"""The supervised baseline :func:`toolkit.frames.validate` reports beside a dictionary.

Per language: TF-IDF of the toolkit's tokens (word 1-2-grams and in-word character 2-4-grams,
each block l2-normalised, features seen in at least 2 training units) and one balanced logistic
regression per frame, whose C is chosen by an inner stratified 3-fold search on F1; predictions
are out-of-fold from a shuffled 5-fold split, so every gold unit is predicted by a model that
never saw it. A fixed C overfits the ~100 units of a gold file (every held-out score falls below
the decision threshold), which is why C is searched. Deterministic for a given ``random_state``.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from toolkit.text import Preprocessor
>>> units = pd.DataFrame({"lang": ["en"] * 6, "text": ["army troops", "troops army", "army", "money funds",
...                                                    "funds money", "money"]})
>>> y = np.array([[1, 0], [1, 0], [1, 0], [0, 1], [0, 1], [0, 1]], dtype=bool)
>>> scores, summary = cross_validated_baseline(units, y, ["military", "financial"], Preprocessor(), ["en"], 0)
>>> list(summary["lang"]), int(summary["n_splits"].iloc[0])
(['en', 'all'], 5)
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.frames import metrics
from toolkit.text.preprocess import Preprocessor

__all__ = ["BASELINE_CS", "BASELINE_METHOD", "cross_validated_baseline"]

logger = logging.getLogger(__name__)

ALL = "all"  #: ``lang`` value of the rows pooling every language
BASELINE_CS = (0.01, 0.1, 1.0)
BASELINE_METHOD = ("per language: TF-IDF (min_df=2) of Preprocessor word 1-2-grams and in-word character "
                   "2-4-grams; one logistic regression per frame (class_weight='balanced', liblinear), C in "
                   f"{list(BASELINE_CS)} chosen by inner 3-fold CV on F1; out-of-fold predictions of a "
                   "shuffled 5-fold KFold")


def _identity(doc: list[str]) -> list[str]:
    return doc


def _features(tokens: list[str]) -> tuple[list[str], list[str]]:
    words = tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
    chars = []
    for tok in tokens:
        padded = f" {tok} "
        for n in (2, 3, 4):
            chars.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return words, chars


def _fit_frame(x: Any, y: np.ndarray, random_state: int | None) -> Any:
    """Logistic regression for one frame, its C chosen by inner stratified CV on F1 when possible.

    Candidates are tried in order (strongest regularisation first), so ties go to the smaller C.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    def model(c: float) -> LogisticRegression:
        return LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=random_state)

    inner = min(3, int(y.sum()), int((~y).sum()))
    best_c = 1.0
    if inner >= 2:
        splits = list(StratifiedKFold(inner, shuffle=True, random_state=random_state).split(np.zeros(len(y)), y))
        best = -1.0
        for c in BASELINE_CS:
            f1s = []
            for tr, te in splits:
                p = model(c).fit(x[tr], y[tr]).predict(x[te]).astype(bool)
                f1s.append(metrics.f1_from_counts((p & y[te]).sum(), (p & ~y[te]).sum(), (~p & y[te]).sum()))
            if np.mean(f1s) > best:
                best, best_c = float(np.mean(f1s)), c
    return model(best_c).fit(x, y)


def _tfidf(train: list[list[str]], test: list[list[str]]) -> tuple[Any, Any]:
    """TF-IDF of features seen in >= 2 training units (>= 1 if none is; zero columns if no features)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    for min_df in (2, 1):
        vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=min(min_df, len(train)))
        try:
            return vec.fit_transform(train), vec.transform(test)
        except ValueError as err:  # "After pruning, no terms remain" / "empty vocabulary"
            logger.debug("baseline TF-IDF with min_df=%d: %s", min_df, err)
    return sparse.csr_matrix((len(train), 1)), sparse.csr_matrix((len(test), 1))


def _baseline_predict(docs: list[tuple[list[str], list[str]]], y: np.ndarray, *, n_splits: int,
                      random_state: int | None) -> np.ndarray:
    """Out-of-fold predictions (units x frames) of the baseline for one language."""
    from sklearn import config_context
    from sklearn.model_selection import KFold

    pred = np.zeros_like(y, dtype=bool)
    # TF-IDF values are finite: skip scikit-learn's per-call checks (hundreds of small fits)
    with config_context(assume_finite=True, skip_parameter_validation=True):
        for train, test in KFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(np.arange(len(docs))):
            # word n-grams and character n-grams, each block l2-normalised on its own
            blocks = [_tfidf([docs[i][part] for i in train], [docs[i][part] for i in test]) for part in (0, 1)]
            x_train = sparse.hstack([a for a, _ in blocks]).tocsr()
            x_test = sparse.hstack([b for _, b in blocks]).tocsr()
            for j in range(y.shape[1]):
                y_train = y[train, j]
                if y_train.min() == y_train.max():  # one class only in this training fold
                    pred[test, j] = bool(y_train[0])
                else:
                    pred[test, j] = _fit_frame(x_train, y_train, random_state).predict(x_test).astype(bool)
    return pred


def cross_validated_baseline(units: pd.DataFrame, y_true: np.ndarray, frames: Sequence[str], pre: Preprocessor,
                             langs: Sequence[str], random_state: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Out-of-fold scores of the baseline per language (and pooled), and a summary per language.

    ``units`` has ``lang`` and ``text``; ``y_true`` is the units x frames gold indicator matrix.
    """
    lang_arr = units["lang"].to_numpy(object)
    y_base = np.zeros_like(y_true)
    groups, rows = [], []
    for lang in langs:
        idx = np.flatnonzero(lang_arr == lang)
        n_splits = min(5, len(idx))
        if n_splits < 2:
            logger.warning("baseline skipped for lang=%r: cross-validation needs at least 2 units, got %d", lang, len(idx))
            rows.append({"lang": lang, "n_units": len(idx), "n_splits": 0, "macro_f1": np.nan, "micro_f1": np.nan})
            continue
        docs = [_features(pre(units["text"].iloc[i], lang)) for i in idx]
        y_base[idx] = _baseline_predict(docs, y_true[idx], n_splits=n_splits, random_state=random_state)
        groups.append((lang, idx, n_splits))
    if groups:  # pooled over the languages the baseline could be run on
        groups.append((ALL, np.concatenate([idx for _, idx, _ in groups]), None))
    tables = []
    for lang, idx, n_splits in groups:
        tables.append(metrics.scores(y_true[idx], y_base[idx], labels=list(frames)).reset_index(names="frame")
                      .assign(lang=lang))
        avg = metrics.averages(y_true[idx], y_base[idx])
        rows.append({"lang": lang, "n_units": len(idx), "n_splits": n_splits, "macro_f1": avg["macro_f1"],
                     "micro_f1": avg["micro_f1"]})
    cols = ["lang", "frame", "precision", "recall", "f1", "kappa", "support", "tp", "fp", "fn", "tn"]
    scores = pd.concat(tables, ignore_index=True)[cols] if tables else pd.DataFrame(columns=cols)
    summary = pd.DataFrame(rows, columns=["lang", "n_units", "n_splits", "macro_f1", "micro_f1"])
    order = {lang: i for i, lang in enumerate((*langs, ALL))}
    summary = summary.sort_values("lang", key=lambda col: col.map(order), kind="stable").reset_index(drop=True)
    return scores, summary.astype({"n_units": "int64", "n_splits": "Int64"})
