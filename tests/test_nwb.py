"""run.nwb: everything round-trips through pynwb, nwbinspector finds no violation, the docs'
snippets run. One tiny simulation (numpy target, about 20 s) shared by the module."""

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest
from brian2 import second

from mirrorsim.analysis import metrics
from mirrorsim.circuit import INPUTS
from mirrorsim.measures.classification import Classification
from mirrorsim.nwb import (
    NOT_APPLICABLE,
    classification_flags,
    classification_label,
    read_nwb_summary,
    write_nwb,
)
from mirrorsim.params import make_params
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.results import now, provenance, to_jsonable
from mirrorsim.simulate import run_protocol
from mirrorsim.testing import TINY_PARAMS

pynwb = pytest.importorskip("pynwb")

ROOT = Path(__file__).resolve().parents[1]
SEED = 11


@pytest.fixture(scope="module")
def run():
    params = make_params({**TINY_PARAMS, "n_test_repeats": 2, "n_dev_repeats": 2})
    started = now()
    protocol = mirror_emergence_protocol(params, SEED)
    data = run_protocol(params, protocol, SEED, target="numpy", progress=False)
    _, blocks = metrics(data)
    prov = provenance("numpy", started, now())
    prov["phases_s"] = {"simulating": 1.0, "analysing": 0.5}  # nested, as the runner adds it
    return data, blocks, prov


@pytest.fixture(scope="module")
def nwb_path(run, tmp_path_factory):
    data, blocks, prov = run
    tmp = tmp_path_factory.mktemp("nwb")
    path = write_nwb(data, blocks, tmp / "run.nwb", prov)  # the runner's call
    assert path == tmp / "run.nwb" and path.is_file()
    return path


@pytest.fixture
def nwb(nwb_path):
    with pynwb.NWBHDF5IO(str(nwb_path), mode="r") as io:
        yield io.read()


def test_units_hold_every_neuron_and_its_spikes(run, nwb):
    data, blocks, _ = run
    units = nwb.units
    assert len(units) == sum(s.n for p, s in data.spikes.items() if p not in INPUTS)
    population = np.asarray(units["population"][:]).astype(str)
    index = np.asarray(units["neuron_index"][:])
    action = np.asarray(units["preferred_action"][:])
    assert units.resolution == float(data.params.dt / second)  # spikes lie on the time grid
    assert not set(INPUTS) & set(population)  # input generators are stimuli, not units
    for name, spikes in data.spikes.items():
        if name in INPUTS:
            continue
        rows = np.flatnonzero(population == name)
        assert len(rows) == spikes.n
        np.testing.assert_array_equal(index[rows], np.arange(spikes.n))
        np.testing.assert_array_equal(action[rows], spikes.action)
    f5 = data.spikes["f5_e"]
    rows = np.flatnonzero(population == "f5_e")
    for k in range(f5.n):
        expected = np.sort(f5.t[f5.i == k])
        np.testing.assert_array_equal(units.get_unit_spike_times(int(rows[k])), expected)
    total = sum(len(units.get_unit_spike_times(int(r))) for r in range(len(units)))
    assert total == sum(len(s.t) for p, s in data.spikes.items() if p not in INPUTS)


def test_units_carry_the_f5_classification(run, nwb):
    data, blocks, _ = run
    population = np.asarray(nwb.units["population"][:]).astype(str)
    labels = np.asarray(nwb.units["classification"][:]).astype(str)
    labels_pre = np.asarray(nwb.units["classification_pre"][:]).astype(str)
    f5 = population == "f5_e"
    post, pre = blocks["post"].classification, blocks["pre"].classification
    assert list(labels[f5]) == [classification_label(post, k) for k in range(f5.sum())]
    assert list(labels_pre[f5]) == [classification_label(pre, k) for k in range(f5.sum())]
    assert np.char.startswith(labels[f5], "mirror").sum() == post.mirror.sum()
    assert set(labels[~f5]) == {NOT_APPLICABLE}
    assert set(np.asarray(nwb.units["classification_flags"][:]).astype(str)[~f5]) == {
        NOT_APPLICABLE
    }


