"""A run as an NWB file (``run.nwb``): the field's standard format for neurophysiology data.

NWB (Neurodata Without Borders) files can be opened with pynwb, MatNWB and NWB viewers such
as Neurosift, and archived on DANDI, so simulated data can be analysed with the same tools as
recorded data (for Neo and Elephant, see ``docs/nwb.md``). Layout of the file
:func:`write_nwb` writes (NWB paths):

- ``/units``: one row per neuron of every simulated population (as many rows as neurons), in
  the order of :data:`mirrorsim.circuit.POPULATIONS` without the input generators (``sts``,
  ``intention``: Poisson stimuli, not recorded units; half of a run's spikes, which would double
  the file; they stay in ``spikes.npz``): ``spike_times`` (s) and the columns
  ``population``, ``neuron_index`` (index within its population), ``preferred_action`` (the
  neuron's pool ``action``, -1 if none), ``classification`` and ``classification_pre`` (the F5 E
  category after and before learning, :func:`classification_label`; ``"n/a"`` for other
  populations) and ``classification_flags`` (every category that applies after learning,
  :func:`classification_flags`). For F5 E, M1 E and IPL E, where the post-learning block tests
  every action, also their single-unit responses (:mod:`mirrorsim.analysis.units`):
  ``unit_class``, ``preferred_action_execution``, ``exec_modulation_hz`` and
  ``obs_modulation_hz`` (one value per action, Hz above rest) and ``exec_significance`` and
  ``obs_significance`` (per action ``+``, ``-`` or empty, comma-separated); ``"n/a"``, -1 or NaN
  for the other populations. Its ``resolution`` is the simulation time step.
- ``/intervals/trials``: one row per trial of ``protocol.trials``: ``start_time``,
  ``stop_time``, ``block``, ``condition`` and ``action`` (-1 for rest).
- ``/intervals/epochs``: one row per ``protocol.epochs`` entry (settle, spontaneous, test and
  development spans), its name in ``tags`` and ``epoch_name``; ``plastic`` marks the learning
  epoch.
- ``/processing/ecephys/lfp_proxy_<area>``: one ``TimeSeries`` per cortical area (``ipl``,
  ``f5``, ``m1``): summed absolute synaptic current of the area's E cells in amperes, from
  t = 0 at ``1 / lfp_dt`` Hz. A proxy, not an LFP (no electrodes, no volume conduction, no cell
  geometry), so it is a plain ``TimeSeries``, not an ``ecephys.LFP`` of an ``ElectricalSeries``.
- ``/processing/ecephys/excitatory_drive_<area>``: the excitatory synaptic current summed over
  all the area's cells (A, same rate), the input of the fMRI-like BOLD model.
- ``/processing/misc/ipl_to_f5_weights``: one row per plastic IPL E -> F5 E synapse:
  ``presynaptic_index`` and ``postsynaptic_index`` (``syn_i``, ``syn_j``),
  ``presynaptic_unit`` and ``postsynaptic_unit`` (rows of ``/units``), ``weight_pre`` and
  ``weight_post`` (dimensionless; an isolated spike's conductance step is
  ``w * w_ipl_f5_max``).
- ``/processing/misc/parameters`` and ``/processing/misc/provenance``: ``key`` / ``value``
  tables of every parameter (``Params.to_strings()``) and of the provenance (seed, versions,
  code target, git state, host, times; nested entries as ``outer.inner``), each value as JSON
  text, so that ``json.loads`` restores its type. Tables rather than JSON in ``notes`` or
  ``scratch``: NWB viewers list tables, and nwbinspector checks them (a table cell holding a
  JSON dict would be a best-practice violation, hence the flattening).

Times are simulated seconds from the start of the simulation. NWB requires a wall-clock
reference for them, ``session_start_time``: it is the time the run was started,
``provenance["started"]`` (timezone-aware ISO 8601). The ``subject`` is the simulated network,
not an animal: NWB best practice requires one (nwbinspector reports a missing subject, its id,
sex and age as CRITICAL), so it is described as what it is: species the NCBI Taxonomy term
*synthetic construct* (``NCBITaxon_32630``), sex ``"O"`` (other: a model has none), born
(``date_of_birth``) when the run started, since the network is built then.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from mirrorsim.analysis import BlockResult
    from mirrorsim.measures.classification import Classification
    from mirrorsim.simulate import RunData

SYNTHETIC_CONSTRUCT = "http://purl.obolibrary.org/obo/NCBITaxon_32630"
"""NCBI Taxonomy term *synthetic construct*: the subject's species (a simulated network)."""

