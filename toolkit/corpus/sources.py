"""Enumerate the files of a corpus (one file, a folder, a zip or a tar archive), read in place.

:class:`SourceSet` walks a corpus whatever its packaging. Archives are read where they lie,
never unpacked to disk. Junk is skipped and logged with a reason in ``SourceSet.skipped``.

Junk (see :func:`junk_reason`)
    Files: AppleDouble ``._*`` at any depth; hidden files (``.*``: ``.DS_Store``, ``.Rhistory``,
    ``.DS_Store-to-UTF-8.txt``...); ``Thumbs.db``, ``desktop.ini``, ``Icon\\r``; office lock
    files ``~$*``; backups ``*~``; ``*.swp``; ``*.tmp``. Folders: ``__MACOSX/`` and hidden
    folders, each logged once (not once per file inside). Other folders are never logged.

Archive safety
    * Entries that are absolute, contain a ``..`` component or start with a drive letter are
      skipped ("entry escapes the archive folder"); ``strict=True`` raises
      :class:`~toolkit.errors.UnsafeArchiveError`. Backslashes count as folder separators.
    * Links, devices and FIFOs inside archives are skipped, never followed.
    * Entries declaring more than ``max_member_bytes`` are skipped (``strict``: raise). Reads
      never return more than the declared size, itself at most ``max_member_bytes``.
    * UnsafeArchiveError, in both modes: a zip entry over 1 MiB with ``file_size /
      compress_size > max_ratio``; a compressed tar that has produced over 1 MiB at more than
      ``max_ratio`` times the compressed bytes read; more than ``max_total_bytes`` of entries
      (zip: declared sizes of the entries yielded; tar: bytes read).
    * A truncated or corrupt archive raises :class:`~toolkit.errors.CorpusFormatError` naming
      the archive and the entry. If ``strict=False`` and some files were already yielded, the
      error goes to ``SourceSet.errors`` with a logged warning, and iteration stops.

Folders: symbolic links are followed only when they stay inside the root; links that leave
it, broken links and loops are skipped. FIFOs, sockets and devices are skipped.

Order and reading: folders and zips yield in code-point order of ``relpath`` and read lazily;
tars are streamed in archive order, each entry read as it is reached and kept in its
:class:`SourceFile`. Empty files are yielded: the reader decides what to do with them.
"""

from __future__ import annotations

import bz2
import errno
import fnmatch
import functools
import io
import logging
import lzma
import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from toolkit.errors import CorpusFormatError, UnsafeArchiveError

__all__ = ["Skipped", "SourceFile", "SourceSet", "open_sources", "junk_reason"]

logger = logging.getLogger(__name__)

SourceKind = Literal["file", "directory", "zip", "tar"]

_MIB = 2**20
_REDOWNLOAD = "the download may be incomplete; re-download it and compare its checksum"
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz")
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
# What reading a damaged archive raises (bz2 errors are OSErrors).
_ARCHIVE_ERRORS = (tarfile.TarError, zipfile.BadZipFile, EOFError, zlib.error, lzma.LZMAError,
                   OSError)

_APPLEDOUBLE = "macOS AppleDouble resource file (._*)"
_MACOSX_FOLDER = "macOS metadata folder (__MACOSX/)"
_HIDDEN_FILE = "hidden file"
_HIDDEN_FOLDER = "hidden folder"
_UNSAFE_ENTRY = "entry escapes the archive folder"
_DRIVE = re.compile(r"[A-Za-z]:")
_JUNK_NAMES = {"thumbs.db": "Windows thumbnail cache (Thumbs.db)",
               "desktop.ini": "Windows folder settings (desktop.ini)",
               "icon\r": "macOS folder icon (Icon\\r)"}
_JUNK_ENDINGS = [("~", "editor backup file (*~)"), (".swp", "editor swap file (*.swp)"),
                 (".tmp", "temporary file (*.tmp)")]


