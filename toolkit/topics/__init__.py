"""Topic models: LDA and NMF, seeded topics, choice of K, description and prevalence over time.

=========================================  ========================================================
:class:`TopicModel`                        LDA (toolkit batch VB or scikit-learn) or NMF, seeded
                                           or not, fitted on a DTM with its docvars (model.py)
:func:`seed_words`, :func:`seed_prior`,    seed topics from the frames of ``terrorism_frames``
:func:`seed_topics`, :data:`DEFAULT_SEEDS` or any dictionary or mapping (seeded.py)
:func:`select_k`, :func:`stability`,       choice of K: held-out perplexity, coherence,
:func:`match_topics`,                      exclusivity; topics matched across runs by the
:func:`held_out_perplexity`,               Hungarian algorithm (selection.py)
:func:`split_held_out`
:func:`coherence`                          u_mass, c_uci, c_npmi, c_v exactly as gensim (coherence.py)
:func:`top_terms`, :func:`frex`,           describing topics: top terms by probability, FREX,
:func:`lift`, :func:`relevance`,           lift, relevance; stm's exclusivity and semantic
:func:`exclusivity`,                       coherence; documents and tidy tables (describe.py)
:func:`semantic_coherence`,
:func:`representative_documents`,
:func:`document_topics`
:func:`estimate_effect`                    topic prevalence over time with intervals (effect.py)
:func:`make_topic_corpus`                  synthetic corpora with planted topics and trends
                                           (synthetic.py)
:func:`analyse_topics`,                    the whole analysis from a corpus: DTM, model, top
:class:`TopicAnalysis`, :func:`topic_dtm`, terms, document-topic table, prevalence over time,
:func:`representative_texts`,              representative documents and paragraphs, saved as
:func:`coherence_texts`                    tables (analysis.py; ``toolkit topics``)
:func:`topic_frame_alignment`,             a topic's prevalence over time against its frame's
:func:`topic_frame_pairs`                  share: paired tables and correlations (alignment.py)
=========================================  ========================================================

Names load on first use, except :func:`coherence`, imported here so that the function (not its
module of the same name) is ``toolkit.topics.coherence``.

>>> import toolkit.topics as topics
>>> topics.TopicModel.__name__, callable(topics.coherence), topics.DEFAULT_SEEDS
('TopicModel', True, 'terrorism_frames')
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from toolkit.topics.coherence import CoherenceResult as CoherenceResult
from toolkit.topics.coherence import coherence as coherence

_LAZY = {  # name -> module; coherence and CoherenceResult are already imported above
    "coherence": "coherence", "CoherenceResult": "coherence",
    "TopicModel": "model",
    "DEFAULT_SEEDS": "seeded", "seed_prior": "seeded", "seed_topics": "seeded", "seed_words": "seeded",
    "held_out_perplexity": "selection", "match_topics": "selection", "select_k": "selection",
    "split_held_out": "selection", "stability": "selection",
    "document_topics": "describe", "exclusivity": "describe", "frex": "describe", "lift": "describe",
    "relevance": "describe", "representative_documents": "describe", "semantic_coherence": "describe",
    "top_terms": "describe",
    "estimate_effect": "effect",
    "TopicCorpusTruth": "synthetic", "make_topic_corpus": "synthetic",
    "TopicAnalysis": "analysis", "analyse_topics": "analysis", "coherence_texts": "analysis",
    "representative_texts": "representative", "topic_dtm": "analysis",
    "topic_frame_alignment": "alignment", "topic_frame_pairs": "alignment",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"toolkit.topics.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'toolkit.topics' has no attribute {name!r}")
