"""One run, one record: everything one analysis pass measures in a run, under stable keys.

:func:`run_record` analyses a run once and returns its **record**: a flat ``dict`` from keys to
scalars (float, int, bool, str or ``None``). It holds the main job's metrics (F5 classification,
mirror index, overt M1 output, rates, weights), the human-study measures of
:mod:`~mirrorsim.analysis.clinical` with the regime label, the firing statistics of
:mod:`~mirrorsim.analysis.firing_summary` and the single-unit summary of
:mod:`~mirrorsim.analysis.units`. Every key is listed in :data:`KEYS` with its unit and meaning
(the docs page *The run record* is generated from it).

Key names
    ``snake_case`` scalars (``mirror_index_post``, ``mep_facilitation``), and dotted paths for
    the per-population tables (``rate_hz.f5_e.execute``, ``firing.f5_e.spontaneous.isi_cv``,
    ``single_units.m1_e.mirror``). Measures of the test block after learning have no suffix
    (or ``_post`` where an earlier release named them so); the same measure in the test block
    before learning ends in ``_pre`` (``mep_facilitation_pre``; for a table the first part:
    ``rate_hz_pre.f5_e.rest``). These ``_pre`` keys exist only where the protocol has that
    block (``mirror-emergence``, not ``post-learning-test``); the weights before learning
    (``w_same_pre``, ``w_other_pre``) are always there.

Where it goes
    ``metrics.json`` of a run and ``measures`` of each sweep point hold the record as JSON, the
    dotted keys nested (:func:`nest`): ``m["rate_hz"]["f5_e"]["execute"]``,
    ``m["mirror_index_post"]``. :func:`read_record` reads either back as the flat record, also
    from files of earlier releases (:data:`RENAMED`). The sweep tables are columns of it, and
    the regression check takes its ``firing.*`` keys (:func:`firing_part`).

Runaway
    When the runaway guard tripped (``runaway`` true), the post-learning response measures
    marked so in :data:`KEYS` are NaN: the guard silenced the network, so they measure nothing.

Renamed keys (0.6): ``clinical.<measure>`` is ``<measure>``, ``clinical_pre.<measure>`` is
``<measure>_pre``; ``clinical.mirror_index`` and the sweeps' ``mirror_index`` are
``mirror_index_post``; ``clinical.echo_index`` and the sweeps' ``echo_index`` are
``m1_overt_observe_fraction``; the sweeps' ``f5_mirror_fraction`` is
``f5_mirror_fraction_post``. A :class:`Record` still answers to the old names, with a
:class:`FutureWarning`, until 0.7.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mirrorsim.analysis.run_metrics import BlockResult
    from mirrorsim.analysis.units import UnitTable
    from mirrorsim.simulate import RunData

#: Version of the key set; raised when a key is renamed or removed.
RECORD_FORMAT = 1

Scalar = float | int | bool | str | None


@dataclass(frozen=True)
class Key:
    """One key of the record (a pattern where it has placeholders, see :data:`PLACEHOLDERS`)."""

    name: str
    unit: str
    meaning: str
    #: also recorded before learning, as :func:`pre_name` of the name
    pre: bool = False
    #: NaN (JSON ``null``) when the runaway guard tripped
    runaway_nan: bool = False
    #: section of the key table
    group: str = ""


#: The values of the placeholders in :data:`KEYS`.
PLACEHOLDERS = {
    "pop": "a population: `sts`, `intention` (Poisson inputs), `ipl_e`, `ipl_i`, `f5_e`, "
    "`f5_i`, `m1_e`, `gate` (cortical), `tc`, `re` (thalamic loop); which of them, each key "
    "or section says",
    "condition": "a trial type of the test block: `rest`, `execute`, `observe`",
    "area": "an LFP area: `ipl`, `f5`, `m1`",
}

_ID, _F5, _RATES, _CLIN, _FIRING, _UNITS = (
    "Identity and bookkeeping",
    "F5 classification, mirror index, overt output, weights",
    "Rates per population",
    "Human-study measures and the regime",
    "Firing statistics after learning (`firing.*`: cortical populations; what the regression "
    "check compares)",
    "Single units after learning (`single_units.*`: `f5_e`, `m1_e`, `ipl_e`)",
)

_SPONT = "in the spontaneous epoch before the test block"
_TRIALS = "in the response windows of the test block's `{condition}` trials"

KEYS: tuple[Key, ...] = (
    Key("record_format", "1", "version of this key set", group=_ID),
    Key("seed", "1", "the run's seed", group=_ID),
    Key("params_digest", "", "`Params.digest()` of the run's parameters", group=_ID),
    Key("wall_time_s", "s", "wall-clock time of the simulation", group=_ID),
    Key("simulated_time_s", "s", "biological time simulated (the whole protocol)", group=_ID),
    Key("runaway", "bool", "whether the runaway guard tripped and silenced the network", group=_ID),
    Key("runaway_time_s", "s", "when the runaway guard tripped (`null` if it did not)", group=_ID),
    Key(
        "regime",
        "",
        "`hypoactive`, `typical`, `hyperactive` or `runaway` "
        "(`mirrorsim.measures.regimes.label_regime` of `mirror_index_post`, "
        "`m1_overt_observe_fraction` and `runaway`)",
        group=_ID,
    ),
    Key(
        "regime_human",
        "",
        "the regime from the human-study measures together (model §5; "
        "`mirrorsim.measures.regimes.label_regime_human`): the gate breach, then the majority "
        "of the mirror index, scalp mu and MEP facilitation",
        group=_ID,
    ),
    Key(
        "f5_mirror_fraction_post",
        "1",
        "fraction of F5 E neurons that are mirror neurons: excited while executing some action "
        "and excited or suppressed while observing some action (one-sided Mann-Whitney U "
        "against rest trials, family-wise `classification_alpha`)",
        pre=True,
        runaway_nan=True,
        group=_F5,
    ),
    Key(
        "f5_strictly_congruent_fraction",
        "1",
        "of the F5 mirror neurons: the actions that excite it when observed are exactly those "
        "that excite it when executed (Gallese et al. 1996)",
        group=_F5,
    ),
    Key(
        "f5_broadly_congruent_fraction",
        "1",
        "of the F5 mirror neurons: observed and executed actions overlap, not exactly",
        group=_F5,
    ),
    Key("f5_non_congruent_fraction", "1", "of the F5 mirror neurons: no overlap", group=_F5),
    Key(
        "f5_execution_responsive_fraction_post",
        "1",
        "fraction of F5 E neurons excited while executing some action",
        group=_F5,
    ),
    Key(
        "f5_observation_responsive_fraction_post",
        "1",
        "fraction of F5 E neurons excited or suppressed while observing some action",
        group=_F5,
    ),
    Key(
        "f5_observation_suppressed_fraction_post",
        "1",
        "fraction of F5 E neurons suppressed while observing some action",
        group=_F5,
    ),
    Key("classification_alpha", "1", "family-wise level of the classification tests", group=_F5),
    Key(
        "mirror_index_post",
        "1",
        "F5 motor-pool response to observing action k over its response to executing k, both "
        "minus rest, averaged over actions",
        pre=True,
        runaway_nan=True,
        group=_F5,
    ),
    Key(
        "m1_overt_observe_fraction",
        "1",
        "the echo index: fraction of observation trials in which the M1 pool of the observed "
        "action reached halfway from rest to its execution response (overt output)",
        pre=True,
        runaway_nan=True,
        group=_F5,
    ),
    Key(
        "w_same_post",
        "1",
        "mean IPL->F5 weight from IPL pool k onto F5 pool k (fraction of `w_ipl_f5_max`); "
        "`w_same_pre` before the development block",
        pre=True,
        group=_F5,
    ),
    Key(
        "w_other_post",
        "1",
        "mean IPL->F5 weight from IPL pool k onto the other F5 pools",
        pre=True,
        group=_F5,
    ),
    Key(
        "latency_observe_ms.{pop}",
        "ms",
        "onset latency of the observed action's pool in `observe` trials (PSTH in 5 ms bins, "
        "first of 3 bins above the pre-onset mean + 3 SD; `null` if none): `sts`, `ipl_e`, "
        "`f5_e`, `m1_e`",
        group=_F5,
    ),
    Key(
        "rate_hz.{pop}.{condition}",
        "Hz",
        "spikes per neuron per second " + _TRIALS + "; every population but `tc`, `re`",
        pre=True,
        group=_RATES,
    ),
    Key(
        "rest_rate_hz.{pop}",
        "Hz",
        "mean rate in the spontaneous epoch after learning; all populations",
        group=_RATES,
    ),
    Key(
        "isi_cv_rest.{pop}",
        "1",
        "mean ISI coefficient of variation in the spontaneous epoch after learning (NaN with "
        "too few spikes); cortical populations",
        group=_RATES,
    ),
    Key(
        "mu_suppression_observe",
        "1",
        "EEG mu suppression while observing (Oberman et al. 2005): ln of 8-13 Hz power of the "
        "F5 + M1 LFP proxy in the trials over rest trials; negative = suppression",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "mu_suppression_execute",
        "1",
        "the same while executing",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "mu_periodic_observe",
        "1",
        "mu suppression while observing net of the aperiodic (1/f) change (Donoghue et al. 2020)",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "mu_periodic_execute",
        "1",
        "the same while executing",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "eeg_mu_observe",
        "1",
        "scalp EEG mu suppression while observing (model §4): ln of 8-13 Hz power at C3, where "
        "the modelled areas arrive through a four-sphere head model with the rest of cortex at "
        "rest, in the trials over rest trials; negative = suppression",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "eeg_mu_execute",
        "1",
        "the same while executing",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "eeg_task_share",
        "1",
        "share of C3's resting 8-13 Hz power that comes from the modelled areas (the rest: the "
        "rest of cortex; set by `eeg_patch_area`)",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "mep_observe",
        "spikes",
        "TMS MEP: M1 spikes in `mep_window` after the pulse, in the pool of the observed action",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "mep_static",
        "spikes",
        "the same while viewing a static scene, for a pool-sized share of M1",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "mep_facilitation",
        "1",
        "MEP facilitation (Fadiga et al. 1995): `mep_observe / mep_static - 1`",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "bold_{area}_observe_pct",
        "%",
        "BOLD proxy (summed synaptic current, Logothetis et al. 2001) while observing, change "
        "from rest",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "bold_{area}_execute_pct",
        "%",
        "the same while executing",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "fmri_{area}_observe_pct",
        "%",
        "fMRI-like signal while observing: the area's excitatory synaptic current drives the "
        "Balloon-Windkessel model, an event-related GLM gives the percent change from baseline "
        "(NaN for runs without the synaptic drive)",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "fmri_{area}_execute_pct",
        "%",
        "the same while executing",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "f5_persistence_observe_hz",
        "Hz",
        "F5 motor-pool rate 50-250 ms after an observed action ends, minus its rest rate",
        pre=True,
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "f5_rate_rest_hz",
        "Hz",
        "F5 motor-pool rate in rest trials (mean over pools)",
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "f5_rate_observe_hz",
        "Hz",
        "F5 motor-pool rate while observing its action",
        runaway_nan=True,
        group=_CLIN,
    ),
    Key(
        "f5_rate_execute_hz",
        "Hz",
        "F5 motor-pool rate while executing its action",
        runaway_nan=True,
        group=_CLIN,
    ),
    *(
        Key(f"firing.{{pop}}.spontaneous.{stat}", unit, f"{meaning}, {_SPONT}", group=_FIRING)
        for stat, unit, meaning in (
            ("rate_hz", "Hz", "mean rate"),
            ("isi_cv", "1", "mean ISI coefficient of variation"),
            ("cv2", "1", "mean CV2 (Holt et al. 1996)"),
            ("lv", "1", "mean local variation LV (Shinomoto et al. 2003)"),
            ("fano_factor", "1", "mean Fano factor of 100 ms counts"),
            ("correlation", "1", "mean pairwise count correlation, 10 ms bins"),
            ("synchrony_chi", "1", "synchrony chi (Golomb 2007), 5 ms bins"),
        )
    ),
    Key(
        "firing.{pop}.{condition}.rate_hz",
        "Hz",
        "spikes per neuron per second " + _TRIALS,
        group=_FIRING,
    ),
    Key(
        "firing.{pop}.{condition}.fano_factor",
        "1",
        "per neuron variance over mean of its counts across trials of the same action, "
        "averaged over actions and neurons",
        group=_FIRING,
    ),
    Key(
        "firing.{pop}.{condition}.pool_rate_hz",
        "Hz",
        "rate of the pool of the trial's action (`execute`, `observe`; `ipl_e`, `f5_e`, `m1_e`)",
        group=_FIRING,
    ),
    Key(
        "firing.{pop}.{condition}.other_rate_hz",
        "Hz",
        "rate of the other pools (as `pool_rate_hz`)",
        group=_FIRING,
    ),
    *(
        Key(f"single_units.{{pop}}.{name}", unit, meaning, group=_UNITS)
        for name, unit, meaning in (
            ("mirror", "1", "fraction of the units that are mirror units"),
            (
                "strictly_congruent",
                "1",
                "of the observation-excited mirror units: strictly congruent",
            ),
            ("broadly_congruent", "1", "of those: broadly congruent"),
            ("non_congruent", "1", "of those: non-congruent"),
            (
                "observation_suppressed",
                "1",
                "of the mirror units: silenced while observing an action they execute "
                "(Kraskov et al. 2009)",
            ),
            (
                "suppressed_other_action",
                "1",
                "of the mirror units: only silenced, and only while observing actions they do "
                "not execute",
            ),
            ("motor_only", "1", "fraction of the units: execution-responsive only"),
            ("visual_only", "1", "fraction of the units: observation-responsive only"),
            (
                "exec_mod_median_hz",
                "Hz",
                "median execution modulation (rate minus rest) at the preferred action, of the "
                "execution-responsive units",
            ),
            ("exec_mod_p10_hz", "Hz", "its 10th percentile"),
            ("exec_mod_p90_hz", "Hz", "its 90th percentile"),
            (
                "obs_over_exec_mirror",
                "1",
                "mean observation / execution modulation at the preferred action, facilitated "
                "mirror units",
            ),
            ("rest_hz_mean", "Hz", "mean rest rate of the units"),
            (
                "exec_suppressed_any",
                "1",
                "fraction of the units suppressed while executing some action",
            ),
        )
    ),
)

#: The human-study measures of both test blocks (``<name>`` after, ``<name>_pre`` before).
_CLINICAL_BOTH = (
    "mu_suppression_observe",
    "mu_periodic_observe",
    "mu_suppression_execute",
    "mu_periodic_execute",
    "eeg_mu_observe",
    "eeg_mu_execute",
    "eeg_task_share",
    "mep_observe",
    "mep_static",
    "mep_facilitation",
    *(f"bold_{a}_{c}_pct" for a in ("ipl", "f5", "m1") for c in ("observe", "execute")),
    *(f"fmri_{a}_{c}_pct" for a in ("ipl", "f5", "m1") for c in ("observe", "execute")),
    "f5_persistence_observe_hz",
)
_CLINICAL_POST = (
    "f5_rate_rest_hz",
    "f5_rate_observe_hz",
    "f5_rate_execute_hz",
    "runaway",
    "runaway_time_s",
    "regime",
)

#: Keys of earlier releases -> their key now. :class:`Record` answers to the old names (with a
#: FutureWarning) until 0.7; :func:`read_record` reads old files under the new names.
RENAMED: dict[str, str] = {
    "clinical.mirror_index": "mirror_index_post",
    "clinical.echo_index": "m1_overt_observe_fraction",
    **{f"clinical.{m}": m for m in (*_CLINICAL_BOTH, *_CLINICAL_POST)},
    **{f"clinical_pre.{m}": f"{m}_pre" for m in _CLINICAL_BOTH},
    # sweep point records and tables of 0.5.0
    "mirror_index": "mirror_index_post",
    "echo_index": "m1_overt_observe_fraction",
    "f5_mirror_fraction": "f5_mirror_fraction_post",
}
#: Groups of earlier releases' ``metrics.json``, now top-level keys.
_OLD_GROUPS = ("clinical", "clinical_pre")


def pre_name(name: str) -> str:
    """The key of ``name`` in the test block before learning.

    >>> pre_name("mirror_index_post"), pre_name("mep_facilitation"), pre_name("rate_hz.{pop}")
    ('mirror_index_pre', 'mep_facilitation_pre', 'rate_hz_pre.{pop}')
    """
    head, dot, rest = name.partition(".")
    head = head.removesuffix("_post") + "_pre"
    return head + dot + rest


def _pattern(name: str) -> re.Pattern:
    parts = re.split(r"\{\w+\}", name)
    return re.compile("[a-z0-9_]+".join(re.escape(p) for p in parts) + r"\Z")


def documented(key: str) -> Key | None:
    """The entry of :data:`KEYS` that documents ``key`` (``None`` if none does).

    >>> documented("rate_hz_pre.f5_e.rest").unit
    'Hz'
    """
    for k in KEYS:
        names = (k.name, pre_name(k.name)) if k.pre else (k.name,)
        if any(_pattern(n).match(key) for n in names):
            return k
    return None


# --------------------------------------------------------------------------- the record


class Record(dict):
    """A flat record (or its nested JSON form) that still answers to the keys used before it
    (0.5.0 and the 0.6 development versions).

    An old key (:data:`RENAMED`, or the groups ``clinical`` and ``clinical_pre``) gives the
    value under its new key, with a :class:`FutureWarning`; old names are gone in 0.7.
    """

    def __missing__(self, key: str) -> Any:
        if key in RENAMED and RENAMED[key] in self:
            _warn(key, RENAMED[key])
            return self[RENAMED[key]]
        if key in _OLD_GROUPS:
            old = {k.split(".", 1)[1]: new for k, new in RENAMED.items() if k.startswith(key + ".")}
            group = {name: dict.__getitem__(self, new) for name, new in old.items() if new in self}
            if group:
                _warn(key, "top-level keys (see mirrorsim.analysis.record.RENAMED)")
                return group
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


def _warn(old: str, new: str) -> None:
    warnings.warn(
        f"record key {old!r} is {new!r} since mirrorsim 0.6; the old name goes in 0.7",
        FutureWarning,
        stacklevel=3,
    )


def nest(record: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON form of a flat record: dotted keys become nested objects.

    >>> nest({"mirror_index_post": 0.4, "rate_hz.f5_e.rest": 9.0, "rate_hz.f5_e.observe": 30.0})
    {'mirror_index_post': 0.4, 'rate_hz': {'f5_e': {'rest': 9.0, 'observe': 30.0}}}
    """
    out: dict[str, Any] = {}
    for key, value in record.items():
        *path, last = key.split(".")
        node = out
        for part in path:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def flatten(nested: Mapping[str, Any], renamed: bool = True) -> Record:
    """The flat record of its JSON form (or of a flat one), old keys read as their new ones.

    A key of an earlier release (:data:`RENAMED`) is taken under its new name unless the new
    name is there too. JSON ``null`` stays ``None``.

    >>> flatten({"clinical": {"echo_index": 0.0, "regime": "typical"}, "rate_hz": {"m1_e": {"rest": 2.0}}})
    {'m1_overt_observe_fraction': 0.0, 'regime': 'typical', 'rate_hz.m1_e.rest': 2.0}
    """  # noqa: E501
    flat: dict[str, Any] = {}

    def walk(prefix: str, node: Mapping[str, Any]) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, Mapping):
                walk(name + ".", value)
            else:
                flat[name] = value

    walk("", nested)
    if not renamed:
        return Record(flat)
    out = Record()
    for key, value in flat.items():
        new = RENAMED.get(key, key)
        if new != key and new in flat:
            continue  # the old release wrote both names
        out[new] = value
    return out


