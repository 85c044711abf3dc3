"""Regression-test firing statistics in your own test suite (pytest helpers).

Compare a run with the repository's reference for the default model, or with a reference you
built for your own model variant (``mirrorsim stats --build-reference RUN_DIRS... --out REF``)::

    # test_my_variant.py
    import pytest
    from mirrorsim.params import make_params
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.simulate import run_protocol
    from mirrorsim.testing import assert_matches_reference

    @pytest.mark.slow  # one simulation, about 75 s
    def test_variant_unchanged():
        params, seed = make_params({"w_ee": "0.35 nS"}), 9001  # a seed not in the reference
        data = run_protocol(params, mirror_emergence_protocol(params, seed), seed)
        assert_matches_reference(data, reference="tests/data/my_variant.json")

``run`` may also be a run directory written by ``mirrorsim run`` or a firing summary.

Or use the fixtures: make them available in ``conftest.py`` with ::

    from mirrorsim.testing import mirrorsim_reference  # noqa: F401  (default model)
    from mirrorsim.testing import reference_fixture

    my_reference = reference_fixture("tests/data/my_variant.json")  # your variant

and take ``mirrorsim_reference`` / ``my_reference`` as test arguments (the loaded reference,
passed on as ``reference=``). A fixture whose file does not exist skips the test that uses it.

The comparison is :func:`mirrorsim.regression.check`: the run fails if its aggregate distance
from the reference seeds (a squared Mahalanobis distance over all statistics, calibrated on the
reference seeds) or any single statistic is beyond its threshold; a fresh seed of the reference
model fails with probability about ``alpha`` (default 1 %). The assertion message lists which
statistics moved and by how many spreads. What the check catches for the default model (e.g. a
20 % change of ``coupling`` or ``inhibition``) is measured in ``docs/regression-testing.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from mirrorsim.analysis.firing_summary import SUMMARY_JSON, firing_summary, read_summary
from mirrorsim.regression import (
    DEFAULT_ALPHA,
    CheckResult,
    Reference,
    check,
    format_check,
    load_reference,
)
from mirrorsim.simulate import RunData, SpikeData

__all__ = [
    "assert_matches_reference",
    "check_run",
    "mirrorsim_reference",
    "poisson_run",
    "reference_fixture",
]

RunLike = RunData | str | Path | Mapping[str, Any]


def check_run(
    run: RunLike,
    reference: Reference | str | Path | None = None,
    alpha: float = DEFAULT_ALPHA,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
) -> CheckResult:
    """Summarise ``run`` (in the reference's test block) and check it against ``reference``.

    Parameters
    ----------
    run : RunData, path or dict
        A run, a run directory (its spikes, else its ``firing_stats.json``), a
        ``firing_stats.json`` file, or a nested or flat firing summary.
    reference : dict or path, optional
        Reference (default: the repository's reference for the default model).
    alpha, include, exclude
        As in :func:`mirrorsim.regression.check`.
    """
    if not isinstance(reference, Mapping):
        reference = load_reference(reference)
    block = str(reference.get("meta", {}).get("block", "post"))
    params = None
    if isinstance(run, str | Path):
        path = Path(run)
        if path.is_dir() and (path / "spikes.npz").is_file():
            from mirrorsim.results import load_run

            run = load_run(path)
        elif path.is_dir() and not (path / SUMMARY_JSON).is_file():
            raise FileNotFoundError(f"{path}: neither spikes.npz nor {SUMMARY_JSON}")
        else:
            run = read_summary(path)
    if isinstance(run, RunData):
        params = run.params
        run = firing_summary(run, block)
    return check(run, reference, alpha, include=include, exclude=exclude, params=params)


def assert_matches_reference(
    run: RunLike,
    reference: Reference | str | Path | None = None,
    alpha: float = DEFAULT_ALPHA,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
) -> CheckResult:
    """Assert that a run's firing statistics match a reference within the derived tolerances.

    Parameters
    ----------
    run, reference, alpha, include, exclude
        As in :func:`check_run`.

    Returns
    -------
    CheckResult
        The passing result (for further inspection).

    Raises
    ------
    AssertionError
        With the aggregate distance against its threshold and the table of what moved and by
        how many spreads, if the run differs from the reference.
    FileNotFoundError
        If the reference (or the default one) does not exist.
    """
    result = check_run(run, reference, alpha, include=include, exclude=exclude)
    if not result.passed:
        raise AssertionError("firing statistics differ from the reference\n" + format_check(result))
    return result


#: Small circuit and short protocol for :func:`poisson_run` (about 50 s simulated time).
TINY_PARAMS = {
    "n_ipl_e": 80,
    "n_ipl_i": 20,
    "n_f5_e": 80,
    "n_f5_i": 20,
    "n_m1_e": 30,
    "n_gate": 10,
    "n_sts_per_action": 10,
    "n_intention_per_action": 10,
    "p_input": 0.2,  # 2 inputs per target cell, as before 0.4
    "n_test_repeats": 2,
    "n_dev_repeats": 1,
    "t_settle": "50 ms",
    "t_spontaneous": "200 ms",
    "t_trial": "100 ms",
    "t_iti": "50 ms",
    "reafference_delay": "20 ms",
    "analysis_start": "10 ms",
    "dt": "0.5 ms",
    "tms_time": "50 ms",
    "mep_window": "10 ms",
    "n_tms_repeats": 2,
    "n_tc": 20,
    "n_re": 10,
    "n_thal_drive": 20,
}
"""A circuit ~10x smaller with short trials and a coarse step, for simulations that test the
machinery (reproducibility, I/O, interruption, quick notebooks), not the science."""

SMALL_PARAMS = {
    "n_ipl_e": 60,
    "n_ipl_i": 15,
    "n_f5_e": 60,
    "n_f5_i": 15,
    "n_m1_e": 30,
    "n_gate": 10,
    "n_sts_per_action": 10,
    "n_intention_per_action": 10,
    "p_input": 0.2,  # 2 inputs per target cell, as before 0.4
    "t_settle": "100 ms",
    "t_spontaneous": "2 s",
    "n_test_repeats": 4,
    "n_dev_repeats": 1,
}


def poisson_run(
    params: Any = None,
    seed: int = 0,
    rate: float = 5.0,
    pool_rate: float | None = None,
) -> RunData:
    """A fake run without simulation: independent Poisson spikes with the run's protocol.

    Every neuron of every population fires at ``rate`` Hz; if ``pool_rate`` is given, neurons
    of action pool *k* (``ipl_e``, ``f5_e``, ``m1_e``) fire at ``pool_rate`` Hz instead during
    trials (``execute``, ``observe``, ``self_execute``) of action *k*. For testing analysis code.

    Parameters
    ----------
    params : Params or dict, optional
        Parameters or overrides (default :data:`SMALL_PARAMS`, a small, short configuration).
    seed : int
        Seed of the protocol and of the spikes.
    rate, pool_rate : float
        Background and preferred-pool rates in Hz.
    """
    from mirrorsim.params import Params, make_params
    from mirrorsim.protocols import mirror_emergence_protocol

    if not isinstance(params, Params):
        params = make_params(SMALL_PARAMS if params is None else params)
    protocol = mirror_emergence_protocol(params, seed)
    rng = np.random.default_rng([seed, 0xFA4E])
    k_actions = params.n_actions
    sizes = {
        "sts": params.n_sts_per_action * k_actions,
        "intention": params.n_intention_per_action * k_actions,
        "ipl_e": params.n_ipl_e,
        "ipl_i": params.n_ipl_i,
        "f5_e": params.n_f5_e,
        "f5_i": params.n_f5_i,
        "m1_e": params.n_m1_e,
        "gate": params.n_gate,
    }
    n_f5_pooled = int(params.f5_pool_fraction * params.n_f5_e)
    spikes = {}
    for pop, n in sizes.items():
        action = np.full(n, -1)
        if pop in ("ipl_e", "m1_e"):
            action = np.arange(n) * k_actions // n
        elif pop == "f5_e":
            action[:n_f5_pooled] = np.arange(n_f5_pooled) * k_actions // n_f5_pooled
        i, t = _poisson(rng, np.arange(n), 0.0, protocol.duration, rate)
        if pool_rate is not None and np.any(action >= 0):
            keep = np.ones(i.size, dtype=bool)
            extra_i, extra_t = [], []
            for trial in protocol.trials:
                if trial.action < 0:
                    continue
                stop = trial.onset + trial.duration
                keep &= ~((action[i] == trial.action) & (t >= trial.onset) & (t < stop))
                members = np.flatnonzero(action == trial.action)
                new_i, new_t = _poisson(rng, members, trial.onset, stop, pool_rate)
                extra_i.append(new_i)
                extra_t.append(new_t)
            i = np.concatenate([i[keep], *extra_i])
            t = np.concatenate([t[keep], *extra_t])
        order = np.argsort(t, kind="stable")
        spikes[pop] = SpikeData(i[order].astype(np.int32), t[order], n, action)
    empty = np.zeros(0)
    return RunData(
        params=params,
        protocol=protocol,
        seed=seed,
        spikes=spikes,
        weights_pre=empty,
        weights_post=empty,
        syn_i=empty.astype(np.int32),
        syn_j=empty.astype(np.int32),
        f5_ipl_target=np.zeros(params.n_f5_e, bool),
        target="synthetic",
        wall_time=0.0,
    )


def _poisson(
    rng: np.random.Generator, neurons: np.ndarray, start: float, stop: float, rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """Independent homogeneous Poisson spikes of ``neurons`` in ``[start, stop)``."""
    counts = rng.poisson(rate * (stop - start), size=neurons.size)
    i = np.repeat(neurons, counts)
    t = rng.uniform(start, stop, size=i.size)
    return i, t


def reference_fixture(path: str | Path | None = None, scope: str = "session") -> Callable:
    """A pytest fixture that loads the reference at ``path`` (default: the repository's).

    Assign it to a name in ``conftest.py``; the name is the fixture's name. Tests using it are
    skipped if the file does not exist.
    """
    import pytest

    @pytest.fixture(scope=scope)
    def _reference() -> Reference:
        try:
            return load_reference(path)
        except FileNotFoundError as err:
            pytest.skip(str(err))

    return _reference


try:
    import pytest as _pytest
except ImportError:  # pragma: no cover - pytest is a test-time dependency
    pass
else:

    @_pytest.fixture(scope="session")
    def mirrorsim_reference() -> Reference:
        """The repository's reference for the default model; skips the test if it is absent."""
        try:
            return load_reference(None)
        except FileNotFoundError as err:
            _pytest.skip(str(err))
