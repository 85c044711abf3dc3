"""Tests of the in-silico clinical measures on synthetic signals with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import trapezoid
from scipy.signal import welch

from mirrorsim.measures import (
    aperiodic_fit,
    band_power,
    bold_percent_change,
    bold_proxy,
    echo_index,
    lfp_proxy,
    mep_facilitation,
    mep_size,
    mu_suppression_index,
    overt_threshold_from_execution,
    periodic_band_ratio,
    periodic_mu_suppression_index,
    spectrum,
)

FS = 1000.0  # Hz
DURATION = 2.0  # s per trial
T = np.arange(int(FS * DURATION)) / FS
NOISE_SD = 0.5


def _trials(amplitude: float, freq: float, n_trials: int, seed: int) -> list[np.ndarray]:
    """Sine of random phase plus white Gaussian noise (sd NOISE_SD), one array per trial."""
    rng = np.random.default_rng(seed)
    return [
        amplitude * np.sin(2 * np.pi * freq * T + rng.uniform(0, 2 * np.pi))
        + rng.normal(0.0, NOISE_SD, T.size)
        for _ in range(n_trials)
    ]


# --------------------------------------------------------------------------- LFP / mu


def test_lfp_proxy_sums_absolute_currents_over_cells() -> None:
    i_exc = np.array([[1e-9, -2e-9, 3e-9], [1e-9, 1e-9, -1e-9]])
    i_inh = np.array([[-1e-9, 0.0, 2e-9], [0.0, -4e-9, 0.0]])
    np.testing.assert_allclose(lfp_proxy(i_exc, i_inh), [3e-9, 7e-9, 6e-9])
    # already summed 1-D input and mixed 1-D / 2-D input
    np.testing.assert_allclose(lfp_proxy([1.0, -2.0], [-3.0, 4.0]), [4.0, 6.0])
    np.testing.assert_allclose(lfp_proxy(i_exc, np.zeros(3)), [2e-9, 3e-9, 4e-9])


def test_lfp_proxy_validation() -> None:
    with pytest.raises(ValueError, match="different lengths"):
        lfp_proxy(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="non-finite"):
        lfp_proxy([1.0, np.nan], [1.0, 1.0])
    with pytest.raises(ValueError, match="1-D or 2-D"):
        lfp_proxy(np.ones((2, 2, 2)), np.ones(2))


def test_band_power_alpha_sine_dominates_and_peak_at_10hz() -> None:
    rng = np.random.default_rng(0)
    noise = rng.normal(0.0, NOISE_SD, T.size)
    x10 = np.sin(2 * np.pi * 10.0 * T) + noise
    x30 = np.sin(2 * np.pi * 30.0 * T) + noise
    p10 = band_power(x10, FS)
    p30 = band_power(x30, FS)
    # a unit sine carries 0.5 power; the noise contributes ~2 sd^2 * 5 Hz / fs = 0.0025
    assert p10 == pytest.approx(0.5, rel=0.1)
    assert p10 > 50 * p30
    freqs, psd = spectrum([x10], FS)
    assert abs(freqs[np.argmax(psd)] - 10.0) <= 1.0
    # band power of the 30 Hz sine lives in its own band
    assert band_power(x30, FS, band=(28.0, 32.0)) == pytest.approx(0.5, rel=0.1)


def test_band_power_matches_direct_welch_integration_on_bin_edges() -> None:
    x = _trials(1.0, 10.0, 1, seed=3)[0]
    f, p = welch(x, fs=FS, window="hann", nperseg=1000, detrend="linear")
    sel = (f >= 8.0) & (f <= 13.0)
    assert band_power(x, FS) == pytest.approx(trapezoid(p[sel], f[sel]), rel=1e-12)


def test_mu_suppression_halved_amplitude_gives_log_quarter() -> None:
    amp, n = 1.0, 20
    rest = _trials(amp, 10.0, n, seed=1)
    cond = _trials(amp / 2, 10.0, n, seed=2)
    idx = mu_suppression_index(cond, rest, FS)
    # Expected value including the white-noise floor in the 5-Hz band:
    # P = A^2/2 + 2 sd^2 * 5 Hz / fs, so the index is slightly above log(1/4).
    p_noise = 2 * NOISE_SD**2 * 5.0 / FS
    expected = math.log((amp**2 / 8 + p_noise) / (amp**2 / 2 + p_noise))
    bias = abs(expected - math.log(0.25))  # ~0.015
    # sampling error (sine x noise cross terms) of 20-trial means: sd ~0.017 over 50 seeds,
    # so 0.05 is ~3 sd
    assert idx == pytest.approx(expected, abs=0.05)
    assert abs(idx - math.log(0.25)) < bias + 0.05
    assert idx < 0


def test_mu_suppression_identical_is_zero_and_enhancement_is_positive() -> None:
    rest = _trials(1.0, 10.0, 10, seed=4)
    assert mu_suppression_index(rest, rest, FS) == pytest.approx(0.0, abs=1e-12)
    same_stats = _trials(1.0, 10.0, 10, seed=5)
    assert mu_suppression_index(same_stats, rest, FS) == pytest.approx(0.0, abs=0.1)
    stronger = _trials(2.0, 10.0, 10, seed=6)
    assert mu_suppression_index(stronger, rest, FS) == pytest.approx(math.log(4.0), abs=0.1)


def test_mu_suppression_zero_powers() -> None:
    rest = [np.zeros(T.size)]
    cond = _trials(1.0, 10.0, 1, seed=7)
    assert math.isnan(mu_suppression_index(cond, rest, FS))
    assert mu_suppression_index(rest, cond, FS) == -math.inf


def test_spectrum_averages_segments() -> None:
    segs = _trials(1.0, 10.0, 3, seed=8)
    freqs, mean_psd = spectrum(segs, FS)
    single = [spectrum([s], FS)[1] for s in segs]
    np.testing.assert_allclose(mean_psd, np.mean(single, axis=0))
    assert freqs[1] - freqs[0] == pytest.approx(1.0)  # default 1-s windows


def _pink_trials(
    noise_scale: float, amplitude: float, n_trials: int, seed: int, n: int = 450
) -> list[np.ndarray]:
    """1/f noise (power ~ 1/f, scaled by noise_scale in power) plus a 10 Hz sine of random
    phase; trials of n samples at FS, as long as the model's trial segments."""
    rng = np.random.default_rng(seed)
    f = np.fft.rfftfreq(n, 1 / FS)
    shape = np.zeros_like(f)
    shape[1:] = 1.0 / np.sqrt(f[1:])
    out = []
    for _ in range(n_trials):
        spec = shape * (rng.normal(size=f.size) + 1j * rng.normal(size=f.size))
        noise = np.fft.irfft(spec, n) * np.sqrt(noise_scale)
        t = np.arange(n) / FS
        out.append(noise + amplitude * np.sin(2 * np.pi * 10.0 * t + rng.uniform(0, 2 * np.pi)))
    return out


