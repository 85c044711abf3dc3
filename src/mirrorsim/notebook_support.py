"""What every notebook in ``notebooks/`` sets up: quick mode, code target, output, figures.

``MIRRORSIM_QUICK=1`` switches to the ``tiny`` preset (:func:`mirrorsim.presets.tiny`) on the
numpy target (the test suite runs the notebooks that way); ``MIRRORSIM_NOTEBOOK_OUT`` sets the
output folder (a fresh temporary folder otherwise). Run as a plain script, figures are
written, not shown. That folder must be new, empty or this notebook's earlier output (its
marker says so, :mod:`mirrorsim.output_guard`): a notebook never writes over files it did not
make.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mirrorsim import presets
from mirrorsim.params import Params


@dataclass(frozen=True)
class Notebook:
    quick: bool
    target: str
    out: Path
    interactive: bool
    kind: str = "notebook"

    def params(self, overrides: dict[str, Any] | None = None) -> Params:
        """Default (or, in quick mode, tiny) parameters with ``overrides`` on top."""
        return (presets.tiny if self.quick else presets.default)(overrides)

    def show(self, fig: Any, name: str) -> list[Path]:
        """Save a figure as PNG + SVG into ``out``; display it when running in Jupyter."""
        from mirrorsim.output_guard import mark_folder
        from mirrorsim.plots import save_figure

        paths = save_figure(fig, self.out, name)
        mark_folder(self.out, self.kind, [p.name for p in paths])
        self.show_png(paths)
        return paths

    def show_png(self, paths: list[Path]) -> None:
        """Display the PNG among ``paths`` in Jupyter, or say where it was written."""
        png = next(p for p in paths if p.suffix == ".png")
        if self.interactive:
            from IPython.display import Image, display

            display(Image(filename=str(png)))
        else:
            print("wrote", png)


def setup(name: str) -> Notebook:
    """Read the environment, pick the backend and the output folder for notebook ``name``.

    Parameters
    ----------
    name : str
        The notebook's name (its output folder's marker says which notebook wrote it).

    Returns
    -------
    Notebook
        ``quick`` (``MIRRORSIM_QUICK=1``), the code ``target`` (numpy in quick mode, else
        standalone), the output folder ``out`` (``MIRRORSIM_NOTEBOOK_OUT``, else a new temporary
        folder), whether it runs in Jupyter, and helpers: ``params()`` (tiny in quick mode),
        ``show(fig, name)`` (save, and display in Jupyter).

    Raises
    ------
    OutputRefused
        If ``MIRRORSIM_NOTEBOOK_OUT`` names a folder with files mirrorsim did not write.
    """
    interactive = "ipykernel" in sys.modules
    if not interactive:
        import matplotlib

        matplotlib.use("Agg")  # a plain script: write figures, show nothing
    from mirrorsim.output_guard import check_folder, mark_folder

    quick = os.environ.get("MIRRORSIM_QUICK") == "1"
    kind = f"notebook:{name}"
    out = Path(os.environ.get("MIRRORSIM_NOTEBOOK_OUT") or tempfile.mkdtemp(prefix=f"{name}_"))
    check_folder(out, kind, replace=False, option="MIRRORSIM_NOTEBOOK_OUT")
    out.mkdir(parents=True, exist_ok=True)
    mark_folder(out, kind, [])
    nb = Notebook(quick, "numpy" if quick else "standalone", out, interactive, kind)
    print(f"quick mode: {nb.quick}; code target: {nb.target}; output goes to {nb.out}")
    return nb
