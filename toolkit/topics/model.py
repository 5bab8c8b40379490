"""The :class:`TopicModel` estimator: LDA (the toolkit's batch VB or scikit-learn's) and NMF, seeded or not.

A :class:`TopicModel` follows the scikit-learn estimator contract (parameters stored by
``__init__``, validated and learned in :meth:`~TopicModel.fit`, fitted attributes ending in
``_``, ``random_state``, :meth:`~TopicModel.transform`) and is fitted on a
:class:`toolkit.dtm.DTM`, so that the fitted document-topic proportions keep the DTM's docvars
(``docvars_``, one row per row of ``doc_topic_``) and the topics keep its feature names.

Examples
--------
>>> from toolkit.dtm import dtm
>>> docs = [{"doc_id": f"d{i}", "text": text, "lang": "en", "year": 2000 + i % 3}
...         for i, text in enumerate(["troops army soldiers attack"] * 6 + ["bank money funds finance"] * 6)]
>>> m = dtm(docs)
>>> model = TopicModel(2, random_state=0).fit(m)
>>> model.doc_topic_.shape, model.docvars_.index[:2].tolist()
((12, 2), ['d0', 'd1'])
>>> sorted(sorted(m.feature_names[model.topic_word_[k].argsort()[-4:]].tolist()) for k in range(2))
[['army', 'attack', 'soldiers', 'troops'], ['bank', 'finance', 'funds', 'money']]
"""

from __future__ import annotations

import contextlib
import logging
import numbers
from collections.abc import Iterator
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from toolkit.errors import invalid_value_message
from toolkit.topics import _vb

__all__ = ["TopicModel"]

logger = logging.getLogger(__name__)

Method = Literal["lda", "nmf"]
Solver = Literal["auto", "vb", "sklearn"]
Init = Literal["nndsvd", "random"]
_METHODS = ("lda", "nmf")
_SOLVERS = ("auto", "vb", "sklearn")
_INITS = ("nndsvd", "random")


# ---------------------------------------------------------------------- inputs
def _as_counts(X: Any, feature_names: Any = None, docvars: Any = None, *, where: str = "fit"
               ) -> tuple[sparse.csr_matrix, np.ndarray | None, pd.DataFrame | None, Any]:
    """``(counts, feature names or None, docvars or None, the DTM or None)`` from a DTM, matrix or DataFrame."""
    from toolkit.dtm import DTM

    dtm = None
    if isinstance(X, DTM):
        if feature_names is not None or docvars is not None:
            raise TypeError(f"{where}: a DTM carries its own feature names and docvars; do not pass "
                            "feature_names= or docvars= with it")
        dtm = X
        counts, names, docvars = X.counts, X.feature_names, X.docvars
    elif isinstance(X, pd.DataFrame):
        names = np.asarray([str(c) for c in X.columns], dtype=object) if feature_names is None else feature_names
        counts = sparse.csr_matrix(X.to_numpy(dtype=np.float64))
    elif sparse.issparse(X) or isinstance(X, np.ndarray):
        if X.ndim != 2:
            raise ValueError(f"{where}: X must be 2-D (documents x features), got shape {X.shape}")
        counts, names = X, feature_names
    else:
        raise TypeError(f"{where}: X must be a toolkit DTM, a scipy sparse matrix or a 2-D numpy array of "
                        f"counts; got {type(X).__name__}. Build one with toolkit.dtm.dtm(corpus)")
    # a copy, indices included: scipy sorts a matrix's indices in place (e.g. in sum()), and the
    # caller's DTM must not change under it
    counts = sparse.csr_matrix(counts, dtype=np.float64, copy=True)
    counts.sort_indices()
    if counts.nnz and (not np.all(np.isfinite(counts.data)) or counts.data.min() < 0):
        raise ValueError(f"{where}: X must hold non-negative finite counts")
    if names is not None:
        names = np.asarray([str(n) for n in names], dtype=object)
        if names.ndim != 1 or len(names) != counts.shape[1]:
            raise ValueError(f"{where}: feature_names has {names.size} names for {counts.shape[1]} columns of X")
    if docvars is not None:
        if not isinstance(docvars, pd.DataFrame):
            raise TypeError(f"{where}: docvars must be a pandas DataFrame, got {type(docvars).__name__}")
        if len(docvars) != counts.shape[0]:
            raise ValueError(f"{where}: docvars has {len(docvars)} rows for {counts.shape[0]} documents; "
                             "give one row per document")
    return counts, names, docvars, dtm


