"""Figures of the training experiments (model §6.6-§6.9). Of ``counter-mirror``: the observation
-> execution mapping before and after training (one run), and the mapping's change across seeds
and training kinds (a summary); of ``expertise``: the gains per action role; of the development
sweeps (contingency, contiguity): outcomes against the swept knob.

The measures are :mod:`mirrorsim.analysis.training`'s; the layout follows Catmur, Walsh & Heyes
(2007, Curr Biol 17:1527, Fig. 2): responses of the seen action's own muscle and of the other
muscle, before and after incompatible or compatible training.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from mirrorsim.analysis.training import counter_pool
from mirrorsim.plots import new_figure, save_figure, styled

BLOCK_TITLES = {"post": "after development", "trained": "after training"}
TRAINING_COLORS = {"compatible": "#55a868", "incompatible": "#c44e52"}


@styled
def mapping_figure(record: Mapping[str, Any]) -> Figure:
    """One run: the F5 mapping matrix of each block (counter pairs outlined) and the mirror vs
    counter responses of F5 pools (Hz above rest) and M1 muscles (MEP facilitation)."""
    fig = new_figure(10.5, 3.4)
    axes = fig.subplots(1, 4, width_ratios=[1, 1, 0.8, 0.8])
    matrices = [np.asarray(record[f"{b}.mapping_matrix"]) for b in BLOCK_TITLES]
    vmax = max(float(np.abs(m).max()) for m in matrices) or 1.0
    counter = counter_pool(matrices[0].shape[0])
    for ax, (block, title), m in zip(axes[:2], BLOCK_TITLES.items(), matrices, strict=True):
        image = ax.imshow(m, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
        for s, k in enumerate(counter):
            ax.add_patch(_outline(k, s))
        ax.set(
            title=f"{title} ({block})",
            xlabel="F5 pool (executes action)",
            ylabel="seen action",
            xticks=range(m.shape[1]),
            yticks=range(m.shape[0]),
        )
    fig.colorbar(image, ax=axes[:2], shrink=0.8, label="rate above rest (Hz)")
    _paired_bars(axes[2], record, "congruent_hz", "counter_hz", "F5 pools, observe (Hz)")
    _paired_bars(axes[3], record, "mep_seen", "mep_counter", "MEP facilitation")
    fig.suptitle(
        f"{record['training_mapping']} training ({record['n_train_repeats']} per action): "
        f"mapping {record['post.mapping_hz']:.1f} -> {record['trained.mapping_hz']:.1f} Hz"
    )
    return fig


def _outline(x: int, y: int):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, edgecolor="k", linewidth=1.5)


def _paired_bars(ax, record: Mapping[str, Any], mirror: str, counter: str, label: str) -> None:
    x = np.arange(len(BLOCK_TITLES))
    for offset, key, name, color in (
        (-0.18, mirror, "seen action's own", "#4c72b0"),
        (0.18, counter, "counter-paired", "#dd8452"),
    ):
        values = [record[f"{b}.{key}"] for b in BLOCK_TITLES]
        ax.bar(x + offset, values, width=0.36, color=color, label=name)
    ax.axhline(0, color="k", linewidth=0.6)
    ax.set(xticks=x, xticklabels=list(BLOCK_TITLES), ylabel=label)
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom, top + 0.35 * (top - bottom))  # room for the legend above the bars
    ax.legend(fontsize="small", frameon=False, loc="upper center")


@styled
def training_summary_figure(records: Sequence[Mapping[str, Any]]) -> Figure:
    """Across seeds: each run's mapping (F5, Hz) and muscle specificity (MEP seen - counter)
    before and after training, one line per seed, by training kind."""
    fig = new_figure(8.5, 3.4)
    axes = fig.subplots(1, 2)
    panels = (
        (lambda r, b: r[f"{b}.mapping_hz"], "F5 mapping: own - counter pool (Hz)"),
        (lambda r, b: r[f"{b}.mep_seen"] - r[f"{b}.mep_counter"], "MEP: own - counter muscle"),
    )
    kinds = sorted({r["training_mapping"] for r in records})
    for ax, (value, label) in zip(axes, panels, strict=True):
        for i, kind in enumerate(kinds):
            runs = [r for r in records if r["training_mapping"] == kind]
            ys = np.array([[value(r, b) for b in BLOCK_TITLES] for r in runs])
            xs = np.array([0, 1]) + 2.5 * i
            for y in ys:
                ax.plot(xs, y, color=TRAINING_COLORS.get(kind, "grey"), alpha=0.4, marker="o")
            ax.errorbar(
                xs,
                ys.mean(axis=0),
                yerr=ys.std(axis=0, ddof=1) if len(ys) > 1 else None,
                color=TRAINING_COLORS.get(kind, "grey"),
                linewidth=2.5,
                capsize=4,
                label=kind,
            )
        ax.axhline(0, color="k", linewidth=0.6)
        ax.set(
            xticks=[x + 2.5 * i for i in range(len(kinds)) for x in (0, 1)],
            xticklabels=["before", "after"] * len(kinds),
            ylabel=label,
        )
        ax.legend(frameon=False, fontsize="small")
    fig.suptitle(f"training the observation -> execution mapping ({len(records)} runs)")
    return fig


@styled
def training_dose_figure(records: Sequence[Mapping[str, Any]]) -> Figure:
    """The F5 mapping (own - counter pool, Hz) and the counter-congruent share of F5 units after
    training against the number of training trials per action, by training kind (mean and SD
    over seeds; the value after development, before training, at 0)."""
    fig = new_figure(8.5, 3.4)
    axes = fig.subplots(1, 2)
    panels = (
        ("mapping_hz", "F5 mapping: own - counter pool (Hz)"),
        ("counter_units", "counter-congruent F5 E units"),
    )
    kinds = sorted({r["training_mapping"] for r in records})
    for ax, (key, label) in zip(axes, panels, strict=True):
        for kind in kinds:
            runs = [r for r in records if r["training_mapping"] == kind]
            doses = sorted({r["n_train_repeats"] for r in runs})
            before = [r[f"post.{key}"] for r in runs]
            ys = [before] + [
                [r[f"trained.{key}"] for r in runs if r["n_train_repeats"] == d] for d in doses
            ]
            mean = [float(np.mean(y)) for y in ys]
            sd = [float(np.std(y, ddof=1)) if len(y) > 1 else 0.0 for y in ys]
            ax.errorbar(
                [0, *doses],
                mean,
                yerr=sd,
                marker="o",
                capsize=3,
                label=kind,
                color=TRAINING_COLORS.get(kind, "grey"),
            )
        ax.axhline(0, color="k", linewidth=0.6)
        ax.set(xlabel="training trials per action (development: 20)", ylabel=label)
        ax.legend(frameon=False, fontsize="small")
    fig.suptitle("how much training re-maps observation onto execution")
    return fig


def counter_mirror_figures(record: Mapping[str, Any], out_dir: str | Path) -> list[Path]:
    """The run's figure ``mapping`` as PNG + SVG in ``out_dir``."""
    return save_figure(mapping_figure(record), out_dir, "mapping")