def read_record(path: str | Path) -> Record:
    """The flat record of a run folder, its ``metrics.json``, or a sweep point file.

    Files of earlier releases are read under today's keys (:data:`RENAMED`); NaN is ``None``
    in JSON and is read as NaN.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "metrics.json"
    payload = json.loads(path.read_text())
    if "measures" in payload and "knobs" in payload:  # a sweep point
        payload = payload["measures"]
    rec = flatten(payload)
    for key, value in rec.items():
        if value is None and key not in ("runaway_time_s",):
            rec[key] = math.nan
    return rec


def firing_part(record: Mapping[str, Any]) -> dict[str, float]:
    """The firing statistics of a record, keyed as the regression reference keys them
    (``population.condition.statistic``, :func:`mirrorsim.analysis.firing_summary.flatten`).

    >>> firing_part({"firing.f5_e.rest.rate_hz": 8.5, "mirror_index_post": 0.4})
    {'f5_e.rest.rate_hz': 8.5}
    """
    flat = flatten(record, renamed=False)
    return {
        k.removeprefix("firing."): (math.nan if v is None else float(v))
        for k, v in flat.items()
        if k.startswith("firing.")
    }


def run_record(
    data: RunData,
    blocks: Mapping[str, BlockResult] | None = None,
    units: Mapping[str, UnitTable] | None = None,
) -> Record:
    """Analyse a run once: its flat record (every key in :data:`KEYS`).

    Parameters
    ----------
    data : RunData
        A run (:func:`mirrorsim.simulate.run_protocol`, or :func:`mirrorsim.results.load_run`).
    blocks : dict of BlockResult, optional
        :func:`~mirrorsim.analysis.run_metrics.analyse_block` of each test block of the
        protocol, if already computed.
    units : dict of UnitTable, optional
        :func:`~mirrorsim.analysis.units.unit_tables` of the post-learning block, if already
        computed.

    Returns
    -------
    Record
        Keys as in :data:`KEYS`; ``_pre`` keys only if the protocol has a test block before
        learning.

    Examples
    --------
    >>> from mirrorsim.testing import poisson_run
    >>> rec = run_record(poisson_run(seed=1, rate=5.0, pool_rate=40.0))
    >>> round(rec["mirror_index_post"], 1), rec["regime"]
    (0.9, 'hyperactive')
    >>> rec["rate_hz.f5_e.rest"] > 0 and "firing.f5_e.spontaneous.isi_cv" in rec
    True
    """
    from mirrorsim.analysis.clinical import clinical_metrics
    from mirrorsim.analysis.firing_summary import firing_summary
    from mirrorsim.analysis.firing_summary import flatten as flatten_firing
    from mirrorsim.analysis.run_metrics import (
        analyse_block,
        clinical_summary,
        isi_cv_rest,
        observation_latencies,
        rest_rates,
        weight_selectivity,
    )
    from mirrorsim.analysis.units import unit_summary, unit_tables

    names = tuple(data.protocol.blocks)
    if blocks is None:
        blocks = {b: analyse_block(data, b) for b in names}
    post = blocks["post"]
    pre = blocks.get("pre") if "pre" in names else None
    rec: dict[str, Scalar] = {
        "record_format": RECORD_FORMAT,
        "seed": int(data.seed),
        "params_digest": data.params.digest(),
        "wall_time_s": round(float(data.wall_time), 2),
        "simulated_time_s": round(float(data.protocol.duration), 3),
    }
    clinical = clinical_summary(data, post)  # NaN where the runaway guard tripped
    rec["runaway"] = clinical.pop("runaway")
    rec["runaway_time_s"] = clinical.pop("runaway_time_s")
    rec["regime"] = clinical.pop("regime")
    rec["regime_human"] = clinical.pop("regime_human")

    fractions = post.classification.fractions()
    if pre is not None:
        rec["f5_mirror_fraction_pre"] = pre.classification.fractions()["mirror"]
    rec["f5_mirror_fraction_post"] = math.nan if data.runaway else fractions["mirror"]
    rec |= {
        "f5_strictly_congruent_fraction": fractions["strictly_congruent"],
        "f5_broadly_congruent_fraction": fractions["broadly_congruent"],
        "f5_non_congruent_fraction": fractions["non_congruent"],
        "f5_execution_responsive_fraction_post": fractions["execution_responsive"],
        "f5_observation_responsive_fraction_post": fractions["observation_responsive"],
        "f5_observation_suppressed_fraction_post": float(
            post.classification.obs_suppressed.any(axis=0).mean()
        ),
        "classification_alpha": post.classification.alpha,
    }
    if pre is not None:
        rec["mirror_index_pre"] = pre.mirror_index
    rec["mirror_index_post"] = clinical.pop("mirror_index")
    rec["m1_overt_observe_fraction"] = clinical.pop("echo_index")
    if pre is not None:
        rec["m1_overt_observe_fraction_pre"] = pre.m1_overt_observe_fraction
    rec |= weight_selectivity(data)
    rec |= _table("latency_observe_ms", observation_latencies(data, "post"))
    rec |= _table("rate_hz", post.rate_hz)
    if pre is not None:
        rec |= _table("rate_hz_pre", pre.rate_hz)
    rec |= _table("rest_rate_hz", rest_rates(data))
    rec |= _table("isi_cv_rest", isi_cv_rest(data))
    rec |= clinical
    if pre is not None:
        rec |= {f"{k}_pre": v for k, v in clinical_metrics(data, "pre").items()}
    rec |= _table("firing", flatten_firing(firing_summary(data, "post")))
    tables = unit_tables(data, "post") if units is None else units
    rec |= _table("single_units", unit_summary(dict(tables)))
    return Record({k: _scalar(v) for k, v in rec.items()})


def _table(prefix: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``{prefix.key...: value}`` of a (nested) mapping."""
    return {f"{prefix}.{k}": v for k, v in flatten(values, renamed=False).items()}


