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
# # 01 — The corpora at a glance
#
# Every corpus the toolkit knows, read by name with its layout (`toolkit.corpus.locate.open_corpus`):
# how many documents, tokens and dates, which languages, and what the readers skipped or reported.
# The rules (junk files, dates, encodings, paragraphs) are documented in `toolkit.corpus` and
# `corpora/README.md`.
#
# **Where the corpora come from.** `CORPORA_DIR` below; `None` means the `TOOLKIT_CORPORA`
# environment variable when it is set, else `corpora/` in this checkout (where
# `toolkit corpus fetch NAME` puts them). The tests run this notebook on `../shared/corpora`.
# A corpus that is absent is replaced by **synthetic** communiqués (`toolkit.datasets`) with a
# warning printed under the cell and a `SYNTHETIC stand-in` line; set `FALLBACK = "error"` to stop
# instead.

# %% tags=["parameters"]
CORPORA_DIR = None  # folder holding the corpora; None: $TOOLKIT_CORPORA, else corpora/
FALLBACK = "synthetic"  # "synthetic": stand-in for an absent corpus (with a warning); "error": stop
NAMES = ["seed", "un_charter", "ant", "saudinewsnet", "unsc_resolutions",
         "us_presidential_speeches", "ungdc"]

# %%
import pandas as pd

import toolkit
from toolkit.corpus.locate import corpora_dir, corpus_note, list_corpora, open_corpus

print(f"toolkit {toolkit.__version__}; corpora from {corpora_dir(CORPORA_DIR)}")
list_corpora(corpora_dir=CORPORA_DIR)[["name", "layout", "languages", "licence", "present"]]

# %% [markdown]
# ## Reading every corpus
#
# Each one is read in place (archives are not unpacked); the line under each name says whether it
# is the real corpus or a synthetic stand-in.

# %%
corpora = {name: open_corpus(name, corpora_dir=CORPORA_DIR, fallback=FALLBACK, show_progress=False)
           for name in NAMES}
for name, corpus in corpora.items():
    print(f"{name:<25} {corpus_note(corpus)}")

# %%
overview = pd.DataFrame({name: corpus.describe().to_dict() for name, corpus in corpora.items()}).T
overview[["n_docs", "n_tokens", "date_min", "date_max", "n_undated", "langs", "n_skipped", "n_issues"]]

# %% [markdown]
# ## The seed communiqué (Arabic, one paragraph per line)

# %%
print(corpora["seed"].describe())
corpora["seed"].paragraphs().to_frame()[["parent_id", "unit_index", "text"]].head(5)

# %% [markdown]
# ## The UN Charter in six languages

# %%
corpora["un_charter"].docvars[["date", "lang", "source"]]

# %% [markdown]
# ## ANT: Tunisian Arabic news (pseudo-XML, two date formats)

# %%
print(corpora["ant"].describe())

# %%
corpora["ant"].docvars.groupby(corpora["ant"].docvars["date"].dt.year).size().rename("articles")

# %%
corpora["ant"].issues["message"].value_counts().head(10)

# %% [markdown]
# ## SaudiNewsNet: two weeks of Saudi newspapers (the date is the crawl date)

# %%
print(corpora["saudinewsnet"].describe())

# %% [markdown]
# ## UN Security Council resolutions (adoption dates from the text)

# %%
print(corpora["unsc_resolutions"].describe())
corpora["unsc_resolutions"].docvars[["date", "title"]].head()

# %% [markdown]
# ## U.S. presidential speeches, 1789-2020

# %%
print(corpora["us_presidential_speeches"].describe())

# %% [markdown]
# ## UN General Debates, 1946-2023 (year precision; speeches hard-wrapped)
#
# The speeches per year, and the paragraphs rebuilt from the hard-wrapped lines: the unit of
# notebook 02.

# %%
print(corpora["ungdc"].describe())
corpora["ungdc"].docvars.groupby(corpora["ungdc"].docvars["date"].dt.year).size().describe()

# %%
len(corpora["ungdc"].subset("date >= '2001-01-01'").paragraphs())
