"""Select documents by their docvars: the one rule shared by ``Corpus.subset`` and ``DTM.subset``.

>>> import pandas as pd
>>> docvars = pd.DataFrame({"lang": ["ar", "fr", "ar"]}, index=pd.Index(["a", "b", "c"], name="doc_id"))
>>> docvars_mask(docvars, "lang == 'ar'", doc_ids=["c", "b"]).tolist()
[False, False, True]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import invalid_value_message

__all__ = ["docvars_mask"]


def docvars_mask(docvars: pd.DataFrame, query: str | None = None, *, mask: Any = None,
                 doc_ids: Iterable[str] | None = None, equals: Mapping[str, Any] | None = None) -> np.ndarray:
    """Boolean array, one value per row of ``docvars``: True where every condition holds.

    Parameters
    ----------
    docvars : pandas.DataFrame
        Index ``doc_id``, one row per document.
    query : str, optional
        A :meth:`pandas.DataFrame.query` expression, e.g. ``"date >= '2015-12-15'"``.
    mask : array of bool, optional
        One boolean per document.
    doc_ids : iterable of str, optional
        Keep these documents (KeyError for unknown ids).
    equals : mapping, optional
        ``{docvar: value or list of values}`` equality filters.
    """
    n = len(docvars)
    keep = np.ones(n, dtype=bool)
    if query is not None:
        try:
            selected = docvars.query(query)
        except Exception as err:  # pandas raises many types for a bad expression
            raise ValueError(f"cannot evaluate subset query {query!r}: {err}. Docvars are "
                             f"{list(docvars.columns)}") from err
        keep &= docvars.index.isin(selected.index)
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (n,):
            raise ValueError(f"mask has shape {mask.shape}; expected ({n},), one value per document")
        keep &= mask
    if doc_ids is not None:
        wanted = set(doc_ids)
        unknown = wanted - set(docvars.index)
        if unknown:
            raise KeyError(f"unknown doc_ids: {sorted(unknown)[:5]}")
        keep &= docvars.index.isin(wanted)
    for name, value in (equals or {}).items():
        if name not in docvars.columns:
            raise ValueError(invalid_value_message("docvar", name, docvars.columns))
        values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        keep &= docvars[name].isin(list(values)).to_numpy()
    return keep
