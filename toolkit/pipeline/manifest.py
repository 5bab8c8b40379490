"""``manifest.json``: everything needed to say how the outputs of an analysis run were made.

Written last, beside the outputs, by :func:`toolkit.pipeline.run_analysis`. Its keys:

``toolkit_manifest``
    The format version (1).
``created``
    When the run finished (UTC, ISO 8601).
``analysis``
    ``name``, ``description``, ``file`` (the analysis file), ``file_sha256`` and ``parameters``
    (every setting after defaults were filled in, :meth:`Analysis.to_dict`).
``seed``
    The seed every random step drew from.
``toolkit``, ``python``, ``platform``, ``dependencies``
    Versions: the toolkit's version and the fingerprint of its code
    (:func:`toolkit.pipeline.cache.code_fingerprint`), Python, the operating system, and the
    installed version of every runtime dependency.
``corpus``
    Where it came from (``path``, ``layout``, ``query``, or ``synthetic`` and its
    parameters), ``source_sha256`` (the bytes read), ``content_sha256`` (texts and docvars,
    :func:`toolkit.pipeline.cache.corpus_hash`), ``n_documents``, ``n_units``, ``units``,
    ``dates``, ``langs``, ``sources``, ``skipped`` (files passed over).
``dictionary``, ``preprocessor``
    The dictionary's ``name``, ``version``, ``fingerprint`` and ``path``; the preprocessor's
    ``fingerprint`` and ``settings``.
``stages``
    One entry per stage, in order: ``name``, ``key`` (the cache key), ``cached`` (reused from
    the cache) and ``seconds``.
``cache_hits``, ``seconds``
    The stages reused from the cache; the run's total time.
``outputs``
    Every file written (paths relative to the output folder), with ``sha256`` and ``bytes``.

Examples
--------
>>> env = environment()
>>> sorted(env)
['dependencies', 'platform', 'python', 'toolkit']
>>> "pandas" in env["dependencies"] and "numpy" in env["dependencies"]
True
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import sys
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path
from typing import Any

from toolkit.pipeline.cache import code_fingerprint, file_sha256

__all__ = ["MANIFEST_VERSION", "dependency_versions", "environment", "list_outputs", "utc_now"]

MANIFEST_VERSION = 1
_FALLBACK = ("pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "nltk", "pyarrow", "openpyxl", "pypdf",
             "tqdm", "pyyaml")


def dependency_versions() -> dict[str, str]:
    """Installed version of each runtime dependency of the ``khitab`` distribution (sorted by name)."""
    try:
        wanted = [r for r in (requires("khitab") or []) if "extra ==" not in r]
        names = [r.split(";")[0].split("[")[0] for r in wanted]
        names = [n.split(">")[0].split("<")[0].split("=")[0].split("!")[0].split("~")[0].strip() for n in names]
    except PackageNotFoundError:  # a source tree that is not installed
        names = list(_FALLBACK)
    out = {}
    for name in sorted(set(names), key=str.lower):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def environment(code: str | None = None) -> dict[str, Any]:
    """Versions of the toolkit (and its code fingerprint), Python, the platform and the dependencies."""
    from toolkit import __version__

    return {"toolkit": {"version": __version__, "code_fingerprint": code or code_fingerprint()},
            "python": {"version": platform.python_version(), "implementation": platform.python_implementation(),
                       "executable": sys.executable},
            "platform": {"platform": platform.platform(), "system": platform.system(), "machine": platform.machine(),
                         "cpus": os.cpu_count()},
            "dependencies": dependency_versions()}


def list_outputs(folder: str | os.PathLike[str], names: Iterable[str]) -> list[dict[str, Any]]:
    """``path``, ``sha256`` and ``bytes`` of each file ``names`` (relative to ``folder``), sorted by path."""
    folder = Path(folder)
    rows = []
    for name in sorted(set(names)):
        file = folder / name
        rows.append({"path": name, "sha256": file_sha256(file), "bytes": file.stat().st_size})
    return rows


def utc_now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
