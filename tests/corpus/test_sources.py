"""Tests for toolkit.corpus.sources: files, folders, zips and tars, junk, safety, truncation."""

from __future__ import annotations

import gzip
import io
import logging
import os
import random
import re
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared as shared_path
from toolkit.corpus.sources import (
    Skipped,
    SourceFile,
    SourceSet,
    junk_reason,
    open_sources,
)
from toolkit.errors import CorpusFormatError, UnsafeArchiveError


APPLEDOUBLE_BYTES = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X".ljust(82, b"\x00")

GOOD = {
    "TXT/Session 01 - 1946/USA_01_1946.txt": "Peace and security.".encode(),
    "TXT/Session 01 - 1946/FRA_01_1946.txt": "La paix.".encode(),
    "TXT/Session 02 - 1947/EU_02_1947.txt": "السلام عليكم".encode(),
    "README.md": b"# readme",
    "empty.txt": b"",
}
# junk file -> expected reason (junk_reason wording)
JUNK_FILES = {
    "._TXT": "macOS AppleDouble resource file (._*)",
    "TXT/Session 01 - 1946/._USA_01_1946.txt": "macOS AppleDouble resource file (._*)",
    "TXT/.DS_Store": "hidden file",
    "TXT/Session 02 - 1947/.DS_Store-to-UTF-8.txt": "hidden file",
    ".Rhistory": "hidden file",
    "TXT/.Rapp.history": "hidden file",
    "TXT/Thumbs.db": "Windows thumbnail cache (Thumbs.db)",
    "desktop.ini": "Windows folder settings (desktop.ini)",
    "TXT/Icon\r": "macOS folder icon (Icon\\r)",
    "~$draft.docx": "office lock file (~$*)",
    "notes.txt~": "editor backup file (*~)",
    "notes.swp": "editor swap file (*.swp)",
    "TXT/cache.TMP": "temporary file (*.tmp)",
}
# files inside junk folders: only the folder is reported
JUNK_FOLDERS = {"__MACOSX": "macOS metadata folder (__MACOSX/)", ".git": "hidden folder",
                "TXT/.hidden": "hidden folder"}
IN_JUNK_FOLDERS = ["__MACOSX/._TXT", "__MACOSX/TXT/._USA_01_1946.txt", ".git/config",
                   ".git/objects/ab/cdef", "TXT/.hidden/a.txt"]
EXPECTED_SKIPS = {**JUNK_FILES, **JUNK_FOLDERS}


def all_files() -> dict[str, bytes]:
    files = dict(GOOD)
    for name in JUNK_FILES:
        files[name] = APPLEDOUBLE_BYTES if "._" in name else b"junk"
    for name in IN_JUNK_FOLDERS:
        files[name] = APPLEDOUBLE_BYTES if "._" in name else b"junk"
    return files


def make_folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def zip_bytes(files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_bytes(files: dict[str, bytes], *, compression: str = "gz",
              extra: list[tarfile.TarInfo] = ()) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=f"w:{compression}") as archive:
        for info in extra:
            archive.addfile(info)
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


SUFFIX_COMPRESSION = {".tar": "", ".tar.gz": "gz", ".tgz": "gz", ".tar.bz2": "bz2",
                      ".tar.xz": "xz"}


def make_archive(path: Path, files: dict[str, bytes], **kwargs) -> Path:
    if path.name.endswith(".zip"):
        path.write_bytes(zip_bytes(files))
    else:
        suffix = next(s for s in SUFFIX_COMPRESSION if path.name.endswith(s))
        path.write_bytes(tar_bytes(files, compression=SUFFIX_COMPRESSION[suffix], **kwargs))
    return path


def relative_skips(sources: SourceSet, prefix: str) -> dict[str, str]:
    out = {}
    for skip in sources.skipped:
        assert skip.path.startswith(prefix), skip
        key = skip.path[len(prefix):]
        assert key not in out, f"{key} reported twice"
        out[key] = skip.reason
    return out


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


# -- junk rule ----------------------------------------------------------------------------

@pytest.mark.parametrize(("relpath", "reason"), [
    *JUNK_FILES.items(),
    ("__MACOSX/TXT/a.txt", "macOS metadata folder (__MACOSX/)"),
    ("a/.git/config", "hidden folder"),
    (".git/", "hidden folder"),
    ("__MACOSX/", "macOS metadata folder (__MACOSX/)"),
    ("THUMBS.DB", "Windows thumbnail cache (Thumbs.db)"),
    ("./._x.txt", "macOS AppleDouble resource file (._*)"),
    ("TXT/USA_01_1946.txt", None),
    ("TXT/", None),
    ("a.b/c.txt", None),
    ("report~final.txt", None),
    ("Icon", None),
    ("tmp/swp.txt", None),
])
def test_junk_reason_names(relpath, reason):
    assert junk_reason(relpath) == reason