def test_aperiodic_fit_recovers_a_power_law_under_peaks() -> None:
    f = np.arange(0.0, 100.0, 2.0)
    psd = np.zeros_like(f)
    psd[1:] = 10 ** (2.0 - 1.5 * np.log10(f[1:]))
    peaked = psd * np.select([f == 10, f == 20, f == 22], [6.0, 3.0, 1.5], 1.0)  # rhythm, harmonic
    offset, exponent = aperiodic_fit(f, peaked)
    assert offset == pytest.approx(2.0, abs=1e-9)
    assert exponent == pytest.approx(1.5, abs=1e-9)
    assert periodic_band_ratio(f, psd) == pytest.approx(0.0, abs=1e-9)
    band = (f >= 8) & (f <= 13)  # 8, 10, 12 Hz: the 10 Hz bin is 6x the power law
    expected = math.log(peaked[band].sum() / psd[band].sum())
    assert periodic_band_ratio(f, peaked) == pytest.approx(expected, abs=1e-9)


def test_periodic_mu_index_ignores_broadband_change_and_finds_rhythm_loss() -> None:
    rest = _pink_trials(1.0, 0.05, 30, seed=11)
    # everything 4x in power, rhythm included: the raw index says enhancement, the rhythm
    # relative to the background has not changed
    louder = _pink_trials(4.0, 0.10, 30, seed=12)
    assert mu_suppression_index(louder, rest, FS) == pytest.approx(math.log(4.0), abs=0.25)
    assert periodic_mu_suppression_index(louder, rest, FS) == pytest.approx(0.0, abs=0.25)
    # the background 4x louder while the rhythm is gone: raw index near 0 or above, periodic
    # index clearly negative
    desynchronised = _pink_trials(4.0, 0.0, 30, seed=13)
    assert periodic_mu_suppression_index(desynchronised, rest, FS) < -0.5
    assert (
        periodic_mu_suppression_index(desynchronised, rest, FS)
        < mu_suppression_index(desynchronised, rest, FS) - 0.5
    )


def test_periodic_mu_index_validation() -> None:
    segs = _pink_trials(1.0, 0.05, 2, seed=14, n=60)  # 60 ms: too few bins to fit
    with pytest.raises(ValueError, match="need at least 4"):
        periodic_mu_suppression_index(segs, segs, FS)
    with pytest.raises(ValueError, match="differ in length"):
        aperiodic_fit(np.arange(10.0), np.ones(9))
    with pytest.raises(ValueError, match="positive"):
        aperiodic_fit(np.arange(50.0), np.zeros(50))


def test_lfp_measures_validation() -> None:
    x = np.sin(2 * np.pi * 10.0 * T)
    bad = x.copy()
    bad[5] = np.nan
    with pytest.raises(ValueError, match="non-finite"):
        band_power(bad, FS)
    with pytest.raises(ValueError, match="non-finite"):
        mu_suppression_index([bad], [x], FS)
    with pytest.raises(ValueError, match="fs must be"):
        band_power(x, 0.0)
    with pytest.raises(ValueError, match="fs must be"):
        band_power(x, -10.0)
    with pytest.raises(ValueError, match="fs must be"):
        spectrum([x], 0.0)
    with pytest.raises(ValueError, match="fewer than nperseg"):
        band_power(x[:100], FS, nperseg=500)
    with pytest.raises(ValueError, match="Nyquist"):
        band_power(x, FS, band=(8.0, 600.0))
    with pytest.raises(ValueError, match="band must"):
        band_power(x, FS, band=(13.0, 8.0))
    with pytest.raises(ValueError, match="empty"):
        mu_suppression_index([], [x], FS)
    with pytest.raises(ValueError, match="1-D"):
        band_power(np.ones((2, 10)), FS)


