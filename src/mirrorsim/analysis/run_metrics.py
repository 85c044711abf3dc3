"""From a run's spikes and weights to the main job's metrics (pure computation, no simulation).

Response windows are ``[onset + analysis_start, onset + t_trial)`` of each trial. Rates are
spikes per neuron per second in those windows. :mod:`mirrorsim.analysis.record` gathers these
measures into the run's record (``metrics.json``), under the keys it documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import second

from mirrorsim.analysis.clinical import clinical_metrics
from mirrorsim.analysis.windows import aligned_psth, spike_counts, time_sorted
from mirrorsim.circuit import CORTICAL, INPUTS
from mirrorsim.measures import stats
from mirrorsim.measures.classification import Classification, classify, mirror_index
from mirrorsim.measures.echo import echo_index, overt_threshold_from_execution
from mirrorsim.measures.latency import onset_latency
from mirrorsim.measures.regimes import label_regime, label_regime_human
from mirrorsim.protocols import CONDITIONS
from mirrorsim.simulate import RunData

RATE_POPULATIONS = (*INPUTS, *CORTICAL)
CV_POPULATIONS = CORTICAL


@dataclass
class BlockResult:
    """Everything measured in one test block (``pre`` or ``post`` learning)."""

    classification: Classification
    mirror_index: float
    pool_rates: dict[str, np.ndarray]  # condition -> (n_actions,) F5 motor-pool rates
    rate_hz: dict[str, dict[str, float]]
    m1_overt_observe_fraction: float
    counts: dict[str, list[np.ndarray]]  # condition -> per action (n_trials, n) F5 E counts


def analyse_block(data: RunData, block: str) -> BlockResult:
    """Classify F5 E neurons and compute rates, mirror index and overt output in ``block``.

    Parameters
    ----------
    data : RunData
        A run (:func:`mirrorsim.simulate.run_protocol`, or read back with
        :func:`mirrorsim.results.load_run`).
    block : {"pre", "post"}
        The test block, before or after learning.

    Returns
    -------
    BlockResult
        The F5 E classification, the mirror index of the F5 motor pools, the rate of every
        population per condition, M1's overt fraction while observing and the trial counts.

    Examples
    --------
    A synthetic run (Poisson spikes, no simulation) in which each action pool fires at 40 Hz
    whenever its action is executed or observed: observation drives the pools as much as
    execution does, so the mirror index is near 1.

    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)
    >>> result = analyse_block(data, "post")
    >>> round(result.mirror_index, 1)
    0.9
    >>> sorted(result.rate_hz)[:3]
    ['f5_e', 'f5_i', 'gate']
    """
    p, prot = data.params, data.protocol
    start = float(p.analysis_start / second)
    win = float(p.t_trial / second) - start
    f5 = data.spikes["f5_e"]
    rest_trials = prot.block_trials(block, "rest")
    by_action = {
        c: [
            [tr for tr in prot.block_trials(block, c) if tr.action == k] for k in range(p.n_actions)
        ]
        for c in ("execute", "observe")
    }
    counts = {
        "rest": [spike_counts(f5, rest_trials, start)],
        "execute": [spike_counts(f5, trs, start) for trs in by_action["execute"]],
        "observe": [spike_counts(f5, trs, start) for trs in by_action["observe"]],
    }
    cls = classify(counts["rest"][0], counts["execute"], counts["observe"])

    pools = [f5.action == k for k in range(p.n_actions)]
    pool_rates = {
        "rest": np.array([counts["rest"][0][:, m].mean() / win for m in pools]),
        "execute": np.array(
            [c[:, m].mean() / win for c, m in zip(counts["execute"], pools, strict=True)]
        ),
        "observe": np.array(
            [c[:, m].mean() / win for c, m in zip(counts["observe"], pools, strict=True)]
        ),
    }
    mi = mirror_index(pool_rates["rest"], pool_rates["execute"], pool_rates["observe"])

    rate_hz = {}
    for pop in RATE_POPULATIONS:
        s = data.spikes[pop]
        rate_hz[pop] = {
            c: float(spike_counts(s, prot.block_trials(block, c), start).mean() / win)
            for c in CONDITIONS
        }
    overt = _m1_overt_fraction(data, block, by_action, start)
    return BlockResult(cls, mi, pool_rates, rate_hz, overt, counts)


def _m1_overt_fraction(data: RunData, block: str, by_action, start: float) -> float:
    """Fraction of observation trials in which M1 pool *k* output crosses the overt threshold.

    Overt = the pool's spike count reaches halfway between its mean at rest and its mean while
    executing *k* (:func:`~mirrorsim.measures.echo.overt_threshold_from_execution`).
    """
    m1 = data.spikes["m1_e"]
    rest_trials = data.protocol.block_trials(block, "rest")
    fractions = []
    for k in range(data.params.n_actions):
        pool = m1.action == k
        rest = spike_counts(m1, rest_trials, start)[:, pool].sum(axis=1)
        exe = spike_counts(m1, by_action["execute"][k], start)[:, pool].sum(axis=1)
        obs = spike_counts(m1, by_action["observe"][k], start)[:, pool].sum(axis=1)
        threshold = overt_threshold_from_execution(exe, rest)
        fractions.append((echo_index(obs, threshold), len(obs)))
    valid = [(f, n) for f, n in fractions if np.isfinite(f)]
    if not valid:
        return float("nan")
    return float(sum(f * n for f, n in valid) / sum(n for _, n in valid))


def isi_cv_rest(data: RunData, epoch: str = "spontaneous_post") -> dict[str, float]:
    """Mean ISI CV per population over the spontaneous rest epoch (NaN if too few spikes).

    Parameters
    ----------
    data : RunData
        A run.
    epoch : str
        The protocol epoch (``"spontaneous_pre"`` or ``"spontaneous_post"``, before or after
        learning).

    Returns
    -------
    dict of str to float
        Population (the cortical ones, :data:`mirrorsim.circuit.CORTICAL`) -> the mean, over its
        neurons, of the coefficient of variation of their inter-spike intervals.

    Examples
    --------
    >>> from mirrorsim.testing import poisson_run
    >>> cv = isi_cv_rest(poisson_run(seed=1))
    >>> sorted(cv)
    ['f5_e', 'f5_i', 'gate', 'ipl_e', 'ipl_i', 'm1_e']
    >>> 0.5 < cv["f5_e"] < 1.2  # Poisson spikes: near 1 (lower in a short epoch)
    True
    """
    e = data.protocol.epoch(epoch)
    out = {}
    for pop in CV_POPULATIONS:
        s = data.spikes[pop]
        out[pop] = stats.population_mean(stats.isi_cv(s.i, s.t, s.n, e.start, e.stop))
    return out


def rest_rates(data: RunData, epoch: str = "spontaneous_post") -> dict[str, float]:
    """Mean rate of every population over a spontaneous rest epoch.

    Parameters
    ----------
    data : RunData
        A run.
    epoch : str
        The protocol epoch (``"spontaneous_pre"`` or ``"spontaneous_post"``).

    Returns
    -------
    dict of str to float
        Population -> spikes per neuron per second (Hz) in the epoch.

    Examples
    --------
    >>> from mirrorsim.testing import poisson_run
    >>> rates = rest_rates(poisson_run(seed=1, rate=5.0))
    >>> round(rates["f5_e"])
    5
    """
    e = data.protocol.epoch(epoch)
    return {pop: stats.mean_rate(s.i, s.t, s.n, e.start, e.stop) for pop, s in data.spikes.items()}


def weight_selectivity(data: RunData) -> dict[str, float]:
    """Mean IPL->F5 weight from IPL pool k onto F5 pool k ('same') and onto other pools.

    Parameters
    ----------
    data : RunData
        A run, with its IPL->F5 synapses (``syn_i``, ``syn_j``) and their weights before and
        after learning (``weights_pre``, ``weights_post``; fractions of ``w_ipl_f5_max``).

    Returns
    -------
    dict of str to float
        ``w_same_pre``, ``w_other_pre``, ``w_same_post``, ``w_other_post``; NaN where there is
        no such synapse. Learning shows as ``w_same_post`` well above ``w_other_post``.

    Examples
    --------
    Synthetic weights: all-to-all, grown on the diagonal pools only.

    >>> import numpy as np
    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1)
    >>> ipl, f5 = data.spikes["ipl_e"].action, data.spikes["f5_e"].action
    >>> data.syn_i, data.syn_j = np.nonzero(np.ones((ipl.size, f5.size)))
    >>> data.weights_pre = np.full(data.syn_i.size, 0.05)
    >>> data.weights_post = np.where(ipl[data.syn_i] == f5[data.syn_j], 0.5, 0.05)
    >>> weight_selectivity(data)
    {'w_same_pre': 0.05, 'w_other_pre': 0.05, 'w_same_post': 0.5, 'w_other_post': 0.05}
    """
    ipl_pool = data.spikes["ipl_e"].action[data.syn_i]
    f5_pool = data.spikes["f5_e"].action[data.syn_j]
    same = (ipl_pool == f5_pool) & (f5_pool >= 0)
    other = (ipl_pool != f5_pool) & (f5_pool >= 0)

    def mean(w, mask):
        return float(w[mask].mean()) if mask.any() else float("nan")

    return {
        "w_same_pre": mean(data.weights_pre, same),
        "w_other_pre": mean(data.weights_pre, other),
        "w_same_post": mean(data.weights_post, same),
        "w_other_post": mean(data.weights_post, other),
    }


#: Populations whose observation-response latency the record holds: the visual input, the
#: parietal and premotor pools and the motor output, each the pool of the observed action.
LATENCY_POPULATIONS = ("sts", "ipl_e", "f5_e", "m1_e")
LATENCY_BIN = 0.005  # s
LATENCY_BASELINE = 0.2  # s before onset (within the inter-trial interval)


def observation_latencies(data: RunData, block: str = "post") -> dict[str, float]:
    """Onset latency (ms) of each population's response to observing an action in ``block``.

    The PSTH of the pool of the observed action (``action == k``), averaged over the block's
    ``observe`` trials of every action, in 5 ms bins from ``LATENCY_BASELINE`` before to the end
    of the trial; the onset as :func:`~mirrorsim.measures.latency.onset_latency` (3 bins above
    baseline mean + 3 SD). Visual input (``sts``) first; do F5 mirror pools follow it or lead
    it (contiguity, model §6.8)? NaN where no onset is found or the baseline is too short.
    """
    p, prot = data.params, data.protocol
    t_trial = float(p.t_trial / second)
    baseline = min(LATENCY_BASELINE, float(p.t_iti / second))
    edges = np.arange(-round(baseline / LATENCY_BIN), round(t_trial / LATENCY_BIN) + 1)
    edges = edges * LATENCY_BIN
    trials = prot.block_trials(block, "observe")
    out = {}
    for pop in LATENCY_POPULATIONS:
        spikes = data.spikes.get(pop)
        if spikes is None or not trials or baseline < 2 * LATENCY_BIN:
            out[pop] = float("nan")
            continue
        i, t = time_sorted(spikes)
        total = np.zeros(edges.size - 1)
        for k in range(p.n_actions):
            mine = [tr for tr in trials if tr.action == k]
            total += aligned_psth(i, t, spikes.action == k, mine, edges) * len(mine)
        psth = total / len(trials)
        out[pop] = onset_latency(psth, edges) * 1000.0 if psth.any() else float("nan")
    return out


def clinical_summary(data: RunData, post: BlockResult) -> dict:
    """The regime measures of the post-learning test block and the regime label.

    Parameters
    ----------
    data : RunData
        A run.
    post : BlockResult
        :func:`analyse_block` of its ``"post"`` block.

    Returns
    -------
    dict
        ``metrics.json``'s ``clinical``: the mirror and echo indices, every measure of
        :func:`mirrorsim.analysis.clinical.clinical_metrics`, the F5 motor-pool rates at rest,
        observing and executing, ``runaway`` and ``runaway_time_s`` (a run the runaway guard
        stopped has NaN measures), ``regime``
        (:func:`mirrorsim.measures.regimes.label_regime`) and ``regime_human``
        (:func:`~mirrorsim.measures.regimes.label_regime_human`).
    """
    pools = post.pool_rates
    out = {
        "mirror_index": post.mirror_index,
        "echo_index": post.m1_overt_observe_fraction,
        **clinical_metrics(data, "post"),
        "f5_rate_rest_hz": float(pools["rest"].mean()),
        "f5_rate_observe_hz": float(pools["observe"].mean()),
        "f5_rate_execute_hz": float(pools["execute"].mean()),
        "runaway": data.runaway,
        "runaway_time_s": data.runaway_time,
    }
    if data.runaway:  # the guard silenced the network: what follows the trip measures nothing
        out.update(
            {
                k: float("nan")
                for k, v in out.items()
                if isinstance(v, float) and not k.startswith("runaway")
            }
        )
    out["regime"] = label_regime(out)
    out["regime_human"] = label_regime_human(out)
    return out


def metrics(data: RunData) -> tuple[dict, dict[str, BlockResult]]:
    """The run's record as ``metrics.json`` holds it, and the per-block results behind it.

    Parameters
    ----------
    data : RunData
        A run, from :func:`mirrorsim.simulate.run_protocol` or :func:`mirrorsim.results.load_run`.

    Returns
    -------
    summary : Record
        The run's record (:func:`mirrorsim.analysis.record.run_record`) with its dotted keys
        nested, as ``metrics.json`` holds it (``summary["rate_hz"]["f5_e"]["execute"]``); the
        keys are listed in :data:`mirrorsim.analysis.record.KEYS` (docs: *The run record*).
    blocks : dict of str to BlockResult
        :func:`analyse_block` of each test block of the protocol (``"pre"``, ``"post"``).

    Examples
    --------
    A synthetic run (Poisson spikes, no simulation) in which each action pool fires at 40 Hz
    whenever its action is executed or observed (its LFP stand-in is the spike count: the
    spectral and BOLD measures say nothing here).

    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)
    >>> summary, blocks = metrics(data)
    >>> sorted(blocks)
    ['post', 'pre']
    >>> round(summary["mirror_index_post"], 1), round(summary["rate_hz"]["f5_e"]["rest"])
    (0.9, 5)
    >>> summary["regime"]  # every observation is overt here: echo index 1
    'hyperactive'
    """
    from mirrorsim.analysis.record import Record, nest, run_record

    blocks = {b: analyse_block(data, b) for b in data.protocol.blocks}
    return Record(nest(run_record(data, blocks))), blocks
