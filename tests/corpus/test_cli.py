"""The toolkit command: corpus info / convert / list, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from toolkit.cli import main
from toolkit.corpus import Corpus


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "MAR_72_2017.txt").write_text("ندين الإرهاب بجميع أشكاله وصوره.", encoding="utf-8")
    (tmp_path / "FRA_72_2017.txt").write_text("Nous condamnons le terrorisme.", encoding="utf-8")
    (tmp_path / "._FRA_72_2017.txt").write_bytes(b"\x00\x05\x16\x07Mac OS X" + b"\x00" * 30)
    return tmp_path


def test_cli_info_json(folder, capsys):
    assert main(["corpus", "info", str(folder), "--json", "--filename-pattern", "{country}_{session}_{year}.txt"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["n_docs"] == 2 and payload["n_skipped"] == 1
    assert (payload["date_min"], payload["date_max"]) == ("2017-01-01", "2017-01-01")
    assert payload["langs"] == {"ar": 1, "fr": 1}
    assert payload["skipped"][0]["reason"].startswith("macOS AppleDouble")


def test_cli_info_text(folder, capsys):
    assert main(["corpus", "info", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "documents   2" in out and "skipped files:" in out and "._FRA_72_2017.txt" in out


def test_cli_convert_writes_parquet(folder, tmp_path, capsys):
    out = tmp_path / "out" / "c.parquet"
    assert main(["corpus", "convert", str(folder), str(out)]) == 0
    assert len(Corpus.read_parquet(out)) == 2 and "wrote 2 documents" in capsys.readouterr().out


def test_cli_errors_are_one_line_with_status_1(tmp_path, capsys):
    assert main(["corpus", "info", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error:") and "missing" in err and err.count("\n") == 1
    assert main(["corpus", "info", str(tmp_path), "--layout", "nope"]) == 1
    assert "layout='nope' is invalid" in capsys.readouterr().err


def test_cli_usage_error_exits_2():
    with pytest.raises(SystemExit) as exc:
        main(["corpus"])
    assert exc.value.code == 2


def test_cli_list_registry(capsys):
    assert main(["corpus", "list"]) == 0
    assert "ungdc" in capsys.readouterr().out


def test_cli_console_script_runs(folder):
    result = subprocess.run([sys.executable, "-m", "toolkit.cli", "corpus", "info", str(folder), "--json"],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["n_docs"] == 2


def test_cli_fetch_from_file_then_read_with_layout(tmp_path, capsys):
    import hashlib
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        for name, text in (("TXT/Session 56 - 2001/USA_56_2001.txt", "We will defeat terror."),
                           ("TXT/Session 56 - 2001/._USA_56_2001.txt", "junk"),
                           ("TXT/Session 57 - 2002/EU_57_2002.txt", "The Union condemns terrorism.")):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    download = tmp_path / "UNGDC.tgz"
    download.write_bytes(buffer.getvalue())
    digest = hashlib.sha256(buffer.getvalue()).hexdigest()
    dest = tmp_path / "corpora"
    assert main(["corpus", "fetch", "ungdc", "--dest", str(dest), "--from-file", str(download),
                 "--sha256", "0" * 64]) == 1
    assert "checksum" in capsys.readouterr().err.lower() and not (dest / "ungdc").exists()
    assert main(["corpus", "fetch", "ungdc", "--dest", str(dest), "--from-file", str(download),
                 "--sha256", digest]) == 0
    capsys.readouterr()
    assert main(["corpus", "info", str(dest / "ungdc"), "--layout", "ungdc", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["n_docs"], payload["date_min"], payload["date_max"]) == (2, "2001-01-01", "2002-01-01")
    assert [s["reason"] for s in payload["skipped"]] == ["macOS AppleDouble resource file (._*)"]
