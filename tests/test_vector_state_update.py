"""The vectorisable state update (mirrorsim.vector_state_update) gives the spikes and the
membrane potentials of Brian2's own."""

import brian2
import numpy as np
import pytest
from brian2 import Network, NeuronGroup, SpikeMonitor, StateMonitor, ms

from mirrorsim.standalone import activate_standalone
from mirrorsim.vector_state_update import VectorStateUpdateCodeObject, split_refractory

UPDATE = [
    "double ge = _ptr_array_cells_ge[_idx];",
    "const double lastspike = _ptr_array_cells_lastspike[_idx];",
    "char not_refractory = _ptr_array_cells_not_refractory[_idx];",
    "not_refractory = _timestep(t - lastspike, dt) >= _lio_1;",
    "_ptr_array_cells_ge[_idx] = ge;",
    "_ptr_array_cells_not_refractory[_idx] = not_refractory;",
]


def test_the_store_of_the_flag_moves_to_its_own_loop():
    update, flag = split_refractory(UPDATE)
    assert "_ptr_array_cells_not_refractory[_idx] = not_refractory;" not in update
    assert "not_refractory = _timestep(t - lastspike, dt) >= _lio_1;" in update  # still gates v
    assert flag.split("\n") == UPDATE[1:4] + UPDATE[5:]


def test_code_of_another_form_is_left_as_it_is():
    assert split_refractory(UPDATE[:-1]) == (UPDATE[:-1], "")  # no store: nothing to move
    assert split_refractory(UPDATE + UPDATE[-1:]) == (UPDATE + UPDATE[-1:], "")  # twice
    assert split_refractory({"a": "b"}) == ({"a": "b"}, "")


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """Two groups of the same noisy refractory cells in one build, one with each state update."""
    build = tmp_path_factory.mktemp("vector_state_update")
    activate_standalone(build)
    brian2.defaultclock.dt = 0.1 * ms
    brian2.seed(5)
    model = """dv/dt = (-v + drive) / (10 * ms) : volt (unless refractory)
    drive : volt (constant)
    dw/dt = -w / (50 * ms) : volt"""
    groups, monitors = [], []
    for name in ("brian2", "vector"):
        group = NeuronGroup(
            50,
            model,
            threshold="v > 10 * mV",
            reset="v = 0 * mV; w += 1 * mV",
            refractory=2 * ms,
            method="euler",
            name=name,
        )
        group.drive = "9 * mV + 4 * mV * i / 50"
        group.v = "10 * mV * (i % 7) / 7"
        if name == "vector":
            group.state_updater.codeobj_class = VectorStateUpdateCodeObject
        groups.append(group)
        monitors += [
            SpikeMonitor(group, name=f"{name}_spikes"),
            StateMonitor(group, "v", record=True, name=f"{name}_v"),
        ]
    Network(*groups, *monitors).run(300 * ms)
    brian2.device.build(directory=str(build), compile=True, run=True, with_output=False)
    code = (build / "code_objects" / "vector_stateupdater_codeobject.cpp").read_text()
    result = {
        "code": code,
        "spikes": [(np.asarray(m.i[:]), np.asarray(m.t[:])) for m in monitors[0::2]],
        "v": [np.asarray(m.v[:]) for m in monitors[1::2]],
    }
    brian2.device.reinit()
    brian2.set_device("runtime")
    return result


def test_the_vector_update_gives_the_same_spikes_and_potentials(twins):
    assert "the refractoriness flag" in twins["code"]  # the template was used
    (i0, t0), (i1, t1) = twins["spikes"]
    assert len(i0) > 100  # the cells fire, and are refractory after each spike
    np.testing.assert_array_equal(i0, i1)
    np.testing.assert_array_equal(t0, t1)
    np.testing.assert_array_equal(twins["v"][0], twins["v"][1])
