"""The circuit diagram, read from the circuit as built, so that it cannot drift from the code.

:func:`circuit_structure` builds the circuit (runtime mode, numpy code generation, nothing run)
and reads every ``Synapses`` object: its source and target group, their sizes, the conductance
its spikes act on (``ge``: excitatory, ``gi``: inhibitory, ``g_nmda``: slow excitatory) and
whether it learns (an ``on_post`` pathway). :func:`draw_circuit` draws that structure: boxes
sized by neuron count, one arrow per projection. ``python -m mirrorsim.diagram docs/images``
writes ``circuit.json`` (the structure), ``circuit.svg`` and ``circuit.png``; the docs' Model page
shows the figure and a test checks the JSON against a fresh build.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from mirrorsim.params import Params
from mirrorsim.plots import POPULATION_LABELS

SIGN = {"ge": "excitatory", "gi": "inhibitory", "g_nmda": "excitatory (NMDA-like)"}
"""The kind of a projection, from the postsynaptic conductance its spikes increment."""

LAYOUT: dict[str, tuple[float, float]] = {
    "sts": (0.0, 4.0),
    "intention": (0.0, 1.6),
    "ipl_e": (3.0, 4.0),
    "ipl_i": (3.0, 6.2),
    "f5_e": (6.6, 4.0),
    "f5_i": (6.6, 6.2),
    "m1_e": (10.2, 4.0),
    "tms": (10.2, 6.2),
    "gate": (10.2, 1.6),
    "thal_drive": (1.4, -0.6),
    "tc": (4.6, -0.6),
    "re": (8.4, -0.6),
}
"""Where each population's box goes (presentation only; the structure comes from the circuit)."""

LABELS = {**POPULATION_LABELS, "tc": "TC", "re": "RE", "thal_drive": "pacemaker", "tms": "TMS"}
FILL = {"input": "#e8e8e8", "excitatory": "#f6d5d1", "inhibitory": "#d3e2f2"}
EDGE_COLOR = {
    "excitatory": "#b2182b",
    "inhibitory": "#2166ac",
    "excitatory (NMDA-like)": "#b2182b",
}
PLASTIC_COLOR = "#e08e0b"
BEND = {"intention_f5": -0.25, "tc_f5i": -0.3}
"""Curvature of arrows that would otherwise cross a box (presentation only)."""
_TARGET = re.compile(r"\b(\w+)_post\s*\+=")


def circuit_structure(params: Params | None = None) -> dict[str, Any]:
    """Populations and projections of the circuit built with ``params`` (default: the defaults).

    Returns ``{"populations": [{name, n, kind}], "projections": [{name, pre, post, sign,
    plastic}]}``, projections in the order the circuit creates them. A population's kind is
    ``input`` (Poisson or pulse source), else ``excitatory`` or ``inhibitory`` from the sign of
    its outgoing projections.
    """
    from brian2 import prefs
    from brian2.devices.device import RuntimeDevice, get_device
    from brian2.utils.logger import catch_logs

    from mirrorsim.circuit import INPUTS, build_circuit
    from mirrorsim.protocols import mirror_emergence_protocol

    if not isinstance(get_device(), RuntimeDevice):
        raise RuntimeError("circuit_structure builds in runtime mode; reset the Brian2 device")
    p = Params() if params is None else params
    target = prefs.codegen.target
    prefs.codegen.target = "numpy"  # building connects synapses; nothing to compile for that
    try:
        with catch_logs():  # objects never run: Brian2 warns about them when they are deleted
            circuit = build_circuit(p, mirror_emergence_protocol(p, seed=1))
            structure = _read_structure(circuit, INPUTS)
            del circuit
            gc.collect()
    finally:
        prefs.codegen.target = target
    return structure


def _read_structure(circuit: Any, inputs: tuple[str, ...]) -> dict[str, Any]:
    sizes: dict[str, int] = {}
    projections = []
    for name, syn in circuit.synapses.items():
        pathways = {pw.prepost: pw for pw in syn._pathways}
        found = _TARGET.findall(pathways["pre"].code)
        if len(found) != 1 or found[0] not in SIGN:
            raise ValueError(f"projection {name}: cannot tell its conductance from {found}")
        sizes.setdefault(syn.source.name, len(syn.source))
        sizes.setdefault(syn.target.name, len(syn.target))
        projections.append(
            {
                "name": name,
                "pre": syn.source.name,
                "post": syn.target.name,
                "sign": SIGN[found[0]],
                "plastic": "post" in pathways,
            }
        )
    populations = []
    for pop, n in sizes.items():
        if pop in inputs or pop not in circuit.groups:
            kind = "input"
        else:
            signs = {pr["sign"] for pr in projections if pr["pre"] == pop}
            kind = "inhibitory" if signs == {"inhibitory"} else "excitatory"
        populations.append({"name": pop, "n": n, "kind": kind})
    return {"populations": populations, "projections": projections}


def _box_width(n: int) -> float:
    return 0.9 + 0.75 * float(np.sqrt(n / 800))


