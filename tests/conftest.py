"""Shared fixtures: a tiny, fast configuration of the circuit for tests of the machinery."""

import pytest

# A circuit ~10x smaller with short trials and a coarse step: fast, for testing the machinery
# (reproducibility, I/O, interruption), not the science.
TINY = {
    "n_ipl_e": 80,
    "n_ipl_i": 20,
    "n_f5_e": 80,
    "n_f5_i": 20,
    "n_m1_e": 30,
    "n_gate": 10,
    "n_sts_per_action": 10,
    "n_intention_per_action": 10,
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


@pytest.fixture
def tiny_overrides():
    return dict(TINY)
