"""Figures of the mirror-emergence experiment: plain data in, a matplotlib ``Figure`` out.

One style for every figure (:data:`STYLE`, fixed colours per trial condition, population and
mirror category, pre-learning drawn hatched and light, post-learning solid). Figures are built with
:class:`matplotlib.figure.Figure` directly (no pyplot, no global figure registry), so nothing has
to be closed and the module is safe in worker processes and notebooks alike.

Spike times are selected per trial with :func:`numpy.searchsorted` on time-sorted arrays, so a run
with millions of spikes is plotted in seconds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
from brian2 import nS, second
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from mirrorsim.analysis.windows import aligned_psth, spikes_between
from mirrorsim.protocols import CONDITIONS
from mirrorsim.simulate import RunData, SpikeData

if TYPE_CHECKING:
    from mirrorsim.analysis import BlockResult
    from mirrorsim.protocols import Trial

# --------------------------------------------------------------------------- style

CONDITION_COLORS = {"rest": "#808080", "execute": "#1f77b4", "observe": "#ff7f0e"}
POPULATION_COLORS = {
    "sts": "#8c564b",
    "intention": "#e377c2",
    "ipl_e": "#2ca02c",
    "ipl_i": "#98c98a",
    "f5_e": "#7b4fb0",
    "f5_i": "#b9a3d3",
    "m1_e": "#d62728",
    "gate": "#17a2b8",
}
POPULATION_LABELS = {
    "sts": "STS",
    "intention": "intention",
    "ipl_e": "IPL E",
    "ipl_i": "IPL I",
    "f5_e": "F5 E",
    "f5_i": "F5 I",
    "m1_e": "M1 E",
    "gate": "gate",
}
CATEGORY_COLORS = {
    "execution_responsive": CONDITION_COLORS["execute"],
    "observation_responsive": CONDITION_COLORS["observe"],
    "mirror": "#7b4fb0",
    "strictly_congruent": "#c2185b",
    "broadly_congruent": "#009688",
    "non_congruent": "#5d4037",
    "non_mirror": "#cfcfcf",
}
CATEGORY_LABELS = {
    "execution_responsive": "execution-\nresponsive",
    "observation_responsive": "observation-\nresponsive",
    "mirror": "mirror",
    "strictly_congruent": "strictly\ncongruent",
    "broadly_congruent": "broadly\ncongruent",
    "non_congruent": "non-congruent",
}
BLOCK_LABELS = {"pre": "before learning", "post": "after learning"}
BLOCK_BAR_STYLE: dict[str, dict[str, Any]] = {
    "pre": {"alpha": 0.45, "hatch": "///", "edgecolor": "white", "linewidth": 0.0},
    "post": {"alpha": 1.0, "hatch": None, "edgecolor": "white", "linewidth": 0.0},
}
WEIGHT_CMAP = "viridis"
STYLE: dict[str, Any] = {
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.titlesize": 12.5,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "hatch.linewidth": 0.7,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.fonttype": "none",
    "image.cmap": WEIGHT_CMAP,
}
DPI = 130

RASTER_POPULATIONS = ("sts", "ipl_e", "f5_e", "m1_e", "gate")
RASTER_MAX_ROWS = {"sts": 60, "ipl_e": 120, "f5_e": 120, "m1_e": 60, "gate": 30}
PSTH_POPULATIONS = ("ipl_e", "f5_e", "m1_e")
PSTH_BIN = 0.010  # s
PSTH_PRE = 0.2  # s shown before onset
PSTH_POST = 0.3  # s shown after the end of the trial


def styled[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` under :data:`STYLE` (used by every public figure function)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.rc_context(STYLE):
            return func(*args, **kwargs)

    return wrapper


def new_figure(width: float, height: float) -> Figure:
    """A white figure with constrained layout (no pyplot state)."""
    return Figure(figsize=(width, height), layout="constrained")


# --------------------------------------------------------------------------- helpers


def _seconds(q: Any) -> float:
    return float(q / second)


def _sorted_spikes(s: SpikeData) -> tuple[np.ndarray, np.ndarray]:
    """Neuron indices and times, sorted by time (no copy when they already are)."""
    t = np.asarray(s.t, dtype=float)
    i = np.asarray(s.i, dtype=np.intp)
    if t.size > 1 and np.any(t[1:] < t[:-1]):
        order = np.argsort(t, kind="stable")
        return i[order], t[order]
    return i, t


def _trials(data: RunData, block: str, condition: str, action: int) -> list[Trial]:
    trials = data.protocol.block_trials(block, condition)
    if condition != "rest":
        trials = [tr for tr in trials if tr.action == action]
    return trials


def _condition_title(condition: str, action: int) -> str:
    return "Rest" if condition == "rest" else f"{condition.capitalize()} action {action}"


def _block_handles(color: str = "#555555") -> list[Patch]:
    return [
        Patch(facecolor=color, label=f"{b} ({BLOCK_LABELS[b]})", **BLOCK_BAR_STYLE[b])
        for b in ("pre", "post")
    ]


# --------------------------------------------------------------------------- 1. raster + PSTH


@styled
def raster_psth(data: RunData, block: str, action: int = 0) -> Figure:
    """Example-trial rasters and pool PSTHs for rest, executing and observing ``action``.

    Columns: rest, execute ``action``, observe ``action`` in test block ``block`` (``'pre'`` or
    ``'post'``). Top row: raster of the first trial of that type (a regular subsample of the
    neurons of STS, IPL E, F5 E, M1 E and the gate, ordered by pool; pool boundaries dashed, the
    rows of pool ``action`` shaded). Bottom row: rate of pool ``action`` of IPL E, F5 E and M1 E
    averaged over all trials of that type in the block, in 10 ms bins. The stimulus / intention
    period is shaded.

    Parameters
    ----------
    data : RunData
        A run (:func:`mirrorsim.simulate.run_protocol` or :func:`mirrorsim.results.load_run`).
    block : {"pre", "post"}
        The test block, before or after learning.
    action : int
        The action whose trials and pool are shown.

    Returns
    -------
    matplotlib.figure.Figure
        Two rows of three panels; save it with :func:`save_figure`.

    Examples
    --------
    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)  # Poisson spikes, no simulation
    >>> fig = raster_psth(data, "post", action=0)
    >>> type(fig).__name__
    'Figure'
    """
    if block not in ("pre", "post"):
        raise ValueError(f"block must be 'pre' or 'post', got {block!r}")
    n_actions = data.params.n_actions
    if not 0 <= action < n_actions:
        raise ValueError(f"action must be in [0, {n_actions}), got {action}")
    t_trial = _seconds(data.params.t_trial)
    edges = np.arange(-PSTH_PRE, t_trial + PSTH_POST + PSTH_BIN / 2, PSTH_BIN)
    spikes = {
        pop: _sorted_spikes(data.spikes[pop])
        for pop in {*RASTER_POPULATIONS, *PSTH_POPULATIONS}
        if pop in data.spikes
    }
    raster_pops = [p for p in RASTER_POPULATIONS if p in data.spikes]
    layout = _raster_layout(data, raster_pops, action)

    fig = new_figure(13.0, 8.4)
    axes = fig.subplots(2, 3, sharex=True, sharey="row", height_ratios=[2.3, 1.0])
    stim_label = {
        "rest": "rest trial (no stimulus)",
        "execute": f"intention to do action {action}",
        "observe": f"sight of action {action}",
    }
    for col, condition in enumerate(CONDITIONS):
        trials = _trials(data, block, condition, action)
        ax_r, ax_p = axes[0, col], axes[1, col]
        color = CONDITION_COLORS[condition]
        for ax in (ax_r, ax_p):
            ax.axvspan(0.0, t_trial, color=color, alpha=0.13, lw=0, zorder=0)
        _draw_raster(ax_r, spikes, layout, trials[0] if trials else None, t_trial)
        ax_r.set_title(
            f"{_condition_title(condition, action)}\n"
            f"example trial" + (f" at t = {trials[0].onset:.1f} s" if trials else ""),
            color=color,
        )
        for pop in PSTH_POPULATIONS:
            if pop not in spikes:
                continue
            pool = data.spikes[pop].action == action
            rate = aligned_psth(*spikes[pop], pool, trials, edges)
            ax_p.stairs(
                rate,
                edges,
                color=POPULATION_COLORS[pop],
                lw=1.5,
                label=f"{POPULATION_LABELS[pop]} pool {action} (n = {int(pool.sum())})",
            )
        ax_p.set_title(f"Pool-{action} rate, mean of {len(trials)} trials", fontweight="normal")
        ax_p.set_xlabel("time from trial onset (s)")
        ax_p.set_xlim(edges[0], edges[-1])
        handles, labels = ax_p.get_legend_handles_labels()
        handles.append(Patch(facecolor=color, alpha=0.25, label=stim_label[condition]))
        ax_p.legend(handles=handles, loc="upper right", fontsize=7.5, handlelength=1.4)
    axes[1, 0].set_ylabel("rate (Hz)")
    axes[1, 0].set_ylim(bottom=0)
    _, top = axes[1, 0].get_ylim()
    axes[1, 0].set_ylim(0, top * 1.45)  # room for the legend
    axes[0, 0].set_ylabel(f"neuron (regular subsample, by pool; pool {action} shaded)")
    axes[0, 0].set_yticks(layout["centres"], [POPULATION_LABELS[p] for p in raster_pops])
    axes[0, 0].set_ylim(layout["n_rows"] - 0.5, -0.5)
    for ax in axes[0, 1:]:
        ax.tick_params(axis="y", left=False)
    fig.suptitle(
        f"Test block '{block}' ({BLOCK_LABELS[block]}): example rasters and pool-"
        f"{action} PSTHs ({PSTH_BIN * 1e3:.0f} ms bins)"
    )
    return fig


def _raster_layout(data: RunData, pops: Sequence[str], action: int) -> dict[str, Any]:
    """Row of each plotted neuron (``-1`` if not plotted), pool boundaries and population spans."""
    rows: dict[str, np.ndarray] = {}
    pool_bounds, pop_bounds, centres, shaded = [], [], [], []
    offset = 0
    for pop in pops:
        s = data.spikes[pop]
        m = min(s.n, RASTER_MAX_ROWS.get(pop, 60))
        chosen = np.unique(np.linspace(0, s.n - 1, m).round().astype(int))
        row = np.full(s.n, -1, dtype=np.intp)
        row[chosen] = offset + np.arange(chosen.size)
        rows[pop] = row
        act = np.asarray(s.action)[chosen]
        change = np.flatnonzero(act[1:] != act[:-1]) + 1
        pool_bounds += [offset + c - 0.5 for c in change]
        in_pool = np.flatnonzero(act == action)
        if in_pool.size:
            shaded.append((offset + in_pool[0] - 0.5, offset + in_pool[-1] + 0.5))
        centres.append(offset + (chosen.size - 1) / 2)
        offset += chosen.size
        pop_bounds.append(offset - 0.5)
    return {
        "rows": rows,
        "pool_bounds": pool_bounds,
        "pop_bounds": pop_bounds[:-1],
        "centres": centres,
        "shaded": shaded,
        "n_rows": offset,
    }


def _draw_raster(
    ax: Axes,
    spikes: Mapping[str, tuple[np.ndarray, np.ndarray]],
    layout: Mapping[str, Any],
    trial: Trial | None,
    t_trial: float,
) -> None:
    for lo, hi in layout["shaded"]:
        ax.axhspan(lo, hi, color="#f2e8a0", alpha=0.45, lw=0, zorder=0)
    for y in layout["pool_bounds"]:
        ax.axhline(y, color="0.55", lw=0.6, ls=(0, (3, 3)), zorder=1)
    for y in layout["pop_bounds"]:
        ax.axhline(y, color="0.15", lw=0.9, zorder=1)
    if trial is None:
        ax.text(0.5, 0.5, "no trial of this type", transform=ax.transAxes, ha="center")
        return
    for pop, row in layout["rows"].items():
        i, t = spikes_between(
            *spikes[pop], trial.onset - PSTH_PRE, trial.onset + t_trial + PSTH_POST, right="left"
        )
        y = row[i]
        keep = y >= 0
        ax.plot(
            t[keep] - trial.onset,
            y[keep],
            ls="none",
            marker="|",
            ms=2.6,
            mew=0.7,
            color=POPULATION_COLORS[pop],
            rasterized=True,
            zorder=2,
        )


# --------------------------------------------------------------------------- 2. rates


@styled
def rates_by_condition(results: Mapping[str, Any]) -> Figure:
    """Mean rate of every population in rest / execute / observe trials, before vs after learning.

    ``results`` is either the per-block results of :func:`mirrorsim.analysis.metrics` (``{'pre':
    BlockResult, 'post': BlockResult}``) or its metrics dict (keys ``rate_hz_pre`` and
    ``rate_hz``). One panel per population (own y scale); bars coloured by condition, pre-learning
    hatched and light, post-learning solid.

    Parameters
    ----------
    results : dict
        ``{"pre": BlockResult, "post": BlockResult}`` or a metrics dict, as above.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per population.

    Examples
    --------
    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)  # Poisson spikes, no simulation
    >>> from mirrorsim.analysis import analyse_block
    >>> blocks = {block: analyse_block(data, block) for block in ("pre", "post")}
    >>> fig = rates_by_condition(blocks)
    >>> type(fig).__name__
    'Figure'
    """
    rates = _block_rates(results)
    pops = [p for p in POPULATION_LABELS if p in rates["post"]]
    pops += [p for p in rates["post"] if p not in pops]
    n_cols = 4
    n_rows = int(np.ceil(len(pops) / n_cols))
    fig = new_figure(12.0, 3.0 * n_rows + 0.6)
    axes = np.atleast_1d(fig.subplots(n_rows, n_cols, squeeze=False).ravel())
    x = np.arange(len(CONDITIONS))
    width = 0.38
    for ax, pop in zip(axes, pops, strict=False):
        for shift, b in ((-width / 2, "pre"), (width / 2, "post")):
            values = [rates[b].get(pop, {}).get(c, np.nan) for c in CONDITIONS]
            bars = ax.bar(
                x + shift,
                values,
                width,
                color=[CONDITION_COLORS[c] for c in CONDITIONS],
                **BLOCK_BAR_STYLE[b],
            )
            ax.bar_label(bars, fmt="%.1f", fontsize=7, padding=1.5, color="0.25")
        ax.set_xticks(x, CONDITIONS)
        for tick, c in zip(ax.get_xticklabels(), CONDITIONS, strict=True):
            tick.set_color(CONDITION_COLORS[c])
        ax.set_title(POPULATION_LABELS.get(pop, pop))
        ax.set_ylim(bottom=0)
        ax.margins(y=0.12)
    for ax in axes[::n_cols]:
        ax.set_ylabel("rate (Hz)")
    for ax in axes[len(pops) :]:
        ax.set_visible(False)
    fig.legend(handles=_block_handles(), loc="outside lower center", ncols=2)
    fig.suptitle(
        "Mean firing rate per population and trial condition (response window), "
        "before vs after learning"
    )
    return fig


def _block_rates(results: Mapping[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    if any(str(k).startswith("rate_hz.") for k in results):  # a flat run record
        from mirrorsim.analysis.record import nest

        results = nest(results)
    if "pre" in results and hasattr(results["pre"], "rate_hz"):
        return {b: results[b].rate_hz for b in ("pre", "post")}
    if "rate_hz" in results and "rate_hz_pre" in results:
        return {"pre": results["rate_hz_pre"], "post": results["rate_hz"]}
    raise ValueError("expected the blocks {'pre', 'post'} or a metrics dict with rate_hz(_pre)")


# --------------------------------------------------------------------------- 3. weights


@styled
def weight_matrix(data: RunData, max_blocks: tuple[int, int] = (100, 80)) -> Figure:
    """IPL->F5 weights before and after learning, neurons ordered by action pool.

    Top: block-averaged weight matrices (IPL E presynaptic on the y axis, F5 E neurons that receive
    IPL input on the x axis, F5 pools then untuned; at most ``max_blocks`` = (rows, columns)
    blocks, averaged over existing synapses within a pool; grey where no synapse). Bottom: mean
    weight from each IPL pool onto each F5 pool (and the untuned F5 cells). One shared colour bar.

    Parameters
    ----------
    data : RunData
        A run, with its IPL->F5 synapses (``syn_i``, ``syn_j``) and their weights before and
        after learning (``weights_pre``, ``weights_post``).
    max_blocks : tuple of int
        At most this many (rows, columns) of blocks in the matrices; a larger network is
        averaged in blocks of neighbouring neurons of one pool.

    Returns
    -------
    matplotlib.figure.Figure
        Matrices before and after learning (top) and pool-by-pool means (bottom).

    Examples
    --------
    Synthetic weights: all-to-all, grown from IPL pool *k* onto F5 pool *k* only.

    >>> import numpy as np
    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)  # Poisson spikes, no simulation
    >>> ipl, f5 = data.spikes["ipl_e"].action, data.spikes["f5_e"].action
    >>> data.syn_i, data.syn_j = np.nonzero(np.ones((ipl.size, f5.size)))
    >>> data.weights_pre = np.full(data.syn_i.size, 0.05)
    >>> data.weights_post = np.where(ipl[data.syn_i] == f5[data.syn_j], 0.5, 0.05)
    >>> fig = weight_matrix(data)
    >>> type(fig).__name__
    'Figure'
    """
    n_actions = data.params.n_actions
    ipl_pool = np.asarray(data.spikes["ipl_e"].action)
    f5_pool = np.asarray(data.spikes["f5_e"].action)
    syn_i, syn_j = np.asarray(data.syn_i, np.intp), np.asarray(data.syn_j, np.intp)
    targets = np.zeros(f5_pool.size, dtype=bool)
    targets[syn_j] = True
    target_idx = np.flatnonzero(targets)
    row_block, row_edges, row_spans = _pool_blocks(ipl_pool, n_actions, max_blocks[0])
    col_block_t, col_edges, col_spans = _pool_blocks(f5_pool[target_idx], n_actions, max_blocks[1])
    row_size, col_size = (
        _block_size(ipl_pool.size, max_blocks[0]),
        _block_size(target_idx.size, max_blocks[1]),
    )
    col_block = np.full(f5_pool.size, -1, dtype=np.intp)
    col_block[target_idx] = col_block_t
    rb, cb = row_block[syn_i], col_block[syn_j]
    shape = (row_edges.size - 1, col_edges.size - 1)
    f5_key = np.where(f5_pool < 0, n_actions, f5_pool)
    weights = {
        "pre": np.asarray(data.weights_pre, float),
        "post": np.asarray(data.weights_post, float),
    }
    vmax = max(1.0, *(float(np.nanmax(w)) if w.size else 0.0 for w in weights.values()))
    norm = mpl.colors.Normalize(vmin=0.0, vmax=vmax)
    w_max_ns = float(data.params.w_ipl_f5_max / nS)
    tick_names = [f"pool {k}" for k in range(n_actions)] + ["untuned"]

    what = (
        "single synapses"
        if row_size == col_size == 1
        else f"means of {row_size} × {col_size}-neuron blocks"
    )

    fig = new_figure(11.5, 8.6)
    axes = fig.subplots(2, 2, height_ratios=[3.0, 1.25])
    mesh = None
    for col, b in enumerate(("pre", "post")):
        w = weights[b]
        blocks = _block_mean(rb * shape[1] + cb, w, shape)
        ax = axes[0, col]
        ax.set_facecolor("#d9d9d9")
        mesh = ax.pcolormesh(
            col_edges,
            row_edges,
            np.ma.masked_invalid(blocks),
            norm=norm,
            cmap=WEIGHT_CMAP,
            rasterized=True,
        )
        for _, lo, _ in row_spans[1:]:
            ax.axhline(lo, color="white", lw=1.2)
        for _, lo, _ in col_spans[1:]:
            ax.axvline(lo, color="white", lw=1.2)
        ax.set_xlim(col_edges[0], col_edges[-1])
        ax.set_ylim(row_edges[-1], row_edges[0])
        ax.set_xticks(
            [(lo + hi) / 2 for _, lo, hi in col_spans], [tick_names[g] for g, _, _ in col_spans]
        )
        ax.set_yticks(
            [(lo + hi) / 2 for _, lo, hi in row_spans], [tick_names[g] for g, _, _ in row_spans]
        )
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(f"{b} ({BLOCK_LABELS[b]}): {what}")
        ax.set_xlabel("postsynaptic F5 E neuron (receiving IPL input), by pool")
        ax.set_ylabel("presynaptic IPL E neuron, by pool")

        pool_mean = _block_mean(
            ipl_pool[syn_i] * (n_actions + 1) + f5_key[syn_j], w, (n_actions, n_actions + 1)
        )
        axp = axes[1, col]
        axp.set_facecolor("#d9d9d9")
        axp.imshow(pool_mean, norm=norm, cmap=WEIGHT_CMAP, aspect="auto")
        for (r, c), v in np.ndenumerate(pool_mean):
            if np.isfinite(v):
                light = norm(v) < 0.6
                axp.text(
                    c,
                    r,
                    f"{v:.2f}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if light else "black",
                )
        axp.set_xticks(range(n_actions + 1), tick_names)
        axp.set_yticks(range(n_actions), [f"IPL {n}" for n in tick_names[:n_actions]])
        axp.tick_params(length=0)
        for spine in axp.spines.values():
            spine.set_visible(False)
        axp.set_title(f"{b}: mean weight, IPL pool → F5 pool", fontweight="normal")
        axp.set_xlabel("F5 E target group")
    cbar = fig.colorbar(mesh, ax=axes.ravel().tolist(), shrink=0.85, aspect=35, pad=0.02)
    cbar.set_label(f"IPL → F5 weight (fraction of w_max = {w_max_ns:g} nS)")
    fig.suptitle(
        f"Plastic IPL → F5 weights grouped by action pool, before vs after learning\n"
        f"{len(syn_i)} synapses onto the {target_idx.size} F5 E neurons that receive IPL "
        f"input; grey: no synapse in block"
    )
    return fig


def _pool_blocks(
    pool: np.ndarray, n_actions: int, max_blocks: int
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int, int]]]:
    """Block of each neuron after ordering by pool (untuned last, blocks never span two pools).

    Returns the block index of every neuron, the block edges in ordered-neuron units and the
    ``(group, start, stop)`` of every non-empty pool (group ``n_actions`` = untuned).
    """
    key = np.where(pool < 0, n_actions, pool)
    size = _block_size(pool.size, max_blocks)
    block_of = np.full(pool.size, -1, dtype=np.intp)
    edges, spans = [0], []
    b = 0
    for group in range(n_actions + 1):
        members = np.flatnonzero(key == group)
        if members.size == 0:
            continue
        start = edges[-1]
        for chunk in np.array_split(members, int(np.ceil(members.size / size))):
            block_of[chunk] = b
            b += 1
            edges.append(edges[-1] + chunk.size)
        spans.append((group, start, edges[-1]))
    return block_of, np.asarray(edges, dtype=float), spans


def _block_size(n: int, max_blocks: int) -> int:
    """Neurons per block so that ``n`` neurons make at most about ``max_blocks`` blocks."""
    return max(1, int(np.ceil(n / max(1, max_blocks))))


def _block_mean(flat_index: np.ndarray, w: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Mean of ``w`` per flat block index, NaN where a block holds no synapse."""
    size = shape[0] * shape[1]
    total = np.bincount(flat_index, weights=w, minlength=size)
    count = np.bincount(flat_index, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (total / count).reshape(shape)


# --------------------------------------------------------------------------- 4. mirror responses


@styled
def mirror_responses(blocks: Mapping[str, BlockResult], data: RunData) -> Figure:
    """Execution vs observation responses of F5 E neurons after learning, and category fractions.

    Left: each F5 E neuron's response (mean rate in trials minus mean rate at rest, Hz, in the
    response window) to executing vs observing its preferred action (the action it responds to
    most when executing), coloured by mirror category in the ``post`` block. Right: fractions of
    F5 E neurons in each category before vs after learning.

    Parameters
    ----------
    blocks : dict of str to BlockResult
        :func:`mirrorsim.analysis.analyse_block` of the ``"pre"`` and ``"post"`` blocks (the
        second value :func:`mirrorsim.analysis.metrics` returns).
    data : RunData
        The run they come from.

    Returns
    -------
    matplotlib.figure.Figure
        The scatter plot and the category bars.

    Examples
    --------
    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)  # Poisson spikes, no simulation
    >>> from mirrorsim.analysis import analyse_block
    >>> blocks = {block: analyse_block(data, block) for block in ("pre", "post")}
    >>> fig = mirror_responses(blocks, data)
    >>> type(fig).__name__
    'Figure'
    """
    win = _seconds(data.params.t_trial) - _seconds(data.params.analysis_start)
    post = blocks["post"]
    rest = post.counts["rest"][0].mean(axis=0) / win
    exe = np.array([c.mean(axis=0) / win for c in post.counts["execute"]]) - rest
    obs = np.array([c.mean(axis=0) / win for c in post.counts["observe"]]) - rest
    n = rest.size
    pref = np.argmax(np.nan_to_num(exe, nan=-np.inf), axis=0)
    x, y = exe[pref, np.arange(n)], obs[pref, np.arange(n)]
    cls = post.classification
    cats = ("strictly_congruent", "broadly_congruent", "non_congruent")

    fig = new_figure(12.5, 6.4)
    ax_s, ax_f = fig.subplots(1, 2, width_ratios=[1.0, 1.15])
    other = ~cls.mirror
    ax_s.scatter(
        x[other],
        y[other],
        s=10,
        color=CATEGORY_COLORS["non_mirror"],
        lw=0,
        label=f"not mirror (n = {int(other.sum())})",
        zorder=2,
    )
    for cat in cats:
        m = getattr(cls, cat)
        name = CATEGORY_LABELS[cat].replace("\n", " ")
        ax_s.scatter(
            x[m],
            y[m],
            s=16,
            color=CATEGORY_COLORS[cat],
            lw=0.3,
            edgecolor="white",
            label=f"{name} mirror (n = {int(m.sum())})",
            zorder=3,
        )
    finite = np.isfinite(x) & np.isfinite(y)
    lim = np.array([min(0.0, *x[finite], *y[finite]), max(1.0, *x[finite], *y[finite])])
    lim += np.array([-1, 1]) * 0.05 * np.ptp(lim)
    ax_s.plot(lim, lim, color="0.3", lw=0.9, ls="--", label="identity", zorder=1)
    ax_s.axhline(0, color="0.6", lw=0.6, zorder=1)
    ax_s.axvline(0, color="0.6", lw=0.6, zorder=1)
    ax_s.set_xlim(lim)
    ax_s.set_ylim(lim)
    ax_s.set_aspect("equal")
    ax_s.set_xlabel("execution response, preferred action (Hz above rest)")
    ax_s.set_ylabel("observation response, same action (Hz above rest)")
    ax_s.set_title(f"F5 E neurons after learning (n = {n})")
    ax_s.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2, markerscale=1.4)

    keys = ("execution_responsive", "observation_responsive", "mirror", *cats[:2])
    xs = np.arange(len(keys))
    width = 0.38
    for shift, b in ((-width / 2, "pre"), (width / 2, "post")):
        c = blocks[b].classification
        values = 100 * np.array([float(getattr(c, k).mean()) for k in keys])
        bars = ax_f.bar(
            xs + shift,
            values,
            width,
            color=[CATEGORY_COLORS[k] for k in keys],
            **BLOCK_BAR_STYLE[b],
        )
        ax_f.bar_label(bars, fmt="%.0f", fontsize=8, padding=1.5)
        if b == "post":
            fr = c.fractions()
            for xi, k in zip(xs[3:], keys[3:], strict=True):
                if np.isfinite(fr[k]):
                    ax_f.annotate(
                        f"{100 * fr[k]:.0f}% of\nmirror",
                        (xi + shift, values[xi]),
                        xytext=(0, 14),
                        textcoords="offset points",
                        ha="center",
                        fontsize=7.5,
                        color=CATEGORY_COLORS[k],
                    )
    ax_f.set_xticks(xs, [CATEGORY_LABELS[k] for k in keys])
    ax_f.set_ylabel("% of F5 E neurons")
    ax_f.margins(y=0.22)
    ax_f.set_title(f"Response categories (Mann-Whitney vs rest, alpha = {cls.alpha:g})")
    ax_f.legend(handles=_block_handles(), loc="upper right")
    fig.suptitle("Mirror neurons in F5: execution vs observation responses")
    return fig


