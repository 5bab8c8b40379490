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
# # 06 — Keywords between periods: the UN General Debates after 2001, Arabic news after 2016
#
# Which words distinguish one period from another? For every word, **keyness** compares its
# frequency in a target period with its frequency in a reference period: a signed
# log-likelihood G² (2-term form, Rayson & Garside 2000; positive when the target uses the word
# more), a p-value adjusted for the thousands of words tested, and an effect size, Hardie's
# (2014) Log Ratio (1 = twice as frequent). Formulas and variants: `toolkit.keywords.keyness`.
# Then the **collocates** of the node word "terrorism" / «إرهاب» in each period (words within
# five tokens of it, ranked by logDice, Rychlý 2008; `toolkit.keywords.collocations`), and an
# **x-ray** of where "terror*" occurs inside the speeches of 2001.
#
# Two corpora: the UN General Debates, 2001-2005 against 1990-2000 (widen `UNGDC_AFTER` to
# 2023 for the whole period, about three times slower), and the Tunisian radio Jawhara FM
# (ANT), 2016-2017 against 2013-2015. Arabic is counted on normalised, clitic-aware tokens:
# والإرهاب, بالإرهاب and الإرهاب are one word, الارهاب. Words must occur in `MIN_DOCS`
# documents, so that one speech or article cannot make a keyword alone.
#
# **Time.** One to two minutes on two cores with the real corpora (tokenising 6.4 million UNGDC
# tokens twice, for keyness and for collocations, is most of it). Without the corpora (see
# notebook 01) the notebook runs on synthetic communiqués, says so under each loading cell, and
# its numbers describe the generator.

# %% tags=["parameters"]
CORPORA_DIR = None  # folder holding the corpora; None: $TOOLKIT_CORPORA, else corpora/
FALLBACK = "synthetic"  # "synthetic": stand-in for an absent corpus (with a warning); "error": stop
FIGURES_DIR = "../figures"  # where the figures go (relative to notebooks/)
UNGDC_BEFORE = ("1990-01-01", "2000-12-31")  # UNGDC reference period ...
UNGDC_AFTER = ("2001-01-01", "2005-12-31")  # ... and target period (the 56th session met in November 2001)
ANT_BEFORE = ("2013-01-01", "2015-12-31")  # ANT reference period ...
ANT_AFTER = ("2016-01-01", "2017-12-31")  # ... and target period
MEASURE = "g2"  # keyness statistic: "g2", "g2_4term", "chi2", "fisher", "pmi"
EFFECT = "log_ratio"  # effect size reported beside it
ADJUST = "bonferroni"  # p-value adjustment over the words tested: "none", "bonferroni", "bh"
MIN_DOCS = 5  # a keyword occurs in at least this many documents (both periods together)
N_KEYWORDS = 15  # keywords shown per side
NODE_EN, NODE_AR = "terrorism", "إرهاب"  # the node words of the collocation networks
WINDOW = 5  # tokens each side of the node
MIN_COUNT = 5  # minimum co-occurrences of a collocate
N_COLLOCATES = 15  # collocates per network
XRAY_YEAR = ("2001-01-01", "2001-12-31")  # speeches shown in the x-ray ...
XRAY_PATTERN = "terror*"  # ... and the words located in them
XRAY_ROWS = 20  # the speeches with the most matches
SYNTHETIC = {"n_documents": 400, "start": "1990-01-01", "end": "2005-12-31",
             "languages": ("en",), "random_state": 0}  # stand-in for the UNGDC when it is absent
SYNTHETIC_ANT = {"n_documents": 400, "start": "2013-10-17", "end": "2017-04-30",
                 "languages": ("ar",), "random_state": 0}  # stand-in for ANT when it is absent

# %%
# %matplotlib inline
from pathlib import Path

import matplotlib.pyplot as plt

from toolkit.corpus.locate import corpus_note, open_corpus
from toolkit.keywords.collocations import collocations
from toolkit.keywords.dispersion import dispersion_positions
from toolkit.keywords.keyness import keyness
from toolkit.plot import plot_collocations, plot_dispersion, plot_keyness, publication_style, save_figure