EXPERTISE_COLORS = {"practised": "#c44e52", "seen": "#4c72b0", "untrained": "#999999"}


@styled
def expertise_figure(records: Sequence[Mapping[str, Any]]) -> Figure:
    """F5 observation response (Hz above rest) and M1 MEP facilitation of the practised, the
    seen and the untrained action, before and after the expertise block; one dot per run, bars
    the mean (Calvo-Merino et al. 2006's contrast: practised vs seen)."""
    from mirrorsim.protocols import EXPERTISE_ROLES

    fig = new_figure(9.5, 3.4)
    axes = fig.subplots(1, 3)
    panels = (
        ("observe_hz", "F5 pool, observing (Hz above rest)"),
        ("mep_facilitation", "MEP facilitation (obs / static - 1)"),
    )
    for ax, (key, label) in zip(axes[:2], panels, strict=True):
        for n, role in enumerate(EXPERTISE_ROLES):
            for m, block in enumerate(BLOCK_TITLES):
                values = np.array([r[f"{block}.{role}.{key}"] for r in records], dtype=float)
                x = n * 3 + m
                ax.bar(
                    x,
                    np.nanmean(values),
                    color=EXPERTISE_COLORS[role],
                    alpha=0.45 if block == "post" else 0.9,
                )
                ax.plot(np.full(values.size, x), values, "k.", markersize=4)
        ax.set(
            xticks=[n * 3 + 0.5 for n in range(len(EXPERTISE_ROLES))],
            xticklabels=list(EXPERTISE_ROLES),
            ylabel=label,
        )
        ax.axhline(0, color="k", linewidth=0.6)
    gains = [[r[f"gain.{role}"] for r in records] for role in EXPERTISE_ROLES]
    axes[2].boxplot(gains, tick_labels=list(EXPERTISE_ROLES))
    axes[2].axhline(0, color="k", linewidth=0.6)
    axes[2].set(ylabel="F5 observation response gain (Hz)")
    fig.suptitle(f"expertise: light bars before, dark after ({len(records)} runs)")
    return fig


