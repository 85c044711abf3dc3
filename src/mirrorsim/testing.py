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

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from mirrorsim.analysis.firing_summary import SUMMARY_JSON, firing_summary, read_summary
from mirrorsim.presets import overrides
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
    seed: int | None = None,
) -> CheckResult:
    """Summarise ``run`` (in the reference's test block) and check it against ``reference``.

    Parameters
    ----------
    run : RunData, path or dict
        A run, a run directory (its spikes, else its ``firing_stats.json``, else the
        ``firing.*`` keys of its ``metrics.json``), a ``firing_stats.json`` or ``metrics.json``
        file, a nested or flat firing summary, or a run record
        (:func:`mirrorsim.analysis.record.run_record`, its post-learning ``firing.*`` keys).
    reference : dict or path, optional
        Reference (default: the repository's reference for the default model).
    alpha, include, exclude
        As in :func:`mirrorsim.regression.check`.
    seed : int, optional
        The run's seed, for a paired reference
        (:func:`mirrorsim.regression.build_paired_reference`); by default the seed the run,
        its folder or its record holds.

    Returns
    -------
    CheckResult
        ``passed``, the comparisons and what moved (:func:`mirrorsim.regression.format_check`
        prints it).

    Examples
    --------
    A fake run (Poisson spikes, no simulation) against a reference of ten such runs:

    >>> from mirrorsim.analysis.firing_summary import firing_summary
    >>> from mirrorsim.regression import build_reference
    >>> seeds = range(1, 11)
    >>> reference = build_reference([firing_summary(poisson_run(seed=s)) for s in seeds])
    >>> check_run(poisson_run(seed=99), reference).passed
    True
    >>> check_run(poisson_run(seed=99, rate=8.0), reference).passed
    False
    """
    if not isinstance(reference, Mapping):
        reference = load_reference(reference)
    block = str(reference.get("meta", {}).get("block", "post"))
    params = None
    if seed is None:
        seed = _seed_of(run)
    if isinstance(run, str | Path):
        path = Path(run)
        if path.is_dir() and (path / "spikes.npz").is_file():
            from mirrorsim.results import load_run

            run = load_run(path)
        elif path.is_dir() and not (path / SUMMARY_JSON).is_file():
            run = _record_firing(
                path / "metrics.json", block, f"neither spikes.npz nor {SUMMARY_JSON}"
            )
        elif path.name == "metrics.json":
            run = _record_firing(path, block, "no such file")
        else:
            run = read_summary(path)
    elif isinstance(run, Mapping) and any(str(k).startswith("firing") for k in run):
        run = _firing_of_record(run, block)
    if isinstance(run, RunData):
        params = run.params
        seed = int(run.seed) if seed is None else seed
        run = firing_summary(run, block)
    return check(run, reference, alpha, include=include, exclude=exclude, params=params, seed=seed)


def _seed_of(run: RunLike) -> int | None:
    """The seed a run's ``firing_stats.json`` or record holds, or a record mapping (else None;
    a :class:`RunData` knows its own)."""
    if isinstance(run, RunData):
        return None
    if isinstance(run, Mapping):
        return int(run["seed"]) if isinstance(run.get("seed"), int) else None
    path = Path(run)
    candidates = [path] if path.is_file() else [path / SUMMARY_JSON, path / "metrics.json"]
    for candidate in candidates:
        if candidate.is_file():
            try:
                record = json.loads(candidate.read_text())
            except (OSError, ValueError):
                continue
            if isinstance(record, Mapping) and isinstance(record.get("seed"), int):
                return int(record["seed"])
    return None


def _record_firing(path: Path, block: str, missing: str) -> dict[str, float]:
    """The firing statistics of the run record in ``path`` (a ``metrics.json``)."""
    from mirrorsim.analysis.record import read_record

    if not path.is_file():
        raise FileNotFoundError(f"{path.parent}: {missing}")
    return _firing_of_record(read_record(path), block, path)


