"""Analysis files and their reproducible runs: ``toolkit run ANALYSIS.yml``.

An analysis file (YAML, see ``analyses/README.md``) names a corpus, the units, the
preprocessing, the frame dictionary, the periods, the statistics, the figures and the seed.
:func:`run_analysis` runs it end to end (corpus -> units -> frames -> trends -> comparisons ->
change points -> figures and tables), caches every stage by content hashes so that a re-run with
unchanged inputs recomputes nothing, and writes a one-page ``report.html`` and a
``manifest.json`` (versions, hashes, parameters, seed, timings, outputs with SHA-256) beside the
outputs, all atomically.

>>> from toolkit.pipeline import load_analysis, run_analysis
>>> callable(load_analysis), callable(run_analysis)
(True, True)
"""

from toolkit.pipeline.config import Analysis, load_analysis
from toolkit.pipeline.run import RunResult, StageRecord, run_analysis
from toolkit.errors import AnalysisError

__all__ = ["Analysis", "AnalysisError", "RunResult", "StageRecord", "load_analysis", "run_analysis"]
