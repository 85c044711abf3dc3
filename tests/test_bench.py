"""The benchmark's parts: exact event counts, constant in-degree scaling, the record and table."""

import json

import brian2
import numpy as np
import pytest
from click.testing import CliRunner

from mirrorsim.bench import format_table, machine
from mirrorsim.bench.tasks import _events, scaled_overrides
from mirrorsim.cli import main
from mirrorsim.params import Params, make_params


def test_events_are_spikes_times_out_degree():
    """Neuron 0 spikes 3 times onto 2 targets, neuron 1 twice onto 1: 3*2 + 2*1 = 8 events."""
    brian2.device.reinit()
    brian2.set_device("runtime")
    brian2.prefs.codegen.target = "numpy"
    source = brian2.SpikeGeneratorGroup(
        3, [0, 0, 0, 1, 1], [1, 2, 3, 1, 2] * brian2.ms, name="source"
    )
    target = brian2.NeuronGroup(4, "v : 1", name="target")
    syn = brian2.Synapses(source, target, on_pre="v_post += 1", name="syn")
    syn.connect(i=[0, 0, 1, 2], j=[0, 1, 2, 3])
    monitor = brian2.SpikeMonitor(source, record=False)
    net = brian2.Network(source, target, syn, monitor)
    net.run(5 * brian2.ms)
    counts = {"source": np.asarray(monitor.count[:])}
    assert _events([syn], counts) == 8
    assert np.sum(target.v[:]) == 8  # what was delivered


@pytest.mark.parametrize("scale", [4, 16])
def test_scaling_keeps_every_neurons_in_degree(scale):
    base, big = Params(), make_params(scaled_overrides(scale))
    assert big.n_f5_e == scale * base.n_f5_e
    assert big.n_ipl_e * big.p_ipl_f5 == pytest.approx(base.n_ipl_e * base.p_ipl_f5)
    assert big.n_f5_e * big.p_local == pytest.approx(base.n_f5_e * base.p_local)
    assert big.n_tc * big.p_tc_ctx == pytest.approx(base.n_tc * base.p_tc_ctx)
    assert big.n_gate * big.p_gate_m1 == pytest.approx(base.n_gate * base.p_gate_m1)
    assert big.n_f5_e * big.p_f5_nmda == pytest.approx(base.n_f5_e * base.p_f5_nmda)


def test_every_connection_probability_is_scaled():
    """A projection left out would grow quadratically with the network (it did, once)."""
    from mirrorsim.bench.tasks import SCALED_PROBABILITIES, SCALED_SIZES

    fields = Params.model_fields
    probabilities = {n for n in fields if n.startswith("p_") and fields[n].annotation is float}
    sizes = {n for n in fields if n.startswith("n_") and n != "n_actions"}
    # trials and a count of actions, not neurons
    sizes -= {n for n in sizes if "repeats" in n or "unpaired" in n or "sounding" in n}
    assert probabilities == set(SCALED_PROBABILITIES)
    assert sizes == set(SCALED_SIZES)


def _record():
    row = {
        "scale": 1,
        "neurons": 2800,
        "synapses": 300000,
        "loop_s_per_biological_s": 0.4,
        "peak_memory_gib": 0.3,
        "mean_rate_hz": 12.0,
    }
    return {
        "quick": True,
        "machine": machine(),
        "sweep": {
            "points": 8,
            "biological_s_per_point": 129.1,
            "naive_wall_s": 800.0,
            "naive_warmup_s": 100.0,
            "engine_cold_wall_s": 160.0,
            "engine_warm_wall_s": 100.0,
            "engine_workers": 2,
            "sweep_speedup": 8.0,
            "sweep_speedup_cold": 5.0,
        },
        "events": {
            "model": {"events_per_s": 1e7},
            "coba_reference": {"events_per_s": 1e8},
            "event_rate_ratio": 0.1,
            "neuron_step_cost_ratio": 4.25,
            "neuron_step_cost_ratio_main_job": 6.5,
            "event_rate_ratio_with_background": 0.3,
            "model_profile": {"parts": {"neurons": 0.2, "measurement": 0.05}},
        },
        "sizes": {"rows": [row], "size_cost_exponent": 1.0},
    }