# -- folders -------------------------------------------------------------------------------

def test_folder_yields_good_files_sorted_and_logs_each_junk_once(tmp_path):
    root = make_folder(tmp_path / "corpus", all_files())
    sources = SourceSet(root)
    files = list(sources)
    assert sources.kind == "directory"
    assert [f.relpath for f in files] == sorted(GOOD)
    assert relative_skips(sources, str(root) + os.sep) == EXPECTED_SKIPS
    for f in files:
        assert f.display == str(root / f.relpath)
        assert os.path.isabs(f.display)
        assert f.read_bytes() == GOOD[f.relpath]
        assert f.size == len(GOOD[f.relpath])
    assert sources.errors == []


def test_folder_yields_empty_files(tmp_path):
    root = make_folder(tmp_path, {"empty.txt": b"", "a.txt": b"a"})
    files = {f.relpath: f for f in SourceSet(root)}
    assert files["empty.txt"].size == 0 and files["empty.txt"].read_bytes() == b""


@pytest.mark.parametrize(("include", "exclude", "expected"), [
    ("*.txt", None, {n for n in GOOD if n.endswith(".txt")}),
    ("TXT/**/*.txt", None, {n for n in GOOD if n.startswith("TXT/")}),
    ("**/*.md", None, {"README.md"}),
    ("TXT/Session 01*", None, {n for n in GOOD if "Session 01" in n}),
    (["*.md", "empty.txt"], None, {"README.md", "empty.txt"}),
    (None, "EU_*", set(GOOD) - {"TXT/Session 02 - 1947/EU_02_1947.txt"}),
    ("*.txt", ["empty.txt", "TXT/Session 02*"], {n for n in GOOD if "_01_" in n}),
    ("*.TXT", None, set()),
])
def test_include_exclude_globs(tmp_path, include, exclude, expected):
    root = make_folder(tmp_path, GOOD)
    sources = SourceSet(root, include=include, exclude=exclude)
    assert {f.relpath for f in sources} == expected
    skipped = relative_skips(sources, str(root) + os.sep)
    assert set(skipped) == set(GOOD) - expected


def test_include_reason_names_the_pattern(tmp_path):
    root = make_folder(tmp_path, {"a.txt": b"a", "b.md": b"b", "c.csv": b"c"})
    sources = SourceSet(root, include="*.txt", exclude="a*")
    assert list(sources) == []
    assert relative_skips(sources, str(root) + os.sep) == {
        "a.txt": "matches exclude pattern 'a*'",
        "b.md": "does not match pattern '*.txt'",
        "c.csv": "does not match pattern '*.txt'"}


def test_recursive_false_reads_top_level_only(tmp_path):
    root = make_folder(tmp_path, GOOD)
    assert [f.relpath for f in SourceSet(root, recursive=False)] == ["README.md", "empty.txt"]


def test_symlinks_inside_followed_outside_broken_and_loops_skipped(tmp_path):
    root = make_folder(tmp_path / "corpus", {"real/a.txt": b"a"})
    (tmp_path / "outside.txt").write_bytes(b"secret")
    (root / "escape.txt").symlink_to(tmp_path / "outside.txt")
    (root / "escape_dir").symlink_to(tmp_path, target_is_directory=True)
    (root / "inside.txt").symlink_to(root / "real" / "a.txt")
    (root / "linked").symlink_to(root / "real", target_is_directory=True)
    (root / "real" / "loop").symlink_to(root, target_is_directory=True)
    (root / "broken.txt").symlink_to(tmp_path / "missing.txt")
    sources = SourceSet(root)
    assert [f.relpath for f in sources] == ["inside.txt", "linked/a.txt", "real/a.txt"]
    reasons = relative_skips(sources, str(root) + os.sep)
    assert reasons["escape.txt"] == reasons["escape_dir"] == (
        "symbolic link points outside the corpus folder")
    assert reasons["broken.txt"] == "broken symbolic link"
    assert reasons["real/loop"] == reasons["linked/loop"] == (
        "symbolic link loop (points to a folder that contains it)")
    assert set(reasons) == {"escape.txt", "escape_dir", "broken.txt", "real/loop", "linked/loop"}


