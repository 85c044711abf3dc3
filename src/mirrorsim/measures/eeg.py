"""Scalp EEG at a 10-10 electrode from the model's areas, through a four-sphere head model.

Human mu suppression is measured on the scalp (Oberman et al. 2005: 8-13 Hz at C3, Cz, C4),
where the modelled areas are a small part of what an electrode sees. The forward model (model
§4, *Scalp EEG*):

- **Head.** The corrected four-sphere model (Næss et al. 2017, as implemented by LFPykit; Hagen
  et al. 2018): brain, CSF, skull and scalp of outer radii 79, 80, 85 and 90 mm and
  conductivities 0.3, 1.5, 0.015 and 0.3 S/m (their values, after Nunez & Srinivasan 2006).
- **Sources.** Cortex is the sphere 1 mm under the brain's surface, tiled into patches of
  ``patch_area`` each, and each patch is one radial current dipole: the pyramidal cells'
  synaptic currents of a patch that is active as one.
- **The modelled areas** are three patches, under the electrodes that overlie them (Koessler et
  al. 2009): M1's hand area under C3, ventral premotor F5 under FC5 and the inferior parietal
  lobule (PF/PFG) under CP5. Directions are those of MNE-Python's ``standard_1005`` montage from
  the centre of the sphere fitted to it (Oostenveld & Praamstra 2001).
- **The rest of cortex** is every other patch, at rest, independent of the others: the power it
  adds at the electrode is the sum over patches of lead field squared times a resting patch's
  power. A patch's current is its area's per-cell current times the cells of a patch; that factor
  is the same for every patch, so the ratios below do not depend on it and the EEG is in
  arbitrary units.

The patch area sets how much of the electrode's power the task areas carry; it is the smallest
area of cortex whose synchronous activity the scalp shows, 6 cm² (Cooper et al. 1965; 10-20 cm²
for interictal spikes, Tao et al. 2005). It was not fitted to mu suppression; results at half and
twice it are reported (``experiments/scalp_eeg.py``).

All functions are pure: recorded arrays in, numbers out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike

from mirrorsim.measures.lfp import MU_BAND, band_power

__all__ = [
    "AREA_ELECTRODES",
    "ELECTRODE_DIRECTIONS",
    "HEAD_CONDUCTIVITIES",
    "HEAD_RADII_MM",
    "SOURCE_RADIUS_MM",
    "ScalpLeads",
    "scalp_leads",
    "scalp_mu_index",
    "scalp_signal",
]

HEAD_RADII_MM: tuple[float, float, float, float] = (79.0, 80.0, 85.0, 90.0)
"""Outer radii of brain, CSF, skull and scalp (mm; Næss et al. 2017)."""
HEAD_CONDUCTIVITIES: tuple[float, float, float, float] = (0.3, 1.5, 0.015, 0.3)
"""Conductivities of brain, CSF, skull and scalp (S/m; Næss et al. 2017)."""
SOURCE_RADIUS_MM = 78.0
"""Radius of the cortical dipoles (mm): 1 mm under the brain's surface, as Næss et al. 2017."""

ELECTRODE_DIRECTIONS: dict[str, tuple[float, float, float]] = {
    "C3": (-0.710, 0.049, 0.703),
    "FC5": (-0.875, 0.391, 0.287),
    "CP5": (-0.876, -0.331, 0.350),
}
"""Unit vectors (x right, y front, z up) from the head's centre to 10-10 electrodes: MNE-Python's
``standard_1005`` positions relative to the sphere fitted to them (least squares, radius 98.6 mm).
"""
AREA_ELECTRODES: dict[str, str] = {"m1": "C3", "f5": "FC5", "ipl": "CP5"}
"""The electrode over each modelled area (Koessler et al. 2009: C3 over the pre- and postcentral
gyri, FC5 over the precentral and inferior frontal gyri, CP5 over the supramarginal gyrus)."""


def _unit(v: ArrayLike) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def _fibonacci_sphere(n: int) -> np.ndarray:
    """``n`` nearly evenly spaced unit vectors (the Fibonacci lattice; González 2010)."""
    k = np.arange(n) + 0.5
    z = 1.0 - 2.0 * k / n
    phi = np.pi * (1.0 + 5.0**0.5) * k
    r = np.sqrt(1.0 - z**2)
    return np.column_stack([r * np.cos(phi), r * np.sin(phi), z])


