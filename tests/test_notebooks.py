"""The notebooks (jupytext percent-format scripts) run top to bottom and convert to .ipynb.

Each notebook runs as a plain script in quick mode (``MIRRORSIM_QUICK=1``: a tiny network and
Brian2's numpy target), in a temporary working directory and with its figures sent to a
temporary directory, so nothing is written into the repository.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.py"))
#: The default test run executes the first notebook; the others (~1.5 min each on 2 cores, which
#: took the default run over CI's 15 minutes) run with ``-m slow``.
QUICK_RUNS = [
    pytest.param(nb, marks=() if nb.stem.startswith("01") else pytest.mark.slow)
    for nb in NOTEBOOKS
]


def test_the_four_notebooks_are_there():
    assert [nb.stem[:2] for nb in NOTEBOOKS] == ["01", "02", "03", "04"]


@pytest.mark.parametrize("notebook", QUICK_RUNS, ids=lambda p: p.stem)
def test_notebook_runs_in_quick_mode(notebook, tmp_path):
    out = tmp_path / "out"
    before = sorted(p.name for p in NOTEBOOK_DIR.iterdir())
    env = {**os.environ, "MIRRORSIM_QUICK": "1", "MIRRORSIM_NOTEBOOK_OUT": str(out)}
    result = subprocess.run(
        [sys.executable, str(notebook)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    assert sorted(p.name for p in NOTEBOOK_DIR.iterdir()) == before  # nothing written there
    assert any(out.glob("*.png")) or any(out.glob("*.json")), "the notebook wrote no output"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_converts_to_ipynb(notebook, tmp_path):
    jupytext = pytest.importorskip("jupytext")
    nbformat = pytest.importorskip("nbformat")
    target = tmp_path / f"{notebook.stem}.ipynb"
    jupytext.write(jupytext.read(notebook), target)
    nb = nbformat.read(target, as_version=4)
    nbformat.validate(nb)
    kinds = [cell.cell_type for cell in nb.cells]
    assert kinds[0] == "markdown", "a notebook opens with a text cell saying what it is"
    assert kinds.count("markdown") >= 4 and kinds.count("code") >= 4