@styled
def levels_figure(
    records: Sequence[Mapping[str, Any]],
    knob: str,
    panels: Mapping[str, str],
    xlabel: str,
    title: str,
    group: str | None = None,
) -> Figure:
    """One panel per outcome (``panels``: record key -> axis label) against the swept ``knob``:
    each run a grey dot, the mean ± SD across seeds as a line; with ``group`` (a record key)
    one line per value of it, labelled ``group = value``."""
    from mirrorsim.sweep.output import by_level

    groups = sorted({r[group] for r in records}) if group else [None]
    colors = ["k", "#d95f02", "#1b9e77", "#7570b3"]
    fig = new_figure(2.75 * len(panels), 3.0)
    axes = np.atleast_1d(fig.subplots(1, len(panels)))
    for g, color in zip(groups, colors, strict=False):
        chosen = [r for r in records if group is None or r[group] == g]
        table = by_level(chosen, knob, list(panels))
        levels = list(table)
        label = None if group is None else f"{group} = {g:g}"
        for ax, (key, axis_label) in zip(axes, panels.items(), strict=True):
            for r in chosen:
                ax.plot(r[knob], r[key], "o", color="#999999", alpha=0.5)
            means = [table[level][key]["mean"] for level in levels]
            sds = [table[level][key]["sd"] for level in levels]
            ax.errorbar(levels, means, yerr=sds, color=color, marker="s", capsize=3, label=label)
            ax.set(xlabel=xlabel, ylabel=axis_label, xticks=levels)
            if len(levels) > 5:
                ax.tick_params(axis="x", labelrotation=60)
    if group is not None:
        axes[0].legend(frameon=False, fontsize="small")
    fig.suptitle(f"{title} (grey: seeds; lines: mean ± sd)")
    return fig


#: Kohler et al. (2002)'s conditions: V+S, V, S, M.
AUDIOVISUAL_TITLES = {
    "see_hear": "see + hear",
    "observe": "see only",
    "hear": "hear only",
    "execute": "execute",
}


@styled
def audiovisual_figure(data: Any) -> Figure:
    """Experiment ``audiovisual`` (one run): population PSTHs of the F5 E neurons that respond
    to both the sound and the sight of an action after learning, per condition (Kohler et al.
    2002, Fig. 1: V+S, V, S, M), each neuron on the trials of its preferred sounding action,
    before (grey) and after (black) learning; the shares of sound, sight and audio-visual
    neurons; and how well a linear decoder tells the heard action (chance dashed)."""
    from brian2 import second

    from mirrorsim.analysis.audiovisual import audiovisual_measures, sound_units
    from mirrorsim.analysis.windows import aligned_psth, time_sorted

    p, prot = data.params, data.protocol
    t_trial = float(p.t_trial / second)
    edges = np.arange(-0.2, t_trial + 0.2 + 1e-9, 0.02)
    post = sound_units(data, "post")
    chosen = post["both"] if post["both"].any() else post["sound"]
    i, t = time_sorted(data.spikes["f5_e"])
    fig = new_figure(13, 3.2)
    axes = fig.subplots(1, 6)
    for ax, (condition, title) in zip(axes[:4], AUDIOVISUAL_TITLES.items(), strict=True):
        for block, color in (("pre", "#999999"), ("post", "k")):
            total, n_trials = np.zeros(edges.size - 1), 0
            for k in range(p.n_sounding_actions):
                trials = [tr for tr in prot.block_trials(block, condition) if tr.action == k]
                mask = chosen & (post["preferred_see"] == k)
                if trials and mask.any():
                    weight = mask.sum() * len(trials)
                    total += aligned_psth(i, t, mask, trials, edges) * weight
                    n_trials += weight
            if n_trials:
                ax.plot(edges[:-1] * 1000, total / n_trials, color=color, label=block)
        ax.axvspan(0, t_trial * 1000, color="#dddddd", zorder=0)
        ax.set(title=title, xlabel="ms from onset")
    axes[0].set_ylabel(f"F5 E rate (Hz), {int(chosen.sum())} neurons")
    if axes[0].lines:
        axes[0].legend(frameon=False)
    shares = ("sound_only_fraction", "sight_only_fraction", "audiovisual_fraction")
    measures = {block: audiovisual_measures(data, block) for block in ("pre", "post")}
    x = np.arange(len(shares))
    styles = (("pre", "#999999"), ("post", "k"))
    for offset, (block, color) in zip((-0.2, 0.2), styles, strict=True):
        axes[4].bar(x + offset, [measures[block][s] for s in shares], 0.4, color=color, label=block)
    labels = ["sound\nonly", "sight\nonly", "both"]
    axes[4].set(xticks=x, xticklabels=labels, ylabel="share of F5 E")
    axes[5].bar([0, 1], [measures[b]["decoder_accuracy"] for b in ("pre", "post")],
                color=["#999999", "k"])  # fmt: skip
    axes[5].axhline(measures["post"]["decoder_chance"], color="k", linestyle="--", linewidth=0.8)
    axes[5].set(xticks=[0, 1], xticklabels=["pre", "post"], ylim=(0, 1.05),
                ylabel="heard action decoded (CV accuracy)")  # fmt: skip
    fig.suptitle(
        f"audiovisual: {p.n_sounding_actions} of {p.n_actions} actions make a sound "
        f"(seed {data.seed})"
    )
    return fig


