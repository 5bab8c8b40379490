"""Batch variational Bayes for LDA with an asymmetric topic-word prior, vectorised in numpy.

Private engine of :class:`toolkit.topics.TopicModel` (``solver="vb"``), used for seeded topics
(:mod:`toolkit.topics.seeded`) because scikit-learn's ``LatentDirichletAllocation`` takes only a
scalar topic-word prior.

The model is LDA (Blei, Ng & Jordan 2003): ``theta_d ~ Dirichlet(alpha)``,
``beta_k ~ Dirichlet(eta_k)``, ``z_dn ~ theta_d``, ``w_dn ~ beta_{z_dn}``, here with a prior
``eta[k, v]`` that may differ by topic and word. The variational family and updates are those
of Hoffman, Blei & Bach (2010), eq. 5-6, in their batch form (the same algorithm as
scikit-learn's ``learning_method="batch"``)::

    E-step, per document d, until the mean absolute change of gamma_d < mean_change_tol:
        phi_dvk  ∝ exp(E[log theta_dk]) * exp(E[log beta_kv])
        gamma_dk = alpha_k + sum_v n_dv * phi_dvk
    M-step:
        lambda_kv = eta_kv + sum_d n_dv * phi_dvk

with ``E[log theta_dk] = psi(gamma_dk) - psi(sum_j gamma_dj)`` and likewise for beta from
lambda. The evidence lower bound (ELBO) is::

    sum_dv n_dv log sum_k exp(E[log theta_dk] + E[log beta_kv])
    + sum_d ( log G(sum alpha) - log G(sum gamma_d) + sum_k [(alpha_k - gamma_dk) E[log theta_dk]
              + log G(gamma_dk) - log G(alpha_k)] )
    + sum_k ( log G(sum eta_k) - log G(sum lambda_k) + sum_v [(eta_kv - lambda_kv) E[log beta_kv]
              + log G(lambda_kv) - log G(eta_kv)] )

What differs from scikit-learn is how the work is laid out and one stopping rule. Documents
are sorted by length and processed in blocks, all documents of a block at once: the block's
nonzero cells become dense ``(n_docs, K, length)`` arrays of ``exp(E[log beta])`` columns and
both products of an update are batched BLAS matrix-vector products (``numpy.matmul``), with
``scipy.special.digamma`` over the block; documents leave the inner loop as they converge;
the inner loop runs in float32 and updates ``exp(psi(gamma_dk))`` without the per-document
factor ``exp(-psi(sum_k gamma_dk))``, which cancels in the update (gamma, lambda and the bound
are stored and computed in float64); and a document stops
when the mean change of its gamma is below ``mean_change_tol`` times its mean gamma (relative,
where scikit-learn's 0.001 is absolute, which keeps long documents iterating to 100 updates).
On the UN General Debates (9,686 speeches, K = 20) this is 4-5 times faster than scikit-learn's
batch LDA per iteration at the same perplexity.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.special import digamma, gammaln

logger = logging.getLogger(__name__)

#: padded cells (documents x distinct words) per block of documents in the E-step
BLOCK_CELLS = 32_768


def dirichlet_expectation(param: np.ndarray) -> np.ndarray:
    """``E[log x]`` for ``x ~ Dirichlet(param)``, row-wise: ``psi(param) - psi(sum(param))``.

    >>> dirichlet_expectation(np.array([[1.0, 1.0]])).round(4)
    array([[-1., -1.]])
    """
    if param.ndim == 1:
        return digamma(param) - digamma(param.sum())
    return digamma(param) - digamma(param.sum(axis=1))[:, None]


@dataclass
class EStep:
    """What an E-step returns: gamma, the sufficient statistics and the word term of the ELBO."""

    gamma: np.ndarray
    sstats: np.ndarray | None
    word_bound: float
    n_inner: int


def _blocks(lengths: np.ndarray, target: int, max_docs: int = 256) -> list[np.ndarray]:
    """Documents grouped by length: blocks of row ids, sorted by length, ~``target`` padded cells each.

    Empty documents are left out.
    """
    order = np.argsort(lengths, kind="stable")
    order = order[lengths[order] > 0]
    out = []
    start = 0
    n = len(order)
    while start < n:
        # rows start..stop-1 are padded to the length of the last (longest) one
        longest = lengths[order[start:start + max_docs]]
        fits = np.flatnonzero(longest * np.arange(1, len(longest) + 1) <= target)
        stop = start + (int(fits[-1]) + 1 if len(fits) else 1)
        out.append(order[start:stop])
        start = stop
    return out


class Layout:
    """A count matrix laid out for :func:`e_step`, built once per matrix.

    Non-empty documents are sorted by their number of distinct words and grouped in blocks of
    about ``block_cells`` padded cells; each block keeps its documents' word columns and counts
    as ``(n_docs, length)`` arrays (count 0 on the padding); ``order`` lists the documents in
    block order and ``indptr`` delimits their nonzeros in that order.
    """

    def __init__(self, X: sparse.csr_matrix, *, dtype: type = np.float32, block_cells: int = BLOCK_CELLS) -> None:
        self.shape = X.shape
        self.dtype = dtype
        lengths = np.diff(X.indptr)
        self.empty = np.flatnonzero(lengths == 0)
        self.blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        for docs in _blocks(lengths, block_cells):
            lens = lengths[docs]
            offsets = np.arange(int(lens.max()))
            valid = offsets[None, :] < lens[:, None]
            pos = np.where(valid, X.indptr[docs][:, None] + offsets[None, :], 0)
            cols = np.where(valid, X.indices[pos], 0).astype(np.int32)
            cnt = np.where(valid, X.data[pos], 0.0).astype(dtype)
            self.blocks.append((docs, cols, cnt, valid))
        self.order = np.concatenate([b[0] for b in self.blocks]) if self.blocks else np.zeros(0, dtype=np.intp)
        self.indptr = np.concatenate(([0], np.cumsum(lengths[self.order])))


def e_step(layout: Layout, exp_elog_beta: np.ndarray, alpha: np.ndarray, gamma: np.ndarray, *,
           max_doc_update_iter: int = 100, mean_change_tol: float = 1e-3, cal_sstats: bool = True) -> EStep:
    """Update every document's gamma with topic-word matrix ``exp(E[log beta])`` held fixed.

    Within a block of documents (:class:`Layout`) the two products of an update are batched
    matrix-vector products (``numpy.matmul`` over the ``(n_docs, K, length)`` array of the
    documents' columns of ``exp(E[log beta])``), so the work stays in BLAS; documents leave the
    loop as they converge.

    Parameters
    ----------
    layout : Layout
        The counts (n_docs, V).
    exp_elog_beta : ndarray (K, V)
    alpha : ndarray (K,)
        Document-topic prior.
    gamma : ndarray (n_docs, K)
        Starting values (not modified).
    max_doc_update_iter, mean_change_tol
        A document stops after ``max_doc_update_iter`` updates or when
        ``mean_k |gamma_new - gamma_old| < mean_change_tol * mean_k gamma_new`` (scikit-learn's
        rule, made relative to the document's length: a long document's gamma is large).
    cal_sstats : bool
        Also return ``sum_d n_dv phi_dvk`` (K, V) for the M-step.

    Returns
    -------
    EStep
        ``word_bound`` is ``sum_dv n_dv log sum_k exp(E[log theta_dk] + E[log beta_kv])`` at the
        returned gamma.
    """
    dtype = layout.dtype
    eps = np.finfo(dtype).eps
    beta = np.asarray(exp_elog_beta, dtype=dtype)
    gamma = np.array(gamma, dtype=np.float64, copy=True)
    gamma[layout.empty] = alpha  # an empty document's posterior is its prior
    ratios = np.empty(layout.indptr[-1]) if cal_sstats else None  # n_dv / norm_dv, in block order
    filled = 0
    word_bound = 0.0
    n_inner = 0
    alpha_t = alpha.astype(dtype)
    for docs, cols, cnt, valid in layout.blocks:
        # (nd, K, L): each document's columns of exp(E[log beta]); padding has count 0
        bet = np.ascontiguousarray(np.take(beta, cols, axis=1).transpose(1, 0, 2))
        g = gamma[docs].astype(dtype)
        # sum_k gamma_dk = sum(alpha) + N_d after every update, so the stopping rule's scale is known
        limit = mean_change_tol * (float(alpha.sum()) + cnt.sum(axis=1, dtype=np.float64)).astype(dtype)
        # exp(psi(gamma_dk)): exp(E[log theta_dk]) times exp(psi(sum_k gamma_dk)), a per-document
        # factor that cancels in the update (norm scales by it, the ratio by its inverse)
        et = np.exp(digamma(g))
        sub = np.arange(len(docs))  # documents still iterating (positions in the block)
        a_cnt, a_bet, a_g, a_et, a_limit = cnt, bet, g, et, limit
        for _ in range(max_doc_update_iter):
            n_inner += len(sub)
            norm = np.matmul(a_et[:, None, :], a_bet)[:, 0, :]  # (na, L)
            norm += eps
            np.divide(a_cnt, norm, out=norm)
            new = np.matmul(a_bet, norm[:, :, None])[:, :, 0]  # (na, K)
            new *= a_et
            new += alpha_t
            keep = np.abs(new - a_g).sum(axis=1) >= a_limit
            a_g = new
            a_et = np.exp(digamma(new))
            if not keep.any():
                break
            if keep.sum() <= 0.75 * len(sub):  # converged documents leave the loop
                done = ~keep
                g[sub[done]] = a_g[done]
                sub, a_cnt, a_bet, a_g, a_et, a_limit = (sub[keep], a_cnt[keep], a_bet[keep], a_g[keep], a_et[keep],
                                                         a_limit[keep])
            # else: the few converged documents take one more (harmless) update with the others
        g[sub] = a_g
        gamma[docs] = g
        # normaliser of the responsibilities at the final gamma: word term of the ELBO, sufficient statistics
        et = np.exp(dirichlet_expectation(gamma[docs])).astype(dtype, copy=False)
        norm = np.matmul(et[:, None, :], bet)[:, 0, :][valid].astype(np.float64)
        counts = cnt[valid].astype(np.float64)
        word_bound += float(counts @ np.log(norm))
        if cal_sstats:
            np.divide(counts, norm + np.finfo(np.float64).eps, out=ratios[filled:filled + len(counts)])
            filled += len(counts)
    sstats = None
    if cal_sstats:
        # sum_d n_dv phi_dvk = exp(E[log beta_kv]) * sum_d exp(E[log theta_dk]) n_dv / norm_dv
        K, V = beta.shape
        if layout.blocks:
            ratio = sparse.csr_matrix((ratios, np.concatenate([b[1][b[3]] for b in layout.blocks]), layout.indptr),
                                      shape=(len(layout.order), V))
            sstats = np.asarray(ratio.T @ np.exp(dirichlet_expectation(gamma[layout.order]))).T * exp_elog_beta
        else:
            sstats = np.zeros((K, V))
    return EStep(gamma, sstats, word_bound, n_inner)


def _dirichlet_kl_terms(prior: np.ndarray, post: np.ndarray, elog: np.ndarray) -> float:
    """``sum_rows E_q[log p(x | prior) - log q(x | post)]`` for row-wise Dirichlets (prior broadcasts)."""
    prior = np.broadcast_to(prior, post.shape)
    return float(np.sum((prior - post) * elog) + np.sum(gammaln(post) - gammaln(prior))
                 + np.sum(gammaln(prior.sum(axis=1)) - gammaln(post.sum(axis=1))))


def elbo(word_bound: float, gamma: np.ndarray, alpha: np.ndarray, lam: np.ndarray, eta: np.ndarray | float) -> float:
    """The evidence lower bound (module docstring) from an E-step's word term, gamma and lambda."""
    eta_arr = np.broadcast_to(np.asarray(eta, dtype=np.float64), lam.shape)
    return (word_bound
            + _dirichlet_kl_terms(alpha[None, :], gamma, dirichlet_expectation(gamma))
            + _dirichlet_kl_terms(eta_arr, lam, dirichlet_expectation(lam)))


@dataclass
class VBFit:
    """A fitted batch VB LDA: lambda (K, V), gamma (n_docs, K), iterations and the ELBO trace."""

    components: np.ndarray
    gamma: np.ndarray
    n_iter: int
    bound: float
    trace: list[float]
    converged: bool


def fit_vb(X: sparse.csr_matrix, n_components: int, alpha: np.ndarray, eta: np.ndarray | float, *,
           max_iter: int, tol: float, random_state: np.random.RandomState,
           max_doc_update_iter: int = 100, mean_change_tol: float = 1e-3,
           init_offset: np.ndarray | None = None, dtype: type = np.float32) -> VBFit:
    """Batch variational EM for LDA (see the module docstring).

    Initialisation and restarts as scikit-learn's batch mode: ``lambda ~ Gamma(100, 0.01)`` per
    cell (plus ``init_offset``, e.g. the seed pseudo-counts, when given), and every E-step starts
    from a fresh ``gamma ~ Gamma(100, 0.01)`` draw. (Starting each E-step from the previous
    gamma needs fewer inner updates but was measured to stall in a worse optimum: on 1,500 UN
    speeches, K = 20, 10 iterations, perplexity 2762 against 2669 with restarts.) Stops after
    ``max_iter`` EM iterations or when the relative change of the ELBO between two iterations
    is at most ``tol``; then one last E-step, started from the last gamma, gives gamma for the
    final lambda and the final ELBO.
    """
    n_docs, V = X.shape
    layout = Layout(X, dtype=dtype)
    lam = random_state.gamma(100.0, 0.01, (n_components, V))
    if init_offset is not None:
        lam = lam + init_offset
    trace: list[float] = []
    converged = False
    n_iter = 0
    gamma = np.ones((n_docs, n_components))
    for n_iter in range(1, max_iter + 1):
        exp_elog_beta = np.exp(dirichlet_expectation(lam))
        start = random_state.gamma(100.0, 0.01, (n_docs, n_components))
        step = e_step(layout, exp_elog_beta, alpha, start, max_doc_update_iter=max_doc_update_iter,
                      mean_change_tol=mean_change_tol, cal_sstats=True)
        gamma = step.gamma
        trace.append(elbo(step.word_bound, gamma, alpha, lam, eta))
        lam = eta + step.sstats
        logger.debug("VB iteration %d: ELBO %.6g (%d document updates)", n_iter, trace[-1], step.n_inner)
        if len(trace) > 1 and abs(trace[-1] - trace[-2]) <= tol * abs(trace[-2]):
            converged = True
            break
    exp_elog_beta = np.exp(dirichlet_expectation(lam))
    step = e_step(layout, exp_elog_beta, alpha, gamma, max_doc_update_iter=max_doc_update_iter,
                  mean_change_tol=mean_change_tol, cal_sstats=False)
    bound = elbo(step.word_bound, step.gamma, alpha, lam, eta)
    return VBFit(lam, step.gamma, n_iter, bound, trace, converged)


def transform_vb(X: sparse.csr_matrix, components: np.ndarray, alpha: np.ndarray, *,
                 max_doc_update_iter: int = 100, mean_change_tol: float = 1e-3) -> EStep:
    """Gamma for new documents with lambda fixed, starting from gamma = 1 (scikit-learn's transform)."""
    exp_elog_beta = np.exp(dirichlet_expectation(components))
    start = np.ones((X.shape[0], components.shape[0]))
    return e_step(Layout(X), exp_elog_beta, alpha, start, max_doc_update_iter=max_doc_update_iter,
                  mean_change_tol=mean_change_tol, cal_sstats=False)
