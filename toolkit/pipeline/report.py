"""The one-page HTML report of an analysis run: what was measured, the figures, the tables, and where it all came from.

The page stands alone (inline CSS, no script, nothing fetched) and links the figures relatively
(``figures/trends.png`` beside it), so the output folder can be moved or zipped whole. Every text
is HTML-escaped; table cells and labels written in Arabic carry ``dir="rtl"`` (and ``lang="ar"``)
so they read right to left, other cells ``dir="auto"``.

Examples
--------
>>> import pandas as pd
>>> page = render_report({"analysis": {"name": "demo"}, "corpus": {"n_documents": 2}},
...                      tables=[("Trends", pd.DataFrame({"frame": ["عسكري"], "estimate": [0.25]}))],
...                      figures=[{"title": "Frames <over> time", "image": "figures/trends.png",
...                                "files": ["figures/trends.pdf"]}])
>>> page.startswith("<!DOCTYPE html>"), '<td dir="rtl" lang="ar">عسكري</td>' in page
(True, True)
>>> "Frames &lt;over&gt; time" in page, '<img src="figures/trends.png"' in page
(True, True)
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.frames.concordance import text_direction

__all__ = ["render_report", "table_html"]

_CSS = """
body{font-family:"Noto Naskh Arabic","Amiri","DejaVu Sans",system-ui,sans-serif;max-width:72rem;
margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;margin-top:2rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.2rem .45rem;
vertical-align:top}th{background:#f4f4f4;text-align:start}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #eee}figcaption{font-size:.9rem;color:#444}
.note{background:#fff6d5;border:1px solid #e8d48a;padding:.5rem .8rem}.muted{color:#666;font-size:.85rem}
pre{background:#f7f7f7;padding:.6rem;overflow-x:auto;font-size:.8rem}
dl{display:grid;grid-template-columns:max-content auto;
gap:.15rem 1rem}dt{font-weight:bold}dd{margin:0}
"""


def _text_attrs(text: str) -> str:
    """``dir``/``lang`` attributes for a piece of text: rtl for Arabic, auto otherwise."""
    if text and text_direction(text) == "rtl":
        return ' dir="rtl" lang="ar"'
    return ' dir="auto"' if text else ""


def _fmt(value: Any) -> tuple[str, bool]:
    """The text of a cell and whether it is a number."""
    if value is None or value is pd.NaT or value is pd.NA:
        return "", False
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), False
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}", True
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return "", True
        magnitude = abs(float(value))
        return (f"{value:.4g}" if magnitude < 1e-3 and magnitude else f"{value:,.4f}".rstrip("0").rstrip(".")
                if magnitude < 1e6 else f"{value:.4g}"), True
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d"), False
    return str(value), False


def _cell(value: Any, tag: str = "td") -> str:
    text, numeric = _fmt(value)
    attrs = ' class="num"' if numeric else _text_attrs(text)
    return f"<{tag}{attrs}>{html.escape(text)}</{tag}>"


def table_html(table: pd.DataFrame, *, max_rows: int | None = 200) -> str:
    """An HTML ``<table>`` of ``table`` (index dropped), escaped, Arabic cells right to left.

    Rows beyond ``max_rows`` are left out with a note saying how many (the full table is in the
    CSV file beside the report).

    >>> print(table_html(pd.DataFrame({"a": [1, 2, 3]}), max_rows=2))  # doctest: +NORMALIZE_WHITESPACE
    <table><thead><tr><th dir="auto">a</th></tr></thead><tbody><tr><td class="num">1</td></tr><tr><td
    class="num">2</td></tr></tbody></table><p class="muted">1 more row not shown.</p>
    """
    shown = table if max_rows is None else table.head(max_rows)
    head = "".join(_cell(str(c), "th") for c in shown.columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in shown.itertuples(index=False))
    out = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    hidden = len(table) - len(shown)
    if hidden > 0:
        out += f'<p class="muted">{hidden:,} more row{"s" if hidden != 1 else ""} not shown.</p>'
    return out


def _dl(items: Mapping[str, Any]) -> str:
    rows = []
    for key, value in items.items():
        if value is None or value == "" or value == {} or value == []:
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str) \
            if isinstance(value, (Mapping, list, tuple)) else _fmt(value)[0]
        rows.append(f"<dt>{html.escape(key)}</dt><dd{_text_attrs(text)}>{html.escape(text)}</dd>")
    return f"<dl>{''.join(rows)}</dl>"


def _figure(spec: Mapping[str, Any]) -> str:
    title = str(spec.get("title", ""))
    image = spec.get("image")
    links = " · ".join(f'<a href="{html.escape(str(f), quote=True)}">{html.escape(str(f).rsplit(".", 1)[-1])}</a>'
                       for f in spec.get("files", ()))
    img = (f'<img src="{html.escape(str(image), quote=True)}" alt="{html.escape(title, quote=True)}">'
           if image else "")
    caption = f"<figcaption{_text_attrs(title)}>{html.escape(title)}" + (f" ({links})" if links else "") \
        + (f"<br>{html.escape(str(spec['caption']))}" if spec.get("caption") else "") + "</figcaption>"
    return f"<figure>{img}{caption}</figure>"


def render_report(manifest: Mapping[str, Any], *, tables: Sequence[tuple[Any, ...]] = (),
                  figures: Sequence[Mapping[str, Any]] = (), notes: Sequence[str] = (),
                  summary: Sequence[str] = ()) -> str:
    """The report page as a string.

    Parameters
    ----------
    manifest : mapping
        The run's manifest (see :mod:`toolkit.pipeline.manifest`): its ``analysis``, ``corpus``,
        ``dictionary``, ``toolkit``, ``python``, ``dependencies``, ``stages`` and ``outputs`` fill
        the provenance section (missing parts are left out).
    tables : sequence of (title, DataFrame) or (title, DataFrame, collapsed)
        Shown in order after the figures; a table with ``collapsed=True`` is folded in a
        ``<details>`` element.
    figures : sequence of mappings
        ``title``, ``image`` (relative path of a PNG or SVG), ``files`` (relative paths linked
        under the image), optional ``caption``.
    notes : sequence of str
        Shown first, highlighted (e.g. "this corpus is synthetic").
    summary : sequence of str
        Key findings in plain sentences, shown under the title.
    """
    analysis = manifest.get("analysis", {})
    name = str(analysis.get("name", "analysis"))
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{html.escape(name)}: toolkit analysis report</title>", f"<style>{_CSS}</style>", "</head>",
             "<body>", f"<h1{_text_attrs(name)}>{html.escape(name)}</h1>"]
    if analysis.get("description"):
        text = str(analysis["description"])
        parts.append(f"<p{_text_attrs(text)}>{html.escape(text)}</p>")
    corpus = manifest.get("corpus", {})
    dictionary = manifest.get("dictionary", {})
    facts = []
    if isinstance(corpus.get("n_documents"), int):
        facts.append(f"{corpus['n_documents']:,} documents")
    if isinstance(corpus.get("n_units"), int):
        facts.append(f"{corpus['n_units']:,} {corpus.get('units', 'unit')}s")
    if dictionary.get("name"):
        facts.append(f"dictionary {dictionary['name']} {dictionary.get('version') or ''}".strip())
    if manifest.get("seed") is not None:
        facts.append(f"seed {manifest['seed']}")
    if manifest.get("created"):
        facts.append(f"run {manifest['created']}")
    if facts:
        parts.append(f'<p class="muted">{html.escape("; ".join(facts))}</p>')
    for note in notes:
        parts.append(f'<p class="note"{_text_attrs(note)}>{html.escape(note)}</p>')
    if summary:
        parts.append("<h2>Findings</h2><ul>" + "".join(f"<li{_text_attrs(s)}>{html.escape(s)}</li>" for s in summary)
                     + "</ul>")
    if figures:
        parts.append("<h2>Figures</h2>")
        parts.extend(_figure(spec) for spec in figures)
    for title, table, *rest in tables:
        body = table_html(table) if len(table) else '<p class="muted">No rows.</p>'
        parts.append(f"<h2{_text_attrs(title)}>{html.escape(title)}</h2>")
        if rest and rest[0]:  # collapsed
            n = f"{len(table):,} row{'s' if len(table) != 1 else ''}"
            body = f"<details><summary>Show the table ({n})</summary>{body}</details>"
        parts.append(body)
    parts.append("<h2>Provenance</h2>")
    parts.append(_dl({"analysis file": analysis.get("file"), "analysis file sha256": analysis.get("file_sha256"),
                      "corpus": corpus.get("path") or ("synthetic" if corpus.get("synthetic") else None),
                      "layout": corpus.get("layout"), "query": corpus.get("query"),
                      "corpus content sha256": corpus.get("content_sha256"),
                      "corpus source sha256": corpus.get("source_sha256"),
                      "dates": " to ".join(map(str, corpus["dates"])) if corpus.get("dates") else None,
                      "languages": corpus.get("langs"),
                      "dictionary": " ".join(str(dictionary.get(k)) for k in ("name", "version") if dictionary.get(k)),
                      "dictionary fingerprint": dictionary.get("fingerprint"),
                      "preprocessor fingerprint": manifest.get("preprocessor", {}).get("fingerprint"),
                      "seed": str(manifest["seed"]) if manifest.get("seed") is not None else None,
                      "toolkit": " ".join(str(v) for v in manifest.get("toolkit", {}).values()),
                      "python": manifest.get("python", {}).get("version"),
                      "platform": manifest.get("platform", {}).get("platform"),
                      "dependencies": ", ".join(f"{k} {v}" for k, v in manifest.get("dependencies", {}).items())}))
    stages = manifest.get("stages", [])
    if stages:
        parts.append("<h3>Stages</h3>")
        parts.append(table_html(pd.DataFrame([{"stage": s.get("name"), "from cache": bool(s.get("cached")),
                                               "seconds": s.get("seconds"), "key": str(s.get("key", ""))[:16]}
                                              for s in stages])))
    parameters = analysis.get("parameters")
    if parameters:
        parts.append("<details><summary>Parameters</summary><pre>" + html.escape(
            json.dumps(parameters, ensure_ascii=False, indent=2, default=str)) + "</pre></details>")
    parts.append('<p class="muted">Every output file, with its SHA-256, is listed in '
                 '<a href="manifest.json">manifest.json</a>.</p>')
    parts.extend(["</body>", "</html>", ""])
    return "\n".join(parts)
