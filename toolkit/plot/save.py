"""Save a figure as byte-reproducible PDF, PNG and SVG files, with a JSON sidecar of provenance.

The same figure saved twice gives the same bytes: no creation or modification date in PDF
metadata, no date in SVG metadata, no "Software" text chunk in PNG, and a fixed ``svg.hashsalt``
so SVG ids do not vary. Each file is rendered in memory and written atomically
(:mod:`toolkit.atomic`): an interrupted save leaves the previous file or none, never half a file.
Beside the figures, ``<stem>.json`` records the provenance passed in, the versions of the
toolkit, matplotlib and Python, the formats, and the SHA-256 of every file written, with no
timestamp, so it is reproducible too.

Examples
--------
>>> import json, pathlib, tempfile
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> _ = ax.plot([1, 2, 3])
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> paths = save_figure(fig, folder / "line.png", formats=("png", "svg"), provenance={"seed": 1})
>>> [p.name for p in paths]
['line.png', 'line.svg', 'line.json']
>>> meta = json.loads(paths[-1].read_text())
>>> meta["provenance"], sorted(meta["files"])
({'seed': 1}, ['line.png', 'line.svg'])
>>> save_figure(fig, folder / "line.png", formats=("png", "svg"))[0].read_bytes() == paths[0].read_bytes()
True
>>> plt.close("all")
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import math
import os
import platform
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from typing import Any, Literal

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from toolkit.atomic import write_bytes, write_text
from toolkit.errors import invalid_value_message
from toolkit.plot.style import SVG_HASHSALT

__all__ = ["FORMATS", "save_figure"]

logger = logging.getLogger(__name__)

Format = Literal["pdf", "png", "svg"]
FORMATS: tuple[str, ...] = ("pdf", "png", "svg")
#: Metadata that would change from one save to the next, removed per format.
_METADATA: dict[str, dict[str, None]] = {
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {"Software": None},
    "svg": {"Date": None},
}
#: rcParams read when a file is written (fonts embedded as TrueType in PDF, as paths in SVG).
_OUTPUT_RC = {"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path", "pdf.fonttype": 42, "ps.fonttype": 42}


def save_figure(fig: Figure | Axes, path: str | os.PathLike[str], *, formats: Iterable[Format] = FORMATS,
                provenance: Mapping[str, Any] | None = None, dpi: float = 300) -> list[Path]:
    """Write ``fig`` in each format, reproducibly and atomically, plus a ``<stem>.json`` sidecar.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure (an Axes, as the ``plot_*`` functions return, stands for its figure).
    path : str or path-like
        Where to write: ``figures/trends`` or ``figures/trends.png``. A suffix naming a format
        (or ``.json``) is dropped; the formats decide the suffixes. Folders are created.
    formats : iterable of {"pdf", "png", "svg"}
        Files to write, in this order (default all three).
    provenance : mapping, optional
        What produced the figure (corpus hash, dictionary version, parameters, seed ...); stored
        in the sidecar under "provenance". Values must be JSON-like: numbers, strings, lists,
        mappings; NumPy scalars, paths and dates are converted, NaN becomes null.
    dpi : float
        Resolution of PNG files and of raster parts of PDF/SVG (default 300).

    Returns
    -------
    list of pathlib.Path
        The figure files in ``formats`` order, then the sidecar.

    Raises
    ------
    TypeError
        When ``fig`` is not a Figure or Axes, or ``provenance`` holds a value JSON cannot store.
    ValueError
        For an unknown or empty ``formats``, or a non-positive ``dpi``.

    Notes
    -----
    The sidecar holds: ``files`` (file name -> SHA-256 hex digest), ``formats``, ``dpi``,
    ``size_inches``, ``provenance`` and ``versions`` (toolkit, matplotlib, numpy, python). Keys
    are sorted and there is no timestamp: the same figure and provenance give the same bytes.
    Byte identity holds for the same versions of matplotlib and its fonts; a different
    matplotlib version writes its own version into PDF/SVG metadata (and may lay out text
    differently).
    """
    figure = _figure(fig)
    fmts = _formats(formats)
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not dpi > 0:
        raise ValueError(f"dpi must be a positive number, got {dpi!r}")
    record = _jsonable(dict(provenance or {}), "provenance")
    base = _base(Path(path))

    rendered: list[tuple[Path, bytes]] = []
    with matplotlib.rc_context(_OUTPUT_RC):
        for fmt in fmts:
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt], bbox_inches="tight",
                           pad_inches=0.02)
            rendered.append((base.with_name(f"{base.name}.{fmt}"), buffer.getvalue()))
    written = []
    for target, data in rendered:
        write_bytes(target, data)
        written.append(target)
        logger.info("wrote %s (%d bytes)", target, len(data))

    sidecar = {
        "files": {p.name: hashlib.sha256(data).hexdigest() for p, data in rendered},
        "formats": list(fmts),
        "dpi": dpi,
        "size_inches": [round(float(v), 4) for v in figure.get_size_inches()],
        "provenance": record,
        "versions": _versions(),
    }
    meta = base.with_name(f"{base.name}.json")
    write_text(meta, json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n")
    return [*written, meta]


def _figure(fig: Any) -> Figure:
    if isinstance(fig, Axes):
        fig = fig.figure
    if isinstance(fig, SubFigure):
        fig = fig.figure
    if not isinstance(fig, Figure):
        raise TypeError(f"save_figure() takes a matplotlib Figure or Axes, got {type(fig).__name__}")
    return fig


def _formats(formats: Iterable[str]) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = (formats,)
    fmts = tuple(dict.fromkeys(str(f).lower().lstrip(".") for f in formats))
    if not fmts:
        raise ValueError(f"formats is empty; give one or more of {list(FORMATS)}")
    for fmt in fmts:
        if fmt not in FORMATS:
            raise ValueError(invalid_value_message("formats", fmt, FORMATS))
    return fmts


def _base(path: Path) -> Path:
    """``path`` without a suffix that names a format (or .json)."""
    if path.suffix.lower().lstrip(".") in (*FORMATS, "json"):
        return path.with_suffix("")
    return path


def _versions() -> dict[str, str]:
    from toolkit import __version__

    return {"toolkit": __version__, "matplotlib": matplotlib.__version__, "numpy": np.__version__,
            "python": platform.python_version()}


def _jsonable(value: Any, where: str) -> Any:
    """``value`` as JSON-ready data, or a TypeError naming where the offending value is."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value) if math.isfinite(value) else str(float(value))
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):  # pandas Timestamps too
        return value.isoformat()
    if isinstance(value, np.ndarray):
        return [_jsonable(v, f"{where}[{i}]") for i, v in enumerate(value.tolist())]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, f"{where}[{k!r}]") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, (set, frozenset)):
        return sorted((_jsonable(v, where) for v in value), key=repr)
    raise TypeError(f"{where} is a {type(value).__name__} ({value!r:.60}), which the JSON sidecar cannot store; "
                    "pass numbers, strings, lists or mappings (convert it, e.g. with str())")