def _int_param(name: str, value: Any, minimum: int, *, none_ok: bool = False) -> None:
    if value is None and none_ok:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"The '{name}' parameter of TopicModel must be an int in the range [{minimum}, inf)"
                         f"{' or None' if none_ok else ''}. Got {value!r} instead.")


def _positive(name: str, value: Any, *, none_ok: bool = True, zero_ok: bool = False) -> None:
    if value is None and none_ok:
        return
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value) \
        and (value >= 0 if zero_ok else value > 0)
    if not ok:
        bound = ">= 0" if zero_ok else "> 0"
        raise ValueError(f"The '{name}' parameter of TopicModel must be a finite number {bound}"
                         f"{' or None' if none_ok else ''}. Got {value!r} instead.")


@contextlib.contextmanager
def _threads(n_jobs: int | None) -> Iterator[None]:
    """Limit BLAS/OpenMP threads to ``n_jobs`` (no limit for None or -1)."""
    if n_jobs is None or n_jobs < 0:
        yield
        return
    with threadpool_limits(limits=int(n_jobs)):
        yield


def _normalise_rows(a: np.ndarray) -> np.ndarray:
    """Rows divided by their sums; an all-zero row becomes uniform."""
    a = np.asarray(a, dtype=np.float64)
    sums = a.sum(axis=1, keepdims=True)
    out = np.divide(a, sums, out=np.full_like(a, 1.0 / a.shape[1]), where=sums > 0)
    return out