def test_fifo_in_folder_is_skipped_without_blocking(tmp_path):
    root = make_folder(tmp_path, {"a.txt": b"a"})
    os.mkfifo(root / "pipe.txt")
    sources = SourceSet(root)
    assert [f.relpath for f in sources] == ["a.txt"]
    assert relative_skips(sources, str(root) + os.sep) == {
        "pipe.txt": "not a regular file (device, FIFO or socket)"}


def test_single_file_is_always_yielded(tmp_path):
    path = tmp_path / ".hidden.txt"
    path.write_bytes(b"text")
    sources = open_sources(path, include="*.csv")
    assert sources.kind == "file"
    assert [(f.relpath, f.display, f.read_bytes()) for f in sources] == [
        (".hidden.txt", str(path), b"text")]


def test_zip_inside_folder_is_a_file_and_opens_with_from_bytes(tmp_path):
    root = tmp_path / "dataset"
    root.mkdir()
    (root / "2015-07-21.zip").write_bytes(zip_bytes({"2015-07-21.json": b"[]"}))
    (outer,) = list(SourceSet(root))
    inner = SourceSet.from_bytes(outer.read_bytes(), name=outer.display)
    assert inner.kind == "zip"
    assert [(f.display, f.read_bytes()) for f in inner] == [
        (f"{root / '2015-07-21.zip'}!2015-07-21.json", b"[]")]


# -- archives: same content as a folder ---------------------------------------------------

ARCHIVE_NAMES = ["corpus.zip", "corpus.tar", "corpus.tar.gz", "corpus.tgz", "corpus.tar.bz2",
                 "corpus.tar.xz"]


@pytest.mark.parametrize("name", ARCHIVE_NAMES)
def test_archive_yields_good_files_and_logs_junk(tmp_path, name):
    junk_dirs = [tarfile.TarInfo(d) for d in ("__MACOSX", ".git", ".git/objects", "TXT")]
    for info in junk_dirs:
        info.type = tarfile.DIRTYPE
    kwargs = {} if name.endswith(".zip") else {"extra": junk_dirs}
    path = make_archive(tmp_path / name, all_files(), **kwargs)
    sources = SourceSet(path)
    files = list(sources)
    assert sources.kind == ("zip" if name.endswith(".zip") else "tar")
    assert sorted(f.relpath for f in files) == sorted(GOOD)
    if name.endswith(".zip"):
        assert [f.relpath for f in files] == sorted(GOOD)
    else:  # archive order
        assert [f.relpath for f in files] == list(GOOD)
    for f in files:
        assert f.display == f"{os.path.abspath(path)}!{f.relpath}"
        assert f.read_bytes() == GOOD[f.relpath]
        assert f.size == len(GOOD[f.relpath])
    assert relative_skips(sources, f"{os.path.abspath(path)}!") == EXPECTED_SKIPS


@pytest.mark.parametrize("name", ["a.zip", "a.tar.gz"])
def test_iterating_twice_gives_the_same(tmp_path, name):
    path = make_archive(tmp_path / name, all_files())
    sources = SourceSet(path)
    first = [(f.relpath, f.read_bytes()) for f in sources]
    first_skipped = list(sources.skipped)
    for f in sources:  # stop early: the next iteration starts from scratch
        break
    assert [(f.relpath, f.read_bytes()) for f in sources] == first
    assert sources.skipped == first_skipped


def test_zip_entries_read_after_iteration(tmp_path):
    path = make_archive(tmp_path / "a.zip", GOOD)
    files = list(SourceSet(path))
    assert {f.relpath: f.read_bytes() for f in files} == GOOD


def test_zip_backslash_names_become_folders(tmp_path):
    data = zip_bytes({"TXT\\Session 01\\a.txt": b"a"})
    assert [f.relpath for f in SourceSet.from_bytes(data, name="win.zip")] == [
        "TXT/Session 01/a.txt"]


def test_inputs_are_not_modified(tmp_path):
    root = make_folder(tmp_path / "corpus", all_files())
    (tmp_path / "archives").mkdir()
    make_archive(tmp_path / "archives" / "a.zip", all_files())
    make_archive(tmp_path / "archives" / "a.tar.gz", all_files())
    before = snapshot(tmp_path)
    for path in [root, tmp_path / "archives" / "a.zip", tmp_path / "archives" / "a.tar.gz"]:
        for f in SourceSet(path):
            f.read_bytes()
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archives", "corpus"]


