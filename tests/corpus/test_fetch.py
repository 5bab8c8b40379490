"""Tests for toolkit.corpus.fetch against a throw-away HTTP server on 127.0.0.1 only."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import logging
import socket
import tarfile
import threading
from functools import partial
from pathlib import Path

import pytest

from toolkit.corpus.fetch import RECORD_NAME, fetch_corpus
from toolkit.corpus.registry import parse_registry
from toolkit.errors import ChecksumError, FetchError

NAME = "tiny"
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
              "ALL_PROXY", "no_proxy", "NO_PROXY")


def _registry(sha256: str | None = None) -> dict:
    entry = {
        "name": NAME, "title": "Tiny test corpus", "publisher": "tests", "licence": "CC0-1.0",
        "citation": "none", "url": "https://example.invalid/tiny.tar.gz", "doi": None,
        "sha256": sha256, "size_bytes": None, "archive_format": "tar.gz", "layout": "seed",
        "languages": ["ar", "en"], "description": "three small texts", "notes": "",
    }
    return parse_registry({"schema_version": 1, "corpora": [entry]}, path="test-registry")


def _build_archive() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in [("docs/a.txt", "بيان ختامي"), ("docs/b.txt", "communiqué"),
                           ("docs/c.txt", "final statement\n" * 50)]:
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the tmp directory; counts requests; '/truncated' lies about its length."""

    def do_GET(self):  # noqa: N802 (http.server naming)
        self.server.requests.append(self.path)
        if self.path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"x" * 100)
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()

    def log_message(self, format, *args):  # silence the default stderr log
        pass


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def archive_bytes() -> bytes:
    return _build_archive()


@pytest.fixture
def server(tmp_path, archive_bytes):
    root = tmp_path / "served"
    root.mkdir()
    (root / "tiny.tar.gz").write_bytes(archive_bytes)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            partial(_Handler, directory=str(root)))
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _url(httpd, path: str) -> str:
    host, port = httpd.server_address[:2]
    assert host == "127.0.0.1"
    return f"http://127.0.0.1:{port}{path}"


@pytest.fixture
def dest(tmp_path) -> Path:
    return tmp_path / "corpora"


def _leftovers(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.iterdir()) if dest.exists() else []


def test_fetch_downloads_verifies_and_records(server, dest, archive_bytes):
    digest = hashlib.sha256(archive_bytes).hexdigest()
    folder = fetch_corpus(NAME, dest=dest, registry=_registry(digest),
                          url=_url(server, "/tiny.tar.gz"))
    assert folder == dest / NAME
    assert (folder / "tiny.tar.gz").read_bytes() == archive_bytes
    record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    assert record["sha256"] == digest
    assert record["verified"] is True
    assert record["size_bytes"] == len(archive_bytes)
    assert record["url"] == _url(server, "/tiny.tar.gz")
    assert record["registry_entry"]["name"] == NAME
    assert _leftovers(dest) == [NAME]
    with tarfile.open(folder / "tiny.tar.gz") as tar:
        assert sorted(tar.getnames()) == ["docs/a.txt", "docs/b.txt", "docs/c.txt"]


def test_fetch_second_call_does_not_download(server, dest, archive_bytes, caplog):
    digest = hashlib.sha256(archive_bytes).hexdigest()
    kwargs = dict(dest=dest, registry=_registry(digest), url=_url(server, "/tiny.tar.gz"))
    first = fetch_corpus(NAME, **kwargs)
    with caplog.at_level(logging.INFO, logger="toolkit.corpus.fetch"):
        second = fetch_corpus(NAME, **kwargs)
    assert first == second
    assert server.requests == ["/tiny.tar.gz"]
    assert "already" in caplog.text


def test_fetch_force_replaces_existing(server, dest, archive_bytes):
    digest = hashlib.sha256(archive_bytes).hexdigest()
    stale = dest / NAME
    stale.mkdir(parents=True)
    (stale / "stale.txt").write_text("old", encoding="utf-8")
    folder = fetch_corpus(NAME, dest=dest, registry=_registry(digest),
                          url=_url(server, "/tiny.tar.gz"), force=True)
    assert sorted(p.name for p in folder.iterdir()) == [RECORD_NAME, "tiny.tar.gz"]
    assert len(server.requests) == 1
    assert _leftovers(dest) == [NAME]


def test_fetch_checksum_mismatch_leaves_nothing(server, dest):
    with pytest.raises(ChecksumError, match="expected sha256 0{64}") as info:
        fetch_corpus(NAME, dest=dest, registry=_registry("0" * 64),
                     url=_url(server, "/tiny.tar.gz"))
    assert info.value.expected == "0" * 64
    assert not (dest / NAME).exists()
    assert _leftovers(dest) == []