def draw_circuit(structure: dict[str, Any]) -> Figure:
    """Boxes (populations, width growing with N) and arrows (projections) of ``structure``.

    Excitatory arrows are red with a pointed head, inhibitory ones blue with a bar; NMDA-like
    ones dashed; plastic ones thick and orange. Recurrent projections are loops on their box.
    """
    import matplotlib as mpl

    from mirrorsim.plots import STYLE

    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(9.0, 6.4))
        ax = fig.add_axes((0.0, 0.08, 1.0, 0.92))
        boxes = {}
        for pop in structure["populations"]:
            name = pop["name"]
            if name not in LAYOUT:
                raise ValueError(f"no place for population {name!r} in diagram.LAYOUT")
            boxes[name] = _draw_box(ax, name, pop["n"], pop["kind"])
        loops: dict[str, int] = {}
        pairs = {(pr["pre"], pr["post"]) for pr in structure["projections"]}
        for pr in structure["projections"]:
            if pr["pre"] == pr["post"]:
                _draw_loop(ax, pr, boxes[pr["pre"]], loops.get(pr["pre"], 0))
                loops[pr["pre"]] = loops.get(pr["pre"], 0) + 1
            else:
                bent = (pr["post"], pr["pre"]) in pairs
                _draw_arrow(ax, pr, boxes[pr["pre"]], boxes[pr["post"]], bent)
        ax.set_xlim(-1.4, 11.6)
        ax.set_ylim(-1.5, 7.3)
        ax.set_aspect("equal")
        ax.axis("off")
        fig.legend(handles=_legend(), loc="lower center", ncol=4, fontsize=8.5)
    return fig


def _draw_box(ax: Axes, name: str, n: int, kind: str) -> tuple[float, float, float, float]:
    x, y = LAYOUT[name]
    w, h = _box_width(n), 0.8
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0.02,rounding_size=0.12",
            facecolor=FILL[kind],
            edgecolor="#444444",
            linewidth=0.9,
            zorder=3,
        )
    )
    ax.text(x, y + 0.1, LABELS.get(name, name), ha="center", va="center", fontsize=9.5, zorder=4)
    ax.text(x, y - 0.2, f"N = {n}", ha="center", va="center", fontsize=7.5, zorder=4)
    return x, y, w, h


def _style(pr: dict[str, Any]) -> dict[str, Any]:
    inhibitory = pr["sign"] == "inhibitory"
    style: dict[str, Any] = {
        "arrowstyle": "-[,widthB=3.0,lengthB=0" if inhibitory else "-|>,head_length=5,head_width=3",
        "color": PLASTIC_COLOR if pr["plastic"] else EDGE_COLOR[pr["sign"]],
        "linewidth": 3.0 if pr["plastic"] else 1.1,
        "linestyle": "--" if "NMDA" in pr["sign"] else "-",
        "zorder": 2,
    }
    return style


def _anchor(box: tuple[float, float, float, float], toward: tuple[float, float]) -> np.ndarray:
    """Where the line from the box centre toward ``toward`` leaves the box."""
    x, y, w, h = box
    d = np.array(toward) - (x, y)
    sx = (w / 2 + 0.05) / abs(d[0]) if d[0] else np.inf
    sy = (h / 2 + 0.05) / abs(d[1]) if d[1] else np.inf
    scale = min(sx, sy)
    return np.array((x, y)) + d * scale


def _draw_arrow(ax: Axes, pr: dict[str, Any], pre: tuple, post: tuple, bent: bool) -> None:
    start, end = _anchor(pre, post[:2]), _anchor(post, pre[:2])
    rad = BEND.get(pr["name"], 0.18 if bent else 0.0)
    ax.add_patch(
        FancyArrowPatch(
            start, end, connectionstyle=f"arc3,rad={rad}", shrinkA=0, shrinkB=0, **_style(pr)
        )
    )


def _draw_loop(ax: Axes, pr: dict[str, Any], box: tuple, index: int) -> None:
    x, y, w, h = box
    side = (-1, 1, -1, 1)[index % 4]  # left, right, left, right of the box
    row = 1 if index < 2 else -1  # upper half first, then lower
    x0 = x + side * w / 2
    start = (x0, y + row * 0.06)
    end = (x0, y + row * 0.34)
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            connectionstyle=f"arc3,rad={1.8 * side * row}",
            shrinkA=0,
            shrinkB=0,
            **(_style(pr) | {"zorder": 4}),
        )
    )


def _legend() -> list[Line2D]:
    return [
        Line2D([], [], color=EDGE_COLOR["excitatory"], marker=">", label="excitatory"),
        Line2D([], [], color=EDGE_COLOR["inhibitory"], marker="|", label="inhibitory"),
        Line2D([], [], color=EDGE_COLOR["excitatory"], ls="--", label="excitatory, NMDA-like"),
        Line2D([], [], color=PLASTIC_COLOR, lw=3.0, label="plastic (triplet STDP)"),
    ]


def structure_json(structure: dict[str, Any]) -> str:
    """The structure as the text of ``circuit.json`` (stable: sorted keys, fixed indent)."""
    return json.dumps(structure, indent=1, sort_keys=True) + "\n"


def write_circuit_figure(out_dir: str | Path, params: Params | None = None) -> list[Path]:
    """Write ``circuit.json``, ``circuit.svg`` and ``circuit.png`` into ``out_dir``.

    The SVG and PNG carry the SHA-256 of the JSON they were drawn from in their metadata, so a
    test can tell that a committed figure matches its committed structure.
    """
    import matplotlib as mpl

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    structure = circuit_structure(params)
    text = structure_json(structure)
    digest = hashlib.sha256(text.encode()).hexdigest()
    fig = draw_circuit(structure)
    paths = [out / "circuit.json", out / "circuit.svg", out / "circuit.png"]
    paths[0].write_text(text)
    with mpl.rc_context({"svg.hashsalt": "mirrorsim-circuit"}):
        fig.savefig(paths[1], metadata={"Date": None, "Description": f"structure sha256 {digest}"})
    fig.savefig(paths[2], dpi=130, metadata={"Description": f"structure sha256 {digest}"})
    return paths


if __name__ == "__main__":
    for path in write_circuit_figure(sys.argv[1] if len(sys.argv) > 1 else "docs/images"):
        print(path)
