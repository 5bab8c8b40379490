"""The notebooks run headless, top to bottom, and show what they say they show."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, require_shared

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _run(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def _text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_notebooks_are_numbered_and_thin():
    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        assert path.name[:3].rstrip("-").isdigit(), path.name
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert "def " not in cell.source and "class " not in cell.source, f"logic in {path.name}"


@pytest.mark.integration
def test_notebook_01_load_corpora():
    require_shared()
    notebook = _run(ROOT / "notebooks" / "01-load-corpora.ipynb")
    out = _text(notebook)
    assert "documents   8,418" in out  # ANT, as its PROVENANCE states
    assert "2013-10-17 to 2017-04-30" in out
    assert "Security Council" in out or "Resolution" in out
    for lang in ("ar", "en", "fr", "es", "ru", "zh"):
        assert f" {lang} " in out or f" {lang}\n" in out