# --------------------------------------------------------------------------- 5-6. saving


def save_figure(fig: Figure, out_dir: str | Path, name: str, dpi: int = DPI) -> list[Path]:
    """Write ``name.png`` (``dpi``) and ``name.svg`` into ``out_dir``; return both paths.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure of this module.
    out_dir : path
        The folder (created if needed).
    name : str
        The file name without extension.
    dpi : int
        Resolution of the PNG.

    Returns
    -------
    list of Path
        The PNG and the SVG.

    Examples
    --------
    >>> import tempfile
    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)  # Poisson spikes, no simulation
    >>> out = tempfile.mkdtemp()
    >>> [p.name for p in save_figure(mep_bars(data), out, "mep")]
    ['mep.png', 'mep.svg']
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}.png", out_dir / f"{name}.svg"]
    with mpl.rc_context(STYLE):
        fig.savefig(paths[0], dpi=dpi, metadata={"Software": None})
        fig.savefig(paths[1], metadata={"Date": None})
    return paths


def mirror_emergence_figures(
    data: RunData, blocks: Mapping[str, BlockResult], out_dir: str | Path
) -> list[Path]:
    """All figures of the mirror-emergence experiment as PNG + SVG in ``out_dir``.

    ``raster_pre``, ``raster_post`` (action 0), ``rates_by_condition``, ``weights``,
    ``mirror_responses``, ``mu_spectra`` and ``mep`` (:func:`save_figure`).

    Parameters
    ----------
    data : RunData
        A run of the mirror-emergence protocol, with weights and LFP proxy.
    blocks : dict of str to BlockResult
        Its per-block results (:func:`mirrorsim.analysis.metrics`).
    out_dir : path
        The folder to write into.

    Returns
    -------
    list of Path
        The written files.
    """
    figures: list[tuple[str, Callable[[], Figure]]] = [
        ("raster_pre", lambda: raster_psth(data, "pre", 0)),
        ("raster_post", lambda: raster_psth(data, "post", 0)),
        ("rates_by_condition", lambda: rates_by_condition(blocks)),
        ("weights", lambda: weight_matrix(data)),
        ("mirror_responses", lambda: mirror_responses(blocks, data)),
        ("mu_spectra", lambda: mu_spectra(data, "post")),
        ("mep", lambda: mep_bars(data, "post")),
    ]
    paths: list[Path] = []
    for name, make in figures:
        paths += save_figure(make(), out_dir, name)
    return paths


# --------------------------------------------------------------------------- regimes and sweeps

REGIME_COLORS = {
    "hypoactive": "#4c72b0",
    "typical": "#55a868",
    "hyperactive": "#dd8452",
    "runaway": "#c44e52",
}
SWEEP_PANELS = (
    ("mirror_index_post", "mirror index\n(obs / exec response)"),
    ("mep_facilitation", "MEP facilitation\n(obs / static - 1)"),
    ("m1_overt_observe_fraction", "echo index\n(overt obs. trials)"),
    ("f5_persistence_observe_hz", "F5 after observation\n(Hz above rest)"),
    ("mu_suppression_observe", "mu suppression, observe\nln(P / P_rest)"),
    ("mu_suppression_execute", "mu suppression, execute\nln(P / P_rest)"),
    ("mu_periodic_observe", "mu above 1/f, observe\n(periodic index)"),
    ("mu_periodic_execute", "mu above 1/f, execute\n(periodic index)"),
)


def _majority(regimes: Sequence[str]) -> str:
    """Most frequent regime; a tie goes to the milder one (as in
    :func:`mirrorsim.sweep.output.summarise`)."""
    return max(REGIME_COLORS, key=regimes.count)


@styled
def _measures_vs_knob_figure(rows: Sequence[Mapping[str, Any]], knob: str) -> Figure:
    from matplotlib.lines import Line2D

    other = "inhibition" if knob == "coupling" else "coupling"
    levels = sorted({r[other] for r in rows})
    fig = new_figure(13.5, 6.4)
    axes = fig.subplots(2, 4, sharex=True)
    markers = "osD^v<>"
    # One line colour and marker per level of the other knob; the marker's fill is the regime.
    palette = mpl.colormaps["viridis"]
    line_colors = (
        [palette(0.85 * n / (len(levels) - 1)) for n in range(len(levels))]
        if len(levels) > 1
        else ["#444444"]
    )
    seeds_per_setting: set[int] = set()
    for ax, (measure, label) in zip(axes.flat, SWEEP_PANELS, strict=True):
        for n, level in enumerate(levels):
            sub = [r for r in rows if r[other] == level]
            xs = sorted({r[knob] for r in sub})
            mean, sd, colors = [], [], []
            for x in xs:
                at = [r for r in sub if r[knob] == x]
                seeds_per_setting.add(len(at))
                vals = np.array([r[measure] for r in at], dtype=float)
                vals = vals[np.isfinite(vals)]
                mean.append(vals.mean() if vals.size else np.nan)
                sd.append(vals.std(ddof=1) if vals.size > 1 else 0.0)
                regimes = [r["regime"] for r in at]
                colors.append(REGIME_COLORS[_majority(regimes)])
            ax.errorbar(xs, mean, yerr=sd, color=line_colors[n], lw=1, capsize=2, zorder=1)
            ax.scatter(
                xs,
                mean,
                c=colors,
                marker=markers[n % len(markers)],
                s=28,
                zorder=2,
                edgecolors=line_colors[n] if len(levels) > 1 else "black",
                linewidths=0.8 if len(levels) > 1 else 0.4,
            )
        ax.axhline(0, color="#999999", lw=0.6, ls=":")
        ax.set_ylabel(label)
    for ax in axes[-1]:
        ax.set_xlabel(knob)
    handles = [Patch(color=c, label=g) for g, c in REGIME_COLORS.items()]
    fig.legend(
        handles=handles, loc="outside upper center", ncols=4, title="regime (majority of seeds)"
    )
    if len(levels) > 1:
        level_handles = [
            Line2D(
                [],
                [],
                color=line_colors[n],
                marker=markers[n % len(markers)],
                markerfacecolor="white",
                markeredgecolor=line_colors[n],
                label=f"{other} {level:g}",
            )
            for n, level in enumerate(levels)
        ]
        axes.flat[0].legend(handles=level_handles, fontsize=7)
    n_text = "–".join(str(k) for k in sorted({min(seeds_per_setting), max(seeds_per_setting)}))
    fig.supxlabel(
        f"points: mean over seeds (n = {n_text} per setting); error bars: ±1 sd across seeds; "
        "fill: majority regime",
        fontsize=8,
        color="#444444",
    )
    return fig


def measures_vs_knob(rows: Sequence[Mapping[str, Any]], knob: str, path: str | Path) -> list[Path]:
    """Each clinical measure against ``knob``: mean +- sd across seeds, dots coloured by regime.

    One panel per measure (mirror index, MEP facilitation, echo index, persistence, raw and
    periodic mu suppression while observing and executing); one line colour and marker per level
    of the other knob; the caption says what the error bars are and over how many seeds.

    Parameters
    ----------
    rows : sequence of dict
        One row per sweep point: the knobs ``coupling`` and ``inhibition``, ``seed``, the
        measures and ``regime`` (:func:`mirrorsim.sweep.output.points_rows`).
    knob : {"coupling", "inhibition"}
        The knob on the x axis.
    path : path
        Where to write, without extension (``path.png`` and ``path.svg``).

    Returns
    -------
    list of Path
        The PNG and the SVG.

    Examples
    --------
    The committed coupling sweep (5 seeds per coupling):

    >>> import tempfile
    >>> from pathlib import Path
    >>> from mirrorsim.docs_numbers import repo_root
    >>> from mirrorsim.sweep.output import points_rows
    >>> rows = points_rows(repo_root() / "results/sweeps/coupling")
    >>> paths = measures_vs_knob(rows, "coupling", Path(tempfile.mkdtemp()) / "coupling")
    >>> [p.name for p in paths]
    ['coupling.png', 'coupling.svg']
    """
    path = Path(path)
    return save_figure(_measures_vs_knob_figure(rows, knob), path.parent, path.name)


@styled
def _regime_map_figure(rows: Sequence[Mapping[str, Any]], key: str = "regime") -> Figure:
    from matplotlib.colors import ListedColormap

    cs = sorted({r["coupling"] for r in rows})
    hs = sorted({r["inhibition"] for r in rows})
    order = list(REGIME_COLORS)
    grid = np.full((len(hs), len(cs)), np.nan)
    agree = np.zeros_like(grid)
    for a, h in enumerate(hs):
        for b, c in enumerate(cs):
            regimes = [r[key] for r in rows if r["coupling"] == c and r["inhibition"] == h]
            if regimes:
                top = _majority(regimes)
                grid[a, b] = order.index(top)
                agree[a, b] = regimes.count(top) / len(regimes)
    fig = new_figure(6.5, 4.8)
    ax = fig.subplots()
    cmap = ListedColormap([REGIME_COLORS[g] for g in order])
    ax.imshow(
        grid,
        origin="lower",
        aspect="auto",
        cmap=cmap,
        vmin=-0.5,
        vmax=len(order) - 0.5,
        extent=(-0.5, len(cs) - 0.5, -0.5, len(hs) - 0.5),
    )
    for a in range(len(hs)):
        for b in range(len(cs)):
            if np.isfinite(grid[a, b]) and agree[a, b] < 1:
                ax.text(b, a, f"{agree[a, b]:.0%}", ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(cs)), [f"{c:g}" for c in cs])
    ax.set_yticks(range(len(hs)), [f"{h:g}" for h in hs])
    ax.set_xlabel("coupling (gain on learned IPL->F5 efficacy)")
    ax.set_ylabel("inhibition (gain on gate and cortical inhibition)")
    rule = "model §5 rules" if key == "regime" else "labels from the human measures"
    ax.set_title(f"regime map, {rule} (majority over seeds; % where seeds disagree)", fontsize=9)
    fig.legend(
        handles=[Patch(color=REGIME_COLORS[g], label=g) for g in order], loc="outside right center"
    )
    return fig


def regime_map(
    rows: Sequence[Mapping[str, Any]], path: str | Path, key: str = "regime"
) -> list[Path]:
    """The coupling x inhibition phase diagram of regimes (in the spirit of Brunel 2000).

    Each cell is the regime most seeds of that setting were in, with the share of seeds that
    agree where they do not all agree.

    Parameters
    ----------
    rows : sequence of dict
        One row per sweep point, with ``coupling``, ``inhibition`` and ``regime``
        (:func:`mirrorsim.sweep.output.points_rows`).
    key : str
        The label to map: ``"regime"`` (model §5's rules) or ``"regime_human"`` (the human
        measures together).
    path : path
        Where to write, without extension (``path.png`` and ``path.svg``).

    Returns
    -------
    list of Path
        The PNG and the SVG.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from mirrorsim.docs_numbers import repo_root
    >>> from mirrorsim.sweep.output import points_rows
    >>> rows = points_rows(repo_root() / "results/sweeps/regime-map")  # the committed map
    >>> [p.suffix for p in regime_map(rows, Path(tempfile.mkdtemp()) / "regime_map")]
    ['.png', '.svg']
    """
    path = Path(path)
    return save_figure(_regime_map_figure(rows, key), path.parent, path.name)


@styled
def mu_spectra(data: RunData, block: str = "post") -> Figure:
    """Sensorimotor LFP-proxy spectra at rest, observing and executing; the mu band shaded.

    Parameters
    ----------
    data : RunData
        A run with its LFP proxy (``data.lfp``).
    block : {"pre", "post"}
        The test block, before or after learning.

    Returns
    -------
    matplotlib.figure.Figure
        Power spectral density of the F5 + M1 LFP proxy (2-60 Hz) per condition.

    Examples
    --------
    A synthetic run with a 10 Hz rhythm in noise as its LFP proxy:

    >>> import numpy as np
    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)  # Poisson spikes, no simulation
    >>> t = np.arange(round(data.protocol.duration / data.lfp_dt)) * data.lfp_dt
    >>> rhythm = np.sin(2 * np.pi * 10 * t) + np.random.default_rng(0).normal(size=t.size)
    >>> data.lfp = {"ipl": rhythm, "f5": rhythm, "m1": rhythm}
    >>> fig = mu_spectra(data, "post")
    >>> type(fig).__name__
    'Figure'
    """
    from mirrorsim.analysis.clinical import sensorimotor_lfp
    from mirrorsim.analysis.windows import signal_segments
    from mirrorsim.measures.lfp import MU_BAND, spectrum

    signal = sensorimotor_lfp(data)
    start = _seconds(data.params.analysis_start)
    fig = new_figure(5.0, 3.6)
    ax = fig.subplots()
    for condition in CONDITIONS:
        segs = signal_segments(
            signal, data.lfp_dt, data.protocol.block_trials(block, condition), start
        )
        if segs:
            f, psd = spectrum(segs, 1.0 / data.lfp_dt)
            keep = (f >= 2) & (f <= 60)
            ax.semilogy(f[keep], psd[keep], color=CONDITION_COLORS[condition], label=condition)
    ax.axvspan(*MU_BAND, color="#dddddd", zorder=0, label="mu band")
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("LFP proxy PSD (A²/Hz)")
    ax.set_title(f"F5 + M1 LFP proxy, {BLOCK_LABELS.get(block, block)}")
    ax.legend()
    return fig


@styled
def mep_bars(data: RunData, block: str = "post") -> Figure:
    """MEP (M1 spikes after the pulse) while viewing a static scene and observing an action.

    Parameters
    ----------
    data : RunData
        A run whose protocol has TMS trials.
    block : {"pre", "post"}
        The test block, before or after learning.

    Returns
    -------
    matplotlib.figure.Figure
        Two bars (mean over the pulses; the title gives the facilitation).

    Examples
    --------
    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)  # Poisson spikes, no simulation
    >>> fig = mep_bars(data, "post")
    >>> type(fig).__name__
    'Figure'
    """
    from mirrorsim.analysis.clinical import mep

    fig = new_figure(3.6, 3.4)
    ax = fig.subplots()
    m = mep(data, block)
    ax.bar(
        ["static scene", "observe action"],
        [m["mep_static"], m["mep_observe"]],
        color=[CONDITION_COLORS["rest"], CONDITION_COLORS["observe"]],
    )
    ax.set_ylabel(f"MEP (M1 pool spikes in {_seconds(data.params.mep_window) * 1e3:g} ms)")
    n = {c: len(data.protocol.block_trials(block, c)) for c in ("static_tms", "observe_tms")}
    labels = [f"static scene\n(n = {n['static_tms']})", f"observe action\n(n = {n['observe_tms']})"]
    ax.set_xticks([0, 1], labels)
    ax.set_title(
        f"TMS, {BLOCK_LABELS.get(block, block)}\nfacilitation {m['mep_facilitation']:+.2f}"
        "\n(bars: mean over n pulses, no error bars)",
        fontsize=9,
    )
    return fig


UNIT_CLASS_COLORS = {
    "strictly_congruent": CATEGORY_COLORS["strictly_congruent"],
    "broadly_congruent": CATEGORY_COLORS["broadly_congruent"],
    "non_congruent": CATEGORY_COLORS["non_congruent"],
    "observation_suppressed": "#1f77b4",
    "suppressed_other_action": "#9ecae1",
    "motor_only": "#ff7f0e",
    "visual_only": "#bcbd22",
    "other": "#cfcfcf",
}


@styled
def unit_modulation_scatter(tables: Mapping[str, Any]) -> Figure:
    """Per-unit observation vs execution modulation, coloured by class, one panel per population.

    ``tables``: :class:`mirrorsim.analysis.units.UnitTable` by population (e.g. from
    :func:`mirrorsim.analysis.units.unit_tables`). x: the execution modulation (rate minus rest,
    Hz) for the unit's preferred action; y: its observation modulation for the same action.

    Parameters
    ----------
    tables : dict of str to UnitTable
        Population -> its unit table.

    Returns
    -------
    matplotlib.figure.Figure
        One scatter panel per population, the classes and their counts in the legend.
    """
    pops = list(tables)
    fig = new_figure(4.2 * len(pops), 4.0)
    axes = fig.subplots(1, len(pops), squeeze=False)[0]
    for ax, pop in zip(axes, pops, strict=True):
        t = tables[pop]
        pref = t.preferred_action
        cols = np.arange(pref.size)
        x, y = t.exec_mod[pref, cols], t.obs_mod[pref, cols]
        for name, color in UNIT_CLASS_COLORS.items():
            m = t.classes == name
            if m.any():
                label = f"{name.replace('_', ' ')} ({int(m.sum())})"
                ax.scatter(x[m], y[m], s=9, color=color, label=label, alpha=0.8, linewidths=0)
        lim = [min(x.min(), y.min(), 0) - 1, max(x.max(), y.max(), 1) + 1]
        ax.plot(lim, lim, color="#999999", lw=0.7, ls="--")
        ax.axhline(0, color="#999999", lw=0.5)
        ax.axvline(0, color="#999999", lw=0.5)
        ax.set_xlabel("execution modulation, preferred action (Hz)")
        ax.set_ylabel("observation modulation, same action (Hz)")
        ax.set_title(f"{POPULATION_LABELS.get(pop, pop)} ({t.block}), n = {pref.size}")
        ax.legend(loc="upper left", fontsize=7, markerscale=1.5)
    return fig


# --------------------------------------------------------------------------- cohorts


def cohort_figure(
    rows: Sequence[Mapping[str, Any]],
    table: Sequence[Mapping[str, Any]],
    path: str | Path,
    measures: Sequence[Any] | None = None,
) -> list[Path]:
    """A cohort as clinical papers show groups (e.g. Oberman et al. 2005, fig. 2): per measure,
    each group's mean and SD with its subjects as dots, and the within-group effect size d_z
    (condition against baseline) above each bar.

    Parameters
    ----------
    rows : sequence of dict
        One row per subject (:func:`mirrorsim.analysis.cohort.cohort_rows`).
    table : sequence of dict
        The group table (:func:`mirrorsim.analysis.cohort.group_table`).
    path : path
        Where to write, with or without extension (``.png`` and ``.svg``).
    measures : sequence of CohortMeasure, optional
        The measures in the table (default: the main job's); those with a baseline key are
        left out, as their change is another panel.

    Returns
    -------
    list of Path
        The PNG and the SVG.
    """
    from mirrorsim.analysis.cohort import COHORT_MEASURES

    measures = [m for m in (measures or COHORT_MEASURES) if m.baseline is None]
    groups = list(dict.fromkeys(r["group"] for r in rows))
    n_cols = 3
    n_rows = -(-len(measures) // n_cols)
    fig = new_figure(3.3 * n_cols, 2.6 * n_rows)
    axes = fig.subplots(n_rows, n_cols, squeeze=False).ravel()
    entry = {(t["group"], t["measure"]): t for t in table}
    rng = np.random.default_rng(0)  # dot jitter only
    for ax, m in zip(axes, measures, strict=False):
        for x, g in enumerate(groups):
            values = np.array([float(r[m.key]) * m.scale for r in rows if r["group"] == g])
            values = values[np.isfinite(values)]
            color = REGIME_COLORS.get(g, f"C{x}")
            t = entry[(g, m.key)]
            ax.bar(x, t["mean"], yerr=t["sd"], color=color, alpha=0.55, capsize=3, width=0.6)
            ax.scatter(x + rng.uniform(-0.18, 0.18, values.size), values, s=6, color="k", lw=0)
            if np.isfinite(t["d_z"]):
                ax.annotate(
                    f"d={t['d_z']:.1f}",
                    (x, 1.0),
                    xycoords=("data", "axes fraction"),
                    ha="center",
                    va="top",
                    fontsize=7,
                )
        ax.axhline(m.reference or 0.0, color="grey", lw=0.7)
        ax.set_xticks(range(len(groups)), groups, fontsize=7)
        ax.set_title(m.label, fontsize=8.5)
        ax.set_ylabel(m.unit, fontsize=7.5)
        ax.margins(y=0.25)
    for ax in axes[len(measures) :]:
        ax.set_visible(False)
    n = {g: sum(r["group"] == g for r in rows) for g in groups}
    fig.suptitle(
        "Simulated cohort: mean and SD per group, subjects as dots, d = Cohen's d_z vs baseline ("
        + ", ".join(f"{g} n={k}" for g, k in n.items())
        + ")",
        fontsize=9,
    )
    path = Path(path)
    return save_figure(fig, path.parent, path.stem)
