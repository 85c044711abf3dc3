"""The haemodynamic model and the GLM of mirrorsim.measures.bold, on known inputs."""

import numpy as np
import pytest

from mirrorsim.measures.bold import (
    FRISTON_2000,
    balloon_windkessel,
    canonical_hrf,
    glm_percent_change,
)

DT = 0.01


def test_impulse_response_has_the_shape_of_a_haemodynamic_response():
    u = np.zeros(int(30 / DT))
    u[: int(0.5 / DT)] = 1.0
    y = balloon_windkessel(u, DT)
    peak = np.argmax(y) * DT
    assert 2.5 < peak < 6.0  # Friston et al. 2000, Fig. 3: peak some 4 s after the input
    assert y.max() > 0 and y.min() < 0  # positive response, then the post-stimulus undershoot
    assert np.argmin(y) * DT > peak
    assert abs(y[-1]) < 0.1 * y.max()  # back near rest after 30 s


def test_sustained_input_settles_and_grows_with_the_input():
    levels = [0.25, 0.5, 1.0]
    steady = [balloon_windkessel(np.full(int(60 / DT), a), DT)[-1] for a in levels]
    assert 0 < steady[0] < steady[1] < steady[2]
    assert steady[2] < 2 * steady[1]  # saturating (the balloon's non-linearity), not convex


def test_no_input_stays_at_rest():
    assert np.allclose(balloon_windkessel(np.zeros(500), DT), 0.0, atol=1e-12)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="finite"):
        balloon_windkessel(np.array([0.0, np.nan]), DT)
    with pytest.raises(ValueError, match="dt"):
        balloon_windkessel(np.zeros(3), 0.0)
    with pytest.raises(ValueError, match="finite"):
        glm_percent_change(np.array([1.0, np.inf]), DT, {})


def test_canonical_hrf_peaks_near_five_seconds_and_sums_to_one():
    h = canonical_hrf(0.1)
    assert 4.0 <= np.argmax(h) * 0.1 <= 6.0
    assert h.sum() == pytest.approx(1.0)


def test_glm_recovers_known_effects_of_interleaved_short_trials():
    rng = np.random.default_rng(1)
    dt = 0.1
    t = np.arange(0, 400, dt)
    starts = np.arange(5, 390, 2.5)
    order = rng.permutation(np.resize(["a", "b", "rest"], starts.size))
    events = {c: [(s, s + 0.5) for s, k in zip(starts, order, strict=True) if k == c] for c in "ab"}
    truth = {"a": 2.0, "b": 0.5}
    y = 100.0 + 0.3 * np.sin(2 * np.pi * t / 400)  # baseline with slow drift
    for c, effect in truth.items():
        box = np.zeros_like(t)
        for s, e in events[c]:
            box[(t >= s) & (t < e)] = 1.0
        y += effect * np.convolve(box, canonical_hrf(dt))[: t.size]
    y += rng.normal(0, 0.02, t.size)
    got = glm_percent_change(y, dt, events)
    assert got["a"] == pytest.approx(truth["a"], abs=0.1)
    assert got["b"] == pytest.approx(truth["b"], abs=0.1)


def test_friston_constants():
    assert (FRISTON_2000.kappa, FRISTON_2000.gamma, FRISTON_2000.tau) == (0.65, 0.41, 0.98)
    assert (FRISTON_2000.alpha, FRISTON_2000.rho) == (0.32, 0.34)
