"""Download a registered public corpus into ``corpora/<name>/``, checksummed and atomically.

Nothing in the toolkit downloads on its own: this module runs only when asked
(``toolkit corpus fetch NAME`` or :func:`fetch_corpus`). The archive is kept as published
(readers read archives in place) next to a ``FETCHED.json`` record of where it came from.

Examples
--------
>>> from toolkit.corpus.registry import get_entry
>>> get_entry("saudinewsnet").filename
'saudinewsnet.zip'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import logging
import os
import secrets
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from tqdm.auto import tqdm

from toolkit.corpus.registry import CorpusEntry, get_entry
from toolkit.errors import ChecksumError, FetchError

__all__ = ["fetch_corpus", "RECORD_NAME"]

logger = logging.getLogger(__name__)

RECORD_NAME = "FETCHED.json"
"""Name of the provenance record written next to each fetched archive."""

_CHUNK = 1 << 16


def _toolkit_version() -> str:
    import toolkit  # at call time: toolkit/__init__ may still be importing when we are loaded

    return getattr(toolkit, "__version__", "unknown")


def _user_agent() -> str:
    return f"khitab/{_toolkit_version()} (toolkit corpus fetch)"


def _fresh_dir(parent: Path, prefix: str) -> Path:
    """Create a new, uniquely named hidden folder in ``parent`` (permissions from the umask)."""
    for _ in range(100):
        path = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"could not create a temporary folder {prefix}XXXX in {parent}")


def _manual_help(entry: CorpusEntry, url: str) -> str:
    landing = f" (landing page: https://doi.org/{entry.doi})" if entry.doi else ""
    return (f"The toolkit never downloads anything unless asked. To install the corpus by hand, "
            f"download {url}{landing} on a machine with network access, then run "
            f"`toolkit corpus fetch {entry.name} --from-file PATH` "
            f"(Python: fetch_corpus({entry.name!r}, from_file=PATH)).")


def _copy_stream(source: BinaryIO, out: BinaryIO, *, total: int | None, desc: str,
                 show: bool) -> tuple[str, int]:
    """Copy ``source`` to ``out`` chunk by chunk; return (sha256 hex, bytes copied)."""
    digest = hashlib.sha256()
    size = 0
    with tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=desc,
              disable=not show, leave=False) as bar:
        while chunk := source.read(_CHUNK):
            out.write(chunk)
            digest.update(chunk)
            size += len(chunk)
            bar.update(len(chunk))
    return digest.hexdigest(), size


def _download(entry: CorpusEntry, url: str, target: Path, *, timeout: float,
              show: bool) -> tuple[str, int, str]:
    """Stream ``url`` into ``target``; return (sha256, size, final URL after redirects)."""
    request = urllib.request.Request(url, headers={"User-Agent": _user_agent()})
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        err.close()
        raise FetchError(f"Downloading corpus {entry.name!r} from {url} failed: the server "
                         f"answered HTTP {err.code} {err.reason}. The URL in the registry may "
                         f"have moved. {_manual_help(entry, url)}") from err
    except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
        reason = err.reason if isinstance(err, urllib.error.URLError) else err
        waited = f" (no answer within timeout={timeout} s)" if isinstance(
            reason, TimeoutError) else ""
        raise FetchError(f"Could not download {url} to fetch corpus {entry.name!r}: {reason}"
                         f"{waited}. This machine looks offline, or the host is unreachable. "
                         f"{_manual_help(entry, url)}") from err
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        try:
            with target.open("wb") as out:
                sha, size = _copy_stream(response, out, total=total, desc=entry.name, show=show)
        except (http.client.HTTPException, OSError) as err:
            raise FetchError(f"Downloading corpus {entry.name!r} from {url} was interrupted "
                             f"({err!r}); nothing was installed. Run the command again. "
                             f"{_manual_help(entry, url)}") from err
        final_url = response.geturl()
    if total is not None and size != total:
        raise FetchError(f"Downloading corpus {entry.name!r} from {url} was interrupted: "
                         f"received {size} of {total} bytes; nothing was installed. Run the "
                         f"command again. {_manual_help(entry, url)}")
    return sha, size, final_url


def _copy_file(entry: CorpusEntry, source: Path, target: Path, *, show: bool) -> tuple[str, int]:
    if not source.is_file():
        raise FetchError(f"--from-file {str(source)!r} for corpus {entry.name!r} is not an "
                         f"existing file; give the path of the archive you downloaded from "
                         f"{entry.url}")
    with source.open("rb") as src, target.open("wb") as out:
        return _copy_stream(src, out, total=source.stat().st_size, desc=entry.name, show=show)


def _check_sha256(value: str, *, parameter: str) -> str:
    text = value.strip().lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValueError(f"{parameter}={value!r} is not a SHA-256 digest; expected 64 "
                         "hexadecimal digits, as printed by `sha256sum FILE`")
    return text


def _verify(entry: CorpusEntry, *, origin: str, actual: str, size: int, expected: str | None,
            allow_unverified: bool) -> bool:
    """Raise ChecksumError unless the file may be installed; return whether it was verified."""
    if expected is not None:
        if actual != expected:
            err = ChecksumError(
                f"Checksum mismatch for corpus {entry.name!r} from {origin}: expected sha256 "
                f"{expected}, got {actual} ({size} bytes). The file is corrupt, incomplete or "
                "not the one the registry describes; it was deleted and nothing was installed. "
                "Try again; if the mismatch persists the upstream file has changed: check it "
                "and update the registry entry.")
            err.expected, err.actual = expected, actual
            raise err
        return True
    if not allow_unverified:
        err = ChecksumError(
            f"Refusing to install corpus {entry.name!r} from {origin}: the registry has no "
            f"checksum for it, so the file cannot be verified. Its computed sha256 is {actual} "
            f"({size} bytes). Nothing was installed. If you trust the source, run again with "
            f"--allow-unverified (allow_unverified=True) or pin the checksum with "
            f"sha256={actual!r}, and consider recording it in the registry.")
        err.expected, err.actual = None, actual
        raise err
    logger.warning("Installing corpus %r from %s WITHOUT checksum verification "
                   "(allow_unverified=True); computed sha256 %s (%d bytes). Pin it in the "
                   "registry to verify future downloads.", entry.name, origin, actual, size)
    return False


def _install(staging: Path, target: Path) -> None:
    """Move ``staging`` to ``target``; an existing ``target`` is replaced (moved aside first)."""
    if not target.exists():
        os.replace(staging, target)
        return
    old = _fresh_dir(target.parent, f".{target.name}.old-")
    os.replace(target, old / "previous")
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(old / "previous", target)
        shutil.rmtree(old)
        raise
    shutil.rmtree(old)


def fetch_corpus(name: str, *, dest: str | Path = "corpora",
                 registry: Mapping[str, CorpusEntry] | str | Path | None = None,
                 url: str | None = None, sha256: str | None = None,
                 from_file: str | Path | None = None, allow_unverified: bool = False,
                 force: bool = False, show_progress: bool | None = None,
                 timeout: float = 30.0) -> Path:
    """Download (or install from a local file) a registered corpus into ``dest/<name>/``.

    The archive is streamed into a temporary folder ``dest/.<name>.partial-XXXX`` (same
    filesystem as the target) while its SHA-256 is computed; it is checked against the
    registry, saved as ``<name>.<archive_format>`` next to a ``FETCHED.json`` record, and the
    folder is renamed to ``dest/<name>`` in one step. On any failure the temporary folder is
    removed, so ``dest`` holds either the complete corpus or nothing new. The archive is not
    unpacked: the toolkit's readers read archives in place.

    Parameters
    ----------
    name : str
        Registry name, e.g. ``"ungdc"`` (see :func:`toolkit.corpus.registry.load_registry`).
    dest : str or Path, default "corpora"
        Folder that receives ``<name>/``; created if missing.
    registry : mapping, str or Path, optional
        Registry entries or a registry file; default the packaged registry.
    url : str, optional
        Download from this http(s) URL instead of the registry's (mirrors, tests).
    sha256 : str, optional
        Expected SHA-256 instead of the registry's (e.g. to pin an entry whose registry
        checksum is null).
    from_file : str or Path, optional
        Install this local file (downloaded by hand) instead of downloading; it is copied,
        checksummed and installed exactly like a download. Cannot be combined with ``url``.
    allow_unverified : bool, default False
        Install even though no checksum is known (registry ``sha256`` null and no ``sha256``
        given). Without it such a file is refused, and the error reports its computed sha256.
    force : bool, default False
        Fetch again and replace an existing ``dest/<name>`` (the old folder is kept until the
        new one is complete, then moved aside and deleted). Without it an existing folder is
        returned untouched and nothing is downloaded.
    show_progress : bool, optional
        Show a tqdm progress bar (total from ``Content-Length``). Default: only when standard
        error is a terminal.
    timeout : float, default 30.0
        Seconds to wait for the connection and for each read.

    Returns
    -------
    Path
        The corpus folder ``dest/<name>``. It holds the archive ``<name>.<archive_format>``
        and ``FETCHED.json`` (name, url, final URL, source, filename, sha256, expected sha256,
        verified, size in bytes, UTC fetch time, toolkit version, registry entry).

    Raises
    ------
    ValueError
        Unknown ``name`` (the message lists the registered names), a ``url`` that is not
        http(s), a malformed ``sha256``, or ``url`` together with ``from_file``.
    FetchError
        Offline, host unreachable or timed out; HTTP error (the status is in the message);
        transfer interrupted (fewer bytes than ``Content-Length``); ``from_file`` missing.
        Messages explain how to download by hand and install with ``--from-file``.
    ChecksumError
        The file's SHA-256 differs from the expected one, or no checksum is known and
        ``allow_unverified`` is False (the message then gives the computed sha256).

    See Also
    --------
    toolkit.corpus.registry.load_registry : the registered corpora.

    Examples
    --------
    Download a registered corpus (needs network; the registry has no verified checksum yet,
    so the first fetch must be allowed explicitly and its sha256 is logged for pinning):

    >>> fetch_corpus("ant", allow_unverified=True)  # doctest: +SKIP
    PosixPath('corpora/ant')

    Install an archive downloaded by hand, verifying it against a checksum you trust:

    >>> import hashlib, tempfile
    >>> from pathlib import Path
    >>> tmp = Path(tempfile.mkdtemp())
    >>> archive = tmp / "downloaded.zip"
    >>> _ = archive.write_bytes(b"PK\\x05\\x06" + bytes(18))  # an empty zip archive
    >>> digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    >>> folder = fetch_corpus("un_charter", dest=tmp / "corpora", from_file=archive,
    ...                       sha256=digest)
    >>> sorted(p.name for p in folder.iterdir())
    ['FETCHED.json', 'un_charter.zip']
    >>> fetch_corpus("un_charter", dest=tmp / "corpora") == folder  # already there: no-op
    True
    >>> import shutil; shutil.rmtree(tmp)
    """
    entry = get_entry(name, registry=registry)
    if url is not None and from_file is not None:
        raise ValueError("give either url= (download from another address) or from_file= "
                         "(install a local file), not both")
    source_url = entry.url if url is None else url
    if from_file is None and urllib.parse.urlsplit(source_url).scheme not in ("http", "https"):
        raise ValueError(f"url={source_url!r} is invalid; must be an http:// or https:// URL "
                         "(use from_file= for a local file)")
    expected = _check_sha256(sha256, parameter="sha256") if sha256 is not None else entry.sha256
    dest = Path(dest)
    target = dest / entry.name
    if target.exists() and not force:
        logger.info("Corpus %r is already in %s; nothing downloaded (pass force=True / "
                    "--force to fetch it again).", entry.name, target)
        return target
    show = sys.stderr.isatty() if show_progress is None else show_progress
    dest.mkdir(parents=True, exist_ok=True)
    staging = _fresh_dir(dest, f".{entry.name}.partial-")
    try:
        archive = staging / entry.filename
        if from_file is not None:
            origin = str(from_file)
            logger.info("Installing corpus %r from local file %s", entry.name, origin)
            actual, size = _copy_file(entry, Path(from_file), archive, show=show)
            final_url = None
        else:
            origin = source_url
            logger.info("Downloading corpus %r from %s", entry.name, origin)
            actual, size, final_url = _download(entry, source_url, archive, timeout=timeout,
                                                show=show)
        verified = _verify(entry, origin=origin, actual=actual, size=size, expected=expected,
                           allow_unverified=allow_unverified)
        record = {
            "name": entry.name,
            "source": "file" if from_file is not None else "download",
            "url": source_url if from_file is None else None,
            "final_url": final_url,
            "from_file": str(Path(from_file).resolve()) if from_file is not None else None,
            "filename": entry.filename,
            "sha256": actual,
            "expected_sha256": expected,
            "verified": verified,
            "size_bytes": size,
            "fetched_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "toolkit_version": _toolkit_version(),
            "registry_entry": entry.to_dict(),
        }
        (staging / RECORD_NAME).write_text(json.dumps(record, indent=2, ensure_ascii=False)
                                           + "\n", encoding="utf-8")
        _install(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    logger.info("Corpus %r installed in %s (sha256 %s, %d bytes).", entry.name, target, actual,
                size)
    return target