#: Angles (degrees) at which the radial lead field is computed; others are interpolated.
_LEAD_ANGLES = np.linspace(0.0, 180.0, 721)
#: Points of the fine lattice that samples each patch's dipole layer.
_FINE_POINTS = 20000


@lru_cache(maxsize=1)
def _radial_lead_by_angle() -> np.ndarray:
    """Potential (µV) on the scalp of a radial dipole of 1 nA·m on the cortical sphere, at each
    of :data:`_LEAD_ANGLES` between the dipole's and the electrode's directions (the four-sphere
    model is symmetric about that axis)."""
    from lfpykit.eegmegcalc import FourSphereVolumeConductor

    theta = np.radians(_LEAD_ANGLES)
    scalp = HEAD_RADII_MM[3] * 1e3 - 1e-3  # µm, a hair inside: rounding must not put it outside
    electrodes = np.column_stack(
        [scalp * np.sin(theta), np.zeros_like(theta), scalp * np.cos(theta)]
    )
    head = FourSphereVolumeConductor(
        electrodes, radii=[r * 1e3 for r in HEAD_RADII_MM], sigmas=list(HEAD_CONDUCTIVITIES)
    )
    location = np.array([0.0, 0.0, SOURCE_RADIUS_MM * 1e3])
    moment = np.array([[0.0], [0.0], [1e6]])  # 1 nA·m in nA·µm, pointing outwards
    return head.get_dipole_potential(moment, location)[:, 0] * 1e3  # mV -> µV


def _radial_lead(directions: np.ndarray, electrode: np.ndarray) -> np.ndarray:
    """Potential (µV) at the electrode (unit direction) of a radial dipole of 1 nA·m at each of
    ``directions`` (unit vectors) on the cortical sphere."""
    angle = np.degrees(np.arccos(np.clip(directions @ electrode, -1.0, 1.0)))
    return np.interp(angle, _LEAD_ANGLES, _radial_lead_by_angle())


class ScalpLeads:
    """Lead fields of one electrode: each modelled area's patch, and the rest of cortex.

    Attributes
    ----------
    electrode : str
        The 10-10 electrode.
    patch_area : float
        Area of one cortical patch (m²).
    area : dict of str to float
        Potential (µV) at the electrode of each modelled area's patch, per nA·m of its dipole.
    rest_of_cortex : float
        Sum over the other patches of their lead fields squared (µV² per (nA·m)²): times a
        resting patch's power, the power the rest of cortex adds at the electrode.
    n_patches : int
        Patches on the cortical sphere, the modelled areas' included.
    """

    def __init__(self, electrode: str, patch_area: float, area: dict, rest: float, n: int):
        self.electrode = electrode
        self.patch_area = patch_area
        self.area = area
        self.rest_of_cortex = rest
        self.n_patches = n

    def __repr__(self) -> str:
        leads = ", ".join(f"{a}={v:.3g}" for a, v in self.area.items())
        return (
            f"ScalpLeads({self.electrode}, {self.patch_area * 1e4:g} cm², {self.n_patches} "
            f"patches; {leads}; rest of cortex {self.rest_of_cortex:.3g})"
        )