# -- archive safety -----------------------------------------------------------------------

UNSAFE_NAMES = ["../evil.txt", "/abs.txt", "C:/evil.txt", "a/../../evil.txt", "..\\evil.txt",
                "c:evil.txt"]


@pytest.mark.parametrize("name", ["a.zip", "a.tar.gz"])
@pytest.mark.parametrize("unsafe", UNSAFE_NAMES)
def test_entries_escaping_the_archive_are_skipped_or_raise(tmp_path, name, unsafe):
    path = make_archive(tmp_path / name, {"ok.txt": b"ok", unsafe: b"evil"})
    sources = SourceSet(path)
    assert [f.relpath for f in sources] == ["ok.txt"]
    assert sources.skipped == [Skipped(f"{path}!{unsafe}", "entry escapes the archive folder")]
    with pytest.raises(UnsafeArchiveError, match=re.escape(repr(unsafe))) as info:
        list(SourceSet(path, strict=True))
    assert info.value.path == str(path)


def test_tar_links_and_devices_are_skipped(tmp_path):
    extra = []
    for name, kind in [("sym.txt", tarfile.SYMTYPE), ("hard.txt", tarfile.LNKTYPE),
                       ("fifo", tarfile.FIFOTYPE), ("dev", tarfile.CHRTYPE)]:
        info = tarfile.TarInfo(name)
        info.type = kind
        info.linkname = "../../etc/passwd" if kind != tarfile.LNKTYPE else "ok.txt"
        extra.append(info)
    path = tmp_path / "a.tar"
    path.write_bytes(tar_bytes({"ok.txt": b"ok"}, compression="", extra=extra))
    sources = SourceSet(path)
    assert [f.relpath for f in sources] == ["ok.txt"]
    assert relative_skips(sources, f"{path}!") == {
        "sym.txt": "link in archive (not followed)", "hard.txt": "link in archive (not followed)",
        "fifo": "special file in archive (device or FIFO)",
        "dev": "special file in archive (device or FIFO)"}


