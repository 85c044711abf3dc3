"""The figure of a TMS session (``tms-paradigms``, model §6.12): the recruitment curve with its
fit and motor threshold, and the paradigms' MEPs as human TMS studies plot them."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from mirrorsim.measures.tms import boltzmann
from mirrorsim.protocols import SICI_CONDITIONING, TEST_INTENSITY


def tms_figure(record: dict[str, Any]) -> Figure:
    """Left: mean evoked MEP (± SD over pulses) against intensity at rest, the Boltzmann fit,
    the resting motor threshold and the test and SICI conditioning intensities. Right: the
    mean MEP of each paradigm (single pulse, SICI, LICI) while viewing a static scene and while
    observing, with facilitation and the paired-pulse ratios in the title."""
    curve, par = record["calibration"], record["paradigms"]
    fig = Figure(figsize=(10, 4), layout="constrained")
    left, right = fig.subplots(1, 2)
    x = np.asarray(curve["intensities"])
    left.errorbar(x, curve["mean_mep"], yerr=curve["sd_mep"], fmt="o", color="k", label="mean")
    fit = curve["fit"]
    if np.isfinite(fit["mep_max"]):
        grid = np.linspace(0, x.max(), 200)
        left.plot(grid, boltzmann(grid, fit["mep_max"], fit["i50"], fit["slope"]), "C0")
    rmt = curve["rmt"]
    for factor, style, label in (
        (1.0, "-", "RMT"),
        (TEST_INTENSITY, "--", f"test {100 * TEST_INTENSITY:.0f} % RMT"),
        (SICI_CONDITIONING, ":", f"SICI conditioning {100 * SICI_CONDITIONING:.0f} % RMT"),
    ):
        left.axvline(factor * rmt, ls=style, color="C3", label=label)
    left.set(
        xlabel="pulse intensity (multiples of w_tms)",
        ylabel="evoked MEP (spikes of the target pool)",
        title=f"recruitment at rest: RMT {rmt:.2f} (fit R² {fit['r2']:.2f})",
    )
    left.legend(fontsize="small")
    paradigms = ("single", "sici", "lici")
    width = 0.38
    for k, (condition, colour) in enumerate((("static", "0.6"), ("observe", "C1"))):
        means = [par[f"mep_{p}.{condition}"] for p in paradigms]
        right.bar(np.arange(3) + (k - 0.5) * width, means, width, color=colour, label=condition)
    right.set_xticks(range(3), ["single pulse", "SICI", "LICI"])
    right.set_ylabel("mean evoked MEP (spikes)")
    right.set_title(
        f"facilitation {par['facilitation']:+.0f} %\nSICI {par['sici.static']:.0f} % / "
        f"{par['sici.observe']:.0f} %, LICI {par['lici.static']:.0f} % / "
        f"{par['lici.observe']:.0f} % of the test pulse alone (static / observe)",
        fontsize="small",
    )
    right.legend()
    return fig