SHOWN = ["feature", "target_freq", "reference_freq", "target_docs", "reference_docs", "statistic",
         "p_adjusted", "effect"]
ungdc = open_corpus("ungdc", corpora_dir=CORPORA_DIR, fallback=FALLBACK, synthetic=SYNTHETIC,
                    show_progress=False)
print(corpus_note(ungdc))

# %% [markdown]
# ## UN General Debates: keywords of 2001-2005 against 1990-2000

# %%
periods = {"before": f"date >= '{UNGDC_BEFORE[0]}' and date <= '{UNGDC_BEFORE[1]}'",
           "after": f"date >= '{UNGDC_AFTER[0]}' and date <= '{UNGDC_AFTER[1]}'"}
labels = {"before": f"{UNGDC_BEFORE[0][:4]}–{UNGDC_BEFORE[1][:4]}", "after": f"{UNGDC_AFTER[0][:4]}–{UNGDC_AFTER[1][:4]}"}
speeches = ungdc.subset(f"({periods['before']}) or ({periods['after']})")
ungdc_keys = keyness(speeches, periods["after"], periods["before"], measure=MEASURE, effect=EFFECT,
                     adjust=ADJUST, min_docs=MIN_DOCS)
print(f"{ungdc_keys.attrs['n_target_docs']:,} speeches ({ungdc_keys.attrs['target_total']:,} tokens) against "
      f"{ungdc_keys.attrs['n_reference_docs']:,} ({ungdc_keys.attrs['reference_total']:,} tokens); "
      f"{len(ungdc_keys):,} words tested, {int(ungdc_keys['significant'].sum()):,} significant after {ADJUST}")
ungdc_keys.head(N_KEYWORDS)[SHOWN]

# %% [markdown]
# The words the 1990s used more (most negative statistics):

# %%
ungdc_keys.tail(N_KEYWORDS)[SHOWN].iloc[::-1]

# %%
ax = plot_keyness(ungdc_keys, n=N_KEYWORDS, target_label=labels["after"], reference_label=labels["before"],
                  title="Keywords of the UN General Debates")
files = save_figure(ax, Path(FIGURES_DIR) / "06-ungdc-keyness",
                    provenance={"notebook": "06-keywords-between-periods", "corpus": corpus_note(speeches),
                                **ungdc_keys.attrs})
[f.name for f in files]

# %% [markdown]
# Where the vocabulary of terrorism ranks (rank 1 = the strongest keyword of the target period):

# %%
ungdc_keys.assign(rank=ungdc_keys.index + 1).set_index("feature").reindex(
    ["terrorism", "terrorist", "terrorists", "terror", "attacks", "september"])[["rank", *SHOWN[1:]]]

# %% [markdown]
# ## Collocates of "terrorism" in each period
#
# Window of five tokens each side; no stop-word list (function words that travel with the node
# show up; `stop_words=True` would drop them from the table).

# %%
ungdc_colloc = {name: collocations(speeches.subset(query), NODE_EN, window=WINDOW, min_count=MIN_COUNT,
                                   sort_by="logdice")
                for name, query in periods.items()}
{name: table.attrs["node_forms"] for name, table in ungdc_colloc.items()}

# %%
with publication_style():
    fig, axes = plt.subplots(1, 2, figsize=(7.0, 3.3))
for ax, (name, table) in zip(axes, ungdc_colloc.items()):
    plot_collocations(table, measure="logdice", n=N_COLLOCATES, ax=ax, title=labels[name])
files = save_figure(fig, Path(FIGURES_DIR) / "06-ungdc-collocates",
                    provenance={"notebook": "06-keywords-between-periods", "corpus": corpus_note(speeches),
                                "periods": periods,
                                **{name: table.attrs for name, table in ungdc_colloc.items()}})
[f.name for f in files]

# %%
{labels[name]: table.head(N_COLLOCATES)[["collocate", "observed", "expected", "logdice", "g2"]]
 for name, table in ungdc_colloc.items()}

# %% [markdown]
# ## Where "terror*" occurs inside the speeches of 2001
#
# One row per speech (those with the most matches), one tick per occurrence at its relative
# position; colours tell the word forms apart.