def _junk_file(name: str) -> str | None:
    low = name.lower()
    if name.startswith("._"):
        return _APPLEDOUBLE
    if name.startswith("."):
        return _HIDDEN_FILE
    if name.startswith("~$"):
        return "office lock file (~$*)"
    return _JUNK_NAMES.get(low) or next((r for end, r in _JUNK_ENDINGS if low.endswith(end)), None)


def _junk_folder(name: str) -> str | None:
    if name == "__MACOSX":
        return _MACOSX_FOLDER
    if name.startswith("."):
        return _HIDDEN_FOLDER
    return None


def _junk_parts(parts: list[str], is_dir: bool) -> tuple[int, str] | None:
    """Index of the first junk component of a path and its reason, or None."""
    for i, part in enumerate(parts):
        is_file = i == len(parts) - 1 and not is_dir
        reason = _junk_file(part) if is_file else _junk_folder(part)
        if reason:
            return i, reason
    return None


def junk_reason(relpath: str) -> str | None:
    """Say why a file (or folder) of a corpus is junk, or return None if it is not.

    Parameters
    ----------
    relpath : str
        POSIX path relative to the corpus root. A trailing ``/`` marks a folder. A file inside a
        junk folder gets the folder's reason.

    Returns
    -------
    str or None
        A short reason, as recorded in :attr:`Skipped.reason`.

    Examples
    --------
    >>> junk_reason("TXT/Session 47 - 1992/._USA_47_1992.txt")
    'macOS AppleDouble resource file (._*)'
    >>> junk_reason("TXT/Session 47 - 1992/.DS_Store-to-UTF-8.txt")
    'hidden file'
    >>> junk_reason("__MACOSX/TXT/notes.txt")
    'macOS metadata folder (__MACOSX/)'
    >>> junk_reason(".git/"), junk_reason("docs/~$report.docx")
    ('hidden folder', 'office lock file (~$*)')
    >>> junk_reason("TXT/Session 47 - 1992/USA_47_1992.txt") is None
    True
    """
    parts = [part for part in relpath.split("/") if part not in ("", ".")]
    hit = _junk_parts(parts, relpath.endswith("/"))
    return hit[1] if hit else None


def _normalise_member(name: str) -> str | None:
    """Archive entry name as a clean relative POSIX path; None if it would escape the folder."""
    name = name.replace("\\", "/")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if name.startswith("/") or ".." in parts or (parts and _DRIVE.match(parts[0])):
        return None
    return "/".join(parts)


def _globstar_variants(pattern: str) -> list[str]:
    """``pattern`` with every subset of its ``**/`` removed, so ``**/`` also matches no folder."""
    pieces = pattern.split("**/")
    variants = {pieces[0]}
    for piece in pieces[1:]:
        variants = {v + "**/" + piece for v in variants} | {v + piece for v in variants}
    return sorted(variants)


def _compile_patterns(value: str | Sequence[str] | None,
                      name: str) -> list[tuple[str, re.Pattern]]:
    if value is None:
        return []
    patterns = [value] if isinstance(value, str) else value
    if not isinstance(patterns, Sequence) or not all(isinstance(p, str) and p for p in patterns):
        raise TypeError(f"{name} must be a glob string such as '*.txt', or a list of them; "
                        f"got {value!r}")
    return [(p, re.compile("|".join(fnmatch.translate(v) for v in _globstar_variants(p))))
            for p in patterns]


