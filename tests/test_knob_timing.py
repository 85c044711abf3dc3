"""When the regime knobs act (model §2.3): ``inhibition`` for the whole run, learning included;
``coupling`` only from the post-learning test on, never on learning itself."""

from __future__ import annotations

import numpy as np
import pytest

from mirrorsim.circuit import drive_arrays, synaptic_weights
from mirrorsim.params import make_params
from mirrorsim.protocols import PROTOCOL_DT, mirror_emergence_protocol
from mirrorsim.simulate import run_protocol
from mirrorsim.testing import TINY_PARAMS

INHIBITORY = ("ipl_ie", "ipl_ii", "f5_ie", "f5_ii", "gate_m1")


def test_inhibition_scales_inhibitory_steps_only():
    base, weak = synaptic_weights(make_params()), synaptic_weights(make_params({"inhibition": 0.5}))
    for name in base:
        expected = 0.5 if name in INHIBITORY else 1.0
        assert float(weak[name] / base[name]) == pytest.approx(expected), name


def test_inhibition_has_no_time_course_and_coupling_starts_after_learning():
    """The weights of :func:`synaptic_weights` hold for the whole run (no drive array depends on
    inhibition); the coupling gain is 1 up to the post-learning test and ``coupling`` after."""
    params = make_params(TINY_PARAMS)
    protocol = mirror_emergence_protocol(params, seed=1)
    nominal = drive_arrays(params, protocol)
    weak = drive_arrays(make_params({**TINY_PARAMS, "inhibition": 0.5}), protocol)
    for name in nominal:
        np.testing.assert_array_equal(nominal[name], weak[name], err_msg=name)
    strong = drive_arrays(make_params({**TINY_PARAMS, "coupling": 2.0}), protocol)
    gain, learning = strong["coupling_gain"], strong["learning"]
    assert np.all(gain[learning > 0] == 1.0), "coupling acted during learning"
    start = int(round(protocol.epoch("spontaneous_post").start / PROTOCOL_DT))
    assert np.all(gain[:start] == 1.0) and np.all(gain[start:] == 2.0)


@pytest.fixture(scope="module")
def learned_weights():
    """IPL->F5 weights after development, one tiny run per knob setting (same seed)."""
    quick = {**TINY_PARAMS, "n_test_repeats": 1, "n_dev_repeats": 3}

    def weights(**knobs):
        params = make_params({**quick, **knobs})
        protocol = mirror_emergence_protocol(params, seed=5)
        data = run_protocol(params, protocol, seed=5, target="numpy", progress=False)
        return data.weights_post

    return {
        "nominal": weights(),
        "coupling 2": weights(coupling=2.0),
        "inhibition 0.5": weights(inhibition=0.5),
    }


@pytest.mark.slow  # three small simulations (~40 s of CPU); the two tests above run by default
def test_coupling_leaves_learning_alone_and_inhibition_does_not(learned_weights):
    nominal = learned_weights["nominal"]
    np.testing.assert_array_equal(learned_weights["coupling 2"], nominal)
    assert not np.array_equal(learned_weights["inhibition 0.5"], nominal)
