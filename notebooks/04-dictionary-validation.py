# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (khitab .venv)
#     language: python
#     name: khitab
# ---

# %% [markdown]
# # 04 — How well does the dictionary find the frames? Validation against hand-coded paragraphs
#
# The built-in `terrorism_frames` dictionary is compared with paragraphs coded by hand following
# `../shared/gold/CODEBOOK.md` (Arabic and English in `frames-dev.jsonl`, French in
# `frames-dev-fr.jsonl`): precision, recall and F1 per frame and language with 95 % intervals,
# against a supervised baseline (`toolkit.frames.validate`); then the errors, read in context.
#
# These are the development units the dictionary was tuned on, so the scores are optimistic: they
# show what the dictionary does on the cases it was written for. Without the gold files the
# notebook validates on the planted frames of synthetic communiqués, says so under the loading
# cell, and its scores describe the generator.

# %% tags=["parameters"]
GOLD = ["../../shared/gold/frames-dev.jsonl", "../../shared/gold/frames-dev-fr.jsonl"]  # from notebooks/
FALLBACK = "synthetic"  # "synthetic": planted frames of synthetic communiqués when GOLD is absent
DICTIONARY = "terrorism_frames"  # a built-in name or a dictionary file
FIGURES_DIR = "../figures"  # where the figures go (relative to notebooks/)
N_BOOT = 1000  # bootstrap resamples for the intervals
SEED = 0  # random_state of the bootstrap and of the baseline's folds
N_KWIC = 12  # lines in the keyword-in-context figure
SYNTHETIC = {"n_documents": 60, "random_state": 0}  # the stand-in when GOLD is absent

# %%
# %matplotlib inline
from pathlib import Path

import pandas as pd

from toolkit.corpus.locate import corpus_note, open_gold
from toolkit.frames import validate
from toolkit.plot import plot_kwic, plot_validation, save_figure

gold = open_gold(GOLD, fallback=FALLBACK, synthetic=SYNTHETIC)
print(corpus_note(gold))
gold.assign(with_a_frame=gold["frames"].map(bool)).groupby("lang")["with_a_frame"].agg(units="size", with_a_frame="sum")

# %% [markdown]
# ## Scores per frame and language

# %%
report = validate(DICTIONARY, gold, n_boot=N_BOOT, random_state=SEED)
print(report)

# %%
ax = plot_validation(report, title="terrorism_frames against the gold paragraphs (pooled)")
files = save_figure(ax, Path(FIGURES_DIR) / "04-validation",
                    provenance={"notebook": "04-dictionary-validation", "gold": corpus_note(gold),
                                **report.to_dict()["settings"], "dictionary": report.dictionary,
                                "dictionary_fingerprint": report.dictionary_fingerprint})
[f.name for f in files]

# %%
ax = plot_validation(report, language="ar", lang="ar", title="القاموس مقارنة بالفقرات المرمّزة يدويًا (العربية)")
files = save_figure(ax, Path(FIGURES_DIR) / "04-validation-ar",
                    provenance={"notebook": "04-dictionary-validation", "gold": corpus_note(gold),
                                "language": "ar", "dictionary": report.dictionary,
                                "dictionary_fingerprint": report.dictionary_fingerprint})
report.summary[["lang", "n_units", "macro_f1", "macro_f1_low", "macro_f1_high", "micro_f1",
                "baseline_macro_f1"]]

# %% [markdown]
# ## The errors
#
# **False positives**: dictionary entries that counted in a paragraph the coders did not give
# that frame, with the words around them.

# %%
errors = report.false_positives
print(f"{len(errors)} false-positive hits in {errors['unit_id'].nunique()} paragraphs")
report.false_positive_entries

# %%
# With no false positive (as on the synthetic stand-in) the figure says so in one line.
shown = errors if len(errors) else pd.DataFrame({"left": [""], "match": ["no false positives"],
                                                 "right": [""], "frame": [""]})
ax = plot_kwic(shown, n=N_KWIC, label="frame", title="False positives in context")
files = save_figure(ax, Path(FIGURES_DIR) / "04-false-positives-kwic",
                    provenance={"notebook": "04-dictionary-validation", "gold": corpus_note(gold),
                                "dictionary": report.dictionary,
                                "dictionary_fingerprint": report.dictionary_fingerprint})
errors[["lang", "frame", "unit_id", "entry", "left", "match", "right"]].head(N_KWIC)

# %% [markdown]
# **False negatives**: frames the coders saw and the dictionary missed, with the hits that were
# found but did not count (and why: an exclusion phrase, a missing `requires`).

# %%
report.false_negatives[["lang", "frame", "unit_id", "n_hits", "score", "uncounted", "excerpt"]]