# ---------------------------------------------------------------------- estimator
class TopicModel(TransformerMixin, BaseEstimator):
    """Topic model of a document-term matrix: LDA or NMF, optionally seeded with frame words.

    Parameters
    ----------
    n_components : int, default 10
        Number of topics K (seeded and residual together).
    method : {"lda", "nmf"}, default "lda"
        Latent Dirichlet allocation (Blei, Ng & Jordan 2003) by variational Bayes, or non-negative
        matrix factorisation (scikit-learn's ``NMF``, Frobenius loss, ``init="nndsvda"``) of the
        TF-IDF matrix (``TfidfTransformer`` defaults: smooth idf, rows of unit L2 norm).
    solver : {"auto", "vb", "sklearn"}, default "auto"
        For LDA: ``"vb"``, the toolkit's batch variational Bayes (:mod:`toolkit.topics._vb`: the
        updates of scikit-learn's batch mode, vectorised over documents, warm-started, with an
        asymmetric topic-word prior for seeds), or ``"sklearn"``, scikit-learn's
        ``LatentDirichletAllocation(learning_method="batch")``. "auto" is "vb" for LDA and
        scikit-learn for NMF.
    seeds : dictionary, its name or path, or mapping topic -> seed words, optional
        Seed topics (:mod:`toolkit.topics.seeded`): ``"terrorism_frames"`` (the default seeds,
        :data:`toolkit.topics.seeded.DEFAULT_SEEDS`) seeds one topic per frame, in the DTM's
        language(s). None fits an unseeded model. Needs ``method="lda"`` and the "vb" solver.
    seed_weight : float, default 0.1
        Pseudo-count of a seed word in its topic's prior, as a multiple of the word's frequency
        in the training DTM (:func:`toolkit.topics.seeded.seed_prior`; seededlda's default is
        1.0 on this scale, which distorts topics, see :mod:`toolkit.topics.seeded`).
    n_residual : int, optional
        Number of unseeded topics of a seeded model; default ``n_components`` minus the number of
        seed topics. If given, ``n_components`` must equal seed topics + ``n_residual``.
    init : {"nndsvd", "random"}, optional
        How topics start. ``"nndsvd"`` (the default of the "vb" solver and of NMF): from a
        non-negative SVD of the TF-IDF matrix (Boutsidis & Gallopoulos 2008;
        :mod:`toolkit.topics._init`), added to the random start for LDA, ``init="nndsvda"`` for
        NMF. ``"random"``: ``lambda ~ Gamma(100, 0.01)`` only (scikit-learn's and gensim's start;
        NMF ``init="random"``). From random starts batch VB often merges two topics and splits
        another (see Notes). None: "nndsvd", except for the "sklearn" LDA solver, which has only
        its random start. A seeded model always starts from its seeds (the random start plus the
        seed pseudo-counts): residual topics started from the SVD took nearly every word, leaving
        the frame topics under 0.1% of the tokens of the UN General Debates, against about 5%
        from the random start.
    doc_topic_prior : float or array of shape (K,), optional
        Dirichlet prior alpha on document-topic proportions (LDA); default ``1 / K``
        (scikit-learn's). An array (asymmetric prior) needs the "vb" solver.
    topic_word_prior : float, optional
        Dirichlet prior eta on topic-word distributions (LDA); default ``1 / K``.
    max_iter : int, default 100
        Maximum number of iterations: EM iterations for LDA ("sklearn" runs exactly this many),
        scikit-learn's ``max_iter`` for NMF.
    tol : float, default 1e-4
        Stopping tolerance: relative change of the evidence lower bound between two EM
        iterations (LDA "vb"); scikit-learn's ``tol`` (NMF); not used by LDA "sklearn".
    random_state : int, RandomState or None
        Seed of the random initialisation. Give an int for reproducible results.
    n_jobs : int or None, default 1
        Threads for BLAS/OpenMP (limited with ``threadpoolctl`` while fitting and transforming)
        and, for the "sklearn" LDA solver, joblib workers. None or -1: no limit.

    Attributes
    ----------
    components_ : ndarray (K, V)
        LDA: the variational topic-word parameters lambda (as scikit-learn's ``components_``);
        NMF: the factor H.
    topic_word_ : ndarray (K, V)
        ``components_`` with rows normalised to sum to 1: beta, the topic-word distributions.
    doc_topic_ : ndarray (n_docs, K)
        Topic proportions theta of the training documents (rows sum to 1): LDA, ``gamma`` rows
        normalised; NMF, the rows of W normalised (a document with an all-zero row gets 1/K).
    doc_topic_posterior_ : ndarray (n_docs, K) or None
        LDA: the variational Dirichlet parameters gamma of the training documents, so that
        ``theta_d ~ Dirichlet(gamma_d)`` approximates the posterior of document d's proportions
        (what :func:`toolkit.topics.estimate_effect` draws from). None for NMF.
    docvars_ : pandas.DataFrame or None
        The DTM's docvars (one row per row of ``doc_topic_``), or the ``docvars`` given to fit.
    feature_names_in_ : ndarray of str
        The vocabulary, one name per column of ``components_`` (``"x0"``, ... when the matrix
        came without names). ``n_features_in_`` is its length.
    topic_names_ : list of str
        Seed topic names, then "other_1", ... for residual topics; "topic_0", ... when unseeded.
    seed_words_ : dict or None
        Seeded models: the features seeding each topic.
    doc_topic_prior_ : ndarray (K,)
    topic_word_prior_ : float or ndarray (K, V)
        The priors used (a matrix for a seeded model).
    n_components_ : int
        Number of topics fitted.
    n_iter_ : int
        Iterations run.
    converged_ : bool or None
        "vb": whether ``tol`` stopped the iterations before ``max_iter``.
    bound_trace_ : ndarray or None
        "vb": the evidence lower bound at each EM iteration.
    bound_ : float or None
        LDA: the evidence lower bound of the training documents at the fitted parameters
        (scikit-learn's LDA stores a perplexity under this name; here it is the bound).
    perplexity_ : float or None
        LDA: training perplexity ``exp(-bound_ / n_tokens)``.
    reconstruction_err_ : float or None
        NMF: Frobenius norm of the TF-IDF matrix minus W H.
    solver_ : str
        The solver used ("vb", "sklearn" or "nmf").
    estimator_ : object or None
        The fitted scikit-learn estimator, for the scikit-learn solvers.
    tfidf_ : TfidfTransformer
        NMF: the TF-IDF weighting learned on the training documents.

    Notes
    -----
    **Determinism.** With an int ``random_state`` and ``n_jobs=1`` (the default) a fit is
    single-threaded: BLAS is limited to one thread with ``threadpoolctl`` and scikit-learn's LDA
    runs in-process, so the same data, parameters and seed give bit-identical arrays on the same
    machine and library versions. With more threads the order of floating-point sums can change
    and results may differ in the last digits.

    **LDA by batch variational Bayes** (Blei, Ng & Jordan 2003; Hoffman, Blei & Bach 2010). Each
    EM iteration runs an E-step over all documents, each started from a fresh Gamma(100, 0.01)
    draw, then sets ``lambda = eta + E[n_kv]``; lambda starts as Gamma(100, 0.01) draws (plus
    the SVD start or the seeds, below). The two solvers share this algorithm. The "vb" solver
    batches documents through BLAS (the inner loop in float32; gamma, lambda and the bound
    stored and computed in float64), stops a document's E-step when
    ``mean_k |Δgamma_dk| < 0.001 * mean_k gamma_dk`` (scikit-learn: ``< 0.001``, absolute; at
    most 100 updates in both), stops the EM iterations at ``tol``, and allows an asymmetric
    topic-word prior (seeds). On the UN General Debates (9,686 speeches, K = 20, 10 iterations,
    one thread) it took 69 s where scikit-learn took 414 s, for the same training perplexity
    (2347 and 2349); ``benchmarks/bench_topics.py`` compares it with gensim as well.

    **Starting point.** VB finds a local optimum of the bound, and which one depends on the
    start. On synthetic LDA corpora (:func:`toolkit.topics.make_topic_corpus`, 600 documents,
    8 planted topics; 800 documents, 15 topics) 6 of 12 and 11 of 12 random starts ended with a
    planted topic missed (merged with another, while a third was split), for scikit-learn's
    solver as for this one; the SVD start (``init="nndsvd"``) recovered every topic from 16 of 16
    seeds (cosine 0.99), in fewer iterations. The SVD costs one randomised truncated SVD of the
    TF-IDF matrix: seconds on the UN General Debates.

    References
    ----------
    Blei, D. M., Ng, A. Y., & Jordan, M. I. (2003). Latent Dirichlet allocation. *JMLR*, 3, 993-1022.
    Hoffman, M., Blei, D. M., & Bach, F. (2010). Online learning for latent Dirichlet allocation. *NIPS 23*.
    Lee, D. D., & Seung, H. S. (1999). Learning the parts of objects by non-negative matrix
    factorization. *Nature*, 401, 788-791.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = sparse.csr_matrix(rng.poisson(1.0, size=(20, 8)))
    >>> model = TopicModel(3, random_state=0, max_iter=20).fit(X)
    >>> model.components_.shape, model.doc_topic_.sum(axis=1).round(6).min()
    ((3, 8), np.float64(1.0))
    >>> model.transform(X[:2]).shape
    (2, 3)
    >>> TopicModel(3, method="nmf", random_state=0).fit(X).doc_topic_posterior_ is None
    True
    """

    def __init__(self, n_components: int = 10, *, method: Method = "lda", solver: Solver = "auto",
                 seeds: Any = None, seed_weight: float = 0.1, n_residual: int | None = None,
                 init: Init | None = None, doc_topic_prior: float | Any | None = None, topic_word_prior: float | None = None,
                 max_iter: int = 100, tol: float = 1e-4, random_state: Any = None, n_jobs: int | None = 1):
        self.n_components = n_components
        self.method = method
        self.solver = solver
        self.seeds = seeds
        self.seed_weight = seed_weight
        self.n_residual = n_residual
        self.init = init
        self.doc_topic_prior = doc_topic_prior
        self.topic_word_prior = topic_word_prior
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------ validation
    def _check_params(self) -> str:
        """Validate the parameters; return the solver to use."""
        _int_param("n_components", self.n_components, 1)
        if self.method not in _METHODS:
            raise ValueError(invalid_value_message("method", self.method, _METHODS))
        if self.solver not in _SOLVERS:
            raise ValueError(invalid_value_message("solver", self.solver, _SOLVERS))
        _int_param("max_iter", self.max_iter, 1)
        if self.init is not None and self.init not in _INITS:
            raise ValueError(invalid_value_message("init", self.init, _INITS))
        _positive("tol", self.tol, none_ok=False, zero_ok=True)
        _positive("topic_word_prior", self.topic_word_prior)
        _positive("seed_weight", self.seed_weight, none_ok=False, zero_ok=True)
        _int_param("n_residual", self.n_residual, 0, none_ok=True)
        if self.n_jobs is not None and (isinstance(self.n_jobs, bool) or not isinstance(self.n_jobs, numbers.Integral)
                                        or self.n_jobs == 0 or self.n_jobs < -1):
            raise ValueError(f"The 'n_jobs' parameter of TopicModel must be a positive int, -1 or None. "
                             f"Got {self.n_jobs!r} instead.")
        prior = self.doc_topic_prior
        if prior is not None and not (isinstance(prior, numbers.Real) and not isinstance(prior, bool)):
            try:
                arr = np.asarray(prior, dtype=np.float64)
            except (TypeError, ValueError):
                arr = np.zeros((0, 0))  # reported just below
            if arr.ndim != 1:
                raise ValueError("The 'doc_topic_prior' parameter of TopicModel must be a number > 0, an array "
                                 f"of K numbers > 0 or None. Got {prior!r} instead.")
        elif prior is not None:
            _positive("doc_topic_prior", prior)
        if self.method == "nmf":
            if self.solver == "vb":
                raise ValueError("solver='vb' is a solver for method='lda'; NMF uses scikit-learn's (solver='auto')")
            given = [n for n in ("seeds", "doc_topic_prior", "topic_word_prior", "n_residual")
                     if getattr(self, n) is not None]
            if given:
                raise ValueError(f"{', '.join(given)} apply to method='lda' only; remove them or use method='lda'")
            return "nmf"
        solver = "vb" if self.solver == "auto" else self.solver
        if self.seeds is not None and solver != "vb":
            raise ValueError("seeded topics need the toolkit's solver (scikit-learn's LDA takes only a scalar "
                             "topic-word prior): use solver='vb' or 'auto'")
        if self.seeds is not None and self.init == "nndsvd":
            raise ValueError("a seeded model starts from its seeds, not from init='nndsvd': leave init=None "
                             "(or 'random')")
        if self.seeds is None and self.n_residual is not None:
            raise ValueError("n_residual is the number of unseeded topics of a seeded model; it needs seeds=... "
                             "(e.g. seeds='terrorism_frames')")
        if solver == "sklearn" and self.init == "nndsvd":
            raise ValueError("init='nndsvd' needs solver='vb' (scikit-learn's LDA starts only at random): "
                             "use solver='vb', or init=None")
        if solver == "sklearn" and prior is not None and not isinstance(prior, numbers.Real):
            raise ValueError("an asymmetric doc_topic_prior (array) needs solver='vb'")
        return solver

    def _doc_topic_prior(self, k: int) -> np.ndarray:
        prior = self.doc_topic_prior
        if prior is None:
            return np.full(k, 1.0 / k)
        if isinstance(prior, numbers.Real):
            return np.full(k, float(prior))
        arr = np.asarray(prior, dtype=np.float64)
        if arr.shape != (k,) or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
            raise ValueError(f"doc_topic_prior must hold {k} finite numbers > 0 (one per topic); got {arr.tolist()}")
        return arr

    # ------------------------------------------------------------------ fitting
    def fit(self, X: Any, y: Any = None, *, feature_names: Any = None, docvars: pd.DataFrame | None = None
            ) -> TopicModel:
        """Fit the model to a document-term matrix.

        Parameters
        ----------
        X : DTM, scipy sparse matrix, 2-D array or DataFrame of counts (documents x features)
            A :class:`toolkit.dtm.DTM` gives feature names and docvars too.
        y : None
            Ignored.
        feature_names : sequence of str, optional
            Names of the columns of a matrix (needed for seeds).
        docvars : DataFrame, optional
            One row per document of a matrix; kept as ``docvars_``.

        Returns
        -------
        self

        Raises
        ------
        ValueError
            For a bad parameter, negative counts, a matrix without documents or tokens, or seeds
            that match nothing.
        """
        solver = self._check_params()
        counts, names, docvars, dtm = _as_counts(X, feature_names, docvars)
        n_docs, n_features = counts.shape
        if n_docs == 0 or n_features == 0:
            raise ValueError(f"fit: X has shape {counts.shape}; a topic model needs documents and features. "
                             "Try a lower min_df when building the DTM")
        if counts.nnz == 0:
            raise ValueError("fit: X holds no tokens (all counts are 0); check the preprocessing and min_df")
        self.feature_names_in_ = names if names is not None else \
            np.asarray([f"x{j}" for j in range(n_features)], dtype=object)
        self.n_features_in_ = n_features
        self.docvars_ = None if docvars is None else docvars.copy()
        self.seed_words_ = None
        self.solver_ = solver
        self.estimator_ = None
        self.bound_ = self.perplexity_ = self.reconstruction_err_ = None
        self.doc_topic_posterior_ = None
        with _threads(self.n_jobs):
            if solver == "nmf":
                self._fit_nmf(counts)
            elif solver == "sklearn":
                self._fit_sklearn(counts)
            else:
                self._fit_vb(counts, names, dtm)
        self.topic_word_ = _normalise_rows(self.components_)
        self.n_components_ = self.components_.shape[0]
        logger.info("fitted %s (%s) with %d topics on %d documents x %d features in %d iterations",
                    self.method, solver, self.n_components_, n_docs, n_features, self.n_iter_)
        return self

    def _fit_vb(self, counts: sparse.csr_matrix, names: np.ndarray | None, dtm: Any) -> None:
        from toolkit.topics._init import nndsvd_offset
        from toolkit.topics.seeded import seed_prior, seed_words

        k = self.n_components
        init_offset = None
        rng = check_random_state(self.random_state)
        if self.seeds is not None:
            if names is None:
                raise ValueError("seeds are matched against feature names: fit on a DTM or pass feature_names=")
            words = seed_words(dtm if dtm is not None else names, self.seeds)
            if not any(words.values()):
                raise ValueError(f"no seed word of {list(words)} occurs in the vocabulary ({len(names)} features); "
                                 "check the DTM's language and preprocessing (min_df, stemming) or the seeds")
            n_seeded = len(words)
            n_residual = k - n_seeded if self.n_residual is None else self.n_residual
            if n_residual < 0 or n_seeded + n_residual != k:
                raise ValueError(f"n_components={k} but there are {n_seeded} seed topics ({', '.join(words)}) and "
                                 f"n_residual={self.n_residual}: set n_components={n_seeded + max(n_residual, 0)} "
                                 "or leave n_residual=None")
            base = 1.0 / k if self.topic_word_prior is None else float(self.topic_word_prior)
            term_counts = np.asarray(counts.sum(axis=0)).ravel()
            eta: float | np.ndarray = seed_prior(words, self.feature_names_in_, term_counts,
                                                 seed_weight=float(self.seed_weight), topic_word_prior=base,
                                                 n_residual=n_residual)
            init_offset = eta - base  # seeded models start from their seeds (see init)
            self.seed_words_ = words
            self.topic_names_ = list(words) + [f"other_{i + 1}" for i in range(n_residual)]
        else:
            eta = 1.0 / k if self.topic_word_prior is None else float(self.topic_word_prior)
            self.topic_names_ = [f"topic_{i}" for i in range(k)]
            if self.init != "random":
                init_offset = nndsvd_offset(counts, k, random_state=rng)
        alpha = self._doc_topic_prior(k)
        fit = _vb.fit_vb(counts, k, alpha, eta, max_iter=self.max_iter, tol=self.tol,
                         random_state=rng, init_offset=init_offset)
        self.components_ = fit.components
        self.doc_topic_posterior_ = fit.gamma
        self.doc_topic_ = _normalise_rows(fit.gamma)
        self.doc_topic_prior_ = alpha
        self.topic_word_prior_ = eta
        self.n_iter_ = fit.n_iter
        self.converged_ = fit.converged
        self.bound_ = fit.bound
        self.perplexity_ = float(np.exp(-fit.bound / counts.sum()))
        self.bound_trace_ = np.asarray(fit.trace)

    def _fit_sklearn(self, counts: sparse.csr_matrix) -> None:
        from sklearn.decomposition import LatentDirichletAllocation

        k = self.n_components
        alpha = self._doc_topic_prior(k)
        eta = 1.0 / k if self.topic_word_prior is None else float(self.topic_word_prior)
        lda = LatentDirichletAllocation(k, doc_topic_prior=float(alpha[0]), topic_word_prior=eta,
                                        learning_method="batch", max_iter=self.max_iter, evaluate_every=-1,
                                        random_state=self.random_state, n_jobs=self.n_jobs)
        lda.fit(counts)
        gamma = lda.transform(counts, normalize=False)
        self.estimator_ = lda
        self.components_ = lda.components_
        self.doc_topic_posterior_ = gamma
        self.doc_topic_ = _normalise_rows(gamma)
        self.doc_topic_prior_ = alpha
        self.topic_word_prior_ = eta
        self.topic_names_ = [f"topic_{i}" for i in range(k)]
        self.n_iter_ = int(lda.n_iter_)
        self.converged_ = None
        # scikit-learn's bound_ is the perplexity exp(-ELBO / n_tokens)
        self.perplexity_ = float(lda.bound_)
        self.bound_ = float(-np.log(lda.bound_) * counts.sum())
        self.bound_trace_ = None

    def _fit_nmf(self, counts: sparse.csr_matrix) -> None:
        from sklearn.decomposition import NMF
        from sklearn.feature_extraction.text import TfidfTransformer

        k = self.n_components
        self.tfidf_ = TfidfTransformer()
        weighted = self.tfidf_.fit_transform(counts)
        nmf = NMF(k, init="random" if self.init == "random" else "nndsvda", max_iter=self.max_iter, tol=self.tol, random_state=self.random_state)
        W = nmf.fit_transform(weighted)
        self.estimator_ = nmf
        self.components_ = nmf.components_
        self.doc_topic_ = _normalise_rows(W)
        self.doc_topic_prior_ = None
        self.topic_word_prior_ = None
        self.topic_names_ = [f"topic_{i}" for i in range(k)]
        self.n_iter_ = int(nmf.n_iter_)
        self.converged_ = None
        self.reconstruction_err_ = float(nmf.reconstruction_err_)
        self.bound_trace_ = None

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> np.ndarray:
        """Fit and return the training documents' topic proportions (a copy of ``doc_topic_``)."""
        return self.fit(X, y, **fit_params).doc_topic_.copy()

    # ------------------------------------------------------------------ new documents
    def _counts_for(self, X: Any, where: str) -> sparse.csr_matrix:
        """Counts of ``X`` in the fitted vocabulary (a DTM is aligned by feature name)."""
        check_is_fitted(self, "components_")
        counts, names, _, dtm = _as_counts(X, where=where)
        if dtm is not None or (names is not None and isinstance(X, pd.DataFrame)):
            if len(names) == self.n_features_in_ and np.array_equal(names, self.feature_names_in_):
                return counts
            index = {name: j for j, name in enumerate(self.feature_names_in_.tolist())}
            src = np.fromiter((j for j, n in enumerate(names.tolist()) if n in index), dtype=np.intp)
            dst = np.fromiter((index[n] for n in names.tolist() if n in index), dtype=np.intp)
            if len(src) < len(names):
                logger.info("%s: %d of %d features are not in the model's vocabulary and are ignored",
                            where, len(names) - len(src), len(names))
            mapping = sparse.csr_matrix((np.ones(len(src)), (src, dst)), shape=(len(names), self.n_features_in_))
            return sparse.csr_matrix(counts @ mapping)
        if counts.shape[1] != self.n_features_in_:
            raise ValueError(f"{where}: X has {counts.shape[1]} features, but the model was fitted with "
                             f"{self.n_features_in_}; transform a DTM (aligned by feature name) or a matrix "
                             "with the same columns")
        return counts

    def transform(self, X: Any) -> np.ndarray:
        """Topic proportions of new documents (rows sum to 1), with the topics held fixed.

        LDA: gamma from the E-step started at gamma = 1, normalised; NMF: W for the TF-IDF of X,
        normalised. A DTM is aligned with the model's vocabulary by feature name (features the
        model has not seen are ignored).

        >>> X = sparse.csr_matrix(np.array([[3, 0, 1], [0, 2, 2], [1, 1, 0]]))
        >>> TopicModel(2, random_state=0, max_iter=5).fit(X).transform(X).shape
        (3, 2)
        """
        return _normalise_rows(self._unnormalised(self._counts_for(X, "transform")))

    def _unnormalised(self, counts: sparse.csr_matrix) -> np.ndarray:
        with _threads(self.n_jobs):
            if self.solver_ == "nmf":
                return self.estimator_.transform(self.tfidf_.transform(counts))
            if self.solver_ == "sklearn":
                return self.estimator_.transform(counts, normalize=False)
            return _vb.transform_vb(counts, self.components_, self.doc_topic_prior_).gamma

    def score(self, X: Any, y: Any = None) -> float:
        """Evidence lower bound (approximate log-likelihood) of ``X`` under the fitted LDA.

        As scikit-learn's ``LatentDirichletAllocation.score``: gamma is fitted to ``X`` with the
        topics fixed, then the bound (:mod:`toolkit.topics._vb`) is evaluated.
        """
        self._require_lda("score")
        counts = self._counts_for(X, "score")
        with _threads(self.n_jobs):
            step = _vb.transform_vb(counts, self.components_, self.doc_topic_prior_)
        return _vb.elbo(step.word_bound, step.gamma, self.doc_topic_prior_, self.components_,
                        self.topic_word_prior_)

    def perplexity(self, X: Any = None) -> float:
        """``exp(-bound / n_tokens)`` of ``X`` (the training perplexity when X is None); lower is better.

        The bound is :meth:`score`'s, so this is scikit-learn's ``perplexity``. For a held-out
        estimate use :func:`toolkit.topics.held_out_perplexity` (document completion).
        """
        self._require_lda("perplexity")
        if X is None:
            return float(self.perplexity_)
        n_tokens = self._counts_for(X, "perplexity").sum()
        if n_tokens == 0:
            raise ValueError("perplexity: X holds no tokens")
        return float(np.exp(-self.score(X) / n_tokens))

    def _require_lda(self, what: str) -> None:
        check_is_fitted(self, "components_")
        if self.solver_ == "nmf":
            raise ValueError(f"{what} is defined for method='lda' only: NMF is not a probabilistic model "
                             "(compare NMF models by coherence instead)")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The topic names (``topic_names_``), one per column of :meth:`transform`'s output."""
        check_is_fitted(self, "components_")
        return np.asarray(self.topic_names_, dtype=object)

    def __sklearn_tags__(self) -> Any:  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.positive_only = True
        tags.requires_fit = True
        return tags


