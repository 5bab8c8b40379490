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
# # 05 — Topics over time, seeded with the frames: UN General Debates and Arabic news
#
# The frame dictionary (notebooks 02 and 03) counts words we chose. A topic model lets the
# vocabulary of the corpus speak: which themes do the texts hold, and does the prevalence of a
# theme over time follow the share of the frames? We fit two latent Dirichlet allocation models
# per corpus (`toolkit.topics.analysis.analyse_topics`): an **unseeded** one, and a **seeded**
# one whose first four topics are guided by the words of the four frames of `terrorism_frames`
# (military, ideological, media, financial; method in `toolkit.topics.seeded`), with six free
# topics beside them. Each topic's prevalence over time is estimated as R's stm does
# (`estimate_effect`: a spline of time, intervals by the method of composition over draws from
# the model's posterior). Then we put each seeded topic beside its frame's share of paragraphs
# (`frame_trends`) and measure how closely they move together (`topic_frame_alignment`:
# Pearson's r with an interval for autocorrelated series, and the correlation of year-to-year
# changes, which a shared trend alone does not produce). For the unseeded model, we ask which
# topic follows each frame best.
#
# Read the comparison with care: a topic's prevalence (an expected share of a text's words)
# and a frame's share (of paragraphs with at least one frame word) measure different things;
# compare their movements, not their levels. A seeded topic is pulled toward its seed words but
# also gathers whatever co-occurs with them in this corpus, so its top terms tell what it
# became.
#
# **Time.** About a minute and a half on two cores with the real corpora (up to three on a busy
# machine), because the models are fitted on a random sample of `N_SPEECHES` speeches (of 9,686)
# and `N_ARTICLES` articles (of 8,418), with at most `MAX_ITER` iterations and `N_DRAWS` posterior
# draws; raise them for a study (all speeches: several minutes more). Without the corpora (see
# notebook 01) the notebook runs on synthetic communiqués, says so under each loading cell, and
# its numbers describe the generator.

# %% tags=["parameters"]
CORPORA_DIR = None  # folder holding the corpora; None: $TOOLKIT_CORPORA, else corpora/
FALLBACK = "synthetic"  # "synthetic": stand-in for an absent corpus (with a warning); "error": stop
FIGURES_DIR = "../figures"  # where the figures go (relative to notebooks/)
K = 10  # topics per model (seeded: one per frame + K - 4 free topics)
SEEDS = "terrorism_frames"  # dictionary whose categories seed the topics
N_SPEECHES = 1200  # UN General Debate speeches sampled for the models (9,686: all)
N_ARTICLES = 3000  # ANT articles sampled (8,418: all)
MIN_DF, MAX_DF = 5, 0.9  # vocabulary: words in at least 5 documents and at most 90 % of them
MAX_ITER = 50  # variational EM iterations at most (the fit stops earlier when it converges)
N_DRAWS = 50  # posterior draws of the topic proportions for the prevalence intervals
N_BOOT = 500  # bootstrap resamples of the frame-share intervals
N_TERMS = 8  # top terms per topic in the figures
SEED = 0  # random_state of the samples, the models and every resampling
SYNTHETIC = {"n_documents": 400, "start": "1990-01-01", "end": "2023-12-31",
             "languages": ("en",), "random_state": 0}  # stand-in for the UNGDC when it is absent
SYNTHETIC_ANT = {"n_documents": 400, "start": "2013-10-17", "end": "2017-04-30",
                 "languages": ("ar",), "random_state": 0}  # stand-in for ANT when it is absent

# %%
# %matplotlib inline
from pathlib import Path

import toolkit
from toolkit.compare import frame_trends
from toolkit.corpus.locate import corpus_note, open_corpus
from toolkit.plot import plot_top_terms, plot_topic_frames, save_figure
from toolkit.topics.alignment import topic_frame_alignment, topic_frame_pairs
from toolkit.topics.analysis import analyse_topics, topic_dtm

SHOWN = ["topic", "topic_name", "frame", "n_periods", "r", "ci_low", "ci_high", "p_value", "n_eff", "r_diff"]
ungdc = open_corpus("ungdc", corpora_dir=CORPORA_DIR, fallback=FALLBACK, synthetic=SYNTHETIC,
                    show_progress=False)
