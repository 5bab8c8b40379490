"""toolkit: Arabic-first discourse analysis of official communiqués.

>>> import toolkit
>>> callable(toolkit.read_corpus)
True
"""

from importlib.metadata import PackageNotFoundError, version

from toolkit.corpus import Corpus, read_corpus

try:
    __version__ = version("khitab")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["Corpus", "read_corpus", "__version__"]
