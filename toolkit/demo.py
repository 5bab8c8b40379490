"""``make demo`` / ``toolkit demo``: the whole analysis, end to end, on synthetic communiqués, offline.

:func:`run_demo` runs the analysis of :data:`DEMO_ANALYSIS` (the same settings as
``analyses/demo.yml``) with :func:`toolkit.pipeline.run_analysis`: 480 **synthetic** communiqués
in Arabic, French and English from :func:`toolkit.datasets.make_communiques`, whose paragraphs
carry frames planted with a known, time-varying probability -> frames per paragraph with the
built-in ``terrorism_frames`` dictionary -> yearly trends with cluster-bootstrap intervals ->
two comparisons of periods -> change points -> figures, tables, ``report.html`` and
``manifest.json`` under ``figures/demo/``. Because the truth is known, it then checks the
result: :func:`recovery_table` sets the frames found against the frames planted (share of
paragraphs, paragraph agreement, and how well the yearly trends follow the generating
probabilities), writes it to ``recovery.csv`` and prints it.

It also runs the loading demo (:func:`run_loading_demo`, into ``figures/demo/loading/``): a
handful of short communiqués written on the fly in the shapes researchers receive them (a folder
of text files with metadata in the names, a CSV export with Arabic dates in words, a TREC-style
pseudo-XML file, macOS junk and a republished wire copy), read with one call each, with a
summary, paragraphs, duplicates, frequent terms and frame counts with a KWIC page.

Every file is written atomically (:mod:`toolkit.atomic`); only the demo's own files are replaced.

Examples
--------
>>> sorted(DEMO_ANALYSIS)[:4]
['change_points', 'comparisons', 'description', 'dictionary']
>>> DEMO_ANALYSIS["synthetic"]["n_documents"], DEMO_ANALYSIS["seed"]
(480, 20240101)
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.atomic import atomic_path, write_text
from toolkit.corpus import Corpus, read_corpus
from toolkit.dtm import DTM, dtm
from toolkit.text import Preprocessor

if TYPE_CHECKING:
    from toolkit.pipeline import Analysis

__all__ = ["DEMO_ANALYSIS", "demo_analysis", "frames_demo", "recovery_table", "run_demo", "run_loading_demo",
           "top_terms_by_language", "write_demo_inputs"]

_TEXTS = {
    "MAR_2017-11-26_imctc.txt": (
        "أكدت الدول الأعضاء في التحالف الإسلامي العسكري لمحاربة الإرهاب عزمها على تنسيق الجهود لدرء "
        "مخاطر الإرهاب.\n"
        "وأكد الوزراء ضرورة تأمين دول التحالف بما يلزم من قدرات عسكرية تضمن إضعاف التنظيمات الإرهابية "
        "وتفكيكها.\n"
        "وشدد الوزراء على أهمية محاربة تمويل الإرهاب وتجفيف منابعه، وعلى دور الإعلام في مواجهة الفكر المتطرف."
    ),
    "FRA_2015-11-16_declaration.txt": (
        "Le Gouvernement condamne avec la plus grande fermeté les attentats terroristes de Paris.\n\n"
        "Les forces armées intensifieront leurs frappes contre Daech. La lutte contre le financement du "
        "terrorisme sera renforcée."
    ),
    "USA_2001-09-20_address.txt": (
        "We will direct every resource at our command to the disruption and defeat of the global terror "
        "network.\n\nWe will starve terrorists of funding, turn them one against another, and drive them "
        "from place to place."
    ),
}

_CSV_ROWS = [
    {"id": "spa-1", "date": "3 جانفي 2016", "source": "TAP",
     "content": "أدانت وزارة الخارجية الهجوم الإرهابي ودعت إلى تعزيز التعاون الأمني وتبادل المعلومات."},
    {"id": "spa-2", "date": "14 تشرين الأول 2015", "source": "SANA",
     "content": "قال البيان إن مكافحة الإرهاب تتطلب مواجهة الخطاب المتطرف في وسائل الإعلام."},
    {"id": "spa-3", "date": "14/10/2015", "source": "WAS",
     "content": "قال البيان إن مكافحة الإرهاب تتطلب مواجهة الخطاب المتطرف في وسائل الإعلام."},
    {"id": "afp-1", "date": "12 novembre 2015", "source": "AFP",
     "content": "Le Conseil de sécurité a adopté une résolution visant à tarir les sources de financement "
                "de l'État islamique."},
]

_SGML = """<DOC>
<DOCNO>UNSC-2015-2249</DOCNO>
<TITLE>Security Council resolution 2249</TITLE>
<TIME>2015-11-20T17:05:00-05:00</TIME>
<TEXT>
The Security Council calls upon Member States to take all necessary measures to prevent and suppress
terrorist acts committed by ISIL & other groups.
</TEXT>
</DOC>
"""


def write_demo_inputs(folder: str | os.PathLike[str]) -> Path:
    """Write the demo's raw inputs (text files, a CSV, a pseudo-XML file, junk) into ``folder``."""
    folder = Path(folder)
    statements = folder / "statements"
    statements.mkdir(parents=True, exist_ok=True)
    for name, text in _TEXTS.items():
        (statements / name).write_text(text, encoding="utf-8")
    (statements / "._MAR_2017-11-26_imctc.txt").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X" + b"\0" * 40)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", "date", "source", "content"])
    writer.writeheader()
    writer.writerows(_CSV_ROWS)
    (folder / "wires.csv").write_text(buffer.getvalue(), encoding="utf-8-sig")
    (folder / "unsc.xml").write_text(_SGML, encoding="utf-8")
    return folder


