"""``make demo`` / ``toolkit demo``: the loading stage end to end on a small corpus written on the fly.

The demo writes a handful of short communiqués in Arabic, French and English, in the shapes
researchers receive them (a folder of text files with metadata in the names, a CSV export with
Arabic dates in words, a TREC-style pseudo-XML file, macOS junk and a republished wire copy),
reads them with one call, and writes what a researcher would look at first: a summary, the
paragraph units, the duplicate report, the most frequent terms per language (normalised,
Arabic clitics handled, stop words removed), and the corpus as Parquet. Later stages (frames,
trends, figures) extend this job as they land.

Examples
--------
>>> import tempfile
>>> out = run_demo(tempfile.mkdtemp(), verbose=False)
>>> sorted(p.name for p in out.iterdir())
['corpus.parquet', 'duplicates.csv', 'inputs', 'paragraphs.csv', 'summary.json', 'top_terms.csv']
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pandas as pd

from toolkit.corpus import Corpus, read_corpus
from toolkit.dtm import DTM, dtm
from toolkit.text import Preprocessor

__all__ = ["write_demo_inputs", "run_demo", "top_terms_by_language"]

_TEXTS = {
    "MAR_2017-11-26_imctc.txt": (
        "أكدت الدول الأعضاء في التحالف الإسلامي العسكري لمحاربة الإرهاب عزمها على تنسيق الجهود لدرء "
        "مخاطر الإرهاب.\n"
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


def run_demo(out: str | os.PathLike[str] = Path("figures") / "demo", *, verbose: bool = True) -> Path:
    """Write the inputs, read them into one corpus, and save the first outputs under ``out``."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    inputs = write_demo_inputs(out / "inputs")
    texts = read_corpus(inputs / "statements", filename_pattern="{country}_{date}_{slug}.txt")
    wires = read_corpus(inputs / "wires.csv", columns={"id": "doc_id", "content": "text"})
    resolutions = read_corpus(inputs / "unsc.xml")
    corpus = Corpus.concat([texts, wires, resolutions], meta={"demo": True})
    summary = corpus.describe()
    duplicates = corpus.find_duplicates(threshold=0.8)
    units = corpus.paragraphs()
    matrix = dtm(corpus.drop_duplicates(threshold=0.8), preprocessor=Preprocessor(stop_words=True))
    top_terms = top_terms_by_language(matrix, n=8)
    (out / "summary.json").write_text(summary.to_json(indent=2), encoding="utf-8")
    units.to_frame()[["parent_id", "unit_index", "lang", "date", "text"]].to_csv(out / "paragraphs.csv")
    duplicates.to_csv(out / "duplicates.csv", index=False)
    top_terms.to_csv(out / "top_terms.csv", index=False)
    corpus.to_parquet(out / "corpus.parquet")
    if verbose:
        print(summary)
        print(f"\n{len(units)} paragraphs; {int((~duplicates['is_first']).sum()) if len(duplicates) else 0} "
              f"duplicate(s) found; skipped: {corpus.skipped['reason'].tolist()}")
        print("\nmost frequent terms:")
        for lang, group in top_terms.groupby("lang", sort=True):
            print(f"  {lang}: " + ", ".join(f"{t} ({c})" for t, c in zip(group["term"], group["count"])))
        print(f"outputs in {out}/: " + ", ".join(sorted(p.name for p in out.iterdir())))
    return out