@lru_cache(maxsize=16)
def scalp_leads(electrode: str = "C3", patch_area: float = 6e-4) -> ScalpLeads:
    """The lead fields of ``electrode`` for cortex tiled into patches of ``patch_area`` (m²).

    Each patch is a uniform radial dipole layer, sampled by a fine Fibonacci lattice of
    :data:`_FINE_POINTS` points on the cortical sphere (radius :data:`SOURCE_RADIUS_MM`): a
    patch's lead field is the mean of its points'. A modelled area's patch is the cap of
    ``patch_area`` around the direction of its electrode (:data:`AREA_ELECTRODES`); the other
    patches are the cells of the remaining points nearest to each of ``round(4 pi r² /
    patch_area)`` centres (a coarser Fibonacci lattice), weighted by their share of a full
    patch.

    Examples
    --------
    >>> leads = scalp_leads("C3", 6e-4)
    >>> bool(leads.area["m1"] > leads.area["f5"] > 0)  # the patch under the electrode leads
    True
    """
    if electrode not in ELECTRODE_DIRECTIONS:
        raise ValueError(f"unknown electrode {electrode!r}; known: {sorted(ELECTRODE_DIRECTIONS)}")
    if not (np.isfinite(patch_area) and patch_area > 0):
        raise ValueError(f"patch_area must be a positive area in m², got {patch_area}")
    radius = SOURCE_RADIUS_MM * 1e-3
    n = int(round(4 * np.pi * radius**2 / patch_area))
    if not 8 <= n <= _FINE_POINTS // 20:
        raise ValueError(
            f"patch_area {patch_area} m² gives {n} patches on the cortex; it must give 8 to "
            f"{_FINE_POINTS // 20}"
        )
    site = _unit(ELECTRODE_DIRECTIONS[electrode])
    points = _fibonacci_sphere(_FINE_POINTS)
    lead = _radial_lead(points, site)
    per_patch = _FINE_POINTS / n  # fine points in a full patch
    cap = 1.0 - patch_area / (2 * np.pi * radius**2)  # cos of a patch-sized cap's half-angle
    free = np.ones(_FINE_POINTS, dtype=bool)
    area_leads = {}
    for area, e in AREA_ELECTRODES.items():
        inside = points @ _unit(ELECTRODE_DIRECTIONS[e]) >= cap
        area_leads[area] = float(lead[inside].sum() / per_patch)
        free &= ~inside
    centres = _fibonacci_sphere(n)
    nearest = np.argmax(points[free] @ centres.T, axis=1)
    patch_leads = np.bincount(nearest, weights=lead[free], minlength=n) / per_patch
    return ScalpLeads(electrode, float(patch_area), area_leads, float(np.sum(patch_leads**2)), n)


def scalp_signal(area_signals: Mapping[str, ArrayLike], leads: ScalpLeads) -> np.ndarray:
    """The modelled areas' part of the electrode's potential: sum of lead field x patch current.

    ``area_signals`` maps areas of :data:`AREA_ELECTRODES` to a patch current of the same
    sampling (e.g. each area's per-cell synaptic current: the scale cancels in ratios).
    """
    missing = set(AREA_ELECTRODES) - set(area_signals)
    if missing:
        raise ValueError(f"area_signals lacks {sorted(missing)}")
    return sum(leads.area[a] * np.asarray(area_signals[a], dtype=float) for a in AREA_ELECTRODES)


def scalp_mu_index(
    condition_segments: Sequence[ArrayLike],
    rest_segments: Sequence[ArrayLike],
    background: float,
    fs: float,
    band: tuple[float, float] = MU_BAND,
) -> float:
    """Mu suppression at the electrode: ``ln((P_cond + B) / (P_rest + B))``.

    ``P`` is the mean band power over trials of the modelled areas' part
    (:func:`scalp_signal`), computed as :func:`mirrorsim.measures.lfp.mu_suppression_index`
    computes it (Welch, one window per trial, shared length); ``B`` (>= 0) is the band power the
    rest of cortex adds, the same in every condition because it does not take part in the task.
    With ``B`` = 0 this is the local index.

    Examples
    --------
    >>> fs = 1000.0; t = np.arange(0, 0.5, 1 / fs)
    >>> rest = [np.sin(2 * np.pi * 10 * t)] * 3
    >>> silent = [0 * t] * 3
    >>> p = band_power(rest[0], fs, MU_BAND, 500)
    >>> round(scalp_mu_index(silent, rest, background=p, fs=fs), 3)  # ln(1/2)
    -0.693
    """
    if not (np.isfinite(background) and background >= 0):
        raise ValueError(f"background must be a finite power >= 0, got {background}")
    cond = [np.asarray(s, dtype=float) for s in condition_segments]
    rest = [np.asarray(s, dtype=float) for s in rest_segments]
    if not cond or not rest:
        raise ValueError("condition_segments and rest_segments must not be empty")
    nper = min(min(s.size for s in cond + rest), max(int(round(fs)), 1))
    p_cond = float(np.mean([band_power(s, fs, band, nper) for s in cond]))
    p_rest = float(np.mean([band_power(s, fs, band, nper) for s in rest]))
    if p_rest + background <= 0:
        return float("nan")
    return float(np.log((p_cond + background) / (p_rest + background)))