def top_terms_by_language(matrix: DTM, *, n: int = 10) -> pd.DataFrame:
    """The ``n`` most frequent features of each language tag (columns ``lang``, ``term``, ``count``).

    Features of a multilingual DTM are tagged ``"ar:..."``; an untagged DTM is one language.
    """
    rows = []
    for feature, count in matrix.term_frequencies().items():
        lang, _, term = feature.partition(":") if ":" in feature else ("", "", feature)
        rows.append((lang or "all", term, int(count)))
    table = pd.DataFrame(rows, columns=["lang", "term", "count"])
    return table.groupby("lang", sort=True).head(n).reset_index(drop=True)


def _write_csv(table: pd.DataFrame, path: Path, *, index: bool = False) -> None:
    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=index, encoding="utf-8")


def frames_demo(corpus: Corpus, out: str | os.PathLike[str], *,
                dictionary: str = "terrorism_frames") -> dict[str, Any]:
    """Count a frame dictionary per paragraph of ``corpus`` and write the frame tables under ``out``.

    Writes ``frames_paragraphs.csv`` (``doc_id``, ``unit_index``, ``date``, ``lang``,
    ``n_tokens`` and, per frame, the counted hits ``<frame>``, the weighted score
    ``<frame>_score`` and ``<frame>_present``, the frame as :func:`toolkit.frames.assign`
    decides it), ``frames_by_year.csv`` (the same pooled by year and language with
    :func:`toolkit.frames.grouping.aggregate_counts`: units, tokens, hits, scores, hits per 1,000
    tokens ``<frame>_rate`` and the share of units with the frame ``<frame>_share``),
    ``frame_hits.csv`` (every match, counted or not, with the reason, from
    :func:`toolkit.frames.frame_hits`) and ``frame_hits_kwic.html`` (keyword in context of the
    counted hits of the frames, Arabic lines right to left).

    Returns
    -------
    dict
        What the demo adds to ``summary.json``: the dictionary's ``name``, ``version`` and
        ``fingerprint``, the ``unit`` counted, ``n_units``, ``n_hits`` (counted) and
        ``units_with_frame`` (frame -> number of paragraphs).

    Examples
    --------
    >>> import tempfile
    >>> corpus = Corpus.from_records([{"doc_id": "a", "lang": "en", "date": "2015-11-20",
    ...                                "text": "Terrorists use social media.\\n\\nThe weather."}])
    >>> info = frames_demo(corpus, tempfile.mkdtemp())
    >>> info["name"], info["n_units"], info["units_with_frame"]["media"]
    ('terrorism_frames', 2, 1)
    """
    from toolkit.frames.concordance import kwic, kwic_to_html
    from toolkit.frames.counting import assign, count_frames, frame_hits
    from toolkit.frames.grouping import aggregate_counts
    from toolkit.frames.matcher import Matcher

    out = Path(out)
    matcher = Matcher(dictionary)  # compiled once, shared by the counts, the hits and the KWIC page
    frames = list(matcher.dictionary.frames)
    counts = count_frames(corpus, unit="paragraph", matcher=matcher, progress=False)
    present = assign(counts, dictionary=matcher.dictionary)
    per_unit = counts[["doc_id", "unit_index", "date", "lang", "n_tokens"]].copy()
    for frame in frames:
        per_unit[frame] = counts[frame]
        per_unit[f"{frame}_score"] = counts[f"{frame}_score"]
        per_unit[f"{frame}_present"] = present[frame]
    _write_csv(per_unit, out / "frames_paragraphs.csv")

    pooled = aggregate_counts(counts, ["year", "lang"], frames=frames, assigned=present)
    columns = ["n_units", "n_tokens"] + [f"{frame}{suffix}" for frame in frames
                                         for suffix in ("", "_score", "_rate", "_share")]
    _write_csv(pooled[columns].round(4), out / "frames_by_year.csv", index=True)

    hits = frame_hits(corpus, unit="paragraph", matcher=matcher)
    _write_csv(hits, out / "frame_hits.csv")
    lines = kwic(corpus, matcher.dictionary, unit="paragraph", category=frames, counted_only=True,
                 matcher=matcher)
    kwic_to_html(lines, out / "frame_hits_kwic.html",
                 title=f"Counted frame hits: {matcher.dictionary.name} {matcher.dictionary.version or ''}".strip())
    return {"name": matcher.dictionary.name, "version": matcher.dictionary.version,
            "fingerprint": matcher.dictionary.fingerprint, "unit": "paragraph", "n_units": len(counts),
            "n_hits": int(hits["counted"].sum()),
            "units_with_frame": {frame: int(present[frame].sum()) for frame in frames}}