print(corpus_note(ungdc))

# %% [markdown]
# ## UN General Debates: two models on the same speeches
#
# One document-term matrix for both models (stop words out, no stemming; `topic_dtm`), so that
# they differ only by the seeds.

# %%
speeches = ungdc.sample(min(N_SPEECHES, len(ungdc)), random_state=SEED)
ungdc_dtm = topic_dtm(speeches, min_df=MIN_DF, max_df=MAX_DF)
seeded = analyse_topics(ungdc_dtm, n_components=K, seeds=SEEDS, by="year", max_iter=MAX_ITER,
                        n_draws=N_DRAWS, random_state=SEED, corpus=speeches)  # corpus: paragraphs to show
unseeded = analyse_topics(ungdc_dtm, n_components=K, by="year", max_iter=MAX_ITER, n_draws=N_DRAWS,
                          random_state=SEED)
print(f"{ungdc_dtm.n_docs:,} speeches x {ungdc_dtm.n_features:,} words; seeded: {seeded.model.n_iter_} "
      f"iterations, unseeded: {unseeded.model.n_iter_}")
seeded.topics[["topic", "label", "proportion", "exclusivity", "semantic_coherence", "prob_terms"]]

# %% [markdown]
# The seed words each frame topic started from (those of the dictionary found in the vocabulary):

# %%
seeded.topics.dropna(subset=["seed_words"]).set_index("label")["seed_words"].str.slice(0, 150)

# %%
unseeded.topics[["topic", "label", "proportion", "exclusivity", "semantic_coherence", "prob_terms"]]

# %% [markdown]
# Top terms of the seeded model by FREX (frequent and exclusive words, stm's weighting), which
# name a topic better than raw probability.

# %%
fig = plot_top_terms(seeded.top_terms.query("by == 'frex'"), n=N_TERMS, value="frex", ncols=5,
                     title="Seeded topics of the UN General Debates (FREX)", rc={"figure.figsize": (7.0, 4.4)})
files = save_figure(fig, Path(FIGURES_DIR) / "05-ungdc-top-terms",
                    provenance={"notebook": "05-topics-over-time", "corpus": corpus_note(speeches), "k": K,
                                "seeds": SEEDS, "fit": seeded.params["fit"]})
[f.name for f in files]

# %% [markdown]
# ## Frame shares of the same speeches
#
# The share of paragraphs carrying each frame, per year, with 95 % intervals from a bootstrap
# over speeches (as in notebook 02, on the sampled speeches only).

# %%
counts = toolkit.count_frames(speeches, unit="paragraph", categories="frames", progress=False)
trends = frame_trends(counts, measure="share", freq="year", n_boot=N_BOOT, random_state=SEED)
print(f"{len(counts):,} paragraphs; {int((trends['flag'] == 'ok').sum())} of {len(trends)} frame-years "
      "with enough paragraphs")

# %% [markdown]
# ## Seeded topics against their frames
#
# One row per frame: the correlation of the yearly prevalence of its topic with its yearly
# share (`r`, with a 95 % interval and p-value computed on `n_eff`, the effective number of
# years of two autocorrelated series), and `r_diff`, the correlation of their changes from one
# year to the next. Look at the topic's `proportion` above first: a seeded topic that holds a
# tiny share of the words has stayed a list of seed words that the speeches rarely use together,
# and its curve says little.

# %%
alignment = topic_frame_alignment(seeded.prevalence, trends)
alignment[SHOWN]

# %%
paired = topic_frame_pairs(seeded.prevalence, trends)
fig = plot_topic_frames(paired, alignment=alignment, title="Seeded topics and frame shares, UN General Debates")
files = save_figure(fig, Path(FIGURES_DIR) / "05-ungdc-topics-frames",
                    provenance={"notebook": "05-topics-over-time", "corpus": corpus_note(speeches),
                                "alignment": alignment.attrs, "prevalence": seeded.params["analysis"]})
[f.name for f in files]

# %% [markdown]
# ## Which unseeded topic follows each frame?
#
# For each frame, the topic of the unseeded model whose prevalence correlates best with the
# frame's share (its top terms say what it is about). The best of ten is a selection: its r is
# biased upwards and its interval does not account for the choice. To draw these pairs, pass
# `topic_frame_pairs(unseeded.prevalence, trends, pairs="best")` to `plot_topic_frames`.