def _scalar(value: Any) -> Scalar:
    """A JSON-able scalar: numpy numbers as Python ones."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        import numpy as np

        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return int(value)
    except ImportError:  # pragma: no cover
        pass
    return float(value)


def summary_lines(record: Mapping[str, Any]) -> list[str]:
    """What ``mirrorsim run`` prints: the record's numbers outside the tables, the regime last.

    >>> summary_lines({"seed": 1, "mirror_index_post": 0.4751, "regime": "typical",
    ...                "rate_hz": {"f5_e": {"rest": 9.0}}})
    ['  mirror_index_post                          0.475', '  regime                                     typical']
    """  # noqa: E501
    flat = flatten(record)
    lines = [
        f"  {key:42s} {value:.3g}"
        for key, value in flat.items()
        if "." not in key
        and key not in ("record_format", "seed")
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ]
    if "regime" in flat:
        lines.append(f"  {'regime':42s} {flat['regime']}")
    return lines


# --------------------------------------------------------------------------- the key table


def key_table() -> str:
    """The Markdown tables of :data:`KEYS`, one per group (the docs page *The run record*)."""
    lines: list[str] = []
    group = None
    for k in KEYS:
        if k.group != group:
            group = k.group
            lines += ["", f"**{group}**", "", "| key | unit | meaning |", "|---|---|---|"]
        name = f"`{k.name}`"
        if k.pre:
            name += f", `{pre_name(k.name)}`"
        meaning = k.meaning.replace("|", "\\|")
        if k.runaway_nan:
            meaning += " (NaN on runaway)" if not k.pre else " (after learning: NaN on runaway)"
        lines.append(f"| {name} | {k.unit} | {meaning} |")
    legend = [f"- `{{{name}}}`: {text}" for name, text in PLACEHOLDERS.items()]
    return "\n".join([*legend, *lines]).strip()