def _remove_previous_inputs(inputs: Path) -> None:
    """Delete the input files an earlier run wrote (and nothing else), so they are written afresh."""
    names = [Path("statements") / name for name in _TEXTS]
    names += [Path("statements") / "._MAR_2017-11-26_imctc.txt", Path("wires.csv"), Path("unsc.xml")]
    for name in names:
        (inputs / name).unlink(missing_ok=True)


def run_loading_demo(out: str | os.PathLike[str], *, verbose: bool = True) -> Path:
    """Write the inputs, read them into one corpus, and save the first outputs under ``out``.

    Outputs: ``summary.json`` (:meth:`Corpus.describe`, plus ``frames``: the dictionary's name,
    version and fingerprint and the paragraphs with each frame), ``paragraphs.csv``,
    ``duplicates.csv``, ``top_terms.csv``, ``corpus.parquet`` and the frame tables of
    :func:`frames_demo`. The demo's own files are replaced; other files in ``out`` are left alone.

    Examples
    --------
    >>> import tempfile
    >>> out = run_loading_demo(tempfile.mkdtemp(), verbose=False)
    >>> sorted(p.name for p in out.iterdir())  # doctest: +NORMALIZE_WHITESPACE
    ['corpus.parquet', 'duplicates.csv', 'frame_hits.csv', 'frame_hits_kwic.html', 'frames_by_year.csv',
     'frames_paragraphs.csv', 'inputs', 'paragraphs.csv', 'summary.json', 'top_terms.csv']
    """
    out = Path(out)
    _remove_previous_inputs(out / "inputs")
    inputs = write_demo_inputs(out / "inputs")
    texts = read_corpus(inputs / "statements", filename_pattern="{country}_{date}_{slug}.txt")
    wires = read_corpus(inputs / "wires.csv", columns={"id": "doc_id", "content": "text"})
    resolutions = read_corpus(inputs / "unsc.xml")
    corpus = Corpus.concat([texts, wires, resolutions], meta={"demo": True})
    summary = corpus.describe()
    duplicates = corpus.find_duplicates(threshold=0.8)
    units = corpus.paragraphs()
    unique = corpus.drop_duplicates(threshold=0.8)
    matrix = dtm(unique, preprocessor=Preprocessor(stop_words=True))
    top_terms = top_terms_by_language(matrix, n=8)
    _write_csv(units.to_frame()[["parent_id", "unit_index", "lang", "date", "text"]], out / "paragraphs.csv",
               index=True)
    _write_csv(duplicates, out / "duplicates.csv")
    _write_csv(top_terms, out / "top_terms.csv")
    corpus.to_parquet(out / "corpus.parquet")
    frames = frames_demo(unique, out)  # a republished wire copy would count twice
    write_text(out / "summary.json", json.dumps({**summary.to_dict(), "frames": frames}, ensure_ascii=False,
                                                indent=2, default=str))
    if verbose:
        print(summary)
        print(f"\n{len(units)} paragraphs; {int((~duplicates['is_first']).sum()) if len(duplicates) else 0} "
              f"duplicate(s) found; skipped: {corpus.skipped['reason'].tolist()}")
        print("\nmost frequent terms:")
        for lang, group in top_terms.groupby("lang", sort=True):
            print(f"  {lang}: " + ", ".join(f"{t} ({c})" for t, c in zip(group["term"], group["count"])))
        print(f"\nframes ({frames['name']} {frames['version']}, {frames['fingerprint']}), paragraphs with "
              f"each frame out of {frames['n_units']} (duplicates left out): "
              + ", ".join(f"{frame} {n}" for frame, n in frames["units_with_frame"].items()))
        print(f"outputs in {out}/: " + ", ".join(sorted(p.name for p in out.iterdir())))
    return out