NOT_APPLICABLE = "n/a"
"""The classification of units that are not F5 E neurons (only those are classified)."""

CLASSIFIED_POPULATION = "f5_e"

_LFP_DESCRIPTION = (
    "LFP proxy of area {area}: summed absolute AMPA and GABA synaptic currents of its excitatory "
    "cells, sampled every {dt_ms:g} ms of simulated time. A proxy computed from the model, not a "
    "recorded or simulated extracellular potential: no electrodes, no volume conduction, no "
    "cell geometry."
)


def classification_label(cls: Classification, k: int) -> str:
    """The most specific category of neuron ``k``.

    Parameters
    ----------
    cls : Classification
        The classification of a test block (:attr:`BlockResult.classification`).
    k : int
        Neuron index within F5 E.

    Returns
    -------
    str
        ``"mirror, strictly congruent"``, ``"mirror, broadly congruent"``,
        ``"mirror, non-congruent"``, ``"execution-responsive"``, ``"observation-responsive"``
        (excited or suppressed by observation, not by execution) or ``"unresponsive"``.
    """
    if cls.mirror[k]:
        if cls.strictly_congruent[k]:
            return "mirror, strictly congruent"
        if cls.broadly_congruent[k]:
            return "mirror, broadly congruent"
        return "mirror, non-congruent"
    if cls.execution_responsive[k]:
        return "execution-responsive"
    if cls.observation_responsive[k]:
        return "observation-responsive"
    return "unresponsive"


def classification_flags(cls: Classification, k: int) -> str:
    """Every category that applies to neuron ``k``, ``"; "``-separated (``""`` if none).

    Parameters
    ----------
    cls : Classification
        The classification of a test block.
    k : int
        Neuron index within F5 E.

    Returns
    -------
    str
        A subset, in this order, of ``execution-responsive``, ``observation-excited``,
        ``observation-suppressed``, ``observation-responsive``, ``mirror``,
        ``strictly congruent``, ``broadly congruent``, ``non-congruent``.
    """
    flags = {
        "execution-responsive": cls.execution_responsive[k],
        "observation-excited": cls.obs_excited[:, k].any(),
        "observation-suppressed": cls.obs_suppressed[:, k].any(),
        "observation-responsive": cls.observation_responsive[k],
        "mirror": cls.mirror[k],
        "strictly congruent": cls.strictly_congruent[k],
        "broadly congruent": cls.broadly_congruent[k],
        "non-congruent": cls.non_congruent[k],
    }
    return "; ".join(name for name, on in flags.items() if on)


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def _json_text(value: Any) -> str:
    from mirrorsim.results import to_jsonable

    return json.dumps(to_jsonable(value))


def _start_time(provenance: Mapping[str, Any]) -> dt.datetime:
    started = provenance.get("started")
    if started is None:
        raise ValueError("provenance needs 'started' (ISO 8601, with time zone): the session start")
    start = started if isinstance(started, dt.datetime) else dt.datetime.fromisoformat(str(started))
    if start.tzinfo is None:
        raise ValueError(f"provenance['started'] must carry a time zone, got {started!r}")
    return start


def _name_value_table(name: str, description: str, record: Mapping[str, Any]):
    from hdmf.common import DynamicTable

    table = DynamicTable(name=name, description=description)
    table.add_column("key", "name of the entry")
    table.add_column("value", "value as JSON text (json.loads restores numbers, booleans, null)")
    for key, value in record.items():
        table.add_row(key=str(key), value=_json_text(value))
    return table


def _unit_tables(data: RunData) -> dict:
    """Unit tables of the post-learning block where it tests every action in execution and
    observation (:func:`mirrorsim.analysis.units.unit_tables`), else ``{}``."""
    from mirrorsim.analysis.units import unit_tables

    trials = data.protocol.block_trials("post", "execute") + data.protocol.block_trials(
        "post", "observe"
    )
    tested = {(t.condition, t.action) for t in trials}
    every = {(c, a) for c in ("execute", "observe") for a in range(data.params.n_actions)}
    if not every <= tested or not data.protocol.block_trials("post", "rest"):
        return {}
    return unit_tables(data, "post")


