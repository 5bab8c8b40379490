"""The whole text pipeline works with no network at all: sockets are disabled for these tests."""

from __future__ import annotations

import socket

import pytest

AR = "أكدت الدول الأعضاء في التحالف الإسلامي العسكري لمحاربة الإرهاب عزمها على تجفيف منابع تمويل الإرهاب."
FR = "Le Gouvernement condamne l’attentat et renforcera la lutte contre le financement du terrorisme."
EN = "We will starve terrorists of funding and defeat the global terror network."


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted in an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_offline_sockets_really_disabled():
    with pytest.raises(OSError, match="offline"):
        socket.create_connection(("127.0.0.1", 9))
    with socket.socket() as sock, pytest.raises(OSError, match="offline"):
        sock.connect(("127.0.0.1", 9))


@pytest.mark.parametrize("stemmer", [None, "snowball"])
@pytest.mark.parametrize("lang, text", [("ar", AR), ("fr", FR), ("en", EN)])
def test_offline_full_pipeline(lang, text, stemmer):
    from toolkit.text import Preprocessor

    tokens = Preprocessor(stop_words=True, stemmer=stemmer)(text, lang)
    assert tokens and all(isinstance(t, str) and t for t in tokens)


@pytest.mark.parametrize("name", ["isri", "arlstem", "arlstem2"])
def test_offline_arabic_stemmers(name):
    from toolkit.text import Preprocessor

    assert Preprocessor(stemmer=name)(AR, "ar")


def test_offline_document_term_matrix():
    from toolkit.corpus import Corpus
    from toolkit.dtm import dtm

    corpus = Corpus.from_records([{"doc_id": lang, "text": text, "lang": lang}
                                  for lang, text in (("ar", AR), ("fr", FR), ("en", EN))])
    matrix = dtm(corpus, ngram_range=(1, 2))
    assert matrix.n_docs == 3 and matrix.counts.sum() > 0
    assert any(name.startswith("ar:") for name in matrix.feature_names)