def test_units_carry_the_single_unit_tables(run, nwb):
    """F5 E, M1 E and IPL E rows hold their unit table (class, preferred action, modulation and
    significance per action: issue 22 item 5); the other populations hold n/a, -1 or NaN."""
    from mirrorsim.analysis.units import UNIT_POPULATIONS, unit_tables

    data, _, _ = run
    tables = unit_tables(data, "post")
    population = np.asarray(nwb.units["population"][:]).astype(str)
    classes = np.asarray(nwb.units["unit_class"][:]).astype(str)
    exec_mod = np.asarray(nwb.units["exec_modulation_hz"][:], dtype=float)
    obs_sig = np.asarray(nwb.units["obs_significance"][:]).astype(str)
    preferred = np.asarray(nwb.units["preferred_action_execution"][:])
    assert exec_mod.shape == (population.size, data.params.n_actions)
    for pop in UNIT_POPULATIONS:
        rows = population == pop
        t = tables[pop]
        assert list(classes[rows]) == list(t.classes)
        np.testing.assert_allclose(exec_mod[rows], t.exec_mod.T)
        np.testing.assert_array_equal(preferred[rows], t.preferred_action)
        excited = np.array([[m == "+" for m in x.split(",")] for x in obs_sig[rows]])
        np.testing.assert_array_equal(excited, t.classification.obs_excited.T)
    other = ~np.isin(population, UNIT_POPULATIONS)
    assert set(classes[other]) == {NOT_APPLICABLE}
    assert np.isnan(exec_mod[other]).all() and (preferred[other] == -1).all()


def test_classification_labels_cover_every_category():
    # neurons: strict mirror, broad mirror, suppression-only mirror, exec only, obs only, none
    exec_excited = np.array([[1, 1, 1, 1, 0, 0], [0, 1, 0, 0, 0, 0]], bool)
    obs_excited = np.array([[1, 1, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0]], bool)
    obs_suppressed = np.array([[0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0]], bool)
    cls = Classification(exec_excited, obs_excited, obs_suppressed, 0.01)
    assert [classification_label(cls, k) for k in range(6)] == [
        "mirror, strictly congruent",
        "mirror, broadly congruent",
        "mirror, non-congruent",
        "execution-responsive",
        "observation-responsive",
        "unresponsive",
    ]
    assert classification_flags(cls, 2) == (
        "execution-responsive; observation-suppressed; observation-responsive; mirror; "
        "non-congruent"
    )
    assert classification_flags(cls, 5) == ""


def test_trials_and_epochs_round_trip(run, nwb):
    protocol = run[0].protocol
    trials = nwb.trials
    assert len(trials) == len(protocol.trials)
    np.testing.assert_allclose(trials["start_time"][:], [t.onset for t in protocol.trials])
    np.testing.assert_allclose(
        trials["stop_time"][:], [t.onset + t.duration for t in protocol.trials]
    )
    assert list(trials["block"][:]) == [t.block for t in protocol.trials]
    assert list(trials["condition"][:]) == [t.condition for t in protocol.trials]
    assert list(trials["action"][:]) == [t.action for t in protocol.trials]
    assert list(trials["seen_action"][:]) == [t.action for t in protocol.trials]
    epochs = nwb.epochs
    assert list(epochs["epoch_name"][:]) == [e.name for e in protocol.epochs]
    np.testing.assert_allclose(epochs["start_time"][:], [e.start for e in protocol.epochs])
    np.testing.assert_allclose(epochs["stop_time"][:], [e.stop for e in protocol.epochs])
    plastic = dict(zip(epochs["epoch_name"][:], epochs["plastic"][:], strict=True))
    assert plastic.pop(protocol.learning_epoch) and not any(plastic.values())