def test_zip_symlink_and_encrypted_entries_are_skipped(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("ok.txt", "ok")
    sources = SourceSet.from_bytes(buffer.getvalue(), name="l.zip")
    assert [f.relpath for f in sources] == ["ok.txt"]
    assert sources.skipped == [Skipped("l.zip!link.txt", "symbolic link in archive (not followed)")]


def test_zip_bomb_ratio_raises():
    data = zip_bytes({"ok.txt": b"ok", "bomb.txt": bytes(2 * 2**20)})
    with pytest.raises(UnsafeArchiveError, match="decompression bomb") as info:
        list(SourceSet.from_bytes(data, name="bomb.zip"))
    assert "bomb.txt" in str(info.value) and info.value.path == "bomb.zip"
    # a stored (uncompressed) member of the same size is fine
    stored = zip_bytes({"big.txt": bytes(2 * 2**20)}, compression=zipfile.ZIP_STORED)
    assert [f.size for f in SourceSet.from_bytes(stored, name="ok.zip")] == [2 * 2**20]


def test_tar_gz_bomb_ratio_raises():
    data = tar_bytes({"bomb.txt": bytes(3 * 2**20), "after.txt": b"x"})
    with pytest.raises(UnsafeArchiveError, match="decompression bomb"):
        list(SourceSet.from_bytes(data, name="bomb.tgz"))
    assert len(list(SourceSet.from_bytes(data, name="bomb.tgz", max_ratio=1e6))) == 2


@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_member_over_max_member_bytes_is_skipped_or_raises(kind):
    files = {"small.txt": b"x" * 10, "big.txt": b"y" * 100}
    data = zip_bytes(files) if kind == "zip" else tar_bytes(files)
    sources = SourceSet.from_bytes(data, name="a", max_member_bytes=50)
    assert [f.relpath for f in sources] == ["small.txt"]
    (skip,) = sources.skipped
    assert skip.path == "a!big.txt" and "max_member_bytes" in skip.reason
    with pytest.raises(UnsafeArchiveError, match="max_member_bytes"):
        list(SourceSet.from_bytes(data, name="a", max_member_bytes=50, strict=True))


@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_total_over_max_total_bytes_raises(kind):
    files = {f"{i}.txt": b"z" * 40 for i in range(5)}
    data = zip_bytes(files) if kind == "zip" else tar_bytes(files)
    with pytest.raises(UnsafeArchiveError, match="max_total_bytes"):
        list(SourceSet.from_bytes(data, name="a", max_total_bytes=100))
    assert len(list(SourceSet.from_bytes(data, name="a", max_total_bytes=200))) == 5


# -- truncated and corrupt archives -------------------------------------------------------

RANDOM_FILES = {f"doc_{i:02d}.txt": random.Random(i).randbytes(4096) for i in range(10)}


@pytest.mark.parametrize("compression", ["gz", "xz", ""])
def test_truncated_tar_strict_raises_and_lenient_keeps_complete_members(tmp_path, compression,
                                                                         caplog):
    full = tar_bytes(RANDOM_FILES, compression=compression)
    path = tmp_path / ("cut.tar." + compression if compression else "cut.tar")
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(CorpusFormatError, match="re-download") as info:
        list(SourceSet(path, strict=True))
    assert info.value.path == str(path)
    sources = SourceSet(path)
    with caplog.at_level(logging.WARNING, logger="toolkit.corpus.sources"):
        files = list(sources)
    assert 1 <= len(files) < len(RANDOM_FILES)
    assert [f.relpath for f in files] == list(RANDOM_FILES)[: len(files)]
    assert all(f.read_bytes() == RANDOM_FILES[f.relpath] for f in files)
    (error,) = sources.errors
    assert isinstance(error, CorpusFormatError) and str(path) in str(error)
    assert "truncated or corrupt" in caplog.text


@pytest.mark.parametrize(("compression", "cut"), [("gz", 100), ("gz", 1500), ("", 1500),
                                                   ("bz2", 0.5)])  # bzip2 needs whole blocks
def test_truncated_tar_with_nothing_readable_raises(tmp_path, compression, cut):
    full = tar_bytes(RANDOM_FILES, compression=compression)
    path = tmp_path / "cut.tar"  # the suffix says tar; the first bytes say which compression
    path.write_bytes(full[: int(len(full) * cut) if cut < 1 else cut])
    with pytest.raises(CorpusFormatError, match=re.escape(str(path))):
        list(SourceSet(path))


def test_plain_tar_cut_at_a_member_boundary_is_detected(tmp_path):
    full = tar_bytes({"a.txt": b"a" * 512, "b.txt": b"b" * 512}, compression="")
    path = tmp_path / "cut.tar"
    path.write_bytes(full[: 4 * 512])  # two headers + two data blocks, no end-of-archive marker
    sources = SourceSet(path)
    assert [f.relpath for f in sources] == ["a.txt", "b.txt"]
    assert len(sources.errors) == 1
    with pytest.raises(CorpusFormatError, match="end-of-archive"):
        list(SourceSet(path, strict=True))


def test_tar_gz_missing_its_gzip_trailer_is_detected(tmp_path):
    path = tmp_path / "cut.tgz"
    path.write_bytes(tar_bytes(RANDOM_FILES)[:-8])  # every entry is there; the checksum is not
    sources = SourceSet(path)
    assert [f.relpath for f in sources] == list(RANDOM_FILES)
    (error,) = sources.errors
    assert "EOFError" in str(error)
    with pytest.raises(CorpusFormatError, match="truncated or corrupt"):
        list(SourceSet(path, strict=True))


def gzip_members(data: bytes, cut: int) -> bytes:
    return gzip.compress(data[:cut]) + gzip.compress(data[cut:])


@pytest.mark.parametrize(("transform", "error"), [
    (lambda tar, gz: gz + bytes(1000), None),  # zero padding after the stream is fine
    (lambda tar, gz: gzip_members(tar, 5000), None),  # concatenated gzip members
    (lambda tar, gz: gz + b"garbage", "unexpected bytes"),
    (lambda tar, gz: gz[:-8] + bytes([gz[-8] ^ 1]) + gz[-7:], "incorrect data check"),  # CRC
])
def test_tar_gz_stream_ends(tmp_path, transform, error):
    tar = tar_bytes(RANDOM_FILES, compression="")
    path = tmp_path / "a.tgz"
    path.write_bytes(transform(tar, gzip.compress(tar)))
    if error is None:
        sources = SourceSet(path, strict=True)
        assert {f.relpath: f.read_bytes() for f in sources} == RANDOM_FILES
    else:
        with pytest.raises(CorpusFormatError, match=error):
            list(SourceSet(path, strict=True))


@pytest.mark.parametrize("content", [b"not a zip at all", b"half"])
def test_corrupt_zip_raises_naming_the_file(tmp_path, content):
    path = tmp_path / "bad.zip"
    full = zip_bytes(GOOD)
    path.write_bytes(full[: len(full) // 2] if content == b"half" else content)
    with pytest.raises(CorpusFormatError, match="bad.zip.*zip archive"):
        list(SourceSet(path))


def test_zip_member_with_bad_crc_raises_on_read():
    data = bytearray(zip_bytes({"a.txt": b"hello world"}, compression=zipfile.ZIP_STORED))
    data[data.index(b"hello")] = ord("j")
    (f,) = SourceSet.from_bytes(bytes(data), name="crc.zip")
    with pytest.raises(CorpusFormatError, match=r"crc\.zip!a\.txt"):
        f.read_bytes()


# -- from_bytes, arguments ------------------------------------------------------------------

@pytest.mark.parametrize("compression", ["", "gz", "bz2", "xz"])
def test_from_bytes_reads_tar(compression):
    sources = SourceSet.from_bytes(tar_bytes(GOOD, compression=compression), name="t")
    assert sources.kind == "tar"
    assert {f.relpath: f.read_bytes() for f in sources} == GOOD


def test_from_bytes_rejects_other_data():
    with pytest.raises(CorpusFormatError, match="neither a zip nor a tar"):
        SourceSet.from_bytes(b"plain text", name="x.bin")


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"max_ratio": 0}, ValueError), ({"max_member_bytes": -1}, ValueError),
    ({"include": 3}, TypeError), ({"exclude": [""]}, TypeError), ({"recursiv": False}, TypeError),
])
def test_bad_arguments_raise(tmp_path, kwargs, error):
    with pytest.raises(error):
        SourceSet(tmp_path, **kwargs)


