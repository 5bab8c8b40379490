"""Named layouts: small adapters over :func:`~toolkit.corpus.readers.read_corpus` for known corpora.

Each layout knows where the documents sit in the published distribution, where their metadata
lives (file names, tags, JSON keys, a first line) and which quirks to handle. Pass the corpus
folder as distributed (for example ``../shared/corpora/ungdc``) or the data inside it.

=============================  =====================================================  ==========
layout                         documents                                              dates
=============================  =====================================================  ==========
``ungdc``                      UN General Debate speeches, ``TXT/Session NN - YYYY/`` year
                               ``ISO3_NN_YYYY.txt`` in a ``.tgz`` read in place;
                               speaker and post joined from ``Speakers_by_session.xlsx``
``saudinewsnet``               ``dataset/YYYY-MM-DD.zip``, each one JSON array        day (crawl)
``ant``                        ANT v1.1 pseudo-XML, ``data/<category>/JA-*.txt``     day
``us_presidential_speeches``   ``data/YYYY-MM-DD-slug.txt``; line 1 ``President: X`` day
``unsc_resolutions``           ``S_RES_NNNN_YYYY_EN_GOLD.txt``; adoption date line    day
``un_charter``                 ``raw_un_charter_{ar,en,fr,es,ru,zh}.txt``             day
``seed``                       the project's seed communiqué (one file)               day
=============================  =====================================================  ==========

The document counts, date ranges and quirks of the copies in ``../shared/corpora`` are listed
in ``corpora/README.md`` and checked by ``tests/corpus/test_layouts_integration.py``.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from toolkit.corpus.build import build_corpus, issue_row
from toolkit.corpus.corpus import Corpus
from toolkit.corpus.readers import _with_versions, read_records
from toolkit.corpus.sources import SourceFile
from toolkit.errors import CorpusFormatError, invalid_value_message

__all__ = ["LAYOUTS", "read_layout"]

logger = logging.getLogger(__name__)


def _find(path: Path, candidates: list[str], layout: str) -> Path:
    """The first existing ``path / candidate`` (or ``path`` itself when it is one of them)."""
    for cand in candidates:
        hit = sorted(path.glob(cand)) if any(ch in cand for ch in "*?[") else [path / cand]
        hit = [h for h in hit if h.exists() and not h.name.startswith("._")]
        if hit:
            return hit[0]
    if path.exists():
        return path
    raise FileNotFoundError(f"{path}: no such file or folder (layout {layout!r})")


def _run(layout: str, root: Path, *, pattern: str | None, hook: Callable[[dict, SourceFile], dict | None],
         lang: str | None, source: str | None, include: Any = None, exclude: Any = None,
         format: str | None = None, strict: bool = False, show_progress: bool | None = None,
         dayfirst: bool = True, columns: dict[str, str] | None = None, text_col: str | None = None,
         detect_lang: bool = False, post: Callable[[list[dict], list[dict]], None] | None = None) -> Corpus:
    skipped: list[dict] = []
    issues: list[dict] = []
    records = list(read_records(root, format=format, include=include, exclude=exclude,
                                filename_pattern=pattern, strict=strict, record_hook=hook,
                                show_progress=show_progress, skipped=skipped, issues=issues,
                                columns=columns, text_col=text_col))
    if post is not None:
        post(records, issues)
    meta = _with_versions({"path": str(root.resolve()), "reader": "read_layout", "layout": layout})
    return build_corpus(records, strict=strict, lang=lang, source=source, dayfirst=dayfirst,
                        detect_lang=detect_lang, skipped=skipped, issues=issues, meta=meta)


# --------------------------------------------------------------------------- UN General Debates
_SESSION_DIR = re.compile(r"Session (\d+) - (\d{4})")


def read_ungdc(path: str | os.PathLike[str], *, speakers: bool = True, **kw: Any) -> Corpus:
    """UN General Debate Corpus (Jankin, Baturo & Dasandi; Harvard Dataverse doi:10.7910/DVN/0TJX8Y).

    Reads the ``.tgz`` in place. Docvars: ``country`` (ISO3 or historical/2-letter codes such
    as ``CSK``, ``YUG``, ``EU``), ``session``, ``year`` (dates have year precision), and with
    ``speakers=True`` ``country_name``, ``speaker`` and ``post`` from ``Speakers_by_session.xlsx``
    when it lies beside the archive. A file whose folder disagrees with its name on session or
    year is reported in ``Corpus.issues``.
    """
    root = Path(path)
    archive = _find(root, ["*.tgz", "*.tar.gz", "TXT"], "ungdc")

    def hook(rec: dict, src: SourceFile) -> dict:
        folder = _SESSION_DIR.search(src.relpath)
        session, year = int(rec["session"]), int(rec["year"])
        if folder and (int(folder.group(1)), int(folder.group(2))) != (session, year):
            issues_out.append(issue_row(src.display, f"folder says session {folder.group(1)} of "
                                        f"{folder.group(2)}; file name says {session} of {year}"))
        rec.update(doc_id=PurePosixPath(src.relpath).stem, session=session, year=year, date=year,
                   date_precision="year", title=f"{rec['country']} {year}")
        return rec

    issues_out: list[dict] = []

    def post(records: list[dict], issues: list[dict]) -> None:
        issues.extend(issues_out)
        xlsx = root / "Speakers_by_session.xlsx" if root.is_dir() else root.parent / "Speakers_by_session.xlsx"
        if speakers and xlsx.exists():
            _join_speakers(records, xlsx)

    return _run("ungdc", archive, pattern=r"{country:[A-Z]{2,3}}_{session:\d+}_{year:\d{4}}.txt", hook=hook,
                lang="en", source="UN General Debate", post=post, **kw)


def _join_speakers(records: list[dict], xlsx: Path) -> None:
    table = pd.read_excel(xlsx, dtype={"ISO Code": str}, engine="calamine")
    table.columns = [str(c).strip() for c in table.columns]
    need = {"Session", "ISO Code"}
    if not need <= set(table.columns):
        raise CorpusFormatError(f"expected columns {sorted(need)}; found {list(table.columns)}", path=str(xlsx))
    table = table.drop_duplicates(["ISO Code", "Session"])
    names = {"Country": "country_name", "Name of Person Speaking": "speaker", "Post": "post"}
    lookup = {(str(r["ISO Code"]).strip(), int(r["Session"])): r for r in table.to_dict("records")}
    for rec in records:
        row = lookup.get((rec["country"], rec["session"]))
        for src_col, col in names.items():
            value = row.get(src_col) if row else None
            rec[col] = None if value is None or pd.isna(value) else str(value).strip()


# --------------------------------------------------------------------------- SaudiNewsNet
def read_saudinewsnet(path: str | os.PathLike[str], **kw: Any) -> Corpus:
    """SaudiNewsNet (Alhagri 2015): daily zips, each holding one JSON array of articles.

    ``content`` becomes ``text``; ``date`` is ``date_extracted``, the **crawl** time (upstream:
    reliable as a publication date only after 2015-08-01; kept raw in ``date_extracted``).
    Docvars: ``source`` (newspaper id), ``url``, ``title``, ``author``, ``day_file``.
    """
    root = _find(Path(path), ["dataset"], "saudinewsnet")

    def hook(rec: dict, src: SourceFile) -> dict:
        day = PurePosixPath(src.display.split("!")[0]).name.removesuffix(".zip")
        index = int(str(rec["doc_id"]).rsplit("#", 1)[-1]) if "#" in str(rec["doc_id"]) else 0
        rec["date_extracted"] = rec.get("date")
        rec.update(doc_id=f"{day}/{index:05d}", day_file=day)
        return rec

    kw.setdefault("include", "*.zip")
    return _run("saudinewsnet", root, pattern=None, hook=hook, lang="ar", source=None,
                columns={"content": "text", "date_extracted": "date"}, **kw)


# --------------------------------------------------------------------------- ANT
def read_ant(path: str | os.PathLike[str], **kw: Any) -> Corpus:
    """ANT Corpus v1.1 (Chouigui, Ben Khiroun & Elayeb 2017): one pseudo-XML ``<DOC>`` per file.

    ``doc_id`` is ``<DOCNO>``, the date comes from ``<TIME>`` (ISO with offset, or
    ``DD/MM/YYYY``; never from the file name, which is inconsistent), ``category`` from
    ``<CAT>``. Raw ``&`` and empty ``<TEXT>`` are tolerated.
    """
    root = _find(Path(path), ["data"], "ant")

    def hook(rec: dict, src: SourceFile) -> dict:
        rec.setdefault("category", PurePosixPath(src.relpath).parts[0] if "/" in src.relpath else None)
        return rec

    kw.setdefault("format", "sgml")
    return _run("ant", root, pattern=None, hook=hook, lang="ar", source="Jawhara FM", **kw)


# --------------------------------------------------------------------------- US presidents
_PRESIDENT = re.compile(r"\A\ufeff?President:\s*(?P<name>[^\n]+)\n")


def read_us_presidential_speeches(path: str | os.PathLike[str], **kw: Any) -> Corpus:
    """US presidential speeches (Miller Center transcripts): ``data/YYYY-MM-DD-slug.txt``.

    The first line ``President: Name`` becomes the ``president`` docvar and is removed from
    the text; the date and ``slug`` come from the file name (files without ``.txt`` are read
    too).
    """
    root = _find(Path(path), ["data"], "us_presidential_speeches")

    def hook(rec: dict, src: SourceFile) -> dict:
        match = _PRESIDENT.match(rec["text"])
        if match:
            rec["president"] = match.group("name").strip()
            rec["text"] = rec["text"][match.end():].lstrip("\n")
        else:
            rec["president"] = None
            issues_out.append(issue_row(src.display, "no 'President: ...' first line"))
        rec["slug"] = rec["slug"].removesuffix(".txt")
        rec["doc_id"] = PurePosixPath(src.relpath).name.removesuffix(".txt")
        rec["title"] = rec["slug"].replace("-", " ")
        return rec

    issues_out: list[dict] = []
    return _run("us_presidential_speeches", root, pattern=r"{date:\d{4}-\d{2}-\d{2}}-{slug:[^/]+}",
                hook=hook, lang="en", source="Miller Center", post=lambda r, i: i.extend(issues_out), **kw)


# --------------------------------------------------------------------------- UNSC resolutions
_ADOPTED = re.compile(r"\bof\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")


def read_unsc_resolutions(path: str | os.PathLike[str], **kw: Any) -> Corpus:
    """UN Security Council resolutions, CR-UNSC English gold texts (Fobbe; CC0).

    ``doc_id`` is the symbol ``S/RES/<N> (<YYYY>)``; the adoption date is read from the first
    lines (``of 21 January 1992``, ``3 (1946). Resolution of 4 April 1946``) with day precision,
    falling back to the year in the file name (reported in ``Corpus.issues``).
    """
    root = _find(Path(path), ["data/res_en_gold", "res_en_gold"], "unsc_resolutions")

    def hook(rec: dict, src: SourceFile) -> dict:
        number, year = int(rec["number"]), int(rec["year"])
        head = rec["text"][:400]
        match = _ADOPTED.search(head)
        if match and match.group(1).endswith(str(year)):
            rec["date"] = match.group(1)
        else:
            rec["date"], rec["date_precision"] = year, "year"
            issues_out.append(issue_row(src.display, "no adoption date in the first lines; dated by year"))
        first_line = rec["text"].strip().split("\n", 1)[0].strip()
        rec.update(doc_id=f"S/RES/{number} ({year})", number=number, year=year, title=first_line[:200])
        return rec

    issues_out: list[dict] = []
    return _run("unsc_resolutions", root, pattern=r"S_RES_{number:\d+}_{year:\d{4}}_EN_GOLD.txt", hook=hook,
                lang="en", source="UN Security Council", post=lambda r, i: i.extend(issues_out), **kw)


# --------------------------------------------------------------------------- UN Charter
#: Signature date of the Charter (San Francisco, 26 June 1945).
UN_CHARTER_DATE = "1945-06-26"


def read_un_charter(path: str | os.PathLike[str], **kw: Any) -> Corpus:
    """The Charter of the United Nations in its six official languages (one document each).

    ``lang`` comes from the file name (``raw_un_charter_ar.txt`` ...); dated 26 June 1945.
    """
    root = _find(Path(path), ["data/raw", "raw"], "un_charter")

    def hook(rec: dict, src: SourceFile) -> dict:
        rec.update(doc_id=f"un_charter_{rec['lang']}", date=UN_CHARTER_DATE,
                   title="Charter of the United Nations")
        return rec

    return _run("un_charter", root, pattern=r"raw_un_charter_{lang:[a-z]{2}}.txt", hook=hook, lang=None,
                source="United Nations", **kw)


# --------------------------------------------------------------------------- seed
#: Event dates of the seed documents (from shared/corpora/seed/PROVENANCE.md): the file has none.
SEED_DATES = {"000_5cc0637b81762ade": "2017-11-26"}


def read_seed(path: str | os.PathLike[str], **kw: Any) -> Corpus:
    """The project's seed communiqué: Arabic, one paragraph per line.

    The first line is a headline that does not match the body, so no title is taken from it.
    The date (26 November 2017, the IMCTC meeting) is not in the file; it comes from
    :data:`SEED_DATES`, keyed by file name.
    """
    root = Path(path)

    def hook(rec: dict, src: SourceFile) -> dict:
        rec["date"] = SEED_DATES.get(rec["doc_id"])
        return rec

    kw.setdefault("include", "*.txt")
    kw.setdefault("exclude", "PROVENANCE*")
    return _run("seed", root, pattern=None, hook=hook, lang="ar", source="seed", **kw)


LAYOUTS: dict[str, Callable[..., Corpus]] = {
    "ungdc": read_ungdc,
    "saudinewsnet": read_saudinewsnet,
    "ant": read_ant,
    "us_presidential_speeches": read_us_presidential_speeches,
    "unsc_resolutions": read_unsc_resolutions,
    "un_charter": read_un_charter,
    "seed": read_seed,
}


def read_layout(path: str | os.PathLike[str], layout: str, **kw: Any) -> Corpus:
    """Read ``path`` with the named layout (see the module docstring)."""
    if layout not in LAYOUTS:
        raise ValueError(invalid_value_message("layout", layout, LAYOUTS))
    kw = {k: v for k, v in kw.items() if v is not None}
    return LAYOUTS[layout](path, **kw)