# --------------------------------------------------------------------------- TMS


def test_mep_size_counts_exactly_with_half_open_window() -> None:
    pulses = np.array([1.0, 2.0, 3.0])
    w = (0.005, 0.02)
    spikes = [
        # pulse 1: start edge included, stop edge excluded, one before the window
        1.0 + 0.005, 1.01, 1.0 + 0.02, 0.999,
        # pulse 2: three spikes inside, one just after
        2.006, 2.01, 2.019, 2.021,
        # pulse 3: none inside (one before start)
        3.004,
    ]  # fmt: skip
    rng = np.random.default_rng(0)
    shuffled = rng.permutation(spikes)
    np.testing.assert_array_equal(mep_size(shuffled, pulses, w), [2, 3, 0])
    assert mep_size(shuffled, pulses, w).dtype.kind == "i"
    # default 0-20 ms window, empty spike train
    np.testing.assert_array_equal(mep_size([], pulses), [0, 0, 0])
    np.testing.assert_array_equal(mep_size([1.0, 1.0, 1.0 + 0.02], [1.0]), [2])


def test_mep_facilitation() -> None:
    assert mep_facilitation([6, 6], [4, 4]) == pytest.approx(0.5)
    assert mep_facilitation([4, 4], [4, 4]) == pytest.approx(0.0)
    assert math.isnan(mep_facilitation([3, 1], [0, 0]))
    assert math.isnan(mep_facilitation([], [1]))


def test_tms_validation() -> None:
    with pytest.raises(ValueError, match="window"):
        mep_size([1.0], [1.0], window=(0.02, 0.01))
    with pytest.raises(ValueError, match="window"):
        mep_size([1.0], [1.0], window=(-0.01, 0.01))
    with pytest.raises(ValueError, match="window"):
        mep_size([1.0], [1.0], window=(0.01, 0.01))
    with pytest.raises(ValueError, match="non-finite"):
        mep_size([1.0, np.nan], [1.0])
    with pytest.raises(ValueError, match="non-finite"):
        mep_size([1.0], [np.inf])
    with pytest.raises(ValueError, match="non-finite"):
        mep_facilitation([np.nan], [1.0])


# --------------------------------------------------------------------------- echo


def test_echo_index_and_threshold() -> None:
    thr = overt_threshold_from_execution([20, 20, 20], [0, 0, 0])
    assert thr == pytest.approx(10.0)
    assert overt_threshold_from_execution([20], [4], fraction=0.25) == pytest.approx(8.0)
    # counts >= threshold are overt: 10 and 15 of [0, 5, 10, 15]
    assert echo_index([0, 5, 10, 15], thr) == pytest.approx(0.5)
    assert echo_index([0, 0, 0], thr) == 0.0
    assert echo_index([30, 40], thr) == 1.0


def test_echo_nan_cases_and_validation() -> None:
    assert math.isnan(echo_index([], 3.0))
    assert math.isnan(overt_threshold_from_execution([], [1.0]))
    assert math.isnan(overt_threshold_from_execution([1.0], []))
    # execution not above rest: no calibration possible
    thr = overt_threshold_from_execution([2.0], [5.0])
    assert math.isnan(thr)
    assert math.isnan(echo_index([1.0, 10.0], thr))
    with pytest.raises(ValueError, match="fraction"):
        overt_threshold_from_execution([2.0], [1.0], fraction=1.5)
    with pytest.raises(ValueError, match="non-finite"):
        echo_index([1.0, np.nan], 1.0)


# --------------------------------------------------------------------------- BOLD


def test_bold_proxy_known_arrays() -> None:
    trial1 = np.array([[1.0, -1.0], [2.0, 2.0]])  # summed |.| over cells: [3, 3] -> 3
    trial2 = np.array([1.0, 2.0, 3.0, -2.0])  # already summed: mean |.| = 2
    assert bold_proxy([trial1, trial2]) == pytest.approx(2.5)
    assert bold_proxy(np.array([[1.0, 1.0], [3.0, 3.0]])) == pytest.approx(2.0)
    assert math.isnan(bold_proxy([]))
    assert bold_percent_change(3.0, 2.0) == pytest.approx(50.0)
    assert bold_percent_change(1.0, 2.0) == pytest.approx(-50.0)
    assert math.isnan(bold_percent_change(1.0, 0.0))


def test_bold_validation() -> None:
    with pytest.raises(ValueError, match="non-finite"):
        bold_proxy([np.array([1.0, np.nan])])
    with pytest.raises(ValueError, match="non-empty"):
        bold_proxy([np.array([])])