# %%
xray = dispersion_positions(ungdc.subset(f"date >= '{XRAY_YEAR[0]}' and date <= '{XRAY_YEAR[1]}'"),
                            XRAY_PATTERN)
ax = plot_dispersion(xray, order="count", n_rows=XRAY_ROWS, title=f"“{XRAY_PATTERN}” in the speeches of "
                     f"{XRAY_YEAR[0][:4]}", rc={"figure.figsize": (7.0, 4.0)})
files = save_figure(ax, Path(FIGURES_DIR) / "06-ungdc-xray",
                    provenance={"notebook": "06-keywords-between-periods", "corpus": corpus_note(ungdc),
                                "years": XRAY_YEAR, **xray.attrs})
xray["match"].value_counts()

# %% [markdown]
# ## ANT (Jawhara FM): keywords of 2016-2017 against 2013-2015
#
# Figure labels in Arabic; matplotlib >= 3.11 shapes them and lays them out right to left. The
# corpus is thin before 2016 (about 1,000 articles against 7,000): the reference is small.

# %%
ant = open_corpus("ant", corpora_dir=CORPORA_DIR, fallback=FALLBACK, synthetic=SYNTHETIC_ANT,
                  show_progress=False)
print(corpus_note(ant))
ant_periods = {"before": f"date >= '{ANT_BEFORE[0]}' and date <= '{ANT_BEFORE[1]}'",
               "after": f"date >= '{ANT_AFTER[0]}' and date <= '{ANT_AFTER[1]}'"}
ant_labels = {"before": f"{ANT_BEFORE[0][:4]}–{ANT_BEFORE[1][:4]}", "after": f"{ANT_AFTER[0][:4]}–{ANT_AFTER[1][:4]}"}
ant_keys = keyness(ant, ant_periods["after"], ant_periods["before"], measure=MEASURE, effect=EFFECT,
                   adjust=ADJUST, min_docs=MIN_DOCS)
print(f"{ant_keys.attrs['n_target_docs']:,} articles ({ant_keys.attrs['target_total']:,} tokens) against "
      f"{ant_keys.attrs['n_reference_docs']:,} ({ant_keys.attrs['reference_total']:,} tokens)")
ant_keys.head(N_KEYWORDS)[SHOWN]

# %%
ax = plot_keyness(ant_keys, n=N_KEYWORDS, target_label=ant_labels["after"], reference_label=ant_labels["before"],
                  lang="ar", title="الكلمات المفتاحية في أخبار جوهرة أف أم")
files = save_figure(ax, Path(FIGURES_DIR) / "06-ant-keyness",
                    provenance={"notebook": "06-keywords-between-periods", "corpus": corpus_note(ant),
                                **ant_keys.attrs})
ant_keys.assign(rank=ant_keys.index + 1).set_index("feature").reindex(["الارهاب", "الارهابية", "الارهابيين"])[
    ["rank", *SHOWN[1:]]]

# %% [markdown]
# ## Collocates of «إرهاب» in each period
#
# The node finds every clitic form (الإرهاب, والإرهاب, بالإرهاب, لإرهاب ...), listed below.

# %%
ant_colloc = {name: collocations(ant.subset(query), NODE_AR, window=WINDOW, min_count=MIN_COUNT,
                                 sort_by="logdice")
              for name, query in ant_periods.items()}
{name: table.attrs["node_forms"] for name, table in ant_colloc.items()}

# %%
with publication_style():
    fig, axes = plt.subplots(1, 2, figsize=(7.0, 3.3))
for ax, (name, table) in zip(axes, ant_colloc.items()):
    plot_collocations(table, measure="logdice", n=N_COLLOCATES, ax=ax, lang="ar", title=ant_labels[name])
files = save_figure(fig, Path(FIGURES_DIR) / "06-ant-collocates",
                    provenance={"notebook": "06-keywords-between-periods", "corpus": corpus_note(ant),
                                "periods": ant_periods, **{name: table.attrs for name, table in ant_colloc.items()}})
{ant_labels[name]: table.head(N_COLLOCATES)[["collocate", "observed", "expected", "logdice", "g2"]]
 for name, table in ant_colloc.items()}
