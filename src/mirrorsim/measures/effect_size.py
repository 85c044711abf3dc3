"""Group statistics as clinical studies report them: means, spreads, effect sizes, tests.

Simulated subjects (one network per seed, with its own draws of the between-subject
parameters) are compared as people are: a condition against baseline within each subject
(Cohen's d_z on the paired differences), and one group against another (Hedges' g, the
standardised mean difference with the small-sample correction). Definitions follow Lakens
(2013), "Calculating and reporting effect sizes to facilitate cumulative science", *Front.
Psychol.* 4:863; Hedges (1981), *J. Educ. Stat.* 6:107. The meta-analysis of mu suppression
(Fox et al. 2016, *Psychol. Bull.* 142:291) reports within-subject d of this kind.

Pure functions of arrays; NaN values (a subject whose measure is undefined) are left out and
counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as sps

__all__ = ["GroupSummary", "cohens_dz", "group_summary", "hedges_g", "welch_test"]


def _finite(values: ArrayLike, name: str) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"{name} must be one value per subject (1-D), got shape {x.shape}")
    return x[np.isfinite(x)]


@dataclass(frozen=True)
class GroupSummary:
    """One measure over a group's subjects: ``n`` with a defined value (``n_undefined``
    without), mean, sample SD (``ddof=1``) and standard error of the mean."""

    n: int
    n_undefined: int
    mean: float
    sd: float
    sem: float


def group_summary(values: ArrayLike) -> GroupSummary:
    """Mean, SD and SEM of one measure over a group (NaN values left out and counted).

    Examples
    --------
    >>> s = group_summary([1.0, 2.0, 3.0, float("nan")])
    >>> s.n, s.n_undefined, s.mean, s.sd
    (3, 1, 2.0, 1.0)
    """
    raw = np.asarray(values, dtype=float)
    x = _finite(raw, "values")
    mean = float(x.mean()) if x.size else math.nan
    sd = float(x.std(ddof=1)) if x.size >= 2 else math.nan
    sem = sd / math.sqrt(x.size) if x.size >= 2 else math.nan
    return GroupSummary(int(x.size), int(raw.size - x.size), mean, sd, sem)


def cohens_dz(condition: ArrayLike, baseline: ArrayLike | float = 0.0) -> float:
    """Within-subject effect size: mean over subjects of ``condition - baseline`` divided by
    the SD of those differences (Cohen's d_z; Lakens 2013, eq. 6).

    ``baseline`` is one value per subject, or a number (0 for a measure that is already a
    difference or log ratio to baseline, such as mu suppression). Subjects with a NaN in
    either are left out. NaN with fewer than 2 subjects or no spread.

    Examples
    --------
    >>> round(cohens_dz([-0.3, -0.1, -0.2, -0.4]), 3)  # log ratios to baseline
    -1.936
    >>> round(cohens_dz([12.0, 11.0, 14.0], [10.0, 10.0, 10.0]), 3)
    1.528
    """
    c = np.asarray(condition, dtype=float)
    b = np.broadcast_to(np.asarray(baseline, dtype=float), c.shape)
    if c.ndim != 1:
        raise ValueError(f"condition must be one value per subject (1-D), got shape {c.shape}")
    d = (c - b)[np.isfinite(c) & np.isfinite(b)]
    if d.size < 2:
        return math.nan
    sd = d.std(ddof=1)
    return float(d.mean() / sd) if sd > 0 else math.nan


def hedges_g(group: ArrayLike, control: ArrayLike) -> float:
    """Between-group effect size: (mean of ``group`` - mean of ``control``) over the pooled
    SD, times Hedges' small-sample correction ``1 - 3 / (4 (n1 + n2) - 9)`` (Hedges 1981;
    Lakens 2013, eqs. 1 and 4). NaN with fewer than 2 subjects in a group or no spread.

    Examples
    --------
    >>> round(hedges_g([2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0]), 3)
    0.674
    """
    a, b = _finite(group, "group"), _finite(control, "control")
    n1, n2 = a.size, b.size
    if n1 < 2 or n2 < 2:
        return math.nan
    pooled = math.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / (n1 + n2 - 2))
    if pooled == 0:
        return math.nan
    return float((a.mean() - b.mean()) / pooled * (1 - 3 / (4 * (n1 + n2) - 9)))


def welch_test(group: ArrayLike, control: ArrayLike) -> tuple[float, float]:
    """Welch's two-sample t test (unequal variances): ``(t, two-sided p)``; NaN with fewer
    than 2 subjects in a group.

    Examples
    --------
    >>> t, p = welch_test([2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0])
    >>> round(t, 3), round(p, 3)
    (1.095, 0.315)
    """
    a, b = _finite(group, "group"), _finite(control, "control")
    if a.size < 2 or b.size < 2:
        return math.nan, math.nan
    res = sps.ttest_ind(a, b, equal_var=False)
    return float(res.statistic), float(res.pvalue)