def write_nwb(
    data: RunData,
    blocks: Mapping[str, BlockResult],
    path: str | Path,
    provenance: Mapping[str, Any],
) -> Path:
    """Write a run as an NWB file (layout in the module docstring).

    Parameters
    ----------
    data : RunData
        The run (:func:`mirrorsim.simulate.run_protocol`).
    blocks : mapping of str to BlockResult
        Per-block results (:func:`mirrorsim.analysis.metrics`); ``"post"`` gives the units'
        ``classification``, ``"pre"`` their ``classification_pre`` (``"n/a"`` for a missing block).
    path : str or Path
        The file to write (``run.nwb``); replaced if it exists.
    provenance : mapping
        :func:`mirrorsim.results.provenance` (may hold nested dicts such as ``phases_s``); its
        ``"started"`` (timezone-aware ISO 8601 string or datetime) becomes the session start.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ValueError
        If ``provenance`` has no timezone-aware ``"started"``.
    """
    from brian2 import second
    from hdmf.backends.hdf5 import H5DataIO
    from hdmf.common import DynamicTable, VectorData, VectorIndex
    from pynwb import NWBHDF5IO, NWBFile, TimeSeries
    from pynwb.file import Subject
    from pynwb.misc import Units

    from mirrorsim.circuit import INPUTS, LFP_AREAS, POPULATIONS

    path = Path(path)
    params, protocol, seed = data.params, data.protocol, int(data.seed)
    start = _start_time(provenance)
    sim_dt = float(params.dt / second)
    parameters = params.to_strings()
    prov = {"seed": seed, **_flatten(provenance), "runaway_time_s": data.runaway_time}
    revision = provenance.get("git_revision") or "unknown"
    dirty = " (uncommitted changes)" if provenance.get("git_dirty") else ""
    version = provenance.get("mirrorsim_version", "unknown")
    identity = json.dumps([parameters, seed, str(start), revision], sort_keys=True, default=str)

    nwb = NWBFile(
        session_description=(
            f"Simulated run of mirrorsim (seed {seed}): a Brian2 spiking-network model of the "
            "parieto-premotor mirror-neuron system, tested before and after learning by "
            "self-observation. Simulation output, not a recording."
        ),
        identifier=str(uuid.uuid5(uuid.NAMESPACE_URL, "mirrorsim:" + identity)),
        session_start_time=start,
        session_id=f"seed-{seed}",
        experiment_description=(
            "Emergence of mirror neurons in F5 by Hebbian learning of IPL -> F5 weights during "
            "self-observation; F5 E neurons classified from execution, observation and rest "
            "trials (one-sided Mann-Whitney U tests)."
        ),
        data_collection=(
            f"Simulated with Brian2 {provenance.get('brian2_version', 'unknown')}, code target "
            f"{data.target!r}, time step {sim_dt * 1e3:g} ms. Times are simulated seconds from "
            "the start of the simulation; session_start_time is when the run was started."
        ),
        source_script=f"mirrorsim {version}, git revision {revision}{dirty}",
        source_script_file_name="mirrorsim/nwb.py",
        keywords=["mirror neurons", "spiking network model", "simulation", "Brian2", "F5", "IPL"],
        notes=(
            "Parameters and provenance: /processing/misc/parameters and "
            "/processing/misc/provenance (values as JSON text). The LFP series are proxies "
            "(summed |I_syn|), not potentials."
        ),
    )
    nwb.subject = Subject(
        subject_id=f"network-seed-{seed}",
        description=(
            "Not an animal: one instance of the simulated mirrorsim network, its connectivity and "
            f"input drawn with seed {seed}. Species is the NCBI Taxonomy term 'synthetic "
            "construct'; sex 'O' (other) because a model has none; date_of_birth is when the "
            "run started and the network was built."
        ),
        species=SYNTHETIC_CONSTRUCT,
        sex="O",
        date_of_birth=start,
    )

    # --- units: one row per neuron of every population
    post, pre = blocks.get("post"), blocks.get("pre")
    # Built column by column: add_unit row by row costs ~5 ms a unit (35 s for a default run).
    columns: dict[str, list] = {
        k: [] for k in ("population", "neuron_index", "preferred_action", "classification")
    }
    columns |= {"classification_pre": [], "classification_flags": []}
    # per-unit responses of the unit-table populations after learning (issue 22 item 5)
    tables = _unit_tables(data) if "post" in blocks else {}
    n_actions = data.params.n_actions
    unit_columns: dict[str, list] = {
        k: []
        for k in (
            "unit_class",
            "preferred_action_execution",
            "exec_modulation_hz",
            "obs_modulation_hz",
            "exec_significance",
            "obs_significance",
        )
    }
    times: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    first_row: dict[str, int] = {}
    for name in (p for p in POPULATIONS if p not in INPUTS):
        spikes = data.spikes.get(name)
        if spikes is None:
            continue
        first_row[name] = len(columns["population"])
        order = np.lexsort((spikes.t, spikes.i))
        i, t = np.asarray(spikes.i)[order], np.asarray(spikes.t, dtype=float)[order]
        times.append(t)
        counts.append(np.bincount(i, minlength=spikes.n)[: spikes.n])
        classified = name == CLASSIFIED_POPULATION
        columns["population"] += [name] * spikes.n
        columns["neuron_index"] += list(range(spikes.n))
        columns["preferred_action"] += [int(a) for a in spikes.action]
        for key, block, label in (
            ("classification", post, classification_label),
            ("classification_pre", pre, classification_label),
            ("classification_flags", post, classification_flags),
        ):
            columns[key] += (
                [label(block.classification, k) for k in range(spikes.n)]
                if classified and block
                else [NOT_APPLICABLE] * spikes.n
            )
        table = tables.get(name)
        if table is None:
            unit_columns["unit_class"] += [NOT_APPLICABLE] * spikes.n
            unit_columns["preferred_action_execution"] += [-1] * spikes.n
            for key in ("exec_modulation_hz", "obs_modulation_hz"):
                unit_columns[key] += [[np.nan] * n_actions] * spikes.n
            for key in ("exec_significance", "obs_significance"):
                unit_columns[key] += [NOT_APPLICABLE] * spikes.n
        else:
            exec_sig, obs_sig = table.significance()
            unit_columns["unit_class"] += [str(c) for c in table.classes]
            unit_columns["preferred_action_execution"] += [
                int(a) for a in table.preferred_action
            ]
            unit_columns["exec_modulation_hz"] += table.exec_mod.T.tolist()
            unit_columns["obs_modulation_hz"] += table.obs_mod.T.tolist()
            unit_columns["exec_significance"] += exec_sig
            unit_columns["obs_significance"] += obs_sig
    descriptions = {
        "population": "population the neuron belongs to",
        "neuron_index": "index of the neuron within its population",
        "preferred_action": "the neuron's action pool; -1 if it belongs to none",
        "classification": "F5 E neurons: most specific category after learning (test block "
        f"'post'); '{NOT_APPLICABLE}' for other populations",
        "classification_pre": "F5 E neurons: most specific category before learning; "
        f"'{NOT_APPLICABLE}' otherwise",
        "classification_flags": "F5 E neurons: every category that applies after learning, "
        f"'; '-separated; '{NOT_APPLICABLE}' for other populations",
        "unit_class": "F5 E, M1 E and IPL E: single-unit class after learning "
        "(mirrorsim.measures.classification.UNIT_CLASSES: strictly / broadly / non-congruent, "
        "observation_suppressed, suppressed_other_action, motor_only, visual_only, other); "
        f"'{NOT_APPLICABLE}' for other populations",
        "preferred_action_execution": "F5 E, M1 E and IPL E: the action with the largest "
        "execution modulation after learning; -1 for other populations",
        "exec_modulation_hz": "F5 E, M1 E and IPL E: per action (one value each, in action "
        "order), execution rate minus rest rate after learning (Hz); NaN for other populations",
        "obs_modulation_hz": "as exec_modulation_hz, for observation",
        "exec_significance": "F5 E, M1 E and IPL E: per action, comma-separated, '+' excited, "
        "'-' suppressed, '' neither, in execution (one-sided Mann-Whitney U against rest, "
        f"Bonferroni over actions); '{NOT_APPLICABLE}' for other populations",
        "obs_significance": "as exec_significance, for observation",
    }
    columns |= unit_columns
    spike_times = VectorData(
        name="spike_times",
        description="the spike times of each unit (s)",
        data=H5DataIO(
            np.concatenate(times) if times else np.zeros(0), compression="gzip", shuffle=True
        ),
    )
    spike_index = VectorIndex(
        name="spike_times_index",
        data=np.cumsum(np.concatenate(counts)) if counts else np.zeros(0, dtype=int),
        target=spike_times,
    )
    units = Units(
        name="units",
        description=(
            "Every simulated neuron, population by population; spike times are exact simulation "
            "times (multiples of the time step)."
        ),
        resolution=sim_dt,
        id=np.arange(len(columns["population"])),
        columns=[
            spike_times,
            spike_index,
            *(VectorData(name=k, description=descriptions[k], data=v) for k, v in columns.items()),
        ],
    )
    nwb.units = units

    # --- trials and epochs
    nwb.add_trial_column(
        "block", "the block: a test block ('pre', 'post', 'trained'), 'development' or 'training'"
    )
    nwb.add_trial_column(
        "condition",
        "'rest', 'execute', 'observe', their TMS variants, or 'self_execute' (executing and "
        "then seeing an action)",
    )
    nwb.add_trial_column("action", "the action executed or observed; -1 for rest")
    nwb.add_trial_column(
        "seen_action",
        "the action seen in the trial: in 'self_execute' the one seen after the execution (the "
        "executed one, or another in counter-mirror training), else as 'action'",
    )
    nwb.add_trial_column(
        "visible",
        "seconds after start_time at which the action passes behind a screen ('hidden' and "
        "'hidden_mime' trials, model §6.11); NaN when it is seen to the end or not at all",
    )
    for trial in protocol.trials:
        seen = trial.action if trial.seen_action is None else trial.seen_action
        nwb.add_trial(
            start_time=float(trial.onset),
            stop_time=float(trial.onset + trial.duration),
            block=trial.block,
            condition=trial.condition,
            action=int(trial.action),
            seen_action=int(seen),
            visible=float("nan") if trial.visible is None else float(trial.visible),
        )
    nwb.add_epoch_column("epoch_name", "name of the span in the protocol")
    nwb.add_epoch_column("plastic", "whether IPL -> F5 learning is on (the learning epoch)")
    for epoch in protocol.epochs:
        nwb.add_epoch(
            start_time=float(epoch.start),
            stop_time=float(epoch.stop),
            tags=[epoch.name],
            epoch_name=epoch.name,
            plastic=epoch.name in protocol.learning_epochs,
        )

    # --- LFP proxy, one series per area
    ecephys = nwb.create_processing_module(
        "ecephys", "LFP proxy per cortical area (summed |I_syn|; not a potential)"
    )
    for area in (*LFP_AREAS, *sorted(set(data.lfp) - set(LFP_AREAS))):
        if area not in data.lfp:
            continue
        ecephys.add(
            TimeSeries(
                name=f"lfp_proxy_{area}",
                data=H5DataIO(np.asarray(data.lfp[area], dtype=np.float64), compression="gzip"),
                unit="A",
                starting_time=0.0,
                rate=1.0 / float(data.lfp_dt),
                description=_LFP_DESCRIPTION.format(area=area, dt_ms=data.lfp_dt * 1e3),
            )
        )

    for area, drive in sorted(data.drive.items()):
        ecephys.add(
            TimeSeries(
                name=f"excitatory_drive_{area}",
                data=H5DataIO(np.asarray(drive, dtype=np.float64), compression="gzip"),
                unit="A",
                starting_time=0.0,
                rate=1.0 / float(data.lfp_dt),
                description=(
                    f"Excitatory synaptic current summed over all {area} cells (E and I), sampled "
                    f"every {data.lfp_dt * 1e3:g} ms: the input of the fMRI-like BOLD model "
                    "(docs: model §4)."
                ),
            )
        )

    # --- weights, parameters, provenance
    misc = nwb.create_processing_module(
        "misc", "IPL -> F5 weights before and after learning; parameters; provenance"
    )
    syn_i, syn_j = np.asarray(data.syn_i, dtype=np.int64), np.asarray(data.syn_j, dtype=np.int64)
    weights = DynamicTable(
        name="ipl_to_f5_weights",
        id=np.arange(len(syn_i)),
        description=(
            "Plastic IPL E -> F5 E synapses: dimensionless weight w (0..1) at the start of the "
            "run and at its end; the conductance step of an isolated spike is w * w_ipl_f5_max."
        ),
    )
    weights.add_column("presynaptic_index", "IPL E neuron index (syn_i)", data=syn_i)
    weights.add_column("postsynaptic_index", "F5 E neuron index (syn_j)", data=syn_j)
    weights.add_column(
        "weight_pre", "w before learning", data=np.asarray(data.weights_pre, dtype=float)
    )
    weights.add_column(
        "weight_post", "w after learning", data=np.asarray(data.weights_post, dtype=float)
    )
    if "ipl_e" in first_row and "f5_e" in first_row:
        weights.add_column(
            "presynaptic_unit",
            "row of /units of the presynaptic IPL E neuron",
            data=syn_i + first_row["ipl_e"],
            table=units,
        )
        weights.add_column(
            "postsynaptic_unit",
            "row of /units of the postsynaptic F5 E neuron",
            data=syn_j + first_row["f5_e"],
            table=units,
        )
    misc.add(weights)
    misc.add(
        _name_value_table(
            "parameters", "Model parameters (quantities as strings in their unit)", parameters
        )
    )
    misc.add(
        _name_value_table(
            "provenance", "Seed, versions, code target, git state, host and times", prov
        )
    )

    path.parent.mkdir(parents=True, exist_ok=True)
    with NWBHDF5IO(str(path), mode="w") as io:
        io.write(nwb)
    return path


