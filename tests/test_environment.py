"""environment.yml mirrors pyproject.toml's dependencies, and the packaging is complete."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name_spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_mirrors_pyproject_dependencies():
    project = _pyproject()["project"]
    wanted = dict(_name_spec(r) for r in project["dependencies"])
    for extra in ("test", "dev"):
        wanted.update(_name_spec(r) for r in project["optional-dependencies"][extra] if not r.startswith("khitab"))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_name_spec(d) for d in env["dependencies"] if isinstance(d, str))
    conda.pop("python"), conda.pop("pip")
    assert conda == wanted


def test_environment_yml_python_matches_requires_python():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = next(d for d in env["dependencies"] if isinstance(d, str) and _name_spec(d)[0] == "python")
    assert python.removeprefix("python") == _pyproject()["project"]["requires-python"]


def test_no_gpl_packages_in_runtime_dependencies():
    names = {_name_spec(r)[0] for r in _pyproject()["project"]["dependencies"]}
    assert not names & {"pyarabic", "tashaphyne", "qalsadi", "pdfminer", "pymupdf"}


def test_console_script_points_at_cli_main():
    from toolkit.cli import main

    assert _pyproject()["project"]["scripts"]["toolkit"] == "toolkit.cli:main"
    assert callable(main)


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert "make demo" in head and "make test" in head
