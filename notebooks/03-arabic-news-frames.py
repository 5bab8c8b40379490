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
# # 03 — Frames of terrorism in Arabic news: ANT 2013-2017 and the seed communiqué
#
# The ANT corpus holds 8,418 articles of the Tunisian radio Jawhara FM (October 2013 - April
# 2017). We count the four frames of `terrorism_frames` in every paragraph, follow their share per
# quarter with 95 % intervals (articles resampled whole), compare the months before and after the
# Bardo museum attack of 18 March 2015, and read the frames of the seed communiqué (the Islamic
# Military Counter Terrorism Coalition, Riyadh, 26 November 2017) in context. Figure labels are in
# Arabic; matplotlib >= 3.11 shapes them and lays them out right to left.
#
# Without the corpora (see notebook 01) the notebook runs on synthetic Arabic communiqués over the
# same dates, says so under the loading cell, and its numbers describe the generator.

# %% tags=["parameters"]
CORPORA_DIR = None  # folder holding the corpora; None: $TOOLKIT_CORPORA, else corpora/
FALLBACK = "synthetic"  # "synthetic": stand-in for an absent corpus (with a warning); "error": stop
FIGURES_DIR = "../figures"  # where the figures go (relative to notebooks/)
FREQ = "quarter"  # periods of the trend figure: "year", "quarter" or "month"
BEFORE = ("2013-10-01", "2015-03-17")  # before the Bardo museum attack ...
AFTER = ("2015-03-18", "2017-04-30")  # ... and after it
N_BOOT = 1000  # bootstrap resamples for every interval
SEED = 0  # random_state of every bootstrap and permutation test
SYNTHETIC = {"n_documents": 400, "start": "2013-10-17", "end": "2017-04-30",
             "languages": ("ar",), "random_state": 0}  # stand-in for ANT when it is absent
SYNTHETIC_SEED = {"n_documents": 3, "start": "2017-11-26", "end": "2017-11-26",
                  "languages": ("ar",), "random_state": 0}  # stand-in for the seed communiqué

# %%
# %matplotlib inline
from pathlib import Path

import pandas as pd

import toolkit
from toolkit.compare import compare_periods, frame_trends
from toolkit.corpus.locate import corpus_note, open_corpus
from toolkit.frames import assign
from toolkit.plot import FRAMES, plot_heatmap, plot_kwic, plot_trends, save_figure

ant = open_corpus("ant", corpora_dir=CORPORA_DIR, fallback=FALLBACK, synthetic=SYNTHETIC,
                  show_progress=False)
seed = open_corpus("seed", corpora_dir=CORPORA_DIR, fallback=FALLBACK, synthetic=SYNTHETIC_SEED)
print(corpus_note(ant))
print(corpus_note(seed))

# %% [markdown]
# ## ANT: frames per paragraph

# %%
counts = toolkit.count_frames(ant, unit="paragraph", categories="frames", progress=False)
present = assign(counts)
print(f"{len(counts):,} paragraphs in {counts['doc_id'].nunique():,} articles, "
      f"{counts['date'].min():%Y-%m-%d} to {counts['date'].max():%Y-%m-%d}")
pd.DataFrame({"paragraphs with the frame": present.sum(), "share": present.mean(),
              "hits": counts[list(FRAMES)].sum()})

# %% [markdown]
# ## Share of paragraphs with each frame, with 95 % intervals

# %%
trends = frame_trends(counts, measure="share", freq=FREQ, n_boot=N_BOOT, random_state=SEED)
ax = plot_trends(trends, lang="ar", title="أطر الإرهاب في أخبار جوهرة أف أم، 2013–2017",
                 rc={"figure.figsize": (7.0, 2.8)})
files = save_figure(ax, Path(FIGURES_DIR) / "03-ant-frame-shares",
                    provenance={"notebook": "03-arabic-news-frames", "corpus": corpus_note(ant),
                                **trends.attrs})
[f.name for f in files]

# %%
yearly = frame_trends(counts, measure="share", freq="year", n_boot=N_BOOT, random_state=SEED)
ax = plot_heatmap(yearly, row="period", col="frame", lang="ar", title="نسبة الفقرات حسب السنة",
                  fmt="{:.1%}", vmin=0, vmax=yearly["estimate"].max())
files = save_figure(ax, Path(FIGURES_DIR) / "03-ant-frames-by-year",
                    provenance={"notebook": "03-arabic-news-frames", "corpus": corpus_note(ant),
                                **yearly.attrs})
yearly.pivot(index="period", columns="frame", values="estimate")[list(FRAMES)]

# %% [markdown]
# ## Before and after the Bardo attack (18 March 2015)
#
# Difference in the share of paragraphs with each frame, 95 % cluster-bootstrap interval and
# two-sided permutation p-value (articles resampled or permuted whole). The corpus is thin before
# 2015 (about 400 articles) and dense in early 2017 (3,857 articles in 2017Q1): the width of the
# intervals says what that costs.

# %%
comparison = pd.DataFrame([compare_periods(counts, frame=frame, before=BEFORE, after=AFTER,
                                           n_resamples=N_BOOT, random_state=SEED)
                           for frame in FRAMES]).set_index("frame")
comparison[["estimate_a", "estimate_b", "difference", "ci_low", "ci_high", "p_value", "n_a", "n_b"]]

# %% [markdown]
# ## The seed communiqué, paragraph by paragraph
#
# Which frames each paragraph carries (its score reaches the frame's threshold).

# %%
seed_counts = toolkit.count_frames(seed, unit="paragraph", categories="frames", progress=False)
assign(seed_counts).set_axis(seed_counts["unit_index"]).join(seed_counts.set_index("unit_index")["n_tokens"])

# %% [markdown]
# Every counted frame word in context (keyword in context, right to left).

# %%
lines = toolkit.kwic(seed, "terrorism_frames", unit="paragraph", category=list(FRAMES),
                     counted_only=True)
print(f"{len(lines)} counted frame hits; by frame: "
      f"{lines['category'].str.split('/').str[0].value_counts().to_dict()}")
ax = plot_kwic(lines, n=14, label="category", lang="ar", title="البيان الختامي: كلمات الأطر في سياقها")
files = save_figure(ax, Path(FIGURES_DIR) / "03-seed-kwic",
                    provenance={"notebook": "03-arabic-news-frames", "corpus": corpus_note(seed),
                                **lines.attrs})
lines[["unit_index", "category", "left", "match", "right"]].head(14)