def _decode(table) -> dict[str, Any]:
    return {
        str(name): json.loads(value)
        for name, value in zip(table["key"][:], table["value"][:], strict=True)
    }


def read_nwb_summary(path: str | Path) -> dict[str, Any]:
    """What a ``run.nwb`` holds, in plain Python values (for checks and quick looks).

    Parameters
    ----------
    path : str or Path
        A file written by :func:`write_nwb`.

    Returns
    -------
    dict
        ``session_start_time`` (datetime), ``seed``, ``n_units``, ``units_per_population``
        and ``spikes_per_population`` (dicts), ``classification`` (F5 E category -> count after
        learning), ``n_trials``, ``epochs`` (list of ``(name, start, stop)``), ``lfp_samples``
        (area -> number of samples), ``lfp_rate_hz``, ``n_synapses``, ``mean_weight_pre``,
        ``mean_weight_post``, ``parameters`` and ``provenance`` (dicts, values decoded).
    """
    from pynwb import NWBHDF5IO

    with NWBHDF5IO(str(path), mode="r") as io:
        nwb = io.read()
        units = nwb.units
        population = np.asarray(units["population"][:]).astype(str)
        ends = np.asarray(units["spike_times_index"].data[:])
        n_spikes = np.diff(np.concatenate([[0], ends])) if len(ends) else np.zeros(0, int)
        names, counts = np.unique(population, return_counts=True)
        f5 = population == CLASSIFIED_POPULATION
        labels, label_counts = np.unique(
            np.asarray(units["classification"][:]).astype(str)[f5], return_counts=True
        )
        epochs = nwb.epochs
        lfp = {
            name.removeprefix("lfp_proxy_"): series
            for name, series in nwb.processing["ecephys"].data_interfaces.items()
            if name.startswith("lfp_proxy_")
        }
        misc = nwb.processing["misc"]
        weights = misc["ipl_to_f5_weights"]
        provenance = _decode(misc["provenance"])
        return {
            "session_start_time": nwb.session_start_time,
            "seed": provenance.get("seed"),
            "n_units": len(population),
            "units_per_population": {str(n): int(c) for n, c in zip(names, counts, strict=True)},
            "spikes_per_population": {str(n): int(n_spikes[population == n].sum()) for n in names},
            "classification": {
                str(label): int(c) for label, c in zip(labels, label_counts, strict=True)
            },
            "n_trials": len(nwb.trials) if nwb.trials is not None else 0,
            "epochs": [
                (str(name), float(a), float(b))
                for name, a, b in zip(
                    epochs["epoch_name"][:],
                    epochs["start_time"][:],
                    epochs["stop_time"][:],
                    strict=True,
                )
            ]
            if epochs is not None
            else [],
            "lfp_samples": {area: int(s.data.shape[0]) for area, s in lfp.items()},
            "lfp_rate_hz": {area: float(s.rate) for area, s in lfp.items()},
            "n_synapses": len(weights),
            "mean_weight_pre": float(np.mean(weights["weight_pre"][:])) if len(weights) else None,
            "mean_weight_post": float(np.mean(weights["weight_post"][:])) if len(weights) else None,
            "parameters": _decode(misc["parameters"]),
            "provenance": provenance,
        }
