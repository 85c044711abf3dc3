"""Tests of mirrorsim.plots on a small synthetic run (Poisson spikes, no simulation)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from mirrorsim import plots
from mirrorsim.analysis import BlockResult, metrics
from mirrorsim.analysis.windows import aligned_psth
from mirrorsim.circuit import pool_of
from mirrorsim.params import make_params
from mirrorsim.protocols import Trial, mirror_emergence_protocol
from mirrorsim.simulate import RunData, SpikeData

# 8 repeats: with 3, a Mann-Whitney test of 3 vs 3 trials can never reach the Bonferroni level,
# so no neuron could be classified mirror.
SMALL = {
    "n_ipl_e": 60,
    "n_ipl_i": 15,
    "n_f5_e": 60,
    "n_f5_i": 15,
    "n_m1_e": 30,
    "n_gate": 10,
    "n_test_repeats": 8,
    "n_dev_repeats": 2,
    "t_spontaneous": "1 s",
}
NAMES = (
    "raster_pre",
    "raster_post",
    "rates_by_condition",
    "weights",
    "mirror_responses",
    "mu_spectra",
    "mep",
)
MU_GAIN = {"execute": 0.3, "observe": 0.6}  # synthetic 10 Hz amplitude relative to rest


def synthetic_lfp(protocol, rng: np.random.Generator, dt: float = 1e-3) -> dict:
    """A 10 Hz 'mu' oscillation on a constant level, damped in execute / observe trials."""
    t = np.arange(int(np.ceil(protocol.duration / dt)) + 1) * dt
    gain = np.ones_like(t)
    for tr in protocol.trials:
        if tr.condition in MU_GAIN:
            gain[(t >= tr.onset) & (t < tr.onset + tr.duration)] = MU_GAIN[tr.condition]
    mu = 1e-6 + 2e-7 * gain * np.sin(2 * np.pi * 10 * t)
    return {a: mu + 1e-9 * rng.standard_normal(t.size) for a in ("ipl", "f5", "m1")}


def _poisson(
    rng: np.random.Generator, n: int, rate: float, start: float, stop: float
) -> tuple[np.ndarray, np.ndarray]:
    count = rng.poisson(n * rate * (stop - start))
    return rng.integers(0, n, count), rng.uniform(start, stop, count)


def synthetic_run(seed: int = 3) -> RunData:
    """Poisson spikes at 5 Hz; pool k of each area fires at 40 Hz more in trials that drive it.

    Execution drives intention, F5 E and M1 E pool k; observation drives STS and IPL E pool k,
    and F5 E pool k too after learning, so that mirror neurons exist only in the ``post`` block.
    """
    params = make_params(SMALL)
    protocol = mirror_emergence_protocol(params, seed)
    rng = np.random.default_rng(seed)
    na = params.n_actions
    sizes = {
        "sts": na * params.n_sts_per_action,
        "intention": na * params.n_intention_per_action,
        "ipl_e": params.n_ipl_e,
        "ipl_i": params.n_ipl_i,
        "f5_e": params.n_f5_e,
        "f5_i": params.n_f5_i,
        "m1_e": params.n_m1_e,
        "gate": params.n_gate,
    }
    actions = {pop: np.full(n, -1) for pop, n in sizes.items()}
    for pop in ("sts", "intention", "ipl_e", "m1_e"):
        actions[pop] = pool_of(sizes[pop], na)
    actions["f5_e"] = pool_of(sizes["f5_e"], na, int(params.f5_pool_fraction * sizes["f5_e"]))
    driven_by = {
        "execute": ("intention", "f5_e", "m1_e"),
        "observe": ("sts", "ipl_e"),
        "self_execute": ("intention", "sts", "ipl_e", "f5_e", "m1_e"),
    }
    spikes = {}
    for pop, n in sizes.items():
        parts = [_poisson(rng, n, 5.0, 0.0, protocol.duration)]
        for tr in protocol.trials:
            pops = driven_by.get(tr.condition, ())
            if pop in pops or (pop == "f5_e" and tr.condition == "observe" and tr.block == "post"):
                members = np.flatnonzero(actions[pop] == tr.action)
                idx, t = _poisson(rng, members.size, 40.0, tr.onset, tr.onset + tr.duration)
                parts.append((members[idx], t))
        i = np.concatenate([p[0] for p in parts])
        t = np.concatenate([p[1] for p in parts])
        order = np.argsort(t)
        spikes[pop] = SpikeData(i[order].astype(np.int32), t[order], n, actions[pop])
    target = rng.uniform(size=sizes["f5_e"]) < params.f5_ipl_target_fraction
    post, pre = np.nonzero(
        target[:, None] & (rng.uniform(size=(sizes["f5_e"], sizes["ipl_e"])) < params.p_ipl_f5)
    )
    w_pre = rng.uniform(0.02, 0.08, pre.size)
    same = actions["ipl_e"][pre] == actions["f5_e"][post]
    w_post = np.where(same, rng.uniform(0.5, 1.0, pre.size), rng.uniform(0.0, 0.2, pre.size))
    return RunData(
        params=params,
        protocol=protocol,
        seed=seed,
        spikes=spikes,
        weights_pre=w_pre,
        weights_post=w_post,
        syn_i=pre.astype(np.int32),
        syn_j=post.astype(np.int32),
        f5_ipl_target=target,
        target="synthetic",
        wall_time=0.0,
        lfp=synthetic_lfp(protocol, rng),
        tms_times=np.array(
            [tr.onset + 0.05 for tr in protocol.trials if tr.condition.endswith("_tms")]
        ),
    )


@pytest.fixture(scope="module")
def run() -> tuple[RunData, dict, dict[str, BlockResult]]:
    data = synthetic_run()
    summary, blocks = metrics(data)
    return data, summary, blocks


def test_mirror_emergence_figures_writes_png_and_svg(run, tmp_path: Path) -> None:
    data, _, blocks = run
    paths = plots.mirror_emergence_figures(data, blocks, tmp_path / "figs")
    expected = {f"{n}.{ext}" for n in NAMES for ext in ("png", "svg")}
    assert {p.name for p in paths} == expected
    assert {p.name for p in (tmp_path / "figs").iterdir()} == expected
    for p in paths:
        head = p.read_bytes()[:64]
        assert p.stat().st_size > 1000
        assert head.startswith(b"\x89PNG") if p.suffix == ".png" else b"<svg" in p.read_bytes()


@pytest.mark.parametrize("block", ["pre", "post"])
def test_raster_psth_has_raster_and_psth_per_condition(run, block: str) -> None:
    data, _, _ = run
    fig = plots.raster_psth(data, block, action=1)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 6
    titles = [ax.get_title() for ax in fig.axes[:3]]
    assert titles[0].startswith("Rest") and "Execute action 1" in titles[1]
    assert "Observe action 1" in titles[2]
    psth = fig.axes[3:]
    assert all(len(ax.patches) >= 3 for ax in psth)  # three pool PSTHs (stairs) per column


def test_raster_psth_rejects_bad_block_and_action(run) -> None:
    data, _, _ = run
    with pytest.raises(ValueError, match="block"):
        plots.raster_psth(data, "development")
    with pytest.raises(ValueError, match="action"):
        plots.raster_psth(data, "pre", action=data.params.n_actions)


def test_rates_by_condition_takes_blocks_or_metrics(run) -> None:
    _, summary, blocks = run
    for source in (blocks, summary):
        fig = plots.rates_by_condition(source)
        assert isinstance(fig, Figure)
        visible = [ax for ax in fig.axes if ax.get_visible()]
        assert len(visible) == 8
        # 3 conditions x (pre, post) bars per population panel
        assert all(len(ax.patches) == 6 for ax in visible)
    with pytest.raises(ValueError):
        plots.rates_by_condition({"post": 1})


def test_weight_matrix_panels_and_pool_means(run) -> None:
    data, _, _ = run
    fig = plots.weight_matrix(data)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 5  # pre, post matrices, pre, post pool means, shared colour bar
    n = data.params.n_actions
    post_means = fig.axes[3].images[0].get_array()
    assert post_means.shape == (n, n + 1)
    ipl = data.spikes["ipl_e"].action[data.syn_i]
    f5 = data.spikes["f5_e"].action[data.syn_j]
    mask = (ipl == 0) & (f5 == 0)
    assert post_means[0, 0] == pytest.approx(data.weights_post[mask].mean())


def test_mirror_responses_panels(run) -> None:
    data, _, blocks = run
    fig = plots.mirror_responses(blocks, data)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    scatter, bars = fig.axes
    n_points = sum(len(c.get_offsets()) for c in scatter.collections)
    assert n_points == data.spikes["f5_e"].n
    assert len(bars.patches) == 2 * 5
    assert blocks["post"].classification.mirror.any()


def test_save_figure_returns_paths(tmp_path: Path) -> None:
    fig = plots.new_figure(3, 2)
    fig.add_subplot().plot([0, 1], [0, 1])
    paths = plots.save_figure(fig, tmp_path / "new", "line")
    assert [p.name for p in paths] == ["line.png", "line.svg"]
    assert all(p.stat().st_size > 0 for p in paths)


def test_psth_known_rate_and_unsorted_spikes() -> None:
    edges = np.arange(-0.2, 0.8 + 0.005, 0.01)
    trials = [Trial("pre", "rest", -1, onset, 0.5) for onset in (1.0, 3.0)]
    # neuron 0 (in the pool) spikes 5 ms after each onset; neuron 1 (not in the pool) too
    i = np.array([0, 1, 0, 1])
    t = np.array([1.005, 1.005, 3.005, 3.005])
    rate = aligned_psth(i, t, np.array([True, False]), trials, edges)
    k = np.searchsorted(edges, 0.005) - 1
    assert rate[k] == pytest.approx(100.0)  # 2 spikes / (1 neuron * 2 trials * 10 ms)
    assert rate.sum() == pytest.approx(100.0)
    s = SpikeData(i=i[::-1].copy(), t=t[::-1].copy(), n=2, action=np.array([0, -1]))
    si, st = plots._sorted_spikes(s)
    assert np.all(np.diff(st) >= 0) and sorted(si.tolist()) == [0, 0, 1, 1]


def test_clinical_measures_find_the_synthetic_mu_suppression(run) -> None:
    """Amplitude x0.3 (execute) and x0.6 (observe) -> power ratio 0.09 and 0.36."""
    from mirrorsim.analysis.clinical import mu_suppression

    mu = mu_suppression(run[0], "post")
    assert mu["mu_suppression_execute"] == pytest.approx(np.log(0.09), abs=0.1)
    assert mu["mu_suppression_observe"] == pytest.approx(np.log(0.36), abs=0.1)


def test_levels_figure_draws_one_line_per_group():
    from mirrorsim.training_plots import levels_figure

    records = [
        {"c": c, "m": m, "y": c * (1 + m) + 0.1 * s} for c in (0.5, 1.0) for m in (0, 1)
        for s in range(3)
    ]  # fmt: skip
    fig = levels_figure(records, "c", {"y": "outcome"}, "c", "title", group="m")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["m = 0", "m = 1"]
    lines = [line for line in ax.lines if line.get_linestyle() != "None"]
    assert len(lines) == 2 and lines[1].get_ydata()[1] == pytest.approx(2.1)
    plain = levels_figure(records, "c", {"y": "outcome"}, "c", "title")
    assert plain.axes[0].get_legend() is None