def test_lfp_proxy_round_trips(run, nwb):
    data = run[0]
    module = nwb.processing["ecephys"]
    assert set(module.data_interfaces) == {f"lfp_proxy_{area}" for area in data.lfp} | {
        f"excitatory_drive_{area}" for area in data.drive
    }
    assert set(data.drive) == {"ipl", "f5", "m1"}
    for area, values in data.drive.items():
        np.testing.assert_array_equal(module[f"excitatory_drive_{area}"].data[:], values)
    for area, values in data.lfp.items():
        series = module[f"lfp_proxy_{area}"]
        assert series.unit == "A" and "proxy" in series.description
        assert series.rate == pytest.approx(1 / data.lfp_dt)
        assert series.starting_time == 0.0
        assert series.data.shape == values.shape
        np.testing.assert_array_equal(series.data[:], values)


def test_weights_round_trip(run, nwb):
    data = run[0]
    table = nwb.processing["misc"]["ipl_to_f5_weights"]
    np.testing.assert_array_equal(table["presynaptic_index"][:], data.syn_i)
    np.testing.assert_array_equal(table["postsynaptic_index"][:], data.syn_j)
    np.testing.assert_array_equal(table["weight_pre"][:], data.weights_pre)
    np.testing.assert_array_equal(table["weight_post"][:], data.weights_post)
    population = np.asarray(nwb.units["population"][:]).astype(str)
    index = np.asarray(nwb.units["neuron_index"][:])
    pre_rows = np.asarray(table["presynaptic_unit"].data[:])
    post_rows = np.asarray(table["postsynaptic_unit"].data[:])
    assert set(population[pre_rows]) == {"ipl_e"} and set(population[post_rows]) == {"f5_e"}
    np.testing.assert_array_equal(index[pre_rows], data.syn_i)
    np.testing.assert_array_equal(index[post_rows], data.syn_j)


def test_metadata_parameters_and_provenance(run, nwb_path, nwb):
    data, _, prov = run
    summary = read_nwb_summary(nwb_path)
    assert summary["parameters"] == to_jsonable(data.params.to_strings())
    assert summary["seed"] == SEED == data.seed
    assert summary["provenance"]["git_revision"] == prov["git_revision"]
    assert summary["provenance"]["phases_s.simulating"] == 1.0
    start = dt.datetime.fromisoformat(prov["started"])
    assert start.tzinfo is not None and nwb.session_start_time == start
    assert nwb.subject.species.endswith("NCBITaxon_32630")  # synthetic construct, not an animal
    assert summary["n_units"] == sum(s.n for p, s in data.spikes.items() if p not in INPUTS)
    assert summary["n_trials"] == len(data.protocol.trials)
    assert summary["lfp_samples"] == {a: len(v) for a, v in data.lfp.items()}
    assert summary["spikes_per_population"] == {
        n: len(s.t) for n, s in data.spikes.items() if n not in INPUTS
    }


def test_session_start_must_carry_a_time_zone(run, tmp_path):
    data, blocks, prov = run
    with pytest.raises(ValueError, match="time zone"):
        write_nwb(data, blocks, tmp_path / "run.nwb", {**prov, "started": "2025-01-01T12:00:00"})


def test_nwbinspector_finds_no_violation(nwb_path):
    nwbinspector = pytest.importorskip("nwbinspector")
    messages = list(nwbinspector.inspect_nwbfile(nwbfile_path=str(nwb_path)))
    serious = {nwbinspector.Importance.CRITICAL, nwbinspector.Importance.BEST_PRACTICE_VIOLATION}
    bad = [f"{m.importance.name} {m.check_function_name}: {m.message}" for m in messages]
    assert not [b for b, m in zip(bad, messages, strict=True) if m.importance in serious], bad


def test_docs_snippets_run(nwb_path):
    pytest.importorskip("neo")
    pytest.importorskip("elephant")
    text = (ROOT / "docs" / "nwb.md").read_text()
    snippets = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(snippets) == 2
    for code in snippets:
        assert "results/mirror-emergence/seed-1/run.nwb" in code
        code = code.replace("results/mirror-emergence/seed-1/run.nwb", str(nwb_path))
        namespace: dict = {}
        exec(compile(code, "docs/nwb.md", "exec"), namespace)
    assert len(namespace["trains"]) == TINY_PARAMS["n_f5_e"]
    assert namespace["lfp_f5"].shape[0] == len(namespace["lfp"].data)