def _is_within(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _returning(data: bytes) -> Callable[[], bytes]:
    return lambda: data


@dataclass(frozen=True)
class Skipped:
    """A file (or junk folder) that was left out, and why.

    Attributes
    ----------
    path : str
        Display path, as in :attr:`SourceFile.display`.
    reason : str
        Short reason, e.g. ``"hidden file"`` or ``"does not match pattern '*.txt'"``.
    """

    path: str
    reason: str


@dataclass(frozen=True)
class SourceFile:
    """One file of a corpus.

    Attributes
    ----------
    relpath : str
        POSIX path relative to the corpus root. For an archive this is the entry name, normalised
        (no leading ``./``, backslashes turned into ``/``).
    display : str
        Where the file is, for messages. This is the absolute path on disk, or
        ``"<archive>!<relpath>"`` for an archive entry.
    size : int
        Uncompressed size in bytes, as declared by the file system or the archive.

    Examples
    --------
    >>> f = SourceFile("a.txt", "/corpus/a.txt", 5, lambda: b"Hello")
    >>> f.read_bytes()
    b'Hello'
    """

    relpath: str
    display: str
    size: int
    _read: Callable[[], bytes] = field(repr=False, compare=False)

    def read_bytes(self) -> bytes:
        """Return the content.

        Files on disk and zip entries are read on each call. A zip entry that is read after
        iteration has ended reopens the archive. A tar entry was already read during streaming,
        and its bytes are kept in this object.
        """
        return self._read()


class _Gunzip:
    """Forward-only gzip reader for tar streaming: ``read()`` gives the next chunk, b"" at the end.

    About 10% faster than gzip.GzipFile here. zlib checks each member's CRC and length, a stream
    cut short raises EOFError, and each call inflates at most 64 KiB (safe against bombs).
    """

    _CHUNK = 64 * 1024

    def __init__(self, raw: io.BufferedIOBase):
        self._raw = raw
        self._inflate = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer
        self._pending = b""  # compressed bytes not inflated yet

    def read(self, size: int = -1) -> bytes:
        while True:
            if not self._pending:
                self._pending = self._raw.read(self._CHUNK)
                if not self._pending:
                    if self._inflate.eof:
                        return b""
                    raise EOFError("compressed file ended before the end-of-stream marker")
            if self._inflate.eof:  # after a member: zero padding, another member, or garbage
                self._pending = self._pending.lstrip(b"\0")
                if not self._pending:
                    continue
                if not self._pending.startswith(b"\x1f\x8b"):
                    raise OSError("unexpected bytes after the end of the gzip stream")
                self._inflate = zlib.decompressobj(wbits=31)
            out = self._inflate.decompress(self._pending, self._CHUNK)
            self._pending = self._inflate.unconsumed_tail or self._inflate.unused_data
            if out:
                return out

    def close(self) -> None:
        """Nothing to release: the raw file belongs to the caller."""


class _ZipReader:
    """Reads zip entries while iteration keeps the archive open, and reopens it afterwards."""

    def __init__(self, source: Callable[[], str | io.BytesIO], limit: int):
        self._source = source
        self._limit = limit
        self.zipfile: zipfile.ZipFile | None = None

    def read(self, info: zipfile.ZipInfo, display: str) -> bytes:
        try:
            if self.zipfile is not None:
                return self._bounded(self.zipfile, info, display)
            with zipfile.ZipFile(self._source()) as zf:
                return self._bounded(zf, info, display)
        except (zipfile.BadZipFile, EOFError, zlib.error, lzma.LZMAError, OSError) as exc:
            raise CorpusFormatError(f"cannot read this zip entry ({exc}); {_REDOWNLOAD}",
                                    path=display) from exc

    def _bounded(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, display: str) -> bytes:
        with zf.open(info) as handle:  # a huge read size would allocate that much up front
            data = handle.read(min(info.file_size, self._limit) + 1)
        if len(data) > self._limit:
            raise UnsafeArchiveError(
                f"entry decompresses to more than max_member_bytes={self._limit:,} bytes although "
                f"it declares {info.file_size:,}; the archive may be a decompression bomb",
                path=display)
        return data


class SourceSet:
    """The files of a corpus (a file, a folder, a zip or a tar archive) and what was skipped.

    Iterate over it to get :class:`SourceFile` objects. Each iteration starts again from the
    beginning (reopening archives) and refills :attr:`skipped` and :attr:`errors`.

    Parameters
    ----------
    path : str or os.PathLike
        A file, a folder (read recursively), a ``.zip``, or a ``.tar``, ``.tar.gz``, ``.tgz``,
        ``.tar.bz2``, ``.tbz2`` or ``.tar.xz`` archive. The kind comes from the suffix. Any other
        file, including a ``.zip`` or ``.tar.gz`` inside a folder, is a plain file. Open such a
        file with :meth:`from_bytes`. A single file is always yielded: no junk rule or pattern
        applies to it.
    include, exclude : str or sequence of str, optional
        Glob patterns. A file is kept when some ``include`` pattern matches it (or ``include`` is
        None) and no ``exclude`` pattern matches it. A pattern matches when
        :func:`fnmatch.fnmatchcase` accepts the file's ``relpath`` or its base name. This is
        case-sensitive, and ``*`` also matches ``/``. A ``**/`` may also match no folder at all.
        So ``"*.txt"`` matches every ``.txt`` file at any depth, and ``"TXT/**/*.txt"`` matches
        ``TXT/a.txt`` and ``TXT/1946/a.txt``. Files that are left out are logged in
        :attr:`skipped`.
    recursive : bool, default True
        If False, only files directly under the root (archive entries without ``/``) are read.
    max_member_bytes : int, default 512 MiB
        Largest archive entry that is read. Larger entries are skipped.
    max_total_bytes : int, default 8 GiB
        Largest total of entry bytes read from one archive.
    max_ratio : float, default 200
        Largest compression ratio allowed for archive content over 1 MiB.
    strict : bool, default False
        Raise instead of skipping unsafe or oversized archive entries, and raise on a truncated
        archive even after some files were read.

    Attributes
    ----------
    path : pathlib.Path
        The corpus path (for :meth:`from_bytes`, the ``name``).
    kind : {"file", "directory", "zip", "tar"}
    skipped : list of Skipped
        Files left out during the last iteration, in the order they were met.
    errors : list of CorpusFormatError
        Errors that did not stop the last iteration (``strict=False`` only).

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as zf:
    ...     zf.writestr("speeches/b.txt", "War.")
    ...     zf.writestr("speeches/a.txt", "Peace.")
    ...     zf.writestr("speeches/notes.md", "draft")
    ...     zf.writestr("__MACOSX/speeches/._a.txt", b"\\x00\\x05\\x16\\x07")
    ...     zf.writestr("../evil.txt", "gotcha")
    >>> sources = SourceSet.from_bytes(buffer.getvalue(), name="demo.zip", include="*.txt")
    >>> [(f.relpath, f.read_bytes()) for f in sources]
    [('speeches/a.txt', b'Peace.'), ('speeches/b.txt', b'War.')]
    >>> for skip in sources.skipped:
    ...     print(skip.path, "|", skip.reason)
    demo.zip!speeches/notes.md | does not match pattern '*.txt'
    demo.zip!__MACOSX | macOS metadata folder (__MACOSX/)
    demo.zip!../evil.txt | entry escapes the archive folder
    """

    path: Path
    kind: SourceKind

    def __init__(self, path: str | os.PathLike[str], *,
                 include: str | Sequence[str] | None = None,
                 exclude: str | Sequence[str] | None = None,
                 recursive: bool = True, max_member_bytes: int = 512 * _MIB,
                 max_total_bytes: int = 8 * 2**30, max_ratio: float = 200.0,
                 strict: bool = False):
        if isinstance(path, (bytes, bytearray, memoryview, io.IOBase)):
            raise TypeError("SourceSet(path) takes a file or folder path; for archive bytes use "
                            "SourceSet.from_bytes(data, name=...)")
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(errno.ENOENT, "corpus path does not exist; check the "
                                    "spelling, or fetch the corpus first", str(self.path))
        self._display = os.path.abspath(self.path)
        self._data: bytes | None = None
        if self.path.is_dir():
            self.kind = "directory"
        elif self.path.name.lower().endswith(".zip"):
            self.kind = "zip"
        elif self.path.name.lower().endswith(_TAR_SUFFIXES):
            self.kind = "tar"
        else:
            self.kind = "file"
        self._configure(include=include, exclude=exclude, recursive=recursive,
                        max_member_bytes=max_member_bytes, max_total_bytes=max_total_bytes,
                        max_ratio=max_ratio, strict=strict)

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str, **kwargs) -> SourceSet:
        """Read a zip or tar archive held in memory, such as a zip found inside a folder.

        The kind (zip or tar, compressed with gzip, bzip2 or xz) comes from the first bytes.
        ``name`` is used in messages and in the :attr:`SourceFile.display` of entries. Other
        keywords are those of :class:`SourceSet`.

        Raises
        ------
        CorpusFormatError
            If ``data`` is neither a zip nor a tar archive.

        Examples
        --------
        >>> import io, zipfile
        >>> buffer = io.BytesIO()
        >>> with zipfile.ZipFile(buffer, "w") as zf:
        ...     zf.writestr("2015-07-21.json", "[]")
        >>> [f.display for f in SourceSet.from_bytes(buffer.getvalue(), name="day.zip")]
        ['day.zip!2015-07-21.json']
        """
        head = bytes(data[:262])
        if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
            kind = "zip"
        elif (head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd"))
              or head[257:262] == b"ustar"):
            kind = "tar"
        else:
            raise CorpusFormatError(
                f"is neither a zip nor a tar archive (it starts with {head[:8]!r}); pass the "
                "bytes of a .zip, .tar, .tar.gz, .tar.bz2 or .tar.xz file", path=name)
        self = cls.__new__(cls)
        self.path = Path(name)
        self.kind = kind
        self._display = name
        self._data = bytes(data)
        self._configure(**kwargs)
        return self

    def _configure(self, *, include: str | Sequence[str] | None = None,
                   exclude: str | Sequence[str] | None = None, recursive: bool = True,
                   max_member_bytes: int = 512 * _MIB, max_total_bytes: int = 8 * 2**30,
                   max_ratio: float = 200.0, strict: bool = False) -> None:
        for name, value in [("max_member_bytes", max_member_bytes),
                            ("max_total_bytes", max_total_bytes), ("max_ratio", max_ratio)]:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"{name}={value!r} is invalid; must be a positive number")
        self.include = include
        self.exclude = exclude
        self.recursive = bool(recursive)
        self.max_member_bytes = int(max_member_bytes)
        self.max_total_bytes = int(max_total_bytes)
        self.max_ratio = float(max_ratio)
        self.strict = bool(strict)
        self._include = _compile_patterns(include, "include")
        self._exclude = _compile_patterns(exclude, "exclude")
        self.skipped: list[Skipped] = []
        self.errors: list[CorpusFormatError] = []

    def __repr__(self) -> str:
        return f"SourceSet({str(self.path)!r}, kind={self.kind!r})"

    def __iter__(self) -> Iterator[SourceFile]:
        self.skipped = []
        self.errors = []
        walkers = {"file": self._iter_file, "directory": self._iter_directory,
                   "zip": self._iter_zip, "tar": self._iter_tar}
        return walkers[self.kind]()

    # -- shared helpers --------------------------------------------------------------------

    def _skip(self, display: str, reason: str) -> None:
        self.skipped.append(Skipped(display, reason))
        logger.debug("skipped %s: %s", display, reason)

    def _filter_reason(self, relpath: str) -> str | None:
        base = relpath.rpartition("/")[2]
        if self._include and not any(rx.match(relpath) or rx.match(base)
                                     for _, rx in self._include):
            names = [p for p, _ in self._include]
            return (f"does not match pattern {names[0]!r}" if len(names) == 1
                    else f"does not match any of the patterns {names}")
        for pattern, rx in self._exclude:
            if rx.match(relpath) or rx.match(base):
                return f"matches exclude pattern {pattern!r}"
        return None

    def _member(self, relpath: str) -> str:
        return f"{self._display}!{relpath}"

    def _safe_name(self, name: str) -> str | None:
        relpath = _normalise_member(name)
        if relpath is None:
            if self.strict:
                raise UnsafeArchiveError(
                    f"entry {name!r} escapes the archive folder (absolute path, '..' or drive "
                    "letter); the archive may be malicious: do not extract it, and ask its "
                    "publisher for a clean copy", path=self._display)
            self._skip(self._member(name), _UNSAFE_ENTRY)
        return relpath

    def _junk_member(self, relpath: str, is_dir: bool, reported: set[str]) -> bool:
        """Log an archive entry that is junk (a junk folder only once) and say whether it was."""
        parts = relpath.split("/")
        hit = _junk_parts(parts, is_dir)
        if hit is None:
            return False
        index, reason = hit
        if is_dir or index < len(parts) - 1:
            folder = "/".join(parts[:index + 1])
            if folder not in reported:
                reported.add(folder)
                self._skip(self._member(folder), reason)
        else:
            self._skip(self._member(relpath), reason)
        return True

    def _size_ok(self, relpath: str, size: int) -> bool:
        if size <= self.max_member_bytes:
            return True
        if self.strict:
            raise UnsafeArchiveError(
                f"entry {relpath!r} declares {size:,} bytes, more than max_member_bytes="
                f"{self.max_member_bytes:,}; raise max_member_bytes if the file is genuine",
                path=self._display)
        self._skip(self._member(relpath), f"larger than max_member_bytes ({size:,} > "
                                          f"{self.max_member_bytes:,} bytes)")
        return False

    def _check_total(self, total: int) -> None:
        if total > self.max_total_bytes:
            raise UnsafeArchiveError(
                f"archive content exceeds max_total_bytes={self.max_total_bytes:,} bytes; it may "
                "be a decompression bomb. If it is genuine, raise max_total_bytes",
                path=self._display)

    def _check_ratio(self, produced: int, consumed: int, what: str) -> None:
        if produced > _MIB and produced > self.max_ratio * max(consumed, 1):
            raise UnsafeArchiveError(
                f"{what} decompresses {consumed:,} bytes into {produced:,}, more than "
                f"max_ratio={self.max_ratio:g} times; it looks like a decompression bomb. If "
                "the archive is genuine, raise max_ratio", path=self._display)

    def _corrupt(self, exc: BaseException, entry: str | None) -> CorpusFormatError:
        where = f" while reading entry {entry!r}" if entry else ""
        return CorpusFormatError(f"archive is truncated or corrupt{where} ("
                                 f"{type(exc).__name__}: {exc}); {_REDOWNLOAD}",
                                 path=self._display)

    def _open_raw(self) -> io.BufferedIOBase:
        return io.BytesIO(self._data) if self._data is not None else open(self.path, "rb")

    def _done(self, count: int) -> None:
        logger.info("%s: %d files, %d skipped, %d errors", self._display, count,
                    len(self.skipped), len(self.errors))

    # -- walkers ---------------------------------------------------------------------------

    def _iter_file(self) -> Iterator[SourceFile]:
        yield SourceFile(self.path.name, self._display, os.stat(self._display).st_size,
                         Path(self._display).read_bytes)

    def _iter_directory(self) -> Iterator[SourceFile]:
        root_real = os.path.realpath(self._display)
        found: list[tuple[str, str, int]] = []
        stack = [("", self._display)]
        while stack:
            prefix, folder = stack.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as exc:
                if not prefix:
                    raise
                self._skip(folder, f"cannot list folder ({exc.strerror or exc})")
                continue
            subfolders = []
            for entry in entries:
                relpath = prefix + entry.name
                try:
                    item = self._folder_entry(entry, relpath, root_real, folder)
                except OSError as exc:
                    self._skip(entry.path, f"cannot read ({exc.strerror or exc})")
                    continue
                if item == "folder":
                    subfolders.append((relpath + "/", entry.path))
                elif item is not None:
                    found.append(item)
            if self.recursive:
                stack.extend(reversed(subfolders))
        found.sort(key=lambda item: item[0])
        for relpath, display, size in found:
            yield SourceFile(relpath, display, size, Path(display).read_bytes)
        self._done(len(found))

    def _folder_entry(self, entry: os.DirEntry, relpath: str, root_real: str,
                      folder: str) -> tuple[str, str, int] | Literal["folder"] | None:
        """Classify one folder entry: a file to yield, a subfolder to walk, or None (skipped)."""
        is_dir = entry.is_dir()
        reason = _junk_folder(entry.name) if is_dir else _junk_file(entry.name)
        if reason:
            self._skip(entry.path, reason)
            return None
        if entry.is_symlink():
            target = os.path.realpath(entry.path)
            if not os.path.exists(target):
                reason = "broken symbolic link"
            elif not _is_within(target, root_real):
                reason = "symbolic link points outside the corpus folder"
            elif is_dir and _is_within(os.path.realpath(folder), target):
                reason = "symbolic link loop (points to a folder that contains it)"
            if reason:
                self._skip(entry.path, reason)
                return None
        if is_dir:
            return "folder"
        reason = self._filter_reason(relpath)
        if reason:
            self._skip(entry.path, reason)
            return None
        info = entry.stat()
        if not stat.S_ISREG(info.st_mode):
            self._skip(entry.path, "not a regular file (device, FIFO or socket)")
            return None
        return relpath, entry.path, info.st_size

    def _iter_zip(self) -> Iterator[SourceFile]:
        def source() -> str | io.BytesIO:
            return io.BytesIO(self._data) if self._data is not None else str(self.path)

        try:
            archive = zipfile.ZipFile(source())
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise CorpusFormatError(f"cannot be read as a zip archive ({exc}); {_REDOWNLOAD}",
                                    path=self._display) from exc
        reader = _ZipReader(source, self.max_member_bytes)
        with archive:
            members = sorted(self._zip_members(archive), key=lambda item: item[0])
            reader.zipfile = archive
            total = 0
            try:
                for relpath, info in members:
                    total += info.file_size
                    self._check_total(total)
                    display = self._member(relpath)
                    yield SourceFile(relpath, display, info.file_size,
                                     functools.partial(reader.read, info, display))
            finally:
                reader.zipfile = None
        self._done(len(members))

    def _zip_members(self, archive: zipfile.ZipFile) -> list[tuple[str, zipfile.ZipInfo]]:
        members, reported = [], set()
        for info in archive.infolist():
            relpath = self._safe_name(info.filename)
            if not relpath or (not self.recursive and "/" in relpath):
                continue
            if self._junk_member(relpath, info.is_dir(), reported) or info.is_dir():
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                reason = "symbolic link in archive (not followed)"
            elif info.flag_bits & 0x1:
                reason = "encrypted entry (password-protected)"
            elif info.compress_type not in _ZIP_METHODS:
                reason = f"unsupported zip compression method {info.compress_type}"
            else:
                reason = self._filter_reason(relpath)
            if reason:
                self._skip(self._member(relpath), reason)
            elif self._size_ok(relpath, info.file_size):
                self._check_ratio(info.file_size, info.compress_size, f"entry {relpath!r}")
                members.append((relpath, info))
        return members

    def _iter_tar(self) -> Iterator[SourceFile]:
        with self._open_raw() as raw:
            magic = raw.read(6)
            raw.seek(0)
            if magic.startswith(b"\x28\xb5\x2f\xfd"):
                raise CorpusFormatError("zstd-compressed tar archives are not supported; "
                                        "decompress it first (zstd -d)", path=self._display)
            stream: io.BufferedIOBase | _Gunzip = raw
            if magic.startswith(b"\x1f\x8b"):
                stream = _Gunzip(raw)
            elif magic.startswith(b"BZh"):
                stream = bz2.BZ2File(raw)
            elif magic.startswith(b"\xfd7zXZ\x00"):
                stream = lzma.LZMAFile(raw)
            try:
                yield from self._stream_tar(raw, stream)
            finally:
                stream.close()

    def _stream_tar(self, raw: io.BufferedIOBase, stream: io.BufferedIOBase | _Gunzip
                    ) -> Iterator[SourceFile]:
        compressed = stream is not raw
        count = produced = total = 0
        reported: set[str] = set()
        entry = None
        try:
            archive = tarfile.open(fileobj=stream, mode="r|")
            members = iter(archive)
        except _ARCHIVE_ERRORS as exc:
            raise self._corrupt(exc, None) from exc
        with archive:
            while True:
                try:
                    info = next(members, None)
                    if compressed:
                        self._check_ratio(produced, raw.tell(), "the archive")
                    if info is None:
                        entry = None
                        self._check_tar_end(archive, raw, stream)
                        break
                    entry = info.name
                    item = self._tar_member(archive, info, reported)
                    produced += info.size if info.isreg() else 0
                except _ARCHIVE_ERRORS as exc:
                    error = self._corrupt(exc, entry)
                    if self.strict or count == 0:
                        raise error from exc
                    self.errors.append(error)
                    logger.warning("%s; stopped after %d files", error, count)
                    break
                if item is not None:
                    total += len(item.read_bytes())
                    self._check_total(total)
                    count += 1
                    yield item
        self._done(count)

    def _tar_member(self, archive: tarfile.TarFile, info: tarfile.TarInfo,
                    reported: set[str]) -> SourceFile | None:
        relpath = self._safe_name(info.name)
        if not relpath or (not self.recursive and "/" in relpath):
            return None
        if self._junk_member(relpath, info.isdir(), reported) or info.isdir():
            return None
        if info.issym() or info.islnk():
            reason = "link in archive (not followed)"
        elif not info.isreg():
            reason = "special file in archive (device or FIFO)"
        else:
            reason = self._filter_reason(relpath)
        if reason:
            self._skip(self._member(relpath), reason)
            return None
        if not self._size_ok(relpath, info.size):
            return None
        handle = archive.extractfile(info)  # never yields more than info.size bytes
        data = handle.read() if handle is not None else b""
        return SourceFile(relpath, self._member(relpath), info.size, _returning(data))

    def _check_tar_end(self, archive: tarfile.TarFile, raw: io.BufferedIOBase,
                       stream: io.BufferedIOBase | _Gunzip) -> None:
        """Make sure the archive really ended, rather than being cut at an entry boundary."""
        if stream is raw:  # plain tar: an end-of-archive block of zeros must follow
            raw.seek(archive.offset)
            block = raw.read(tarfile.BLOCKSIZE)
            if len(block) < tarfile.BLOCKSIZE or block.strip(b"\0"):
                raise tarfile.ReadError(f"no end-of-archive marker at byte {archive.offset:,}")
            return
        # compressed: read to the end, so that a cut stream (EOFError) or a bad checksum shows
        while chunk := stream.read(_MIB):
            if chunk.strip(b"\0"):
                raise tarfile.ReadError("unreadable entry header after the last entry")


def open_sources(path: str | os.PathLike[str], **kwargs) -> SourceSet:
    """Open the files of a corpus; shorthand for :class:`SourceSet` with the same keywords.

    Examples
    --------
    >>> import os, tempfile
    >>> sources = open_sources(os.path.dirname(tempfile.__file__), include="tempfile.py",
    ...                        recursive=False)
    >>> [f.relpath for f in sources]
    ['tempfile.py']
    """
    return SourceSet(path, **kwargs)