HIDDEN_TITLES = {
    "observe": "full vision",
    "hidden": "hidden (object)",
    "mime": "mimed",
    "hidden_mime": "hidden mimed",
    "object_only": "object alone",
}


@styled
def hidden_figure(data: Any) -> Figure:
    """Experiment ``hidden-action`` (one run): population PSTHs of the F5 mirror neurons per
    condition, each neuron on the trials of its preferred action, aligned to the screen
    passage as in Umiltà et al. (2001: full vision, hidden, mimed, hidden mimed; the
    object alone as the control), and the shares of mirror neurons that respond in each."""
    from brian2 import second

    from mirrorsim.analysis.hidden import hidden_measures, hidden_units
    from mirrorsim.analysis.windows import aligned_psth, time_sorted

    p, prot = data.params, data.protocol
    block = prot.blocks[-1]
    t_trial, screen = float(p.t_trial / second), float(p.screen_time / second)
    edges = np.arange(-0.2, t_trial + 0.2 + 1e-9, 0.02)
    units = hidden_units(data, block)
    mirror = units["mirror"]
    i, t = time_sorted(data.spikes["f5_e"])
    fig = new_figure(13, 3.2)
    axes = fig.subplots(1, len(HIDDEN_TITLES) + 1, sharey=False)
    for ax, (condition, title) in zip(axes, HIDDEN_TITLES.items(), strict=False):
        trials = prot.block_trials(block, condition)
        total, n_trials = np.zeros(edges.size - 1), 0
        for k in range(p.n_actions):
            mask = mirror & (units["preferred"] == k)
            chosen = [tr for tr in trials if condition == "object_only" or tr.action == k]
            if chosen and mask.any():
                weight = mask.sum() * len(chosen)
                total += aligned_psth(i, t, mask, chosen, edges) * weight
                n_trials += weight
        if n_trials:
            ax.plot((edges[:-1] - screen) * 1000, total / n_trials, color="k")
        seen = t_trial if condition in ("observe", "mime") else screen
        if condition != "object_only":
            ax.axvspan(-screen * 1000, (seen - screen) * 1000, color="#dddddd", zorder=0)
        if condition in ("hidden", "hidden_mime"):
            ax.axvspan(0, (t_trial - screen) * 1000, color="#f3d9b1", zorder=0)
        ax.axvline(0, color="k", linestyle=":", linewidth=0.8)
        ax.set(title=title, xlabel="ms from screen passage")
    axes[0].set_ylabel(f"F5 mirror neurons (Hz), n = {int(mirror.sum())}")
    top = max(ax.get_ylim()[1] for ax in axes[:-1])
    for ax in axes[:-1]:
        ax.set_ylim(0, top)
    measures = hidden_measures(data, block)
    keys = ("hidden_fraction", "hidden_mime_fraction", "mime_fraction", "object_fraction")
    axes[-1].bar(range(len(keys)), [measures[k] for k in keys], color="k")
    labels = ["hidden", "hidden\nmimed", "mimed", "object"]
    axes[-1].set(xticks=range(len(keys)), xticklabels=labels, ylim=(0, 1.05),
                 ylabel="share of mirror neurons responding")  # fmt: skip
    fig.suptitle(
        "hidden-action: the action is seen in the grey span, hidden in the orange one "
        f"(seed {data.seed}, coupling {p.coupling:g})"
    )
    return fig
