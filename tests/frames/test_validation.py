"""validate and read_gold: hand-computed scores, sklearn agreement, error analysis, baseline, gold errors."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import require_gold
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from toolkit.errors import CorpusFormatError
from toolkit.frames.dictionary import Dictionary
from toolkit.frames.validation import ALL, ValidationReport, read_gold, validate

ROOT = Path(__file__).resolve().parents[2]

TINY = Dictionary.from_dict({
    "toolkit_dictionary": 1, "name": "tiny", "frames": ["military", "media"],
    "categories": {
        "military": {"entries": ["troops", "army", {"ar": ["جيش"]}]},
        "media": {"entries": ["propaganda", {"ar": ["دعاية"]}]},
    },
})

# unit_id, lang, text, gold frames           -> predicted (threshold 1)
UNITS = [
    ("u1", "en", "Troops deployed.", ["military"]),                 # military TP
    ("u2", "en", "The army and propaganda.", ["military"]),         # military TP, media FP
    ("u3", "en", "Propaganda online.", ["media"]),                  # media TP
    ("u4", "en", "A meeting on budgets.", ["military"]),            # military FN
    ("u5", "en", "Army band concert.", []),                         # military FP
    ("u6", "en", "Nothing here.", []),                              # TN
    ("a1", "ar", "انتشار الجيش", ["military"]),                      # military TP (article stripped)
    ("a2", "ar", "الدعاية والجيش", ["media"]),                       # media TP, military FP
    ("a3", "ar", "اجتماع", []),                                      # TN
]

# (lang, frame) -> tp, fp, fn, tn, precision, recall, f1, kappa   (worked out by hand)
EXPECTED = {
    # p_o = 4/6, p_e = (3*3 + 3*3)/36 = 1/2 -> kappa = (2/3 - 1/2) / (1/2) = 1/3
    ("en", "military"): (2, 1, 1, 2, 2 / 3, 2 / 3, 2 / 3, 1 / 3),
    # p_o = 5/6, p_e = (2*1 + 4*5)/36 = 22/36 -> kappa = (30 - 22) / (36 - 22) = 4/7
    ("en", "media"): (1, 1, 0, 4, 1 / 2, 1.0, 2 / 3, 4 / 7),
    # p_o = 2/3, p_e = (2*1 + 1*2)/9 = 4/9 -> kappa = (6 - 4) / (9 - 4) = 2/5
    ("ar", "military"): (1, 1, 0, 1, 1 / 2, 1.0, 2 / 3, 2 / 5),
    ("ar", "media"): (1, 0, 0, 2, 1.0, 1.0, 1.0, 1.0),
    # pooled: p_o = 6/9, p_e = (5*4 + 4*5)/81 = 40/81 -> kappa = (54 - 40) / (81 - 40) = 14/41
    (ALL, "military"): (3, 2, 1, 3, 3 / 5, 3 / 4, 2 / 3, 14 / 41),
    # p_o = 8/9, p_e = (3*2 + 6*7)/81 = 48/81 -> kappa = (72 - 48) / (81 - 48) = 8/11
    (ALL, "media"): (2, 1, 0, 6, 2 / 3, 1.0, 4 / 5, 8 / 11),
}


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def gold_records(units=UNITS) -> list[dict[str, object]]:
    return [{"unit_id": u, "lang": lang, "text": text, "frames": frames, "note": f"note {u}"}
            for u, lang, text, frames in units]


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("gold") / "gold.jsonl", gold_records())


@pytest.fixture(scope="module")
def report(gold_file) -> ValidationReport:
    return validate(TINY, gold_file, n_boot=200, baseline=False)


# ---------------------------------------------------------------------- read_gold
def test_read_gold_columns_and_types(gold_file):
    gold = read_gold(gold_file)
    assert list(gold.columns) == ["unit_id", "lang", "text", "frames", "note"]
    assert gold["frames"].tolist()[:3] == [("military",), ("military",), ("media",)]
    assert gold.attrs["path"] == str(gold_file)
    assert len(gold) == len(UNITS)


def test_read_gold_skips_blank_lines_and_bom(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text("\ufeff" + json.dumps({"unit_id": 7, "lang": "en", "text": "x", "frames": ["a", "a"]})
                    + "\n\n   \n", encoding="utf-8")
    gold = read_gold(path)
    assert gold["unit_id"].tolist() == ["7"]
    assert gold["frames"].iloc[0] == ("a",)


def test_read_gold_accepts_dataframe():
    df = pd.DataFrame({"unit_id": ["a", "b"], "lang": "en", "text": ["x", "y"],
                       "frames": [["military"], np.array([], dtype=object)]})
    gold = read_gold(df)
    assert gold["frames"].tolist() == [("military",), ()]


GOOD = {"unit_id": "a", "lang": "en", "text": "t", "frames": []}
BAD_GOLD = {
    "bad_json": (['{"unit_id": "a", "lang": "en", "text": "t", "frames": []}', '{"unit_id": "b", "lang":'],
                 2, "invalid JSON"),
    "not_object": ([GOOD, "[1, 2]"], 2, "must be a JSON object"),
    "missing_key": ([{"unit_id": "a", "lang": "en", "text": "t"}], 1, "missing key(s) ['frames']"),
    "frames_string": ([{**GOOD, "frames": "military"}], 1, "'frames' must be a list"),
    "frames_not_str": ([{**GOOD, "frames": [1]}], 1, "'frames' must be a list"),
    "frames_null": ([{**GOOD, "frames": None}], 1, "'frames' must be a list"),
    "duplicate_id": ([GOOD, {**GOOD, "text": "u"}], 2, "duplicate unit_id 'a' (first at line 1)"),
    "empty_id": ([{**GOOD, "unit_id": ""}], 1, "'unit_id' must be a non-empty string"),
    "lang_null": ([{**GOOD, "lang": None}], 1, "'lang' must be a language code"),
    "text_number": ([{**GOOD, "text": 3}], 1, "'text' must be a string"),
}


@pytest.mark.parametrize("case", BAD_GOLD.values(), ids=BAD_GOLD.keys())
def test_read_gold_errors_name_file_and_line(tmp_path, case):
    records, line, message = case
    path = write_jsonl(tmp_path / "bad.jsonl", records)
    with pytest.raises(CorpusFormatError) as info:
        read_gold(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}, line {line}: ")
    assert message in str(info.value)


def test_read_gold_empty_file(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="no gold units"):
        read_gold(path)


@pytest.mark.parametrize(("frame", "match"), [
    (pd.DataFrame({"unit_id": ["a"], "lang": ["en"], "text": ["t"]}), r"lacks column\(s\) \['frames'\]"),
    (pd.DataFrame({"unit_id": ["a", "a"], "lang": "en", "text": "t", "frames": [[], []]}), "row 2: duplicate"),
])
def test_read_gold_dataframe_errors(frame, match):
    with pytest.raises(CorpusFormatError, match=match):
        read_gold(frame)


def test_read_gold_wrong_type():
    with pytest.raises(TypeError, match="path or a pandas DataFrame"):
        read_gold(42)


# ---------------------------------------------------------------------- scores
@pytest.mark.parametrize(("key", "expected"), EXPECTED.items(), ids=[f"{k[0]}-{k[1]}" for k in EXPECTED])
def test_validate_hand_computed_scores(report, key, expected):
    row = report.scores.set_index(["lang", "frame"]).loc[key]
    tp, fp, fn, tn, precision, recall, f1, kappa = expected
    assert (row["tp"], row["fp"], row["fn"], row["tn"]) == (tp, fp, fn, tn)
    assert row["support"] == tp + fn
    assert (row["precision"], row["recall"], row["f1"], row["kappa"]) == pytest.approx((precision, recall, f1, kappa))


def test_validate_summary_macro_micro(report):
    summary = report.summary.set_index("lang")
    assert summary.loc["en", "macro_f1"] == pytest.approx(2 / 3)
    assert summary.loc["ar", "macro_f1"] == pytest.approx((2 / 3 + 1) / 2)
    assert summary.loc["en", "micro_f1"] == pytest.approx(2 * 3 / (2 * 3 + 2 + 1))
    assert summary.loc[ALL, "macro_f1"] == pytest.approx((2 / 3 + 4 / 5) / 2)
    assert summary["n_units"].tolist() == [3, 6, 9]
    assert summary["baseline_macro_f1"].isna().all()


def test_validate_agrees_with_sklearn(report):
    """The report's numbers are sklearn's on the per-unit gold/predicted indicator matrices."""
    preds = report.predictions
    frames = list(report.frames)
    for lang in (*report.languages, ALL):
        sub = preds if lang == ALL else preds[preds["lang"] == lang]
        y_true = np.array([[f in g for f in frames] for g in sub["gold"]])
        y_pred = np.array([[f in p for f in frames] for p in sub["predicted"]])
        p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=None, zero_division=0)
        rows = report.scores[report.scores["lang"] == lang]
        np.testing.assert_allclose(rows[["precision", "recall", "f1"]].to_numpy(), np.column_stack([p, r, f]))
        np.testing.assert_array_equal(rows["support"], s)
        kappa = [cohen_kappa_score(y_true[:, j], y_pred[:, j]) for j in range(len(frames))]
        np.testing.assert_allclose(rows["kappa"], kappa)
        summary = report.summary.set_index("lang").loc[lang]
        assert summary["macro_f1"] == pytest.approx(f1_score(y_true, y_pred, average="macro", zero_division=0))
        assert summary["micro_f1"] == pytest.approx(f1_score(y_true, y_pred, average="micro", zero_division=0))


def test_validate_predictions_table(report):
    preds = report.predictions.set_index("unit_id")
    assert preds.loc["u2", "predicted"] == ("military", "media")
    assert preds.loc["u2", "gold"] == ("military",)
    assert not preds.loc["u2", "exact_match"] and preds.loc["u1", "exact_match"]
    assert preds.loc["a2", "military"] == 1 and preds.loc["a2", "media_score"] == 1.0
    assert preds["lang"].tolist() == [u[1] for u in UNITS]


def test_validate_false_positives_with_kwic(report):
    fps = report.false_positives
    assert sorted(zip(fps["unit_id"], fps["frame"], fps["entry"])) == [
        ("a2", "military", "جيش"), ("u2", "media", "propaganda"), ("u5", "military", "army")]
    row = fps.set_index("unit_id").loc["u5"]
    assert (row["left"], row["match"], row["right"]) == ("", "Army", " band concert.")
    row = fps.set_index("unit_id").loc["a2"]
    assert row["left"] + row["match"] + row["right"] == "الدعاية والجيش"
    assert row["match"] == "والجيش"
    entries = report.false_positive_entries
    assert entries[["lang", "frame", "entry", "n_units", "n_hits"]].values.tolist() == [
        ["ar", "military", "جيش", 1, 1], ["en", "military", "army", 1, 1], ["en", "media", "propaganda", 1, 1]]


def test_validate_kwic_context_width(tmp_path):
    text = "x" * 100 + " army " + "y" * 100
    gold = pd.DataFrame({"unit_id": ["a"], "lang": "en", "text": [text], "frames": [[]]})
    r = validate(TINY, gold, n_boot=10, baseline=False, context=20)
    row = r.false_positives.iloc[0]
    assert (len(row["left"]), row["match"], len(row["right"])) == (20, "army", 20)


def test_validate_false_negatives(report):
    fns = report.false_negatives
    assert fns[["lang", "frame", "unit_id", "n_hits"]].values.tolist() == [["en", "military", "u4", 0]]
    assert fns["excerpt"].iloc[0] == "A meeting on budgets."


def test_validate_false_negative_lists_uncounted_hits():
    d = Dictionary.from_dict({"scope": ["terror*"], "military": {"requires": ["scope"], "entries": ["troops"]}})
    gold = pd.DataFrame({"unit_id": ["a"], "lang": "en", "text": ["Troops paraded."], "frames": [["military"]]})
    fns = validate(d, gold, n_boot=10, baseline=False).false_negatives
    assert fns["uncounted"].iloc[0] == "'troops' at 'Troops' (requires scope)"


# ---------------------------------------------------------------------- options
def test_validate_dominant_rule(tmp_path):
    units = [("d1", "en", "army army propaganda", ["military"]), ("d2", "en", "army propaganda", ["media"]),
             ("d3", "en", "nothing", [])]
    r = validate(TINY, pd.DataFrame(gold_records(units)), rule="dominant", n_boot=10, baseline=False)
    assert r.predictions["predicted"].tolist() == [("military",), ("military", "media"), ()]
    assert r.settings["thresholds"] is None


def test_validate_thresholds(gold_file):
    r = validate(TINY, gold_file, thresholds={"military": 2}, n_boot=10, baseline=False)
    assert not any("military" in p for p in r.predictions["predicted"])
    assert r.settings["thresholds"] == {"military": 2.0, "media": 1.0}


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"rule": "majority"}, ValueError, "rule='majority' is invalid"),
    ({"score": "rate"}, ValueError, "score='rate' is invalid"),
    ({"rule": "dominant", "thresholds": 2}, ValueError, "thresholds apply to rule='threshold' only"),
    ({"random_state": 1.5}, TypeError, "random_state"),
    ({"n_boot": 0}, ValueError, "n_boot"),
    ({"ci": 1.5}, ValueError, "ci must be a confidence level"),
    ({"context": -1}, ValueError, "context"),
])
def test_validate_bad_options(tmp_path, kwargs, error, match):
    """Options are checked before the gold file is read (it does not exist here)."""
    with pytest.raises(error, match=match):
        validate(TINY, tmp_path / "missing.jsonl", baseline=False, **kwargs)


def test_validate_unknown_language(gold_file):
    with pytest.raises(ValueError, match=r"languages \['fr'\] are not in the gold units; they have \['ar', 'en'\]"):
        validate(TINY, gold_file, languages=["fr"], baseline=False)


def test_validate_languages_subset(gold_file):
    r = validate(TINY, gold_file, languages="ar", n_boot=10, baseline=False)
    assert r.languages == ("ar",)
    assert set(r.scores["lang"]) == {"ar", ALL}
    assert r.summary.set_index("lang").loc[ALL, "n_units"] == 3


def test_validate_gold_label_outside_dictionary(caplog):
    gold = pd.DataFrame(gold_records([("f1", "en", "Troops.", ["military", "financial"])]))
    with caplog.at_level(logging.WARNING, logger="toolkit.frames.validation"):
        r = validate(TINY, gold, n_boot=10, baseline=False)
    assert "['financial'] are not frames of dictionary 'tiny'" in caplog.text
    assert r.frames == ("military", "media", "financial")
    row = r.scores.set_index(["lang", "frame"]).loc[("en", "financial")]
    assert (row["recall"], row["fn"]) == (0.0, 1)


def test_validate_warns_on_language_without_entries(caplog):
    gold = pd.DataFrame(gold_records([("f1", "fr", "Troupes.", ["military"])]))
    with caplog.at_level(logging.WARNING, logger="toolkit.frames.validation"):
        validate(TINY, gold, n_boot=10, baseline=False)
    assert "no entries written for lang='fr'" in caplog.text


# ---------------------------------------------------------------------- bootstrap
def test_validate_bootstrap_deterministic(gold_file, report):
    again = validate(TINY, gold_file, n_boot=200, baseline=False)
    pd.testing.assert_frame_equal(again.scores, report.scores)
    pd.testing.assert_frame_equal(again.summary, report.summary)
    other = validate(TINY, gold_file, n_boot=200, random_state=1, baseline=False)
    assert not other.scores[["f1_low", "f1_high"]].equals(report.scores[["f1_low", "f1_high"]])


def test_validate_interval_contains_point_estimate(report):
    scores, summary = report.scores, report.summary
    assert (scores["f1_low"] <= scores["f1"] + 1e-12).all() and (scores["f1"] <= scores["f1_high"] + 1e-12).all()
    assert (summary["macro_f1_low"] <= summary["macro_f1"]).all()
    assert (summary["macro_f1"] <= summary["macro_f1_high"]).all()


# ---------------------------------------------------------------------- report output
def test_report_to_dict_shape(report):
    data = report.to_dict()
    json.dumps(data, allow_nan=False, ensure_ascii=False)  # strict JSON: no NaN
    assert set(data["languages"]) == {"ar", "en"}
    en = data["languages"]["en"]
    assert set(en["frames"]) == {"military", "media"}
    military = en["frames"]["military"]
    assert {"precision", "recall", "f1", "support", "kappa", "ci"} <= set(military)
    assert military["f1"] == pytest.approx(2 / 3)
    assert military["ci"]["level"] == 0.95 and len(military["ci"]["f1"]) == 2
    assert military["false_positive_entries"] == [
        {"entry": "army", "concept": None, "category": "military", "n_units": 1, "n_hits": 1}]
    assert en["macro_f1"] == pytest.approx(2 / 3) and en["n_units"] == 6
    assert data["overall"]["n_units"] == 9
    assert data["overall"]["frames"]["military"]["false_positive_entries"] == [
        {"entry": "جيش", "concept": None, "category": "military", "n_units": 1, "n_hits": 1},
        {"entry": "army", "concept": None, "category": "military", "n_units": 1, "n_hits": 1}]
    assert data["dictionary"] == "tiny" and data["baseline"] is None
    assert data["settings"]["rule"] == "threshold"


def test_report_to_dict_undefined_kappa_is_none():
    gold = pd.DataFrame(gold_records([("n1", "en", "Nothing.", []), ("n2", "en", "Nor this.", [])]))
    data = validate(TINY, gold, n_boot=10, baseline=False).to_dict()
    assert data["languages"]["en"]["frames"]["media"]["kappa"] is None


def test_report_to_json_atomic(report, tmp_path):
    path = report.to_json(tmp_path / "out" / "report.json")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(report.to_dict()))
    assert [p.name for p in path.parent.iterdir()] == ["report.json"]


def test_report_summary_text(report):
    text = str(report)
    assert text == report.summary_text()
    assert "Dictionary tiny" in text
    for lang in ("ar", "en", ALL):
        for frame in ("military", "media", "macro", "micro"):
            assert any(line.split()[:2] == [lang, frame] for line in text.splitlines())
    assert "0.67" in text and "base F1" not in text
    assert repr(report).startswith("<ValidationReport: dictionary 'tiny'")


# ---------------------------------------------------------------------- baseline
def _separable_gold(n: int = 30) -> pd.DataFrame:
    """Frames signalled by words the dictionary does not know: the baseline should learn them."""
    rows = []
    for i in range(n):
        military, media = i % 2 == 0, i % 3 == 0
        words = ["brigade deployment" if military else "harvest festival",
                 "broadcast channel" if media else "school garden", f"filler{i}"]
        rows.append({"unit_id": f"s{i}", "lang": "en", "text": " ".join(words),
                     "frames": [f for f, on in (("military", military), ("media", media)) if on]})
    return pd.DataFrame(rows)


def test_baseline_learns_separable_frames():
    r = validate(TINY, _separable_gold(), n_boot=10)
    base = r.baseline.set_index(["lang", "frame"])
    assert base.loc[("en", "military"), "f1"] > 0.9 and base.loc[("en", "media"), "f1"] > 0.9
    assert r.summary.set_index("lang").loc["en", "baseline_macro_f1"] > 0.9
    assert r.summary.set_index("lang").loc["en", "macro_f1"] == 0.0  # the dictionary finds nothing here
    data = r.to_dict()["baseline"]
    assert data["languages"]["en"]["n_splits"] == 5
    assert data["languages"]["en"]["frames"]["military"]["f1"] > 0.9
    assert "base F1" in str(r)


def test_baseline_deterministic():
    a = validate(TINY, _separable_gold(20), n_boot=10).baseline
    b = validate(TINY, _separable_gold(20), n_boot=10).baseline
    pd.testing.assert_frame_equal(a, b)


def test_baseline_rare_frame_and_tiny_language(gold_file, caplog):
    """A frame with fewer positives than folds, and a language with one unit, are handled."""
    units = [*UNITS, ("f1", "fr", "Troupes.", ["military"])]
    with caplog.at_level(logging.WARNING, logger="toolkit.frames.validation"):
        r = validate(TINY, pd.DataFrame(gold_records(units)), n_boot=10)
    assert "baseline skipped for lang='fr'" in caplog.text
    summary = r.baseline_summary.set_index("lang")
    assert np.isnan(summary.loc["fr", "macro_f1"]) and summary.loc["fr", "n_splits"] == 0
    assert summary.loc["ar", "n_splits"] == 3 and summary.loc["en", "n_splits"] == 5
    assert summary.loc[ALL, "n_units"] == 9  # units of languages the baseline could be run on
    assert set(r.baseline["lang"]) == {"ar", "en", ALL}
    json.dumps(r.to_dict(), allow_nan=False)


# ---------------------------------------------------------------------- real gold
@pytest.mark.integration
def test_validate_real_gold():
    path = require_gold("frames-dev.jsonl")
    gold = read_gold(path)
    r = validate("terrorism_frames", path, n_boot=200)
    langs = sorted(set(gold["lang"]))
    assert list(r.languages) == langs
    frames = set(r.frames)
    assert {f for fs in gold["frames"] for f in fs} <= frames
    for lang in (*langs, ALL):
        assert set(r.scores.loc[r.scores["lang"] == lang, "frame"]) == frames
    assert r.summary.set_index("lang").loc[ALL, "n_units"] == len(gold)
    assert r.scores[["precision", "recall", "f1"]].notna().all().all()
    assert (r.scores["f1_low"] <= r.scores["f1"] + 1e-12).all() and (r.scores["f1"] <= r.scores["f1_high"] + 1e-12).all()
    # the baseline ran for every language
    base = r.baseline_summary.set_index("lang")
    assert set(base.index) == {*langs, ALL}
    assert base["macro_f1"].between(0, 1).all()
    data = r.to_dict()
    json.dumps(data, allow_nan=False, ensure_ascii=False)
    assert set(data["languages"]) == set(langs)
    for lang in langs:
        assert set(data["languages"][lang]["frames"]) == frames
        assert set(data["baseline"]["languages"][lang]["frames"]) == frames