def test_fetch_http_404(server, dest):
    with pytest.raises(FetchError, match="404"):
        fetch_corpus(NAME, dest=dest, registry=_registry("0" * 64),
                     url=_url(server, "/missing.tar.gz"))
    assert _leftovers(dest) == []


def test_fetch_interrupted_transfer(server, dest):
    with pytest.raises(FetchError, match="interrupted"):
        fetch_corpus(NAME, dest=dest, registry=_registry("0" * 64),
                     url=_url(server, "/truncated"), timeout=5)
    assert _leftovers(dest) == []


def test_fetch_unreachable_host(dest):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as info:
        fetch_corpus(NAME, dest=dest, registry=_registry("0" * 64),
                     url=f"http://127.0.0.1:{port}/tiny.tar.gz", timeout=5)
    message = str(info.value)
    assert "offline" in message and "unreachable" in message
    assert "--from-file" in message and "never downloads" in message
    assert _leftovers(dest) == []


def test_fetch_read_timeout(dest):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection in the backlog but never answers
        port = silent.getsockname()[1]
        with pytest.raises(FetchError, match="timed out|timeout"):
            fetch_corpus(NAME, dest=dest, registry=_registry("0" * 64),
                         url=f"http://127.0.0.1:{port}/tiny.tar.gz", timeout=0.3)
    assert _leftovers(dest) == []


def test_fetch_refuses_unverified(server, dest, archive_bytes):
    digest = hashlib.sha256(archive_bytes).hexdigest()
    with pytest.raises(ChecksumError, match=digest) as info:
        fetch_corpus(NAME, dest=dest, registry=_registry(None), url=_url(server, "/tiny.tar.gz"))
    assert "--allow-unverified" in str(info.value)
    assert _leftovers(dest) == []


def test_fetch_allow_unverified_installs_and_logs(server, dest, archive_bytes, caplog):
    digest = hashlib.sha256(archive_bytes).hexdigest()
    with caplog.at_level(logging.WARNING, logger="toolkit.corpus.fetch"):
        folder = fetch_corpus(NAME, dest=dest, registry=_registry(None),
                              url=_url(server, "/tiny.tar.gz"), allow_unverified=True)
    assert digest in caplog.text
    record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    assert record["verified"] is False and record["sha256"] == digest


def test_fetch_sha256_override_pins_unverified_entry(server, dest, archive_bytes):
    digest = hashlib.sha256(archive_bytes).hexdigest()
    folder = fetch_corpus(NAME, dest=dest, registry=_registry(None),
                          url=_url(server, "/tiny.tar.gz"), sha256=digest.upper(),
                          show_progress=True)
    record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    assert record["verified"] is True and record["expected_sha256"] == digest


def test_fetch_from_file(tmp_path, dest, archive_bytes):
    local = tmp_path / "downloaded by hand.tar.gz"
    local.write_bytes(archive_bytes)
    digest = hashlib.sha256(archive_bytes).hexdigest()
    folder = fetch_corpus(NAME, dest=dest, registry=_registry(digest), from_file=local)
    assert (folder / "tiny.tar.gz").read_bytes() == archive_bytes
    assert local.exists()  # copied, not moved
    record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    assert record["source"] == "file" and record["from_file"] == str(local.resolve())


def test_fetch_from_file_checksum_mismatch(tmp_path, dest):
    local = tmp_path / "wrong.tar.gz"
    local.write_bytes(b"not the corpus")
    with pytest.raises(ChecksumError, match="mismatch"):
        fetch_corpus(NAME, dest=dest, registry=_registry("a" * 64), from_file=local)
    assert _leftovers(dest) == [] and local.exists()


def test_fetch_from_missing_file(tmp_path, dest):
    with pytest.raises(FetchError, match="not an existing file"):
        fetch_corpus(NAME, dest=dest, registry=_registry("a" * 64),
                     from_file=tmp_path / "absent.tar.gz")
    assert _leftovers(dest) == []


@pytest.mark.parametrize("kwargs, match", [
    ({"url": "ftp://127.0.0.1/x.tar.gz"}, "http"),
    ({"sha256": "abc"}, "64 hexadecimal"),
    ({"url": "http://127.0.0.1/x", "from_file": "x.tar.gz"}, "not both"),
])
def test_fetch_rejects_bad_arguments(dest, kwargs, match):
    with pytest.raises(ValueError, match=match):
        fetch_corpus(NAME, dest=dest, registry=_registry("a" * 64), **kwargs)
    assert not dest.exists()


def test_fetch_unknown_name_lists_names(dest):
    with pytest.raises(ValueError, match=r"must be one of \['tiny'\]"):
        fetch_corpus("nope", dest=dest, registry=_registry())