# %%
best = topic_frame_alignment(unseeded.prevalence, trends, pairs="best")
best.merge(unseeded.topics[["topic", "prob_terms"]], on="topic")[[*SHOWN, "prob_terms"]]

# %% [markdown]
# ## ANT (Jawhara FM): the same by quarter, in Arabic
#
# Arabic words are normalised (alef forms, ta marbuta, diacritics) and conservative clitics split
# before counting; figure labels are in Arabic. The corpus covers 15 quarters (October 2013 -
# April 2017) and is thin before 2016, so the frame shares of early quarters have wide intervals.

# %%
ant = open_corpus("ant", corpora_dir=CORPORA_DIR, fallback=FALLBACK, synthetic=SYNTHETIC_ANT,
                  show_progress=False)
print(corpus_note(ant))
articles = ant.sample(min(N_ARTICLES, len(ant)), random_state=SEED)
ant_dtm = topic_dtm(articles, min_df=MIN_DF, max_df=MAX_DF)
ant_seeded = analyse_topics(ant_dtm, n_components=K, seeds=SEEDS, by="quarter", max_iter=MAX_ITER,
                            n_draws=N_DRAWS, random_state=SEED)
ant_unseeded = analyse_topics(ant_dtm, n_components=K, by="quarter", max_iter=MAX_ITER, n_draws=N_DRAWS,
                              random_state=SEED)
print(f"{ant_dtm.n_docs:,} articles x {ant_dtm.n_features:,} words")
ant_seeded.topics[["topic", "label", "proportion", "exclusivity", "semantic_coherence", "prob_terms"]]

# %%
ant_unseeded.topics[["topic", "label", "proportion", "exclusivity", "semantic_coherence", "prob_terms"]]

# %%
fig = plot_top_terms(ant_seeded.top_terms.query("by == 'frex'"), n=N_TERMS, value="frex", ncols=5, lang="ar",
                     title="مواضيع أخبار جوهرة أف أم الموجهة بالأطر", rc={"figure.figsize": (7.0, 4.4)})
files = save_figure(fig, Path(FIGURES_DIR) / "05-ant-top-terms",
                    provenance={"notebook": "05-topics-over-time", "corpus": corpus_note(articles), "k": K,
                                "seeds": SEEDS, "fit": ant_seeded.params["fit"]})
[f.name for f in files]

# %%
ant_counts = toolkit.count_frames(articles, unit="paragraph", categories="frames", progress=False)
ant_trends = frame_trends(ant_counts, measure="share", freq="quarter", n_boot=N_BOOT, random_state=SEED)
ant_alignment = topic_frame_alignment(ant_seeded.prevalence, ant_trends)
ant_alignment[SHOWN]

# %%
fig = plot_topic_frames(topic_frame_pairs(ant_seeded.prevalence, ant_trends), alignment=ant_alignment, lang="ar",
                        title="المواضيع الموجهة ونسب الأطر في أخبار جوهرة أف أم")
files = save_figure(fig, Path(FIGURES_DIR) / "05-ant-topics-frames",
                    provenance={"notebook": "05-topics-over-time", "corpus": corpus_note(articles),
                                "alignment": ant_alignment.attrs, "prevalence": ant_seeded.params["analysis"]})
[f.name for f in files]

# %%
ant_best = topic_frame_alignment(ant_unseeded.prevalence, ant_trends, pairs="best")
ant_best.merge(ant_unseeded.topics[["topic", "prob_terms"]], on="topic")[[*SHOWN, "prob_terms"]]

# %% [markdown]
# ## Representative speeches and paragraphs
#
# The speeches with the highest proportion of each seeded frame topic (the doc_id names the
# country and the year), then the most typical paragraph of the speeches richest in the topic,
# scored by the fitted model: reading them is how a topic is validated.

# %%
seeded.representative.query("topic < 4 and unit == 'document'")[["label", "rank", "doc_id", "proportion", "date"]]

# %%
seeded.representative.query("topic < 4 and unit == 'paragraph' and rank <= 2")[
    ["label", "rank", "unit_id", "proportion", "text"]]
