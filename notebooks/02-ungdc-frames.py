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
# # 02 — How states frame terrorism in the UN General Debates, 1946-2023
#
# Every paragraph of every General Debate speech is matched against the built-in
# `terrorism_frames` dictionary (military, ideological, media, financial frames; rules in
# `toolkit/data/dictionaries/README.md`). We then follow, year by year, the share of paragraphs
# that carry each frame, with 95 % intervals from a bootstrap that resamples whole speeches
# (`toolkit.compare.frame_trends`), compare 1990-2000 with 2001-2023 (`compare_periods`) and look
# for change points. Figures are written to `figures/` with a JSON sidecar of provenance.
#
# **Time.** Counting the frames of all 9,686 speeches (about 340,000 paragraphs) takes about a
# minute and a half on two cores; narrow `YEARS` (e.g. `(1990, 2023)`, about half as long) to
# go faster. Without the corpus (see notebook 01) the notebook runs on synthetic English
# communiqués, says so under the loading cell, and its numbers describe the generator.

# %% tags=["parameters"]
CORPORA_DIR = None  # folder holding the corpora; None: $TOOLKIT_CORPORA, else corpora/
FALLBACK = "synthetic"  # "synthetic": stand-in for an absent corpus (with a warning); "error": stop
FIGURES_DIR = "../figures"  # where the figures go (relative to notebooks/)
YEARS = (1946, 2023)  # sessions to analyse, first and last year
BEFORE = ("1990", "2000")  # the comparison: years before ...
AFTER = ("2001", "2023")  # ... and from 2001 (the 56th session met in November 2001)
DECADES = ["1946", "1960", "1970", "1980", "1990", "2001", "2011"]  # starts of the stacked-bar periods
DECADES_LABELS = ["1946-59", "1960s", "1970s", "1980s", "1990-2000", "2001-10", "2011-23"]
WIDE = {"figure.figsize": (7.0, 2.8)}  # figures across two columns of a page
N_BOOT = 1000  # bootstrap resamples for every interval
SEED = 0  # random_state of every bootstrap and permutation test
SYNTHETIC = {"n_documents": 600, "start": "1990-01-01", "end": "2023-12-31",
             "languages": ("en",), "random_state": 0}  # the stand-in when the corpus is absent

# %%
# %matplotlib inline
from pathlib import Path

import pandas as pd

import toolkit
from toolkit.compare import assign_periods, compare_periods, frame_change_points, frame_trends
from toolkit.corpus.locate import corpus_note, open_corpus
from toolkit.frames import assign
from toolkit.plot import FRAMES, plot_shares, plot_trends, save_figure

ungdc = open_corpus("ungdc", corpora_dir=CORPORA_DIR, fallback=FALLBACK, synthetic=SYNTHETIC,
                    show_progress=False)
print(corpus_note(ungdc))

# %%
speeches = ungdc.subset(f"date >= '{YEARS[0]}-01-01' and date <= '{YEARS[1]}-12-31'")
print(speeches.describe())

# %% [markdown]
# ## Frames per paragraph
#
# One row per paragraph (hard-wrapped lines are rebuilt into paragraphs); a frame is present in a
# paragraph when its weighted score reaches the dictionary's threshold (`toolkit.frames.assign`).

# %%
counts = toolkit.count_frames(speeches, unit="paragraph", categories="frames", progress=False)
present = assign(counts)
print(f"{len(counts):,} paragraphs in {counts['doc_id'].nunique():,} speeches; "
      f"dictionary {counts.attrs['dictionary']} {counts.attrs['dictionary_version']} "
      f"[{counts.attrs['dictionary_fingerprint']}]")
pd.DataFrame({"paragraphs with the frame": present.sum(), "share": present.mean(),
              "hits": counts[list(FRAMES)].sum()})

# %% [markdown]
# ## Trends with 95 % intervals
#
# Share of paragraphs per year carrying each frame. Years with fewer than 20 paragraphs or 5
# speeches are flagged `too_few` and left out of the lines (none in the real corpus).

# %%
trends = frame_trends(counts, measure="share", freq="year", n_boot=N_BOOT, random_state=SEED)
trends.groupby("frame", sort=False)["estimate"].describe()[["mean", "min", "max"]]

# %%
ax = plot_trends(trends, title=f"Terrorism frames in UN General Debate paragraphs, {YEARS[0]}–{YEARS[1]}",
                 rc=WIDE)
files = save_figure(ax, Path(FIGURES_DIR) / "02-ungdc-frame-shares",
                    provenance={"notebook": "02-ungdc-frames", "corpus": corpus_note(speeches),
                                "years": YEARS, **trends.attrs})
[f.name for f in files]

# %% [markdown]
# Frame hits per 1,000 tokens (a ratio estimator: all hits of a year over all its tokens), with
# the same speech-level bootstrap.

# %%
rates = frame_trends(counts, measure="rate", freq="year", n_boot=N_BOOT, random_state=SEED)
ax = plot_trends(rates, title="Frame hits per 1,000 tokens", rc=WIDE)
files = save_figure(ax, Path(FIGURES_DIR) / "02-ungdc-frame-rates",
                    provenance={"notebook": "02-ungdc-frames", "corpus": corpus_note(speeches),
                                "years": YEARS, **rates.attrs})
[f.name for f in files]

# %% [markdown]
# The mix of frames among the paragraphs that carry one, per period of about a decade (periods cut
# once with `assign_periods`, so every frame shares them).

# %%
periods = assign_periods(counts["date"], breaks=DECADES[1:], labels=DECADES_LABELS)
decades = frame_trends(counts, measure="share", periods=periods, n_boot=N_BOOT, random_state=SEED)
ax = plot_shares(decades, title="Mix of terrorism frames", rc=WIDE)
files = save_figure(ax, Path(FIGURES_DIR) / "02-ungdc-frame-mix",
                    provenance={"notebook": "02-ungdc-frames", "corpus": corpus_note(speeches),
                                **decades.attrs})
[f.name for f in files]

# %% [markdown]
# ## Before and after 2001
#
# Difference in the share of paragraphs with each frame between the two ranges of years, with a
# 95 % cluster-bootstrap interval and a two-sided permutation p-value (speeches resampled or
# permuted whole).

# %%
comparison = pd.DataFrame([compare_periods(counts, frame=frame, before=BEFORE, after=AFTER,
                                           n_resamples=N_BOOT, random_state=SEED)
                           for frame in FRAMES]).set_index("frame")
comparison[["estimate_a", "estimate_b", "difference", "ci_low", "ci_high", "p_value", "n_a", "n_b"]]

# %%
rate_comparison = compare_periods(counts, frame="military", before=BEFORE, after=AFTER,
                                  measure="rate", n_resamples=N_BOOT, random_state=SEED)
print(f"military frame hits per 1,000 tokens: {rate_comparison['estimate_a']:.3f} in "
      f"{rate_comparison['a']}, {rate_comparison['estimate_b']:.3f} in {rate_comparison['b']} "
      f"(difference {rate_comparison['difference']:+.3f}, 95% CI "
      f"[{rate_comparison['ci_low']:.3f}, {rate_comparison['ci_high']:.3f}], "
      f"p = {rate_comparison['p_value']:.4f})")

# %% [markdown]
# ## Change points
#
# Shifts in the mean of each yearly series (PELT, Gaussian mean-shift cost, BIC penalty), with
# bootstrap intervals for their location (`toolkit.compare.frame_change_points`).

# %%
frame_change_points(trends, random_state=SEED)[["frame", "location", "ci_low", "ci_high",
                                                 "mean_before", "mean_after"]]
