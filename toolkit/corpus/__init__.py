"""Corpora: the :class:`Corpus` object, readers for files, folders, archives and known layouts.

>>> from toolkit.corpus import Corpus, read_corpus
"""

from toolkit.corpus.corpus import STANDARD_DOCVARS, Corpus
from toolkit.corpus.readers import read_corpus, read_records
from toolkit.corpus.summary import CorpusSummary

__all__ = ["Corpus", "CorpusSummary", "STANDARD_DOCVARS", "read_corpus", "read_records"]