def test_missing_path_and_bytes_path_raise(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        SourceSet(tmp_path / "nope")
    with pytest.raises(TypeError, match="from_bytes"):
        SourceSet(b"PK\x03\x04")


def test_source_file_is_a_plain_value():
    f = SourceFile("a.txt", "/x/a.txt", 1, lambda: b"a")
    assert f == SourceFile("a.txt", "/x/a.txt", 1, lambda: b"b")
    assert "lambda" not in repr(f)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="ab./\\:C", min_size=1, max_size=10), min_size=1, max_size=6,
                unique=True))
def test_yielded_paths_never_escape(names):
    data = zip_bytes({name: b"x" for name in names})
    sources = SourceSet.from_bytes(data, name="h.zip")
    for f in sources:
        parts = f.relpath.split("/")
        assert f.relpath and not f.relpath.startswith("/") and "\\" not in f.relpath
        assert ".." not in parts and "." not in parts and "" not in parts
        assert not re.match(r"[A-Za-z]:", f.relpath)
        assert junk_reason(f.relpath) is None


# -- real corpora (read in place) ---------------------------------------------------------



@pytest.mark.integration
def test_ungdc_archive_yields_the_speeches_and_skips_junk():
    path = shared_path("ungdc", "UNGDC_1946-2023_shared-subset.tgz")
    sources = SourceSet(path)
    pattern = re.compile(r"TXT/Session (\d\d) - (\d{4})/[A-Z]{2,3}_(\d\d)_(\d{4})\.txt")
    count = 0
    for f in sources:
        match = pattern.fullmatch(f.relpath)
        assert match and match[1] == match[3] and match[2] == match[4], f.relpath
        assert len(f.read_bytes()) == f.size
        count += 1
    assert count == 9686
    assert sources.errors == []
    names = [skip.path.rpartition("!")[2] for skip in sources.skipped]
    basenames = [name.rpartition("/")[2] for name in names]
    assert sum(b.startswith("._") for b in basenames) == 9772
    assert basenames.count(".DS_Store") == 2
    assert basenames.count(".Rhistory") == 2 and basenames.count(".Rapp.history") == 2
    assert "TXT/Session 47 - 1992/.DS_Store-to-UTF-8.txt" in names
    junk_txt = [n for n, b in zip(names, basenames)
                if n.endswith(".txt") and not b.startswith("._")]
    assert count + len(junk_txt) == 9687


@pytest.mark.integration
def test_ant_folder_yields_every_file():
    path = shared_path("ant_corpus_ar", "data")
    sources = SourceSet(path)
    files = list(sources)
    assert len(files) == 8418
    assert sources.skipped == [] and sources.errors == []
    assert [f.relpath for f in files] == sorted(f.relpath for f in files)