# ---------------------------------------------------------------------- the analysis demo
#: the settings of the demo analysis; ``analyses/demo.yml`` holds the same (a test keeps them equal)
DEMO_ANALYSIS: dict[str, Any] = {
    "toolkit_analysis": 1,
    "name": "demo",
    "description": ("SYNTHETIC communiqués in Arabic, French and English (toolkit.datasets.make_communiques) whose "
                    "paragraphs carry frames planted with a known, time-varying probability: the frames found by the "
                    "terrorism_frames dictionary and their trends can be checked against the truth."),
    "synthetic": {"n_documents": 480, "start": "1996-01-01", "end": "2024-12-31", "languages": ["ar", "fr", "en"]},
    "units": "paragraph",
    "dictionary": "terrorism_frames",
    "frames": {"measure": "share"},
    "periods": {"freq": "year"},
    "trends": {"ci": 0.95, "n_boot": 1000, "cluster": "doc_id", "min_units": 20, "min_clusters": 5, "by": "lang"},
    "comparisons": [
        {"name": "ideological_after_2014", "frames": ["ideological", "media"], "before": [2005, 2013],
         "after": [2015, 2024]},
        {"name": "military_after_2001", "frames": ["military", "financial"], "before": [1996, 2000],
         "after": [2002, 2006]},
    ],
    "change_points": {"method": "pelt", "penalty": "bic"},
    "figures": {"kinds": ["trends", "trend_facets", "shares", "heatmap"], "formats": ["png", "svg", "pdf"],
                "heatmap_row": "source"},
    "seed": 20240101,
}


def demo_analysis(out: str | os.PathLike[str] = Path("figures") / "demo") -> Analysis:
    """The demo :class:`~toolkit.pipeline.Analysis`, writing to ``out``."""
    from toolkit.pipeline import load_analysis

    return load_analysis({**DEMO_ANALYSIS, "output": str(Path(out).resolve())})