def _firing_of_record(record: Mapping[str, Any], block: str, where: Any = "the record") -> dict:
    from mirrorsim.analysis.record import firing_part

    firing = firing_part(record)
    if not firing:
        raise FileNotFoundError(f"{where}: no firing statistics (firing.*) in the record")
    if block != "post":
        raise ValueError(f"{where}: the record holds the post-learning block, not {block!r}")
    return firing


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

    Examples
    --------
    >>> from mirrorsim.analysis.firing_summary import firing_summary
    >>> from mirrorsim.regression import build_reference
    >>> reference = build_reference([firing_summary(poisson_run(seed=s)) for s in range(1, 11)])
    >>> assert_matches_reference(poisson_run(seed=99), reference).passed
    True
    >>> assert_matches_reference(poisson_run(seed=99, rate=8.0), reference)
    Traceback (most recent call last):
    ...
    AssertionError: firing statistics differ from the reference
    FAIL: ...

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


#: The overrides of :func:`mirrorsim.presets.tiny` (kept under this name: tests and users'
#: code use it).
TINY_PARAMS = overrides("tiny")
#: The overrides of :func:`mirrorsim.presets.small`, the configuration of :func:`poisson_run`.
SMALL_PARAMS = overrides("small")


def poisson_run(
    params: Any = None,
    seed: int = 0,
    rate: float = 5.0,
    pool_rate: float | None = None,
    protocol: Any = None,
) -> RunData:
    """A fake run without simulation: independent Poisson spikes with the run's protocol.

    Every neuron of every population fires at ``rate`` Hz; if ``pool_rate`` is given, neurons
    of action pool *k* (``ipl_e``, ``f5_e``, ``m1_e``) fire at ``pool_rate`` Hz instead during
    trials (``execute``, ``observe``, ``self_execute``) of action *k*. For testing analysis code.

    Parameters
    ----------
    params : Params or dict, optional
        Parameters or overrides (default: the ``small`` preset, :func:`mirrorsim.presets.small`).
    seed : int
        Seed of the protocol and of the spikes.
    rate, pool_rate : float
        Background and preferred-pool rates in Hz.
    protocol : Protocol, optional
        The schedule (default: :func:`~mirrorsim.protocols.mirror_emergence_protocol` of
        ``params`` and ``seed``).

    Returns
    -------
    RunData
        Spikes of the input and cortical populations (not the thalamus), with the protocol of
        ``params`` and ``seed``; no weights, no LFP proxy.

    Examples
    --------
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)
    >>> data.target, sorted(data.spikes)[:4]
    ('synthetic', ['f5_e', 'f5_i', 'gate', 'intention'])
    >>> from mirrorsim.analysis.run_metrics import rest_rates
    >>> round(rest_rates(data)["f5_e"])  # Hz, at rest; 40 Hz in a pool during its trials
    5
    """
    from mirrorsim.params import Params, make_params
    from mirrorsim.protocols import mirror_emergence_protocol

    if not isinstance(params, Params):
        params = make_params(SMALL_PARAMS if params is None else params)
    if protocol is None:
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
        lfp=_spike_lfp(spikes, protocol.duration),
    )


#: The populations whose spikes stand in for an area's LFP proxy in :func:`poisson_run`.
_LFP_POPULATIONS = {"ipl": ("ipl_e", "ipl_i"), "f5": ("f5_e", "f5_i"), "m1": ("m1_e",)}


def _spike_lfp(spikes: dict[str, SpikeData], duration: float, dt: float = 1e-3) -> dict:
    """A stand-in for the LFP proxy of a synthetic run: each area's spike count per ``dt``
    (plus one, so that no bin is empty), so that the clinical measures are defined."""
    n = int(round(duration / dt))
    return {
        area: 1.0
        + sum(
            np.bincount(np.minimum((spikes[p].t / dt).astype(int), n - 1), minlength=n)
            for p in pops
        ).astype(np.float64)
        for area, pops in _LFP_POPULATIONS.items()
    }


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