def test_neuron_step_cost_ratio_is_loop_time_per_cell_and_step_over_cobas():
    from mirrorsim.bench import neuron_step_cost_ratio

    model = {"loop_s": 1.2, "biological_s": 2.0, "if_cells": 2400}  # 0.25 ms per cell-s
    coba = {"loop_s": 0.2, "biological_s": 2.0, "neurons": 4000}  # 0.025 ms per cell-s
    assert neuron_step_cost_ratio(model, coba) == pytest.approx(10.0)


def test_integrate_and_fire_cells_are_the_populations_other_than_the_inputs():
    """What the model task counts as ``if_cells`` (the ratio's denominator)."""
    from mirrorsim.circuit import INPUTS, POPULATIONS

    cells = set(POPULATIONS) - set(INPUTS)
    assert cells == {"ipl_e", "ipl_i", "f5_e", "f5_i", "m1_e", "gate", "tc", "re"}


def test_table_shows_the_three_ratios_and_the_machine():
    table = format_table(_record())
    assert "sweep_speedup" in table and "8.00" in table and "5.00" in table
    assert "event_rate_ratio" in table and "0.10" in table
    assert "neuron_step_cost_ratio" in table and "4.25" in table
    assert "main job" in table and "6.50" in table
    assert "size_cost_exponent" in table
    assert "measurement 5%" in table
    assert f"{machine()['cores']} cores" in table


def test_bench_command_prints_the_table_and_writes_the_record(tmp_path, monkeypatch):
    """The command wiring, with the measurements replaced (they are run by `-m slow`)."""
    out = tmp_path / "bench.json"

    def fake_run_bench(quick, out, workers, log, overwrite=False):
        record = _record()
        out.write_text(json.dumps(record))
        return record

    monkeypatch.setattr("mirrorsim.bench.run_bench", fake_run_bench)
    result = CliRunner().invoke(main, ["bench", "--quick", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "sweep_speedup" in result.output
    assert json.loads(out.read_text())["sweep"]["points"] == 8


@pytest.mark.slow
@pytest.mark.standalone
def test_quick_bench_runs_end_to_end(tmp_path):
    """`mirrorsim bench --quick` for real (about 10 min on 2 cores)."""
    from mirrorsim.bench import run_bench

    out = tmp_path / "bench.json"
    record = run_bench(quick=True, out=out, log=lambda m: None)
    saved = json.loads(out.read_text())
    for key in (
        "sweep_speedup",
        "event_rate_ratio",
        "neuron_step_cost_ratio",
        "neuron_step_cost_ratio_main_job",
        "size_cost_exponent",
    ):
        assert np.isfinite(saved[key]) and saved[key] > 0, key
    assert saved["machine"]["cores"] >= 1 and saved["versions"]["brian2"]
    assert record["sweep"]["points"] == 4


def test_profile_parts_sort_code_objects_by_what_they_simulate():
    from mirrorsim.bench.tasks import profile_parts

    info = [
        ("background_ge_f5_e_codeobject", 4.0),
        ("f5_e_stateupdater_codeobject", 2.0),
        ("ipl_f5_post_codeobject", 1.0),
        ("spikes_f5_e_codeobject", 1.0),
        ("lfp_sum_f5_summed_variable_lfp_post_codeobject", 1.0),
        ("sts_spike_thresholder_codeobject", 0.5),
        ("something_else", 0.5),
    ]
    parts = profile_parts(info)
    assert parts == pytest.approx(
        {
            "background input": 0.4,
            "neurons": 0.2,
            "synapses": 0.1,
            "measurement": 0.2,
            "stimulus generators": 0.05,
            "other": 0.05,
        }
    )