def recovery_table(units: pd.DataFrame, trends: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Frames found against frames planted, for a corpus of :func:`toolkit.datasets.make_communiques`.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per paragraph with ``doc_id``, ``unit_index`` and ``<frame>_present`` (the
        ``tables/units.parquet`` of an analysis run).
    trends : pandas.DataFrame
        Yearly :func:`toolkit.compare.frame_trends` of the share (``tables/trends.csv``).
    corpus : Corpus
        The synthetic corpus (its docvars hold the truth).

    Returns
    -------
    pandas.DataFrame
        One row per frame: ``planted`` (share of paragraphs carrying the planted frame),
        ``recovered`` (share where the dictionary finds it), ``agreement`` (share of paragraphs
        where the two agree), and over the periods with an interval (flag "ok"): ``trend_r``
        (correlation of the yearly estimates with the generating probabilities of
        :func:`toolkit.datasets.planted_shares`), ``trend_mae`` (mean absolute difference) and
        ``in_ci`` / ``periods`` (periods whose generating probability lies in the interval).
    """
    from toolkit.datasets import planted_frames, planted_shares

    truth = planted_frames(corpus)
    frames = [f for f in truth.columns if f"{f}_present" in units.columns]
    key = ["doc_id", "unit_index"]
    found = units[key + [f"{f}_present" for f in frames]]
    merged = truth.merge(found, on=key, how="inner", validate="one_to_one")
    if len(merged) != len(truth):
        raise ValueError(f"{len(truth) - len(merged)} planted paragraphs have no row in units; were they made from "
                         "this corpus, with unit='paragraph'?")
    expected = planted_shares(corpus, freq="year").assign(period=lambda t: t["period"].astype(str))
    rows = []
    for frame in frames:
        t = trends[(trends["frame"] == frame) & (trends["flag"] == "ok")].assign(
            period=lambda d: d["period"].astype(str))
        both = t.merge(expected[expected["frame"] == frame][["period", "share"]], on="period", how="inner")
        inside = (both["share"] >= both["ci_low"]) & (both["share"] <= both["ci_high"])
        rows.append({"frame": frame, "planted": float(merged[frame].mean()),
                     "recovered": float(merged[f"{frame}_present"].mean()),
                     "agreement": float((merged[frame] == merged[f"{frame}_present"]).mean()),
                     "trend_r": float(both["estimate"].corr(both["share"])) if len(both) > 2 else float("nan"),
                     "trend_mae": float((both["estimate"] - both["share"]).abs().mean()),
                     "in_ci": int(inside.sum()), "periods": len(both)})
    return pd.DataFrame(rows)


def _format_recovery(table: pd.DataFrame, n_units: int) -> str:
    lines = [f"recovered vs planted frames ({n_units:,} SYNTHETIC paragraphs; truth from toolkit.datasets):",
             f"  {'frame':<12}{'planted':>9}{'recovered':>11}{'agreement':>11}{'trend r':>9}{'years in CI':>13}"]
    for row in table.itertuples(index=False):
        lines.append(f"  {row.frame:<12}{row.planted:>9.1%}{row.recovered:>11.1%}{row.agreement:>11.1%}"
                     f"{row.trend_r:>9.2f}{f'{row.in_ci}/{row.periods}':>13}")
    return "\n".join(lines)


def run_demo(out: str | os.PathLike[str] = Path("figures") / "demo", *, verbose: bool = True,
             progress: bool = False, loading: bool = True) -> Path:
    """Run the demo analysis into ``out`` and check what it recovers; returns ``out``.

    Writes the outputs of :func:`toolkit.pipeline.run_analysis` (``report.html``,
    ``manifest.json``, ``tables/``, ``figures/``), ``recovery.csv`` (:func:`recovery_table`)
    and, with ``loading``, the loading demo in ``out/loading/`` (:func:`run_loading_demo`).
    With ``verbose``, prints the run's summary, the recovery table and where the outputs are.
    A second run with nothing changed reuses every stage from ``out/.cache``.
    """
    from toolkit.pipeline import run_analysis
    from toolkit.pipeline.stages import load_corpus

    out = Path(out)
    analysis = demo_analysis(out)
    result = run_analysis(analysis, progress=progress)
    recovery = recovery_table(result.units(), result.tables["trends"], load_corpus(analysis))
    _write_csv(recovery.round(4), out / "recovery.csv")
    if loading:
        run_loading_demo(out / "loading", verbose=False)
    if verbose:
        print(result.summary())
        print()
        print(_format_recovery(recovery, int(result.manifest["corpus"]["n_units"])))
        where = f"; the loading demo (readers, duplicates, KWIC) is in {result.output / 'loading'}/" if loading else ""
        print(f"\nopen {result.report} to see the figures and tables{where}")
    return out
