"""The numbers and tables that the README, the docs and the notebooks quote, from committed files.

Every result that the text of the repository states (the default model's measures, the coupling
sweep's table and trends, the regime map) is computed here from committed result files, and
only from them:

* ``results/sweeps/coupling/summary.json`` and ``points.csv``: the coupling sweep (coupling 0-3
  at nominal inhibition; its coupling-1 point is the default model after learning);
* ``results/sweeps/regime-map/summary.json`` and ``points.csv``: coupling x inhibition;
* ``src/mirrorsim/references/default_model.json``: the firing-statistics reference of the default
  model (its seeds are in its metadata);
* ``results/regression/checks.csv``: what the 0.5.0 regression check caught;
* ``results/regression/candidates.csv``, ``power-checks.csv`` and ``power.csv``: the choice of
  the regression check's test statistic, its false alarms and what it catches
  (``experiments/regression_power.py``).
* ``results/single-units/summary.json``: the opt-in single-unit configurations
  (``experiments/single_units.py``); ``summary-istdp.json``: the same with observation-driven
  inhibition learned by inhibitory STDP (model §2.5).

The text marks each generated passage, in Markdown as::

    <!-- numbers: coupling-table -->
    ...generated...
    <!-- /numbers -->

and in a notebook (a jupytext percent-format script) the same markers on comment lines
(``# <!-- numbers: nb02-after-learning -->``; in Jupyter an HTML comment renders as nothing). A
marker pair on one line (``... <!-- numbers: NAME -->0.34<!-- /numbers --> ...``) marks an inline
number. :func:`update` regenerates every marked region (``uv run python
experiments/update_numbers.py``); :func:`stale_regions` lists those whose text differs from what
the files give (``tests/test_numbers.py`` fails on any).

Examples
--------
>>> from mirrorsim.docs_numbers import fmt, mean_sd
>>> fmt(-0.9678, 2)
'−0.97'
>>> mean_sd({"mean": 6.5357, "sd": 1.7214})
'6.5 ± 1.7'
>>> mean_sd({"mean": 0.1195, "sd": 0.0583}, sign=True)
'+0.12 ± 0.06'
"""

from __future__ import annotations

import csv
import json
import math
import re
import statistics
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mirrorsim.measures.regimes import HYPO_MIRROR_INDEX

MINUS = "\N{MINUS SIGN}"
EN_DASH = "\N{EN DASH}"

#: the files whose marked regions are generated (relative to the repository root)
FILES = (
    "README.md",
    "docs/concepts.md",
    "docs/claims.md",
    "docs/cohorts.md",
    "notebooks/02_learning_mirror_neurons.py",
    "notebooks/03_the_regimes.py",
    "docs/expected-output.md",
    "docs/regression-testing.md",
    "docs/record.md",
)

#: the command that regenerates the regions
COMMAND = "uv run python experiments/update_numbers.py"

_REGION = re.compile(
    r"(?P<open><!-- numbers: (?P<name>[a-z0-9-]+) -->)(?P<body>.*?)(?P<close><!-- /numbers -->)",
    re.DOTALL,
)


def repo_root() -> Path:
    """The repository this (editable) package was installed from.

    Returns
    -------
    Path
        The folder holding ``pyproject.toml`` above ``src/mirrorsim``.

    Examples
    --------
    >>> (repo_root() / "results").is_dir()
    True
    """
    return Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- formatting


def fmt(x: float, decimals: int = 2, sign: bool = False) -> str:
    """A number as the text prints it: fixed decimals and a true minus sign.

    Parameters
    ----------
    x : float
        The number.
    decimals : int
        Digits after the point.
    sign : bool
        Prefix ``+`` to positive numbers (for indices whose sign is the point).

    Returns
    -------
    str
        E.g. ``'−0.97'``; ``'0'`` for an exact zero.

    Examples
    --------
    >>> fmt(0.1234, 2, sign=True), fmt(-5.54, 1), fmt(0.0)
    ('+0.12', '−5.5', '0')
    """
    if x == 0:
        return "0"
    text = f"{x:+.{decimals}f}" if sign else f"{x:.{decimals}f}"
    if float(text) == 0:  # -0.00
        text = text.lstrip("+-")
    return text.replace("-", MINUS)


def mean_sd(stat: dict, sign: bool = False, decimals: int | None = None) -> str:
    """``mean ± sd`` of a summary entry, to the precision its spread allows.

    Parameters
    ----------
    stat : dict
        ``{"mean": m, "sd": s}`` as in a sweep's ``summary.json``.
    sign : bool
        Prefix ``+`` to a positive mean.
    decimals : int, optional
        Digits after the point; by default 1 when the sd is at least 1, else 2.

    Returns
    -------
    str
        ``'m ± s'``; just ``'m'`` when the sd is 0 (every seed the same).

    Examples
    --------
    >>> mean_sd({"mean": 0.0, "sd": 0.0}), mean_sd({"mean": 1.0, "sd": 0.0})
    ('0', '1.00')
    """
    m, s = stat["mean"], stat["sd"]
    if decimals is None:
        decimals = 1 if s >= 1 else 2
    if not s:
        return fmt(m, decimals, sign)
    return f"{fmt(m, decimals, sign)} ± {fmt(s, decimals)}"


def _g(x: float) -> str:
    """A knob value as the text names it: 1, 0.5, 2.5."""
    return f"{x:g}"


def _range(values: list[float], decimals: int = 1) -> str:
    return f"{fmt(min(values), decimals)}{EN_DASH}{fmt(max(values), decimals)}"


def _p_bound(p: float) -> str:
    """The smallest power of ten above ``p``: ``p < 1e-14``."""
    return f"1e-{math.floor(-math.log10(p))}"


# --------------------------------------------------------------------------- the files


@dataclass
class Results:
    """The committed result files, read once.

    Parameters
    ----------
    root : Path
        The repository root (see :func:`repo_root`).
    """

    root: Path

    def _json(self, rel: str) -> dict:
        return json.loads((self.root / rel).read_text())

    def _csv(self, rel: str) -> list[dict]:
        with (self.root / rel).open(newline="") as f:
            return [_renamed(row) for row in csv.DictReader(f)]

    def _sweep_summary(self, rel: str) -> dict:
        """A sweep's ``summary.json``, its measures under today's record keys."""
        summary = self._json(rel)
        summary["settings"] = [_renamed(s) for s in summary["settings"]]
        for key, trends in summary.items():
            if key.startswith("trends_vs_"):
                summary[key] = _renamed(trends)
        return summary

    @cached_property
    def coupling(self) -> dict:
        return self._sweep_summary("results/sweeps/coupling/summary.json")

    @cached_property
    def coupling_sweep(self) -> dict:
        return self._json("results/sweeps/coupling/sweep.json")

    @cached_property
    def coupling_points(self) -> list[dict]:
        return self._csv("results/sweeps/coupling/points.csv")

    @cached_property
    def regime_map(self) -> dict:
        return self._sweep_summary("results/sweeps/regime-map/summary.json")

    @cached_property
    def regime_map_sweep(self) -> dict:
        return self._json("results/sweeps/regime-map/sweep.json")

    @cached_property
    def regime_map_points(self) -> list[dict]:
        return self._csv("results/sweeps/regime-map/points.csv")

    @cached_property
    def reference(self) -> dict:
        return self._json("src/mirrorsim/references/default_model.json")

    @cached_property
    def expected(self) -> dict[str, dict]:
        """The committed example runs: seed 11 (a first run) and seed 1 (the run after it)."""
        return {
            seed: self._json(f"results/expected/seed-{seed}/params.json") for seed in ("11", "1")
        }

    @cached_property
    def single_units(self) -> dict:
        """The single-unit configurations, seeds 1-3 (before the faster draws were merged)."""
        return self._json("results/single-units/summary.json")

    @cached_property
    def single_units_istdp(self) -> dict:
        """graded + unstructured with observation_inhibition = istdp (model §2.5)."""
        return self._json("results/single-units/summary-istdp.json")

    @cached_property
    def single_units_zenke_delta(self) -> dict:
        """graded + unstructured with both Zenke et al. (2015) terms (model §2.4)."""
        return self._json("results/single-units/summary-zenke-delta.json")

    @cached_property
    def single_units_istdp_eta(self) -> dict:
        """The smallest inhibitory learning rate of the dose points, five seeds."""
        return self._json("results/single-units/summary-istdp-eta0.001.json")

    @cached_property
    def single_units_sightgrip(self) -> dict:
        """The sight_grip_width_factor dose series on the heterosynaptic configuration."""
        return self._json("results/single-units/summary-sightgrip.json")

    @cached_property
    def single_units_sightgrip_istdp(self) -> dict:
        """The three mechanisms together (heterosynaptic, sight across grips, istdp)."""
        return self._json("results/single-units/summary-sightgrip-istdp.json")

    @cached_property
    def single_units_sightgrip_fixed(self) -> dict:
        """The fixed observation-inhibition dose (w_obs_i_e) on the sight-grip configuration."""
        return self._json("results/single-units/summary-sightgrip-fixed.json")

    @cached_property
    def single_units_sightgrip_coincidence(self) -> dict:
        """The coincidence-weakened observation inhibition on the sight-grip configuration, over
        the observation-only experience (n_dev_unpaired)."""
        return self._json("results/single-units/summary-sightgrip-coincidence.json")

    @cached_property
    def single_units_fresh(self) -> dict:
        """The sight-grip configuration on ten fresh seeds (11-20), a hold-out."""
        return self._json("results/single-units/summary-sightgrip2-fresh.json")

    @cached_property
    def single_units_coincidence_fresh(self) -> dict:
        """The coincidence-weakened observation inhibition (n_dev_unpaired 10) on ten fresh
        seeds (11-20), a hold-out."""
        return self._json("results/single-units/summary-sightgrip-coincidence-fresh.json")

    @cached_property
    def single_units_coincidence_human(self) -> dict:
        """The human-study measures of the coincidence variant's hold-out seeds and of the same
        configuration without observation inhibition (experiments/single_units.py
        --human-only)."""
        return self._json("results/single-units/human-measures-coincidence.json")

    @cached_property
    def coincidence_targets(self) -> dict:
        """The coincidence variant with the obs_i reaching F5 E and M1 E, F5 E only or M1 E
        only (obs_i_targets), single units (experiments/single_units.py)."""
        return self._json("results/single-units/summary-coincidence-targets.json")

    @cached_property
    def coincidence_targets_human(self) -> dict:
        """The same runs' human-study measures (experiments/single_units.py --human-only)."""
        return self._json("results/single-units/human-measures-coincidence-targets.json")

    @cached_property
    def single_units_design(self) -> dict:
        """Experience dose-response and +-25 % sensitivity of the sight-grip configuration
        (experiments/single_units_dose.py)."""
        return self._json("results/single-units/sightgrip2-design.json")

    @cached_property
    def dt_equivalence(self) -> dict:
        """Fresh seeds of the main job at dt 0.1 and 0.2 ms (experiments/dt_equivalence.py)."""
        return self._json("results/bench/dt-equivalence.json")

    @cached_property
    def input_dt_equivalence(self) -> dict:
        """Fresh seeds of the main job with the Poisson inputs on a 0.5 ms clock, against the
        model before (experiments/speed_equivalence.py)."""
        return self._json("results/bench/input-dt-equivalence.json")

    @cached_property
    def speed_equivalence(self) -> dict:
        """The default model against the model before it, seed by seed (the paired reference's
        base runs of both; experiments/speed_equivalence.py --pairs)."""
        return self._json("results/bench/speed-equivalence.json")

    @cached_property
    def input_dt_paired(self) -> dict:
        """The Poisson inputs on a 0.5 ms clock against the default, seed by seed
        (experiments/speed_equivalence.py --pairs with a sweep folder)."""
        return self._json("results/bench/input-dt-paired.json")

    @cached_property
    def tms_paradigms(self) -> dict:
        """The tms-paradigms sweep over coupling (mirrorsim sweep tms-paradigms)."""
        return self._json("results/tms-paradigms/coupling-sweep/summary.json")

    @cached_property
    def tms_paradigms_example(self) -> dict:
        """The tms-paradigms example run (mirrorsim run tms-paradigms --seed 1)."""
        return self._json("results/tms-paradigms/seed-1/metrics.json")

    @cached_property
    def tms_paradigms_spinal(self) -> dict:
        """The tms-paradigms sweep over w_m1_mn with the spinal stage on (n_mn = 150)."""
        return self._json("results/tms-paradigms/spinal-sweep/summary.json")

    @cached_property
    def tms_paradigms_inhibition(self) -> dict:
        """The tms-paradigms sweep over inhibition at coupling 1."""
        return self._json("results/tms-paradigms/inhibition-sweep/summary.json")

    @cached_property
    def bench(self) -> dict:
        """The full bench (mirrorsim bench)."""
        return self._json("results/bench/bench.json")

    @cached_property
    def counter_mirror(self) -> dict:
        """Experiment counter-mirror: both trainings at three doses (model §6.6)."""
        return self._json("results/counter-mirror/summary.json")

    @cached_property
    def contingency(self) -> dict:
        """The contingency sweep: unpaired events in development (model §6.7)."""
        return self._json("results/contingency/summary.json")

    @cached_property
    def contiguity(self) -> dict:
        """The contiguity sweep: the delay of sight after intention in development (§6.8)."""
        return self._json("results/contiguity/summary.json")

    @cached_property
    def audiovisual(self) -> dict:
        """Experiment audiovisual across coupling (model §6.10)."""
        return self._json("results/audiovisual/summary.json")

    @cached_property
    def hidden_action(self) -> dict:
        """Experiment hidden-action across coupling, without and with the memory (§6.11)."""
        return self._json("results/hidden-action/summary.json")

    @cached_property
    def expertise(self) -> dict:
        """Experiment expertise: practised, seen and untrained actions (model §6.9)."""
        return self._json("results/expertise/summary.json")

    @cached_property
    def checks(self) -> list[dict]:
        return self._csv("results/regression/checks.csv")

    def setting(self, summary: dict, coupling: float, inhibition: float = 1.0) -> dict:
        """One grid point's entry of a sweep summary."""
        for s in summary["settings"]:
            if s["coupling"] == coupling and s["inhibition"] == inhibition:
                return s
        raise KeyError(f"no setting coupling={coupling}, inhibition={inhibition}")

    @property
    def default(self) -> dict:
        """The default model after learning: the coupling sweep at coupling 1, inhibition 1."""
        return self.setting(self.coupling, 1.0, 1.0)


def _renamed(entry: dict) -> dict:
    """``entry`` with the measures of earlier releases under today's record keys (the committed
    sweeps were written by 0.5.0: ``mirror_index``, ``echo_index``)."""
    from mirrorsim.analysis.record import RENAMED

    return {RENAMED.get(k, k): v for k, v in entry.items()}


def _seeds(sweep: dict) -> str:
    seeds = sweep["seeds"]
    if seeds == list(range(seeds[0], seeds[-1] + 1)):
        return f"{seeds[0]}{EN_DASH}{seeds[-1]}"
    return ", ".join(str(s) for s in seeds)


def _version(sweep: dict) -> str:
    return sweep["versions"]["mirrorsim"]


def _regime_count(s: dict) -> str:
    n = s["n_seeds"]
    return f"{s['regime']} ({s['regimes'][s['regime']]}/{n})"


# --------------------------------------------------------------------------- the regions


def default_model(r: Results) -> str:
    """The default model's measures after learning (README, concepts)."""
    d = r.default
    sw = r.coupling_sweep
    ref = r.reference
    rest = ref["statistics"]["f5_e.rest.rate_hz"]
    n_typical = d["regimes"]["typical"]
    return (
        f"With the default parameters (coupling 1, nominal inhibition: the coupling sweep's "
        f"point in `results/sweeps/coupling`, mirrorsim {_version(sw)}, seeds {_seeds(sw)}, "
        "after learning, mean ± sd) the mirror fraction was "
        f"{mean_sd(d['f5_mirror_fraction_post'])} "
        f"and the mirror index {mean_sd(d['mirror_index_post'])}. Mu suppression while observing "
        f"was "
        f"{mean_sd(d['mu_suppression_observe'])} (periodic index "
        f"{mean_sd(d['mu_periodic_observe'])}), while executing "
        f"{mean_sd(d['mu_suppression_execute'])} (periodic "
        f"{mean_sd(d['mu_periodic_execute'])}); MEP facilitation was "
        f"{mean_sd(d['mep_facilitation'])}, the echo index "
        f"{mean_sd(d['m1_overt_observe_fraction'])}, and F5 "
        f"motor pools stayed {mean_sd(d['f5_persistence_observe_hz'], sign=True)} Hz above rest "
        f"in the 50{EN_DASH}250 ms after an observed action: the typical regime in "
        f"{n_typical} of {d['n_seeds']} seeds. The F5 motor pools rested at "
        f"{mean_sd(d['f5_rate_rest_hz'])} Hz (all F5 E cells: {mean_sd(rest)} Hz in the rest "
        f"trials of the reference seeds {_seeds(ref['meta'])}, "
        f"`src/mirrorsim/references/default_model.json`). No committed "
        f"{_version(sw)} result holds the values *before* learning (the sweeps test the learned "
        f"network only): `mirrorsim run mirror-emergence` writes them to its `metrics.json` "
        f"(`f5_mirror_fraction_pre`, `mirror_index_pre`, `mep_facilitation_pre`, ...)."
    )


def mirror_fraction(r: Results) -> str:
    """Inline: the default model's mirror fraction and its source."""
    sw = r.coupling_sweep
    return (
        f"{mean_sd(r.default['f5_mirror_fraction_post'])} at coupling 1, seeds {_seeds(sw)}, "
        f"`results/sweeps/coupling`"
    )


_COUPLING_COLUMNS = (
    ("mirror index", "mirror_index_post", False),
    ("mu obs", "mu_suppression_observe", True),
    ("mu>1/f obs", "mu_periodic_observe", True),
    ("mu exec", "mu_suppression_execute", True),
    ("mu>1/f exec", "mu_periodic_execute", True),
    ("MEP facil.", "mep_facilitation", True),
    ("echo", "m1_overt_observe_fraction", False),
    ("F5 after obs. (Hz)", "f5_persistence_observe_hz", True),
)


def coupling_table(r: Results) -> str:
    """The coupling sweep, one row per coupling (README)."""
    sw = r.coupling_sweep
    head = (
        f"What the committed coupling sweep shows (`results/sweeps/coupling`, mirrorsim "
        f"{_version(sw)}, seeds {_seeds(sw)}, nominal inhibition, mean ± sd across seeds; "
        f'"mu" is the raw index, "mu>1/f" the periodic one):'
    )
    lines = [
        _fill(head, 99),
        "",
        "| coupling | regime | " + " | ".join(c[0] for c in _COUPLING_COLUMNS) + " |",
        "|---" * (len(_COUPLING_COLUMNS) + 2) + "|",
    ]
    for s in sorted(r.coupling["settings"], key=lambda s: s["coupling"]):
        cells = [mean_sd(s[key], sign=sign) for _, key, sign in _COUPLING_COLUMNS]
        lines.append(f"| {_g(s['coupling'])} | {_regime_count(s)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


_TRENDS = (
    ("mirror index", "mirror_index_post"),
    ("raw observation mu", "mu_suppression_observe"),
    ("periodic observation mu", "mu_periodic_observe"),
    ("MEP facilitation", "mep_facilitation"),
    ("echo index", "m1_overt_observe_fraction"),
    ("persistence", "f5_persistence_observe_hz"),
)


def _by_seed(points: list[dict], key: str, coupling: float, inhibition: float = 1.0) -> dict:
    return {
        int(p["seed"]): float(p[key])
        for p in points
        if float(p["coupling"]) == coupling and float(p["inhibition"]) == inhibition and p[key]
    }


def coupling_trends(r: Results) -> str:
    """Spearman trends over the coupling sweep, the saturation of mu, F5 rest (README)."""
    trends = r.coupling["trends_vs_coupling"]
    settings = sorted(r.coupling["settings"], key=lambda s: s["coupling"])
    n = trends["mirror_index_post"]["n"]
    rhos = ", ".join(f"{label} {fmt(trends[key]['spearman_rho'])}" for label, key in _TRENDS)
    p_max = max(trends[key]["p_value"] for _, key in _TRENDS)
    ex = trends["mu_suppression_execute"]
    mu = {s["coupling"]: s["mu_suppression_observe"] for s in settings}
    deepest = min(mu, key=lambda c: mu[c]["mean"])
    last = settings[-1]["coupling"]
    text = (
        f"Over the {n} runs every measure that should move moves monotonically with coupling "
        f"(Spearman's rho): {rhos} (all p < {_p_bound(p_max)}); execution mu does not move "
        f"(raw rho {fmt(ex['spearman_rho'])}, p = {ex['p_value']:.1g})."
    )
    if deepest != last:
        a = _by_seed(r.coupling_points, "mu_suppression_observe", deepest)
        b = _by_seed(r.coupling_points, "mu_suppression_observe", last)
        weaker = sorted(b[s] - a[s] for s in a if s in b and b[s] > a[s])
        text += (
            f" The raw observation index deepens from coupling {_g(settings[0]['coupling'])} "
            f"to {_g(deepest)} and then saturates: {mean_sd(mu[deepest])} at {_g(deepest)} "
            f"against {mean_sd(mu[last])} at {_g(last)} ({len(weaker)} of {len(a)} seeds "
            f"weaken, by {_range(weaker, 2)}), when the thalamic relay is closed while observing."
        )
    one = r.default
    rests = [s["f5_rate_rest_hz"]["mean"] for s in settings]
    text += (
        f" In the typical regime observing suppresses mu less than executing "
        f"({fmt(one['mu_suppression_observe']['mean'])} against "
        f"{fmt(one['mu_suppression_execute']['mean'])} at coupling 1), as in human studies "
        f"(Fox et al. 2016). F5 motor pools rest at {_range(rests)} Hz (means) at every coupling."
    )
    return text


def _mean_seed(points: list[dict], key: str, coupling: float, inhibition: float) -> float:
    values = list(_by_seed(points, key, coupling, inhibition).values())
    return sum(values) / len(values)


def regime_map_table(r: Results) -> str:
    """The regime map: the majority regime per coupling x inhibition (README, docs)."""
    sw = r.regime_map_sweep
    grid = sw["grid"]
    couplings, inhibitions = grid["coupling"], sorted(grid["inhibition"], reverse=True)
    head = (
        f"The regime map (`results/sweeps/regime-map`, mirrorsim {_version(sw)}, seeds "
        f"{_seeds(sw)}): the regime most seeds were in, with the count where they disagree."
    )
    lines = [
        _fill(head, 99),
        "",
        "| inhibition \\ coupling | " + " | ".join(_g(c) for c in couplings) + " |",
        "|---" * (len(couplings) + 1) + "|",
    ]
    for inh in inhibitions:
        cells = []
        for c in couplings:
            s = r.setting(r.regime_map, c, inh)
            agree = s["regimes"][s["regime"]] == s["n_seeds"]
            cells.append(s["regime"] if agree else _regime_count(s))
        lines.append(f"| {_g(inh)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _runaway(r: Results) -> tuple[list[float], list[float], bool]:
    """The inhibition levels at which some coupling runs away, those where none does, and
    whether every coupling runs away at the former."""
    m = r.regime_map
    grid = r.regime_map_sweep["grid"]
    couplings, inhibitions = grid["coupling"], sorted(grid["inhibition"])
    s = lambda c, i: r.setting(m, c, i)  # noqa: E731
    runaway_at = [i for i in inhibitions if any(s(c, i)["regime"] == "runaway" for c in couplings)]
    safe_at = [i for i in inhibitions if i not in runaway_at]
    all_runaway = all(s(c, i)["regime"] == "runaway" for i in runaway_at for c in couplings)
    return runaway_at, safe_at, all_runaway


def regime_map_border(r: Results) -> str:
    """The hyperactive border at the lowest inhibition that does not run away (README, claims)."""
    _, safe_at, _ = _runaway(r)
    low_safe = min(safe_at)
    low, nom = r.setting(r.regime_map, 1.0, low_safe), r.setting(r.regime_map, 1.0, 1.0)
    return (
        f"At inhibition {_g(low_safe)} the hyperactive border moves down to coupling 1 "
        f"({low['regime']} there: echo {mean_sd(low['m1_overt_observe_fraction'])}, F5 "
        f"observation response "
        f"{fmt(low['f5_rate_observe_hz']['mean'], 0)} against "
        f"{fmt(nom['f5_rate_observe_hz']['mean'], 0)} Hz at nominal inhibition, F5 still active "
        f"{fmt(low['f5_persistence_observe_hz']['mean'], 1)} against "
        f"{fmt(nom['f5_persistence_observe_hz']['mean'], 1)} Hz above rest after the observed "
        f"action)."
    )


def regime_map_runaway(r: Results) -> str:
    """Where the network runs away and when the guard trips (README, claims)."""
    pts = r.regime_map_points
    couplings = r.regime_map_sweep["grid"]["coupling"]
    runaway_at, safe_at, all_runaway = _runaway(r)
    top_runaway, low_safe = max(runaway_at), min(safe_at)
    times = {
        i: sorted(_by_seed(pts, "runaway_time_s", couplings[0], i).items()) for i in runaway_at
    }
    at_once = [i for i in runaway_at if all(t == 0.25 for _, t in times[i])]
    later = [i for i in runaway_at if i not in at_once]
    trip = "; ".join(
        f"at {' and '.join(fmt(t) for _, t in times[i])} s at inhibition {_g(i)} (seeds "
        f"{' and '.join(str(k) for k, _ in times[i])})"
        for i in later
    )
    return (
        f"At {_g(top_runaway)} and below "
        + ("every coupling, even 0, runs away" if all_runaway else "some couplings run away")
        + f": the runaway border lies between inhibition {_g(top_runaway)} and {_g(low_safe)}. "
        f"The guard ignores the first 250 ms (cells start at random voltages, and at weak "
        f"inhibition that transient alone would trip it); after that it trips at once at "
        f"inhibition {' and '.join(_g(i) for i in at_once)}, and {trip}, when the mean "
        f"cortical E rate passes 60 Hz over 50 ms (times at coupling {_g(couplings[0])})."
    )


def regime_map_text(r: Results) -> str:
    """What the regime map shows, with its numbers (README): border, then runaway."""
    return regime_map_border(r) + " " + regime_map_runaway(r)


def regime_map_inhibition(r: Results) -> str:
    """Lower inhibition is not higher coupling: MEP ratio, F5 rest, mu (README, claims)."""
    m, pts = r.regime_map, r.regime_map_points
    grid = r.regime_map_sweep["grid"]
    couplings = [c for c in grid["coupling"] if c > 0]
    s = lambda c, i: r.setting(m, c, i)  # noqa: E731
    half, nom = s(1.0, 0.5), s(1.0, 1.0)

    def rests(i: float) -> str:
        vals = [float(p["f5_rate_rest_hz"]) for p in pts
                if float(p["inhibition"]) == i and p["f5_rate_rest_hz"]]  # fmt: skip
        return _range(vals)

    def mus(i: float, cs: list[float]) -> str:
        return ", ".join(fmt(s(c, i)["mu_suppression_observe"]["mean"]) for c in cs)

    return (
        f"MEP facilitation, a ratio to the static-scene MEP, does *not* rise with "
        f"disinhibition: the static MEP rises too ({fmt(half['mep_static']['mean'], 0)} against "
        f"{fmt(nom['mep_static']['mean'], 1)} spikes at inhibition 0.5 and 1, coupling 1), so "
        f"at coupling 1 the ratio is {mean_sd(half['mep_facilitation'])} at inhibition 0.5 "
        f"against {mean_sd(nom['mep_facilitation'])} at 1, although the MEP while observing "
        f"rises ({fmt(half['mep_observe']['mean'], 0)} against "
        f"{fmt(nom['mep_observe']['mean'], 0)} spikes). And the F5 rest rate rises "
        f"({rests(0.75)} Hz at 0.75, {rests(0.5)} Hz at 0.5, {rests(1.0)} Hz at 1; single "
        f"runs), the relay closes at lower coupling, and the raw observation mu index at "
        f"coupling {', '.join(_g(c) for c in couplings)} is {mus(0.5, couplings)} with "
        f"inhibition 0.5, {mus(0.75, couplings)} with 0.75 and {mus(1.0, couplings)} at "
        f"nominal inhibition."
    )


def nb03_mu(r: Results) -> str:
    """Notebook 3: the committed sweep's observation mu and its trends."""
    t = r.coupling["trends_vs_coupling"]
    mu = {s["coupling"]: s["mu_suppression_observe"]["mean"] for s in r.coupling["settings"]}
    shown = ", ".join(f"{fmt(mu[c])} at {_g(c)}" for c in sorted(mu) if c in (1.0, 2.5, 3.0))
    return (
        f"(committed sweep, `results/sweeps/coupling`, mirrorsim "
        f"{_version(r.coupling_sweep)}: raw {shown}; Spearman's rho "
        f"{fmt(t['mu_suppression_observe']['spearman_rho'])} raw, "
        f"{fmt(t['mu_periodic_observe']['spearman_rho'])} periodic over "
        f"{_g(min(mu))}{EN_DASH}{_g(max(mu))})."
    )


def nb02_mirror_fraction(r: Results) -> str:
    """Notebook 2: the default model's mirror fraction."""
    sw = r.coupling_sweep
    return (
        f"With the default parameters the mirror fraction after learning was "
        f"{mean_sd(r.default['f5_mirror_fraction_post'])} (mirrorsim {_version(sw)}, the coupling "
        f"sweep's default point, seeds {_seeds(sw)}, `results/sweeps/coupling`; the sweeps do "
        f"not measure the network before learning)."
    )


def nb02_mirror_index(r: Results) -> str:
    """Notebook 2: the default model's mirror index."""
    sw = r.coupling_sweep
    return (
        f"We measured {mean_sd(r.default['mirror_index_post'])} with the default parameters "
        f"(mirrorsim {_version(sw)}, coupling sweep at coupling 1, seeds {_seeds(sw)})."
    )


def nb02_after_learning(r: Results) -> str:
    """Notebook 2: the clinical measures of the default model after learning."""
    d, sw = r.default, r.coupling_sweep
    return (
        f"With the default parameters (mirrorsim {_version(sw)}, coupling sweep at coupling 1, "
        f"seeds {_seeds(sw)}) after learning, mu suppression was "
        f"{mean_sd(d['mu_suppression_observe'])} while observing and "
        f"{mean_sd(d['mu_suppression_execute'])} while executing, MEP facilitation "
        f"{mean_sd(d['mep_facilitation'])}, and the echo index "
        f"{mean_sd(d['m1_overt_observe_fraction'])}: the "
        f'"typical" pattern in {d["regimes"]["typical"]} of {d["n_seeds"]} seeds. Before '
        f"learning no committed result holds these measures; run the notebook without quick "
        f"mode to see them for one seed."
    )


def claims_mu_saturation(r: Results) -> str:
    """claims.md: the observation mu index along the coupling sweep."""
    settings = sorted(r.coupling["settings"], key=lambda s: s["coupling"])
    t = r.coupling["trends_vs_coupling"]
    seq = ", ".join(mean_sd(s["mu_suppression_observe"], sign=True) for s in settings)
    at = ", ".join(_g(s["coupling"]) for s in settings)
    return (
        f"Raw observation mu index along the coupling sweep: {seq} at coupling {at} "
        f"(seeds {_seeds(r.coupling_sweep)}, `results/sweeps/coupling`); Spearman's rho "
        f"{fmt(t['mu_suppression_observe']['spearman_rho'])} "
        f"(p = {t['mu_suppression_observe']['p_value']:.0e}), periodic index "
        f"{fmt(t['mu_periodic_observe']['spearman_rho'])}."
    )


def f5_rest_range(r: Results) -> str:
    """Inline: the F5 rest rate over every run of the coupling sweep."""
    vals = [float(p["f5_rate_rest_hz"]) for p in r.coupling_points]
    return f"{_range(vals)} Hz ({_version(r.coupling_sweep)} coupling sweep, {len(vals)} runs)"


def m1_bold_execute(r: Results) -> str:
    """Inline: the M1 BOLD proxy while executing at the default point."""
    sw = r.coupling_sweep
    return (
        f"{mean_sd(r.default['bold_m1_execute_pct'], decimals=1)} % from rest, coupling sweep at "
        f"coupling 1, seeds {_seeds(sw)}, {_version(sw)}"
    )


def claims_mu_relay(r: Results) -> str:
    """claims.md: echo where observation mu levels off; execution mu at every coupling."""
    settings = sorted(r.coupling["settings"], key=lambda s: s["coupling"])
    mu = {s["coupling"]: s["mu_suppression_observe"]["mean"] for s in settings}
    deepest = min(mu, key=lambda c: mu[c])
    at = r.setting(r.coupling, deepest)
    raw = [s["mu_suppression_execute"]["mean"] for s in settings]
    periodic = [s["mu_periodic_execute"]["mean"] for s in settings]
    return (
        f"At coupling {_g(deepest)} the echo index is "
        f"{mean_sd(at['m1_overt_observe_fraction'])}: the relay is "
        f"closed while observing, and there is no rhythm left to suppress. Executing suppresses "
        f"mu by {fmt(min(raw))} to {fmt(max(raw))} raw and {fmt(min(periodic))} to "
        f"{fmt(max(periodic))} periodic (means) at every coupling."
    )


def claims_default_costs(r: Results) -> str:
    """claims.md: execution mu, the F5 BOLD proxy and the MEP at the default point."""
    d, sw = r.default, r.coupling_sweep
    return (
        f"At the default point (coupling 1, seeds {_seeds(sw)}) executing suppresses mu by "
        f"{mean_sd(d['mu_suppression_execute'])}, the F5 BOLD proxy rises by "
        f"{mean_sd(d['bold_f5_execute_pct'], decimals=1)} % while executing and "
        f"{mean_sd(d['bold_f5_observe_pct'], decimals=1)} % while observing, and MEP "
        f"facilitation is {mean_sd(d['mep_facilitation'])} on a static-scene MEP of "
        f"{mean_sd(d['mep_static'], decimals=1)} spikes."
    )


def claims_magnitudes(r: Results) -> str:
    """claims.md: the range of mu indices and the spread of MEP facilitation."""
    d, top = r.default, max(r.coupling["settings"], key=lambda s: s["coupling"])
    return (
        f"Mu-suppression log ratios of {fmt(d['mu_suppression_observe']['mean'], 1)} "
        f"(observing) to {fmt(d['mu_suppression_execute']['mean'], 1)} (executing) at the "
        f"default point are several times larger than scalp EEG effects. MEP facilitation varies "
        f"from seed to seed (sd {fmt(d['mep_facilitation']['sd'], 1)} at coupling 1, "
        f"{fmt(top['mep_facilitation']['sd'], 1)} at coupling {_g(top['coupling'])})."
    )


# --------------------------------------------------------------------------- single units

#: the single-unit configurations as the text names them
_SU_CONFIGS = {
    "default": "default (3 actions, labels)",
    "graded_unstructured": "grip_goal, graded, unstructured",
    "graded_unstructured_zenke": "the same + `heterosynaptic_cubic` 0.003",
}


def _pct(x: float, decimals: int = 1) -> str:
    return fmt(100 * x, decimals)


def _su(summary: dict, config: str, key: str, pop: str = "f5_e") -> list[float]:
    """``[mean, sd]`` of a single-unit statistic over seeds."""
    return summary["mean_sd"][config][pop][key]


def _su_pct(summary: dict, config: str, key: str, pop: str = "f5_e") -> str:
    m, s = _su(summary, config, key, pop)
    if math.isnan(s):  # one seed
        return _pct(m)
    return mean_sd({"mean": 100 * m, "sd": 100 * s}, decimals=1)


def _target(t: list[float]) -> str:
    lo, hi = t
    return f"< {_pct(hi, 0)}" if lo == 0 else f"{_pct(lo, 0)}{EN_DASH}{_pct(hi, 0)}"


_SU_COLUMNS = (
    ("mirror (% of F5 E)", "mirror", "f5_e"),
    ("strictly", "strictly_congruent", "f5_e"),
    ("broadly", "broadly_congruent", "f5_e"),
    ("non-congruent", "non_congruent", "f5_e"),
    ("obs.-suppressed (% of mirror)", "observation_suppressed", "f5_e"),
    ("M1 E mirror", "mirror", "m1_e"),
)


def single_units_table(r: Results) -> str:
    """claims.md: F5 E and M1 E classes per configuration, mean ± sd over seeds, with targets."""
    su = r.single_units
    targets = [_target(su["targets"][k]) if pop == "f5_e" else "< F5" for _, k, pop in _SU_COLUMNS]
    lines = [
        "| | " + " | ".join(c[0] for c in _SU_COLUMNS) + " |",
        "|---" * (len(_SU_COLUMNS) + 1) + "|",
        "| target | " + " | ".join(targets) + " |",
    ]
    for config, label in _SU_CONFIGS.items():
        cells = [_su_pct(su, config, key, pop) for _, key, pop in _SU_COLUMNS]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


_SU_SHORT = {
    "default": "default",
    "graded_unstructured": "graded + unstructured",
    "graded_unstructured_zenke": "with the heterosynaptic term",
}


def single_units_per_seed(r: Results) -> str:
    """claims.md: mirror / strictly / broadly per seed and configuration."""
    su = r.single_units
    parts = []
    for config, label in _SU_SHORT.items():
        runs = su["runs"][config]
        per_seed = ", ".join(
            " / ".join(_pct(runs[seed]["f5_e"][k])
                       for k in ("mirror", "strictly_congruent", "broadly_congruent"))
            for seed in sorted(runs, key=int)
        )  # fmt: skip
        parts.append(f"{label} {per_seed}")
    seeds = ", ".join(sorted(su["runs"]["default"], key=int))
    return f"Per seed ({seeds}), mirror / strictly / broadly, %: " + "; ".join(parts) + "."


def _su_f5(r: Results, config: str, key: str, decimals: int = 0) -> str:
    return _pct(_su(r.single_units, config, key)[0], decimals)


def single_units_congruence(r: Results) -> str:
    """claims.md: what graded tuning does to congruence."""
    t = r.single_units["targets"]
    f = lambda c, k: _su_f5(r, c, k)  # noqa: E731
    g, z = "graded_unstructured", "graded_unstructured_zenke"
    strict = sorted(_su(r.single_units, c, "strictly_congruent")[0] for c in (g, z))
    non = max(_su(r.single_units, c, "non_congruent")[0] for c in (g, z))
    return (
        f"Broad congruence rises from {f('default', 'broadly_congruent')} % of the mirror units "
        f"in the default to {f(g, 'broadly_congruent')} % (graded + unstructured) and "
        f"{f(z, 'broadly_congruent')} % (with the heterosynaptic term), because a graded cell is "
        f"driven by several related actions; nearly all of it is overlap on a shared action "
        f"(counting only the same action, not the feature structure: "
        f"{f(g, 'broadly_congruent_same_action')} % and {f(z, 'broadly_congruent_same_action')} "
        f"%). Strict congruence ({_pct(strict[0], 0)}{EN_DASH}{_pct(strict[1], 0)} %) is still "
        f"above the {_target(t['strictly_congruent'])} % band and broad congruence at or below "
        f"the bottom of {_target(t['broadly_congruent'])} %. Non-congruent units: "
        f"{'none' if non == 0 else f'at most {_pct(non, 1)} %'} (default: "
        f"{f('default', 'non_congruent')} %). The default's many non-congruent units of 0.5.0 "
        f"were units suppressed only while observing *another* action, now a class of their "
        f"own ({f('default', 'suppressed_other_action')} % of the default's mirror units)."
    )


def single_units_fraction(r: Results) -> str:
    """claims.md: the mirror fraction without and with competition."""
    t = r.single_units["targets"]["mirror"]
    g, z = "graded_unstructured", "graded_unstructured_zenke"
    return (
        f"Without competition it overshoots ({_su_f5(r, g, 'mirror')} % against "
        f"{_target(t)} %: every F5 cell with execution drive learns); with the heterosynaptic "
        f"term it undershoots ({_su_f5(r, z, 'mirror')} %; {_su_f5(r, z, 'motor_only')} % of "
        f'F5 E are "motor only").'
    )


def single_units_execution(r: Results) -> str:
    """claims.md: execution responses, rest rates and observation/execution ratios."""
    f = lambda c, k, d=0: fmt(_su(r.single_units, c, k)[0], d)  # noqa: E731
    g, z = "graded_unstructured", "graded_unstructured_zenke"
    rests = [_su(r.single_units, c, "rest_hz_mean")[0] for c in _SU_CONFIGS]
    return (
        f"median preferred-action modulation {f(g, 'exec_mod_median_hz')} Hz (10th{EN_DASH}90th "
        f"percentile {f(g, 'exec_mod_p10_hz')}{EN_DASH}{f(g, 'exec_mod_p90_hz')} Hz) against "
        f"{f('default', 'exec_mod_median_hz')} Hz ({f('default', 'exec_mod_p10_hz')}{EN_DASH}"
        f"{f('default', 'exec_mod_p90_hz')} Hz) in the default; F5 rest {_range(rests)} Hz in "
        f"every case; mean observation/execution ratio of mirror units "
        f"{f(g, 'obs_over_exec_mirror', 2)} ({f(z, 'obs_over_exec_mirror', 2)} with the "
        f"heterosynaptic term), {f('default', 'obs_over_exec_mirror', 2)} in the default. "
        f"Execution-suppressed cells fall from {_su_f5(r, 'default', 'exec_suppressed_any')} % "
        f"to {_su_f5(r, g, 'exec_suppressed_any')} % of F5 E."
    )


def single_units_obs_suppressed(r: Results) -> str:
    """Inline, claims.md: observation-suppressed mirror units per configuration."""
    su = r.single_units
    values = [_su(su, c, "observation_suppressed")[0] for c in _SU_CONFIGS]
    target = _target(su["targets"]["observation_suppressed"])
    if not any(values):
        return f"none in any configuration (target {target} %)"
    shown = ", ".join(f"{_pct(v)} %" for v in values)
    return f"{shown} in the three configurations (target {target} %)"


def single_units_m1(r: Results) -> str:
    """claims.md: how mirror-like M1 E is, against F5 E."""
    m1 = lambda c: _pct(_su(r.single_units, c, "mirror", "m1_e")[0], 0)  # noqa: E731
    z = "graded_unstructured_zenke"
    return (
        f"with the heterosynaptic term M1 E is less mirror-like than F5 E ({m1(z)} % against "
        f"{_su_f5(r, z, 'mirror')} %); without it {m1('graded_unstructured')} % (F5 "
        f"{_su_f5(r, 'graded_unstructured', 'mirror')} %), and in the default {m1('default')} % "
        f"(F5 {_su_f5(r, 'default', 'mirror')} %)"
    )


def single_units_istdp(r: Results) -> str:
    """claims.md: observation-driven inhibition learned by inhibitory STDP (model §2.5)."""
    su, base = r.single_units_istdp, r.single_units
    c, g = "graded_unstructured_istdp", "graded_unstructured"
    seeds = sorted(su["runs"][c], key=int)
    pct = lambda s, k, pop="f5_e": _su_pct(s, c if s is su else g, k, pop)  # noqa: E731

    def num(key: str, pop: str, decimals: int = 2) -> str:
        m, sd = su["mean_sd"][c][pop][key]
        if math.isnan(sd):
            return fmt(m, decimals)
        return mean_sd({"mean": m, "sd": sd}, decimals=decimals)

    run = su["mean_sd"][c]["run"]
    run_v = lambda k, d=1: (  # noqa: E731
        fmt(run[k][0], d) if math.isnan(run[k][1])
        else mean_sd({"mean": run[k][0], "sd": run[k][1]}, decimals=d)
    )  # fmt: skip
    return (
        f"Seeds {', '.join(seeds)} (`results/single-units/summary-istdp.json`; without the "
        f"option: `summary.json`). F5 E: mirror {pct(su, 'mirror')} % (without: "
        f"{pct(base, 'mirror')}); of the mirror units strictly {pct(su, 'strictly_congruent')}, "
        f"broadly {pct(su, 'broadly_congruent')}, non-congruent {pct(su, 'non_congruent')} %; "
        f"observation-suppressed {pct(su, 'observation_suppressed')} % of the mirror units "
        f"(without: {pct(base, 'observation_suppressed')}), suppressed only by another action "
        f"{pct(su, 'suppressed_other_action')} % (without: "
        f"{pct(base, 'suppressed_other_action')}). M1 E: mirror "
        f"{pct(su, 'mirror', 'm1_e')} % (without: {pct(base, 'mirror', 'm1_e')}), "
        f"observation-suppressed {pct(su, 'observation_suppressed', 'm1_e')} % of its mirror "
        f"units. Median observation/execution modulation ratio at the preferred action "
        f"(execution-responsive units): F5 {num('obs_exec_ratio_median', 'f5_e')}, M1 "
        f"{num('obs_exec_ratio_median', 'm1_e')}. Learned inhibition (summed obs_i step per "
        f"unit): F5 observation-suppressed units "
        f"{num('inhibition_nS_obs_suppressed', 'f5_e', 1)} nS, facilitated mirror units "
        f"{num('inhibition_nS_facilitated_mirror', 'f5_e', 1)} nS, all F5 E "
        f"{num('inhibition_nS_all', 'f5_e', 1)} nS, all M1 E "
        f"{num('inhibition_nS_all', 'm1_e', 1)} nS. Rest: F5 E {run_v('f5_rest_hz')} Hz, M1 E "
        f"{run_v('m1_rest_hz')} Hz, obs_i {run_v('obs_i_rest_hz')} Hz ({run_v('obs_i_observe_hz')} "
        f"Hz while observing). Mirror index after learning {run_v('mirror_index_post', 2)}."
    )


def single_units_istdp_dose(r: Results) -> str:
    """claims.md: the same with a smaller inhibitory learning rate (one seed each)."""
    su = r.single_units_istdp
    parts = []
    for config in sorted(k for k in su["runs"] if k.startswith("graded_unstructured_istdp_eta")):
        eta = config.rsplit("eta", 1)[1]
        seeds = ", ".join(sorted(su["runs"][config], key=int))
        m = su["mean_sd"][config]
        parts.append(
            f"`istdp_eta` = {eta} nS (seed {seeds}): F5 E mirror {_su_pct(su, config, 'mirror')} "
            f"%, observation-suppressed {_su_pct(su, config, 'observation_suppressed')} % of them, "
            f"strictly / broadly / non-congruent {_su_pct(su, config, 'strictly_congruent')} / "
            f"{_su_pct(su, config, 'broadly_congruent')} / "
            f"{_su_pct(su, config, 'non_congruent')} %; M1 E mirror "
            f"{_su_pct(su, config, 'mirror', 'm1_e')} %; median observation/execution ratio F5 "
            f"{fmt(m['f5_e']['obs_exec_ratio_median'][0])}, M1 "
            f"{fmt(m['m1_e']['obs_exec_ratio_median'][0])}; mirror index "
            f"{fmt(m['run']['mirror_index_post'][0])}"
        )
    return "; ".join(parts) + "."


def single_units_zenke_delta(r: Results) -> str:
    """claims.md: the transmitter-induced term added to the heterosynaptic one (5 seeds),
    against the heterosynaptic term alone (the single-unit table's seeds)."""
    su, base = r.single_units_zenke_delta, r.single_units
    config, ref = "graded_unstructured_zenke_delta", "graded_unstructured_zenke"
    seeds = ", ".join(sorted(su["runs"][config], key=int))
    ref_seeds = ", ".join(sorted(base["runs"][ref], key=int))
    m = su["mean_sd"][config]
    index = m["run"]["mirror_index_post"]
    per_seed = [x["run"]["mirror_index_post"] for x in su["runs"][config].values()]

    def both(key: str, pop: str = "f5_e") -> str:
        return f"{_su_pct(su, config, key, pop)} ({_su_pct(base, ref, key, pop)})"

    return (
        f"Seeds {seeds} (`results/single-units/summary-zenke-delta.json`; in brackets the "
        f"heterosynaptic term alone, seeds {ref_seeds}): F5 E mirror {both('mirror')} %; of the "
        f"mirror units strictly {both('strictly_congruent')}, broadly "
        f"{both('broadly_congruent')}, non-congruent {both('non_congruent')} %; motor only "
        f"{both('motor_only')} % of F5 E; M1 E mirror {both('mirror', 'm1_e')} %. Median "
        f"observation/execution modulation ratio (F5 E, preferred action) "
        f"{fmt(m['f5_e']['obs_exec_ratio_median'][0])}; mirror index "
        f"{mean_sd({'mean': index[0], 'sd': index[1]})}, highest seed {fmt(max(per_seed))}"
        f" (hypoactive below {fmt(HYPO_MIRROR_INDEX)})."
    )


def single_units_istdp_eta_seeds(r: Results) -> str:
    """claims.md: the istdp_eta = 0.001 nS point over five seeds, against the targets."""
    return _istdp_point(
        r.single_units_istdp_eta,
        "graded_unstructured_istdp_eta0.001",
        "results/single-units/summary-istdp-eta0.001.json",
    )


def single_units_sightgrip_istdp(r: Results) -> str:
    """claims.md: heterosynaptic term, sight_grip_width_factor 2 and istdp_eta 0.001 nS."""
    return _istdp_point(
        r.single_units_sightgrip_istdp,
        "graded_unstructured_zenke_sightgrip2_istdp_eta0.001",
        "results/single-units/summary-sightgrip-istdp.json",
    )


def _sightgrip_dose_table(
    r: Results,
    su: dict,
    param: str,
    columns: tuple,
    extras: tuple,
    unit: str = " (nS)",
    without: str | None = "0 (off)",
) -> str:
    """A dose table on the sight-grip configuration: one row per value of ``param`` in ``su``
    (sorted; a first row ``without`` is the sight-grip series' factor-2 runs, left out if None),
    the single-unit ``columns``, the mirror index and each ``(label, cell(summary, config))``
    of ``extras``."""
    rows = []
    if without is not None:
        rows.append((without, r.single_units_sightgrip, "graded_unstructured_zenke_sightgrip2"))
    values = {c: float(str(su["configs"][c][param]).split()[0]) for c in su["runs"]}
    rows += [(f"{values[c]:g}", su, c) for c in sorted(values, key=values.get)]
    labels = [label for label, _, _ in columns] + ["mirror index"] + [x[0] for x in extras]
    lines = [
        f"| `{param}`{unit} | seeds | " + " | ".join(labels) + " |",
        "|" + "---|" * (len(labels) + 2),
    ]
    for value, summary, config in rows:
        seeds = ", ".join(sorted(summary["runs"][config], key=int))
        index = summary["mean_sd"][config]["run"]["mirror_index_post"]
        cells = [_su_pct(summary, config, key, pop) for _, key, pop in columns]
        cells.append(mean_sd({"mean": index[0], "sd": index[1]}))
        cells += [cell(summary, config) for _, cell in extras]
        lines.append(f"| {value} | {seeds} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def single_units_sightgrip_eta(r: Results) -> str:
    """claims.md: the istdp_eta dose on the sight-grip configuration, as a table."""

    def inhibition(summary: dict, config: str) -> str:
        value = summary["mean_sd"][config]["f5_e"].get("inhibition_nS_all", [math.nan])[0]
        return "none" if math.isnan(value) else fmt(value, 1)

    return _sightgrip_dose_table(
        r,
        r.single_units_sightgrip_istdp,
        "istdp_eta",
        _SU_COLUMNS,
        (("learned inhibition per F5 E cell (nS)", inhibition),),
    )


def _observe_minus_rest(summary: dict, config: str) -> str:
    """F5 E rate while observing minus at rest (Hz), mean ± sd over a configuration's runs."""
    runs = summary["runs"][config].values()
    drop = [x["run"]["f5_observe_hz"] - x["run"]["f5_rest_hz"] for x in runs]
    stat = {"mean": statistics.fmean(drop), "sd": statistics.stdev(drop)}
    return mean_sd(stat, sign=True, decimals=1)


#: the single-unit columns of the observation-inhibition doses: with the mirror units that are
#: suppressed only by watching another action
_SU_INHIBITION_COLUMNS = (
    *_SU_COLUMNS[:5],
    ("suppressed by another action (% of mirror)", "suppressed_other_action", "f5_e"),
    *_SU_COLUMNS[5:],
)


def single_units_sightgrip_fixed(r: Results) -> str:
    """claims.md: the fixed observation-inhibition dose on the sight-grip configuration, as a
    table."""
    return _sightgrip_dose_table(
        r,
        r.single_units_sightgrip_fixed,
        "w_obs_i_e",
        _SU_INHIBITION_COLUMNS,
        (("F5 E observe − rest (Hz)", _observe_minus_rest),),
    )


def single_units_sightgrip_coincidence(r: Results) -> str:
    """claims.md: the coincidence-weakened observation inhibition on the sight-grip
    configuration, over the amount of observation-only experience, as a table."""

    def facilitated(summary: dict, config: str) -> str:
        runs = summary["runs"][config].values()
        shares = [
            100
            * x["f5_e"]["mirror"]
            * (1 - x["f5_e"]["observation_suppressed"] - x["f5_e"]["suppressed_other_action"])
            for x in runs
        ]
        stat = {"mean": statistics.fmean(shares), "sd": statistics.stdev(shares)}
        return mean_sd(stat, decimals=1)

    def inhibition(summary: dict, config: str) -> str:
        cells = summary["mean_sd"][config]["f5_e"]
        keys = ("facilitated_mirror", "obs_suppressed", "motor_only")
        values = [cells.get(f"inhibition_nS_{k}", [math.nan])[0] for k in keys]
        return " / ".join("none" if math.isnan(v) else fmt(v, 1) for v in values)

    def ratio(summary: dict, config: str) -> str:
        cells = summary["mean_sd"][config]
        return " / ".join(
            fmt(cells[pop]["obs_exec_ratio_median"][0], 2) for pop in ("f5_e", "m1_e")
        )

    return _sightgrip_dose_table(
        r,
        r.single_units_sightgrip_coincidence,
        "n_dev_unpaired",
        _SU_INHIBITION_COLUMNS,
        (
            ("observation-excited mirror (% of F5 E)", facilitated),
            ("F5 E observe − rest (Hz)", _observe_minus_rest),
            ("obs_i inhibition per cell (nS): excited / obs.-suppressed / motor-only", inhibition),
            ("median obs/exec ratio F5 E / M1 E", ratio),
        ),
        unit="",
        without=None,
    )


def single_units_fresh(r: Results) -> str:
    """claims.md: the sight-grip configuration on fresh seeds, against the recorded bands, with
    the number of seeds in which each band holds."""
    return _fresh_holdout(
        r.single_units_fresh,
        "graded_unstructured_zenke_sightgrip2",
        "results/single-units/summary-sightgrip2-fresh.json",
    )


def single_units_coincidence_fresh(r: Results) -> str:
    """claims.md: the coincidence-weakened observation inhibition (n_dev_unpaired 10) on fresh
    seeds, against the recorded bands, with the number of seeds in which each band holds."""
    return _fresh_holdout(
        r.single_units_coincidence_fresh,
        "graded_unstructured_zenke_sightgrip2_obscoinc_u10",
        "results/single-units/summary-sightgrip-coincidence-fresh.json",
    )


def single_units_coincidence_human(r: Results) -> str:
    """claims.md: what the coincidence variant does to mu suppression and MEP facilitation,
    against the same configuration without observation inhibition (same seeds)."""
    h = r.single_units_coincidence_human
    with_, without = (
        "graded_unstructured_zenke_sightgrip2_obscoinc_u10",
        "graded_unstructured_zenke_sightgrip2",
    )

    def part(config: str) -> str:
        m, runs = h["mean_sd"][config], h["runs"][config]
        seeds = sorted(runs, key=int)
        mep = [runs[x]["mep_facilitation"] for x in seeds]
        mu = [runs[x]["mu_suppression_observe"] for x in seeds]
        fac, mu_obs = m["mep_facilitation"], m["mu_suppression_observe"]
        return (
            f"mu log ratio while observing {mean_sd({'mean': mu_obs[0], 'sd': mu_obs[1]})} "
            f"(below 0 in {sum(x < 0 for x in mu)} of {len(seeds)} seeds), MEP while observing "
            f"{fmt(m['mep_observe'][0], 2)} against {fmt(m['mep_static'][0], 2)} spikes static, a "
            f"facilitation of {fmt(100 * fac[0], 0)} ± {fmt(100 * fac[1], 0)} % (above 0 in "
            f"{sum(x > 0 for x in mep)} of {len(seeds)})"
        )

    seeds = sorted(h["runs"][with_], key=int)
    return (
        f"Seeds {seeds[0]}{EN_DASH}{seeds[-1]}, with the coincidence-weakened observation "
        f"inhibition: {part(with_)}; the same configuration without it: {part(without)} "
        "(`results/single-units/human-measures-coincidence.json`)."
    )


#: obs_i_targets configurations of experiments/single_units.py, in the table's order
_TARGET_ROWS = (
    ("F5 E and M1 E", 10, "graded_unstructured_zenke_sightgrip2_obscoinc_u10"),
    ("F5 E only", 10, "graded_unstructured_zenke_sightgrip2_obscoinc_u10_to_f5"),
    ("M1 E only", 10, "graded_unstructured_zenke_sightgrip2_obscoinc_u10_to_m1"),
    ("F5 E only", 20, "graded_unstructured_zenke_sightgrip2_obscoinc_u20_to_f5"),
    ("F5 E only", 40, "graded_unstructured_zenke_sightgrip2_obscoinc_u40_to_f5"),
    ("F5 output cells", 10, "graded_unstructured_zenke_sightgrip2_obscoinc_u10_to_f5_output"),
    ("F5 output cells", 20, "graded_unstructured_zenke_sightgrip2_obscoinc_u20_to_f5_output"),
    ("F5 E only, step 1.5 nS", 10, "graded_unstructured_zenke_sightgrip2_obscoinc_u10_to_f5_w1.5"),
    ("F5 E only, step 1 nS", 10, "graded_unstructured_zenke_sightgrip2_obscoinc_u10_to_f5_w1"),
    ("F5 E only, step 0.5 nS", 10, "graded_unstructured_zenke_sightgrip2_obscoinc_u10_to_f5_w0.5"),
)


def single_units_coincidence_targets(r: Results) -> str:
    """claims.md: which target of the coincidence variant's interneurons carries which human
    measure: F5 and M1 single-unit classes beside mu, scalp mu and MEP facilitation, per
    obs_i_targets setting and observation-only experience."""
    su, human = r.coincidence_targets, r.coincidence_targets_human
    rows = [row for row in _TARGET_ROWS if row[2] in su["mean_sd"]]

    def stat(m: list[float], scale: float = 1.0, decimals: int = 2, sign: bool = False) -> str:
        mean, sd = scale * m[0], scale * m[1]
        if math.isnan(sd):
            return fmt(mean, decimals, sign)
        return mean_sd({"mean": mean, "sd": sd}, sign=sign, decimals=decimals)

    def count(config: str, key: str, below: bool) -> str:
        values = [run[key] for run in human["runs"][config].values()]
        hits = sum((v < 0) if below else (v > 0) for v in values)
        return f"{hits}/{len(values)}"

    header = (
        "| obs_i reach | observation-only events | seeds | F5 mirror (% of F5 E) | "
        "of them excited while observing (% of F5 E) | "
        "obs.-suppressed (% of mirror) | F5 E observe − rest (Hz) | "
        "untuned F5 cells' part (Hz) | M1 E mirror-like (%) | "
        "median obs/exec, F5 / M1 | mu log ratio observing (below 0) | scalp mu observing | "
        "MEP facilitation % (above 0) | mirror index |"
    )
    lines = [header, "|" + "---|" * 14]
    for reach, unpaired, config in rows:
        m, h = su["mean_sd"][config], human["mean_sd"][config]
        # the difference of the means (the sds of the two rates do not give the difference's)
        net = m["run"]["f5_observe_hz"][0] - m["run"]["f5_rest_hz"][0]
        seeds = sorted(su["runs"][config], key=int)
        lines.append(
            f"| {reach} | {unpaired} | {seeds[0]}{EN_DASH}{seeds[-1]} | "
            f"{_su_pct(su, config, 'mirror')} | "
            f"{_su_pct(su, config, 'facilitated_mirror_of_units')} | "
            f"{_su_pct(su, config, 'observation_suppressed')} | "
            f"{fmt(net, 1, sign=True)} | "
            f"{stat(m['f5_e']['obs_mod_untuned_part_hz'], decimals=1, sign=True)} | "
            f"{_su_pct(su, config, 'mirror', 'm1_e')} | "
            f"{fmt(m['f5_e']['obs_exec_ratio_median'][0], 2)} / "
            f"{fmt(m['m1_e']['obs_exec_ratio_median'][0], 2)} | "
            f"{stat(h['mu_suppression_observe'], sign=True)} "
            f"({count(config, 'mu_suppression_observe', True)}) | "
            f"{stat(h['eeg_mu_observe'], sign=True)} | "
            f"{stat(h['mep_facilitation'], 100, 0, sign=True)} "
            f"({count(config, 'mep_facilitation', False)}) | "
            f"{stat(h['mirror_index_post'], sign=True)} |"
        )
    return "\n".join(lines) + (
        "\n\nMean ± sd over seeds, sight-grip configuration with the coincidence variant "
        "(`results/single-units/summary-coincidence-targets.json`, "
        "`results/single-units/human-measures-coincidence-targets.json`; "
        "`experiments/single_units.py`). F5 E observe − rest: the mean over seeds of the F5 E "
        "rate while observing less its resting rate. Untuned F5 cells' part: what the F5 E "
        "cells without intention input and without output to M1 add to F5 E's mean "
        "observation modulation (each cell's mean over the four observed actions, summed over "
        "these cells, divided by all F5 E cells). F5 output cells: the F5 E cells of the motor "
        "pools, the only ones that project to M1. Step: the obs_i synapses' starting step "
        "`w_obs_i_e`, 2 nS (`w_ie`) unless the row names another. Regime by the rules of "
        f"model §5: {_regime_counts(human, [row[2] for row in rows])}."
    )


def _regime_counts(human: dict, configs: list[str]) -> str:
    """How many of the configurations' runs have each regime label, as text."""
    labels = [run["regime"] for c in configs for run in human["runs"][c].values()]
    counts = {label: labels.count(label) for label in dict.fromkeys(sorted(labels))}
    return ", ".join(f"{label} in {n} of {len(labels)} runs" for label, n in counts.items())


def _fresh_holdout(su: dict, config: str, path: str) -> str:
    """One configuration's hold-out seeds against the recorded bands, as a sentence."""
    runs = su["runs"][config]
    seeds = sorted(runs, key=int)
    m = su["mean_sd"][config]
    targets = su["targets"]

    def held(key: str) -> str:
        lo, hi = targets[key]
        n = sum(lo <= runs[x]["f5_e"][key] <= hi for x in seeds)
        return f"{_su_pct(su, config, key)} % (band {_target(targets[key])} %: {n} of {len(seeds)})"

    index = m["run"]["mirror_index_post"]
    less = sum(
        runs[x]["m1_e"]["obs_exec_ratio_median"] < runs[x]["f5_e"]["obs_exec_ratio_median"]
        for x in seeds
    )
    return (
        f"Seeds {seeds[0]}{EN_DASH}{seeds[-1]} "
        f"(`{path}`): F5 E mirror {held('mirror')}; "
        f"of the mirror units strictly {held('strictly_congruent')}, broadly "
        f"{held('broadly_congruent')}, non-congruent {held('non_congruent')}, "
        f"observation-suppressed {held('observation_suppressed')}. M1 E mirror "
        f"{_su_pct(su, config, 'mirror', 'm1_e')} %; median observation/execution modulation "
        f"ratio M1 {fmt(m['m1_e']['obs_exec_ratio_median'][0])} against F5 "
        f"{fmt(m['f5_e']['obs_exec_ratio_median'][0])} (M1 lower in {less} of {len(seeds)} "
        f"seeds). F5 E rest {fmt(m['f5_e']['rest_hz_mean'][0], 1)} Hz, median execution "
        f"modulation {fmt(m['f5_e']['exec_mod_median_hz'][0], 0)} Hz (10th{EN_DASH}90th "
        f"percentile {fmt(m['f5_e']['exec_mod_p10_hz'][0], 0)}{EN_DASH}"
        f"{fmt(m['f5_e']['exec_mod_p90_hz'][0], 0)} Hz), execution-suppressed "
        f"{_su_pct(su, config, 'exec_suppressed_any')} % of F5 E; mirror index "
        f"{mean_sd({'mean': index[0], 'sd': index[1]})}."
    )


def _design_cell(stat: list[float], scale: float = 100.0, sign: bool = False) -> str:
    m, s = stat
    if m is None or math.isnan(m):
        return "none"
    if s is None or math.isnan(s):
        return fmt(scale * m, 1 if scale != 1 else 2, sign=sign)
    return mean_sd({"mean": scale * m, "sd": scale * s}, sign=sign)


def single_units_experience(r: Results) -> str:
    """claims.md: the classes against the amount of development (single_units_dose.py)."""
    head = (
        "| executions per action | seeds | mirror (% of F5 E) | strictly | broadly | "
        "obs.-suppressed (% of mirror) | M1 E mirror | mirror index |"
    )
    lines = [head, "|" + "---|" * 8]
    for row in r.single_units_design["experience"]:
        repeats = "none (before development)" if row["repeats"] == 0 else str(row["repeats"])
        cells = [
            _design_cell(row.get(key, [math.nan, math.nan]))
            for key in ("mirror", "strictly_congruent", "broadly_congruent",
                        "observation_suppressed", "m1_mirror")
        ]  # fmt: skip
        index = _design_cell(row["mirror_index"], scale=1.0)
        seeds = ", ".join(row["seeds"])
        lines.append(f"| {repeats} | {seeds} | " + " | ".join(cells) + f" | {index} |")
    return "\n".join(lines)


def single_units_sensitivity(r: Results) -> str:
    """claims.md: paired changes at +-25 % of structural parameters (single_units_dose.py)."""
    head = (
        "| parameter | value | seeds | mirror (% of F5 E) | change | relative change | "
        "broadly (% of mirror), change | mirror index, change |"
    )
    lines = [head, "|" + "---|" * 8]
    for row in r.single_units_design["sensitivity"]:
        base, change = row["mirror_base"][0], row["mirror_change"][0]
        relative = f"{fmt(100 * change / base, 0, sign=True)} %" if base else "none"
        lines.append(
            f"| `{row['parameter']}` | {row['value']} | {', '.join(row['seeds'])} | "
            f"{_design_cell(row['mirror'])} | {_design_cell(row['mirror_change'], sign=True)} | "
            f"{relative} | {_design_cell(row['broadly_congruent_change'], sign=True)} | "
            f"{_design_cell(row['mirror_index_change'], scale=1.0, sign=True)} |"
        )
    return "\n".join(lines)


def _istdp_point(su: dict, config: str, path: str) -> str:
    seeds = ", ".join(sorted(su["runs"][config], key=int))
    m = su["mean_sd"][config]
    index = m["run"]["mirror_index_post"]
    return (
        f"Seeds {seeds} (`{path}`): F5 E mirror "
        f"{_su_pct(su, config, 'mirror')} %, observation-suppressed "
        f"{_su_pct(su, config, 'observation_suppressed')} % of them; strictly / broadly / "
        f"non-congruent {_su_pct(su, config, 'strictly_congruent')} / "
        f"{_su_pct(su, config, 'broadly_congruent')} / {_su_pct(su, config, 'non_congruent')} %; "
        f"M1 E mirror {_su_pct(su, config, 'mirror', 'm1_e')} % (observation-suppressed "
        f"{_su_pct(su, config, 'observation_suppressed', 'm1_e')} % of them); F5 E rest "
        f"{fmt(m['f5_e']['rest_hz_mean'][0], 1)} Hz, median execution modulation "
        f"{fmt(m['f5_e']['exec_mod_median_hz'][0], 0)} Hz, execution-suppressed "
        f"{_su_pct(su, config, 'exec_suppressed_any')} % of F5 E; median observation/execution "
        f"ratio F5 {fmt(m['f5_e']['obs_exec_ratio_median'][0])}, M1 "
        f"{fmt(m['m1_e']['obs_exec_ratio_median'][0])}; mirror index "
        f"{mean_sd({'mean': index[0], 'sd': index[1]})} (hypoactive below "
        f"{fmt(HYPO_MIRROR_INDEX)}); learned inhibition per F5 E cell "
        f"{fmt(m['f5_e']['inhibition_nS_all'][0], 1)} nS, obs_i while observing "
        f"{fmt(m['run']['obs_i_observe_hz'][0], 1)} Hz."
    )


def single_units_sightgrip(r: Results) -> str:
    """claims.md: unit classes against sight_grip_width_factor (1: the single-unit table's
    heterosynaptic row), as a table."""
    rows = [("1", r.single_units, "graded_unstructured_zenke")]
    su = r.single_units_sightgrip
    factors = {c: su["configs"][c]["sight_grip_width_factor"] for c in su["runs"]}
    for config in sorted(factors, key=factors.get):
        rows.append((f"{factors[config]:g}", su, config))
    head = (
        "| `sight_grip_width_factor` | seeds | mirror (% of F5 E) | strictly | broadly | "
        "non-congruent | obs.-suppressed (% of mirror) | M1 E mirror | mirror index |"
    )
    lines = [head, "|" + "---|" * 9]
    for factor, summary, config in rows:
        seeds = ", ".join(sorted(summary["runs"][config], key=int))
        index = summary["mean_sd"][config].get("run", {}).get("mirror_index_post")
        index_text = mean_sd({"mean": index[0], "sd": index[1]}) if index else "not recorded"
        cells = [
            _su_pct(summary, config, key, pop)
            for key, pop in (
                ("mirror", "f5_e"),
                ("strictly_congruent", "f5_e"),
                ("broadly_congruent", "f5_e"),
                ("non_congruent", "f5_e"),
                ("observation_suppressed", "f5_e"),
                ("mirror", "m1_e"),
            )
        ]
        lines.append(f"| {factor} | {seeds} | " + " | ".join(cells) + f" | {index_text} |")
    return "\n".join(lines)


def speed_dt_option(r: Results) -> str:
    """README: the 0.2 ms step against the default 0.1 ms, fresh seeds of the main job."""
    d = r.dt_equivalence
    fine, coarse = d["by_dt"]["0.1"], d["by_dt"]["0.2"]
    seeds = sorted({row["seed"] for row in d["runs"]})

    def both(key: str) -> str:
        a = mean_sd({"mean": coarse[key][0], "sd": coarse[key][1]})
        b = mean_sd({"mean": fine[key][0], "sd": fine[key][1]})
        return f"{a} against {b}"

    shifts = d["shifts"][:2]
    shifted = ", ".join(
        f"`{x['statistic']}` by {fmt(x['shift_sd'], 1)} reference spreads (t = {fmt(x['t'], 1)})"
        for x in shifts
    )
    return (
        f"fresh seeds {seeds[0]}{EN_DASH}{seeds[-1]} of the main job at 0.1 and 0.2 ms, run two "
        f"at a time: the simulation took {fine['simulating_s_mean']:.0f} s at 0.1 ms and "
        f"{coarse['simulating_s_mean']:.0f} s at 0.2 ms on average "
        f"({fine['simulating_s_mean'] / coarse['simulating_s_mean']:.1f}x); "
        f"{coarse['passed']} of {coarse['n']} runs at 0.2 ms and {fine['passed']} of {fine['n']} "
        f"at 0.1 ms pass the regression check against the packaged reference; the headline "
        f"measures agree within the spread over seeds (0.2 ms against 0.1 ms: mirror index "
        f"{both('mirror_index_post')}, F5 mirror fraction {both('f5_mirror_fraction_post')}, "
        f"observation mu {both('mu_suppression_observe')}, MEP facilitation "
        f"{both('mep_facilitation')}). Pooled over the seeds the largest shifts are {shifted}"
    )


def speed_input_dt_option(r: Results) -> str:
    """README: the Poisson inputs on a 0.5 ms clock against the model before, fresh seeds."""
    d = r.input_dt_equivalence
    before, after = d["by_model"]["before"], d["by_model"]["after"]
    seeds = after["seeds"]

    def both(key: str) -> str:
        a = mean_sd({"mean": after[key][0], "sd": after[key][1]})
        b = mean_sd({"mean": before[key][0], "sd": before[key][1]})
        return f"{a} against {b}"

    shifted = ", ".join(
        f"`{x['statistic']}` by {fmt(x['shift_sd'], 1)} reference spreads (t = {fmt(x['t'], 1)})"
        for x in d["shifts"][:3]
    )
    return (
        f"fresh seeds {seeds[0]}{EN_DASH}{seeds[-1]} of the main job, run two at a time: the "
        f"simulation took {after['simulating_s_mean']:.0f} s with `input_dt` = 0.5 ms and the "
        f"faster code, against {before['simulating_s_mean']:.0f} s for the model before "
        f"({before['simulating_s_mean'] / after['simulating_s_mean']:.1f}x); {after['passed']} of "
        f"{after['n']} runs pass the regression check against the packaged reference; the "
        f"headline measures agree within the spread over seeds (mirror index "
        f"{both('mirror_index_post')}, F5 mirror fraction {both('f5_mirror_fraction_post')}, "
        f"observation mu {both('mu_suppression_observe')}, MEP facilitation "
        f"{both('mep_facilitation')}). Pooled over the seeds the largest shifts are {shifted}"
    )


def speed_input_dt_paired(r: Results) -> str:
    """README: the Poisson inputs on a 0.5 ms clock against the default, seed by seed."""
    d = r.input_dt_paired
    seeds = d["seeds"]
    shifted = ", ".join(
        f"`{x['statistic']}` {x['before_mean']:#.3g} to {x['after_mean']:#.3g} "
        f"({fmt(100 * (x['after_mean'] / x['before_mean'] - 1), 1, sign=True)} %, "
        f"{fmt(x['shift_sd'], 2, sign=True)} reference spreads, paired t = {fmt(x['t'], 1)})"
        for x in d["shifts"][:4]
    )
    lv = next(x for x in d["shifts"] if x["statistic"] == "m1_e.spontaneous.lv")
    rates = [x for x in d["shifts"] if x["statistic"].endswith("rate_hz")]
    change = [100 * (x["after_mean"] / x["before_mean"] - 1) for x in rates]
    top = d["shifts"][0]
    return (
        f"seeds {seeds[0]}{EN_DASH}{seeds[-1]}, the default model and the same with `input_dt` = "
        f"0.5 ms: {d['passed']} of {len(seeds)} runs with 0.5 ms pass the regression check "
        f"against the packaged reference; over {len(d['shifts'])} statistics, the largest paired "
        f"differences are {shifted}; `m1_e.spontaneous.lv`: {fmt(lv['shift_sd'], 2, sign=True)} "
        f"reference spreads (paired t = {fmt(lv['t'], 1)}). {sum(c < 0 for c in change)} of "
        f"{len(rates)} rate statistics are lower with 0.5 ms (median "
        f"{fmt(statistics.median(change), 1, sign=True)} %, the largest "
        f"{fmt(min(change), 1, sign=True)} %); `{top['statistic']}` is lower in "
        f"{top['lower_in_seeds']} of {top['seeds_compared']} seeds"
    )


def _mean_phase(runs: dict, code: str, name: str) -> float:
    """Mean seconds of phase ``name`` over the runs of ``code`` in a second_run.py record."""
    mine = [x["phases_s"].get(name, 0.0) for x in runs["runs"] if x["code"] == code]
    return sum(mine) / len(mine)


def speed_split(r: Results) -> str:
    """README: the main job in two halves: the equivalence seed by seed and a next run's time."""
    d = r._json("results/bench/split-paired.json")
    runs = r._json("results/bench/second-run.json")
    seeds, before = d["seeds"], d["before_learning"]
    shifted = ", ".join(
        f"`{x['statistic']}` by {fmt(x['shift_sd'], 2, sign=True)} reference spreads (paired "
        f"t = {fmt(x['t'], 1)})"
        for x in d["shifts"][:3]
    )
    mean = runs["mean_command_wall_s"]

    def phase(code: str, name: str) -> float:
        return _mean_phase(runs, code, name)

    n_runs = sum(x["code"] == "after" for x in runs["runs"])
    return (
        f"seeds {seeds[0]}{EN_DASH}{seeds[-1]} of the main job, in two halves and as one "
        f"simulation (the paired reference's base runs): the test block before learning has the "
        f"same firing statistics in {before['identical_seeds']} of {len(before['seeds'])} seeds "
        f"(all {before['statistics']} statistics); after learning, {d['passed']} of {len(seeds)} "
        f"runs in two halves pass the regression check against the packaged reference, and over "
        f"{len(d['shifts'])} statistics the largest mean differences are {shifted}. A next main "
        f"job (a new seed, build cached; {n_runs} runs each, one after the other on the idle "
        f"machine, `experiments/second_run.py`, `results/bench/second-run.json`) took "
        f"{mean['after']:.0f} s from the command to the finished folder, against "
        f"{mean['before']:.0f} s as one simulation with the analysis before this change "
        f"(simulating {phase('after', 'simulating'):.0f} s against "
        f"{phase('before', 'simulating'):.0f} s; analysing {phase('after', 'analysing'):.1f} s "
        f"against {phase('before', 'analysing'):.1f} s)"
    )


def speed_lanes(r: Results) -> str:
    """README: the background drawn by eight generators side by side against one generator,
    seed by seed, both test blocks."""
    d = r._json("results/bench/lanes-paired.json")
    post, pre = d["post"], d["pre"]
    seeds = post["seeds"]

    def largest(block: dict) -> str:
        return ", ".join(
            f"`{x['statistic']}` by {fmt(x['shift_sd'], 2, sign=True)} reference spreads "
            f"(paired t = {fmt(x['t'], 1)})"
            for x in block["shifts"][:3]
        )

    headline = d["headline"]["measures"]
    means = "; ".join(
        f"`{key}` {fmt(h['before'][0], 3)} ± {fmt(h['before'][1], 2)} → "
        f"{fmt(h['after'][0], 3)} ± {fmt(h['after'][1], 2)}"
        for key, h in headline.items()
    )
    top = sorted(headline.items(), key=lambda item: -abs(item[1]["t"]))[:2]
    moved = " and ".join(
        f"`{key}` by {fmt(h['shift_sd'], 2, sign=True)} seed spreads (paired t = {fmt(h['t'], 1)})"
        for key, h in top
    )
    return (
        f"seeds {seeds[0]}{EN_DASH}{seeds[-1]} of the main job, drawn both ways (the runs in two "
        f"halves of `experiments/split_equivalence.py` as the runs before): after learning, "
        f"{post['passed']} of {len(seeds)} runs pass the regression check against the packaged "
        f"reference, and over {len(post['shifts'])} statistics the largest mean differences (new "
        f"minus old) are {largest(post)}; before learning they are {largest(pre)}. Headline "
        f"measures, mean ± sd over the seeds, before → after: {means}; the largest paired "
        f"shifts among them are {moved}"
    )


def speed_loop_run(r: Results) -> str:
    """README: a next main job's time before and after the faster loop."""
    runs = r._json("results/bench/second-run-loop.json")
    mean = runs["mean_command_wall_s"]

    def phase(code: str, name: str) -> float:
        return _mean_phase(runs, code, name)

    def each(code: str) -> str:
        return ", ".join(f"{x['command_wall_s']:.1f}" for x in runs["runs"] if x["code"] == code)

    n_runs = sum(x["code"] == "after" for x in runs["runs"])
    return (
        f"a next main job (a new seed, build cached; {n_runs} runs each, one after the other on "
        f"the idle machine, `experiments/second_run.py`, `results/bench/second-run-loop.json`) "
        f"took {mean['after']:.1f} s ({each('after')}) from the command to the finished folder, "
        f"against {mean['before']:.1f} s ({each('before')}) before these changes (simulating "
        f"{phase('after', 'simulating'):.0f} s against {phase('before', 'simulating'):.0f} s)"
    )


def tms_paradigms_sweep(r: Results) -> str:
    """claims.md: the TMS session at coupling 0.5, 1 and 2."""
    settings = sorted(r.tms_paradigms["settings"], key=lambda x: x["coupling"])
    parts = []
    for x in settings:
        parts.append(
            f"coupling {x['coupling']:g} ({x['n_seeds']} seeds): RMT "
            f"{mean_sd(x['calibration.rmt'])} × `w_tms`, facilitation "
            f"{mean_sd(x['paradigms.facilitation'], sign=True, decimals=0)} %, SICI "
            f"{mean_sd(x['paradigms.sici.static'], decimals=0)} % at rest and "
            f"{mean_sd(x['paradigms.sici.observe'], decimals=0)} % while observing, LICI "
            f"{mean_sd(x['paradigms.lici.static'], decimals=0)} % and "
            f"{mean_sd(x['paradigms.lici.observe'], decimals=0)} %; the test MEP "
            f"{mean_sd(x['calibration.mep_at_test'], decimals=1)} % of the curve's plateau"
        )
    return "; ".join(parts)


def tms_paradigms_inhibition(r: Results) -> str:
    """claims.md: the TMS session at inhibition 0.7 against 1 (coupling 1)."""
    by = {x["inhibition"]: x for x in r.tms_paradigms_inhibition["settings"]}
    low, nominal = by[0.7], by[1.0]

    def both(key: str, decimals: int | None = None, sign: bool = False) -> str:
        a = mean_sd(low[key], sign=sign, decimals=decimals)
        b = mean_sd(nominal[key], sign=sign, decimals=decimals)
        return f"{a} against {b}"

    return (
        f"inhibition 0.7 against 1 ({low['n_seeds']} seeds each, coupling 1): RMT "
        f"{both('calibration.rmt')} × `w_tms`, SICI at rest "
        f"{both('paradigms.sici.static', 0)} %, SICI while observing "
        f"{both('paradigms.sici.observe', 0)} %, LICI at rest "
        f"{both('paradigms.lici.static', 0)} %, facilitation "
        f"{both('paradigms.facilitation', 0, sign=True)} %; at rest the neurogliaform cells fire "
        f"at {both('rest_rates_hz.ngf', 2)} Hz and the output cells at "
        f"{both('rest_rates_hz.m1_e', 2)} Hz"
    )


def tms_paradigms_recruitment(r: Results) -> str:
    """claims.md: how many inhibitory cells the example run's conditioning pulses fire."""
    m = r.tms_paradigms_example
    share = m["conditioning_recruitment"]
    rest = m["rest_rates_hz"]
    return (
        f"seed 1, coupling 1: the LICI conditioning pulse fires "
        f"{_pct(share['ngf.lici'], 0)} % of the neurogliaform cells (and "
        f"{_pct(share['gate.lici'], 0)} % of the gate's cells; the SICI conditioning pulse "
        f"{_pct(share['gate.sici'], 0)} %); at rest the neurogliaform cells fire at "
        f"{fmt(rest['ngf'], 2)} Hz, the output cells at {fmt(rest['m1_e'], 2)} Hz and the gate at "
        f"{fmt(rest['gate'], 1)} Hz; LICI {fmt(m['paradigms']['lici.static'], 0)} % at rest"
    )


def _spinal_text(summary: dict) -> str:
    """Per corticomotoneuronal step: the TMS session read from spinal motoneurons."""
    parts = []
    for x in sorted(summary["settings"], key=lambda x: x["w_m1_mn"]):
        parts.append(
            f"`w_m1_mn` = {x['w_m1_mn']:g} nS ({x['n_seeds']} seeds): RMT "
            f"{mean_sd(x['calibration.rmt'])} × `w_tms`, the test MEP "
            f"{mean_sd(x['calibration.mep_at_test'], decimals=0)} % of the curve's plateau, "
            f"facilitation {mean_sd(x['paradigms.facilitation'], sign=True, decimals=0)} %, SICI "
            f"{mean_sd(x['paradigms.sici.static'], decimals=0)} % and LICI "
            f"{mean_sd(x['paradigms.lici.static'], decimals=0)} % at rest; motoneurons fire at "
            f"{mean_sd(x['paradigms.background_hz.static'], decimals=1)} Hz before the pulses "
            f"while viewing the static scene and at "
            f"{mean_sd(x['paradigms.background_hz.observe'], decimals=1)} Hz while observing"
        )
    return "; ".join(parts)


def tms_paradigms_spinal(r: Results) -> str:
    """claims.md: the TMS session read from spinal motoneurons, per corticomotoneuronal step."""
    return _spinal_text(r.tms_paradigms_spinal)


def tms_paradigms_spinal_gate(r: Results) -> str:
    """claims.md: the same with the spinal gate (n_sgate = 50), the same seeds."""
    return _spinal_text(r._json("results/tms-paradigms/spinal-gate-sweep/summary.json"))


def _point_measures(r: Results, rel: str) -> list[dict]:
    """The knobs, seed and measures of every point of a committed sweep folder."""
    out = []
    for path in sorted((r.root / rel / "points").glob("*.json")):
        point = json.loads(path.read_text())
        out.append({**point["knobs"], "seed": point["seed"], **point["measures"]})
    return out


def _ms(values: list[float], decimals: int = 2, sign: bool = False) -> str:
    """``mean ± sd`` of a list of numbers."""
    return mean_sd(
        {"mean": statistics.mean(values), "sd": statistics.stdev(values)}, sign, decimals
    )


def fmri_coupling(r: Results) -> str:
    """claims.md: fMRI-like BOLD per area and condition along the coupling sweep."""
    rel = "results/human-measures/fmri-coupling-sweep"
    points = _point_measures(r, rel)
    areas = (("ipl", "IPL"), ("f5", "F5"), ("m1", "M1"))
    head = " | ".join(f"{name} observe | {name} execute" for _, name in areas)
    lines = [
        f"| coupling | {head} | seeds with execute > observe (IPL / F5 / M1) |",
        "|---" * 8 + "|",
    ]
    for coupling in sorted({p["coupling"] for p in points}):
        rows = [p for p in points if p["coupling"] == coupling]
        cells = []
        for area, _ in areas:
            for condition in ("observe", "execute"):
                values = [p[f"fmri_{area}_{condition}_pct"] for p in rows]
                cells.append(f"{_ms(values, sign=True)} %")
        wins = [
            sum(p[f"fmri_{a}_execute_pct"] > p[f"fmri_{a}_observe_pct"] for p in rows)
            for a, _ in areas
        ]
        lines.append(
            f"| {_g(coupling)} | " + " | ".join(cells) + f" | {' / '.join(map(str, wins))} "
            f"of {len(rows)} |"
        )
    seeds = sorted({p["seed"] for p in points})
    return (
        "\n".join(lines)
        + f"\n\nPercent signal change from baseline, mean ± sd over seeds {seeds[0]}"
        f"{EN_DASH}{seeds[-1]} (`{rel}`, experiment post-learning-test, nominal inhibition)."
    )


def _p_text(p: float) -> str:
    """``p = 0.03`` or, below 0.001, ``p < 1e-N``."""
    return f"p = {p:.2g}" if p >= 1e-3 else f"p < {_p_bound(p)}"


def _cohort_cell(row: dict, decimals: int = 2, sign: bool = True) -> str:
    """``mean ± sd`` of a cohort table row."""
    return mean_sd({"mean": row["mean"], "sd": row["sd"]}, sign=sign, decimals=decimals)


def _against_control(
    table: dict, groups: list[str], control: str, measures: tuple[tuple[str, str], ...]
) -> list[str]:
    """Per group but the control, ``"G against C: label g = ... (Welch p = ...); ..."``."""
    return [
        f"{g} against {control}: "
        + "; ".join(
            f"{label} g = {fmt(table[(g, key)]['g_vs_control'], 2, sign=True)} "
            f"(Welch {_p_text(table[(g, key)]['p_vs_control'])})"
            for key, label in measures
        )
        for g in groups
        if g != control
    ]


def cohort_scalp_eeg(r: Results) -> str:
    """claims.md: the cohort's scalp and local mu, MEP and labels per group."""
    cohort = r._json("results/cohort/cohort.json")
    table = {(t["group"], t["measure"]): t for t in cohort["table"]}
    groups = list(cohort["spec"]["subjects"])
    lines = [
        "| group (coupling) | n | scalp mu observing (d_z) | scalp mu executing (d_z) | "
        "d_z ratio | local mu observing | MEP facilitation | mirror index | labels (§5 rules / "
        "human measures) |",
        "|---" * 9 + "|",
    ]
    for g in groups:
        obs, exe = table[(g, "eeg_mu_observe")], table[(g, "eeg_mu_execute")]
        local = table[(g, "mu_suppression_observe")]
        mep, mi = table[(g, "mep_facilitation")], table[(g, "mirror_index_post")]
        coupling = cohort["spec"]["groups"][g].get("coupling", float("nan"))

        def labels(key: str, g: str = g) -> str:
            counts = cohort.get(key, {}).get(g, {})
            return ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))

        lines.append(
            f"| {g} ({_g(coupling)}) | {obs['n']} | {_cohort_cell(obs)} ({fmt(obs['d_z'], 1)}) | "
            f"{_cohort_cell(exe)} ({fmt(exe['d_z'], 1)}) | "
            f"{fmt(cohort['eeg_mu_effect_ratio'][g], 2)} | {_cohort_cell(local)} | "
            f"{_cohort_cell(mep, 0)} % | {_cohort_cell(mi, sign=False)} | "
            f"{labels('regimes')} / {labels('regimes_human')} |"
        )
    control = cohort["control"]
    between = _against_control(
        table,
        groups,
        control,
        (("eeg_mu_observe", "scalp mu observing"), ("mep_facilitation", "MEP facilitation")),
    )
    first = min(s for seeds in cohort["spec"]["subjects"].values() for s in seeds)
    return (
        "\n".join(lines)
        + "\n\nMean ± sd over subjects; d_z: the mean over the sd of the subjects' values (the "
        "within-subject effect against the rest trials; Lakens 2013). "
        + ". ".join(between)
        + f" (Hedges' g against the control group). Subjects vary in `inhibition` (CV "
        f"{_g(100 * cohort['spec']['variability'].get('inhibition', 0))} %); seeds from {first} "
        "(`results/cohort`)."
    )


TMS_COHORT = "results/tms-paradigms/cohort"


def tms_cohort(r: Results, folder: str = TMS_COHORT) -> str:
    """claims.md and cohorts.md: the TMS cohort per group, in Basavaraju et al. 2019's form."""
    cohort = r._json(f"{folder}/cohort.json")
    table = {(t["group"], t["measure"]): t for t in cohort["table"]}
    groups = list(cohort["spec"]["subjects"])
    columns = (
        ("paradigms.facilitation", "facilitation observing", 0, True, " %"),
        ("paradigms.facilitation_sici", "SICI-paired facilitation", 0, True, " %"),
        ("paradigms.facilitation_lici", "LICI-paired facilitation", 0, True, " %"),
        ("paradigms.sici.static", "SICI at rest", 0, False, " %"),
        ("paradigms.sici.observe", "SICI observing", 0, False, " %"),
        ("paradigms.lici.static", "LICI at rest", 0, False, " %"),
        ("paradigms.lici.observe", "LICI observing", 0, False, " %"),
        ("calibration.rmt", "RMT (× `w_tms`)", 2, False, ""),
    )
    lines = [
        "| group (setting) | n | " + " | ".join(c[1] for c in columns) + " |",
        "|---" * (len(columns) + 2) + "|",
    ]
    for g in groups:
        knobs = cohort["spec"]["groups"][g]
        setting = ", ".join(f"{k} {_g(v)}" for k, v in knobs.items())
        cells = [
            f"{_cohort_cell(table[(g, key)], decimals, sign)}{unit}"
            for key, _, decimals, sign, unit in columns
        ]
        n = table[(g, columns[0][0])]["n"]
        lines.append(f"| {g} ({setting}) | {n} | " + " | ".join(cells) + " |")
    control = cohort["control"]
    between = _against_control(
        table,
        groups,
        control,
        (
            ("paradigms.facilitation", "facilitation"),
            ("paradigms.facilitation_sici", "SICI-paired facilitation"),
            ("paradigms.facilitation_lici", "LICI-paired facilitation"),
            ("paradigms.sici.static", "SICI at rest"),
        ),
    )
    within = [f"{g} {fmt(table[(g, 'paradigms.sici.static')]['d_z'], 1)}" for g in groups]
    first = min(s for seeds in cohort["spec"]["subjects"].values() for s in seeds)
    return (
        "\n".join(lines)
        + "\n\nMean ± sd over subjects; paired-pulse MEPs in % of the test pulse alone (below 100: "
        "inhibition). SICI at rest against 100 %, d_z: "
        + ", ".join(within)
        + ". "
        + ". ".join(between)
        + f" (Hedges' g against the control group). Subjects vary in `inhibition` (CV "
        f"{_g(100 * cohort['spec']['variability'].get('inhibition', 0))} %); seeds from {first} "
        f"(`{folder}`, experiment tms-paradigms)."
    )


def tms_cohort_f5_only(r: Results) -> str:
    """claims.md: the TMS cohort on the F5-only observation inhibition (no spinal stage), and
    within each group the rank correlation of a subject's inhibition with its facilitation."""
    import csv

    from scipy.stats import spearmanr

    folder = "results/tms-paradigms/cohort-f5-only"
    with open(r.root / folder / "subjects.csv", newline="") as f:
        subjects = list(csv.DictReader(f))
    parts = []
    for group in dict.fromkeys(row["group"] for row in subjects):
        rows = [row for row in subjects if row["group"] == group]
        rho = spearmanr(
            [float(row["inhibition"]) for row in rows],
            [float(row["paradigms.facilitation"]) for row in rows],
        ).statistic
        parts.append(f"{group} {fmt(float(rho), 2, sign=True)} (n = {len(rows)})")
    return (
        tms_cohort(r, folder)
        + "\n\nWithin each group, Spearman's rank correlation of a subject's `inhibition` with "
        "its facilitation: " + "; ".join(parts) + "."
    )


def scalp_eeg_patch_area(r: Results) -> str:
    """claims.md: the scalp mu index at half, the default and twice the patch area."""
    data = r._json("results/human-measures/scalp-eeg-patch-area.json")
    by_area = data["by_patch_area"]
    areas = sorted(by_area, key=lambda a: float(a.split()[0]))
    seeds = sorted(row["seed"] for row in by_area[areas[0]]["runs"])

    def series(key: str, decimals: int = 2, sign: bool = True) -> str:
        cells = []
        for a in areas:
            mean, sd = by_area[a]["mean_sd"][key]
            cells.append(mean_sd({"mean": mean, "sd": sd}, sign=sign, decimals=decimals))
        return ", ".join(cells)

    ratios = ", ".join(fmt(by_area[a]["mean_sd"]["observe_over_execute"], 2) for a in areas)
    names = ", ".join(a.split()[0] for a in areas)
    return (
        f"At patch areas of {names} cm² (the same main jobs, seeds {seeds[0]}{EN_DASH}"
        f"{seeds[-1]}): observing {series('eeg_mu_observe')}; executing "
        f"{series('eeg_mu_execute')}; the modelled areas' share of C3's resting mu power "
        f"{series('eeg_task_share', sign=False)}; observing over executing (means) {ratios}"
    )


def regime_map_human(r: Results) -> str:
    """claims.md: the regime map re-run, by the §5 rules and by the human measures."""
    rel = "results/human-measures/regime-map"
    sw, summary = r._json(f"{rel}/sweep.json"), r._json(f"{rel}/summary.json")
    couplings = sorted(float(c) for c in sw["grid"]["coupling"])
    inhibitions = sorted((float(h) for h in sw["grid"]["inhibition"]), reverse=True)
    by = {(float(s["coupling"]), float(s["inhibition"])): s for s in summary["settings"]}

    def cell(s: dict, key: str, counts: str) -> str:
        top = s.get(key, "")
        if not top:
            return "?"
        agree = s[counts][top] == s["n_seeds"]
        return top if agree else f"{top} ({s[counts][top]}/{s['n_seeds']})"

    lines = [
        "| inhibition \\ coupling | " + " | ".join(_g(c) for c in couplings) + " |",
        "|---" * (len(couplings) + 1) + "|",
    ]
    changed = 0
    for h in inhibitions:
        cells = []
        for c in couplings:
            s = by[(c, h)]
            rules, human = cell(s, "regime", "regimes"), cell(s, "regime_human", "regimes_human")
            changed += rules != human
            cells.append(rules if rules == human else f"{rules} / {human}")
        lines.append(f"| {_g(h)} | " + " | ".join(cells) + " |")
    seeds = sw["seeds"]
    return (
        "\n".join(lines)
        + f"\n\nThe majority label over seeds {seeds[0]}{EN_DASH}{seeds[-1]} (`{rel}`, "
        f"experiment {sw['experiment']}), with the count where seeds disagree; where the two "
        f"rules differ, the §5 rules' label / the human measures' label ({changed} of "
        f"{len(couplings) * len(inhibitions)} settings)."
    )


def tms_paradigms_spinal_gate_f5_only(r: Results) -> str:
    """claims.md: the spinal stage and gate on the F5-only observation inhibition (the
    sight-grip configuration, coincidence variant, n_dev_unpaired 10, obs_i_targets f5)."""
    path = "results/tms-paradigms/spinal-gate-f5-only-sweep/summary.json"
    return _spinal_text(r._json(path)) + f" (`{path.removesuffix('/summary.json')}`)"


def tms_paradigms_f5_only(r: Results) -> str:
    """claims.md: the TMS session (no spinal stage) on the F5-only observation inhibition, at
    coupling 1 and 2 and at coupling 2 with inhibition 0.7 (mania-like), as a table."""
    base = "results/tms-paradigms"
    folders = ("f5-only-sweep", "f5-only-hyper-disinhibited-sweep")
    settings = [x for f in folders for x in r._json(f"{base}/{f}/summary.json")["settings"]]
    settings.sort(key=lambda x: (x["coupling"], -x["inhibition"]))
    columns = (
        ("RMT (× `w_tms`)", "calibration.rmt", None, False),
        ("test MEP (% of plateau)", "calibration.mep_at_test", 1, False),
        ("facilitation (%)", "paradigms.facilitation", 0, True),
        ("SICI at rest (%)", "paradigms.sici.static", 0, False),
        ("SICI observing (%)", "paradigms.sici.observe", 0, False),
        ("LICI at rest (%)", "paradigms.lici.static", 0, False),
        ("M1 E at rest (Hz)", "rest_rates_hz.m1_e", 2, False),
    )
    lines = [
        "| coupling | inhibition | seeds | " + " | ".join(c[0] for c in columns) + " |",
        "|---" * (len(columns) + 3) + "|",
    ]
    for x in settings:
        cells = [mean_sd(x[key], sign=sign, decimals=d) for _, key, d, sign in columns]
        lines.append(
            f"| {x['coupling']:g} | {x['inhibition']:g} | {x['n_seeds']} | "
            + " | ".join(cells)
            + " |"
        )
    # the second folder's points set coupling 2 as a base parameter, so pair by folder
    nominal_points = [p for p in _point_measures(r, f"{base}/{folders[0]}") if p["coupling"] == 1]
    mania_points = _point_measures(r, f"{base}/{folders[1]}")

    def by_seed(points: list[dict], key: str) -> dict[int, float]:
        return {p["seed"]: p["paradigms"][key] for p in points}

    paired = []
    for key, word, more in (("facilitation", "larger", True), ("sici.static", "weaker", True)):
        nominal, mania = by_seed(nominal_points, key), by_seed(mania_points, key)
        seeds = sorted(set(nominal) & set(mania))
        hits = sum((mania[x] > nominal[x]) == more for x in seeds)
        name = "facilitation" if key == "facilitation" else "SICI at rest"
        paired.append(f"{name} {word} in {hits} of {len(seeds)} seeds")
    return "\n".join(lines) + (
        "\n\nCoupling 2 with inhibition 0.7 against coupling 1 with inhibition 1, seed by "
        f"seed: {'; '.join(paired)}. "
        "Mean ± sd over seeds 1" + EN_DASH + f"{settings[0]['n_seeds']}; paired-pulse MEPs in "
        "% of the test pulse alone (below 100: inhibition); facilitation: the MEP while "
        "observing in % change from the static scene. Sight-grip configuration, coincidence "
        "variant, n_dev_unpaired 10, obs_i_targets f5, MEP read from M1 (no spinal stage) "
        f"(`{base}/{folders[0]}`, `{base}/{folders[1]}`)."
    )


def tms_paradigms_spinal_gate_gabab(r: Results) -> str:
    """claims.md: LICI with the spinal gate, with and without GABA-B, seed by seed."""
    base = "results/tms-paradigms"

    def load(folder: str) -> dict:
        out = {}
        for path in (r.root / base / folder / "points").glob("*.json"):
            point = json.loads(path.read_text())
            m = point["measures"]
            out[(point["knobs"]["w_m1_mn"], point["seed"])] = (
                m["paradigms"]["lici.static"],
                m["conditioning_recruitment"]["ngf.lici"],
            )
        return out

    with_gabab, without = load("spinal-gate-sweep"), load("spinal-gate-no-gabab-sweep")
    parts = []
    for step in sorted({k[0] for k in with_gabab}, key=lambda x: float(x.split()[0])):
        seeds = sorted(s for (w, s) in with_gabab if w == step and (w, s) in without)
        lici = [with_gabab[(step, s)][0] for s in seeds]
        lici0 = [without[(step, s)][0] for s in seeds]
        ngf = [100 * with_gabab[(step, s)][1] for s in seeds]
        diff = [a - b for a, b in zip(lici, lici0, strict=True)]
        parts.append(
            f"`w_m1_mn` = {step.split()[0]} nS ({len(seeds)} seeds): LICI at rest "
            f"{_ms(lici, 0)} % with GABA-B and {_ms(lici0, 0)} % with `g_gabab_volley` = 0, "
            f"paired difference {_ms(diff, 0, sign=True)} points; the conditioning pulse fires "
            f"{_ms(ngf, 0)} % of the neurogliaform cells"
        )
    return "; ".join(parts)


def tms_paradigms_gabab_ablation(r: Results) -> str:
    """claims.md: LICI with and without the neurogliaform cells' GABA-B, seed by seed."""
    base = "results/tms-paradigms"
    pairs = {
        1.0: (f"{base}/inhibition-sweep/points.csv", f"{base}/no-gabab-sweep/points.csv"),
        0.7: (
            f"{base}/inhibition-sweep/points.csv",
            f"{base}/no-gabab-inhibition-0.7-sweep/points.csv",
        ),
    }
    parts = []
    for inhibition, (with_rel, without_rel) in pairs.items():
        key = "paradigms.lici.static"
        with_gabab = {
            int(row["seed"]): float(row[key])
            for row in r._csv(with_rel)
            if float(row["inhibition"]) == inhibition and float(row["coupling"]) == 1.0
        }
        without_rows = r._csv(without_rel)
        without = {int(row["seed"]): float(row[key]) for row in without_rows}
        seeds = sorted(set(with_gabab) & set(without))
        diff = [with_gabab[k] - without[k] for k in seeds]
        rest_with = [
            float(row["rest_rates_hz.m1_e"])
            for row in r._csv(with_rel)
            if float(row["inhibition"]) == inhibition
            and float(row["coupling"]) == 1.0
            and row.get("rest_rates_hz.m1_e")
        ]
        rest_without = [float(row["rest_rates_hz.m1_e"]) for row in without_rows]
        rest = (
            f"; M1 output cells at rest {fmt(statistics.mean(rest_with), 2)} against "
            f"{fmt(statistics.mean(rest_without), 2)} Hz"
            if rest_with
            else ""
        )
        parts.append(
            f"inhibition {inhibition:g}: LICI at rest "
            f"{fmt(statistics.mean(with_gabab[k] for k in seeds), 0)} % with GABA-B and "
            f"{fmt(statistics.mean(without[k] for k in seeds), 0)} % with `g_gabab_volley` = 0, "
            f"paired difference {fmt(statistics.mean(diff), 0, sign=True)} ± "
            f"{fmt(statistics.stdev(diff), 0)} points ({len(seeds)} seeds, coupling 1){rest}"
        )
    return "; ".join(parts)


def speed_bench(r: Results) -> str:
    """README: the full bench's ratios, loop times, sweep speed-up and size exponent."""
    b = r.bench
    ev, sweep, sizes = b["events"], b["sweep"], b["sizes"]
    model, coba, job = ev["model"], ev["coba_reference"], ev["main_job"]
    largest = max(sizes["rows"], key=lambda row: row["neurons"])
    return (
        f"full bench of {b['started'][:10]} (`results/bench/bench.json`, git "
        f"{b['git']['git_revision'][:7]}): `neuron_step_cost_ratio` "
        f"{b['neuron_step_cost_ratio']:.1f} at rest (model "
        f"{model['loop_s_per_biological_s']:.2f} s per biological second for its "
        f"{model['if_cells']:,} integrate-and-fire cells, COBA "
        f"{coba['loop_s_per_biological_s']:.2f} s for {coba['neurons']:,}) and "
        f"{b['neuron_step_cost_ratio_main_job']:.1f} over the main job's whole simulation "
        f"({job['loop_s_per_biological_s']:.2f} s per biological second, {job['loop_s']:.0f} s of "
        f"loop for {job['biological_s']:.0f} s); the sweep of {sweep['points']} short points took "
        f"{sweep['naive_wall_s']:.0f} s the naive way, {sweep['engine_cold_wall_s']:.0f} s on the "
        f"engine with compiling and {sweep['engine_warm_wall_s']:.0f} s with the build cached "
        f"(`sweep_speedup` {b['sweep_speedup']:.1f}); cost grew with size to the power "
        f"{b['size_cost_exponent']:.2f}, up to {largest['neurons']:,} neurons in "
        f"{sizes['largest_peak_memory_gib']:.2f} GiB"
    )


def speed_default_equivalence(r: Results) -> str:
    """README: the default model after the trace and Mg2+ changes against the model before,
    seed by seed."""
    d = r.speed_equivalence
    seeds = d["seeds"]
    shifted = ", ".join(
        f"`{x['statistic']}` by {fmt(x['shift_sd'], 2, sign=True)} reference spreads "
        f"(paired t = {fmt(x['t'], 1)})"
        for x in d["shifts"][:3]
    )
    return (
        f"seeds {seeds[0]}{EN_DASH}{seeds[-1]} of the main job, both models: {d['passed']} of "
        f"{len(seeds)} runs of the new model pass the regression check against the packaged "
        f"reference; over {len(d['shifts'])} statistics, the largest mean differences (new minus "
        f"old) are {shifted}"
    )


def _doses(summary: dict, kind: str) -> list[int]:
    return sorted(int(k.split(" x")[1]) for k in summary["by_training"] if k.startswith(kind))


def training_counter_mirror(r: Results) -> str:
    """claims.md: the counter-mirror experiment, every dose and both trainings."""
    cm = r.counter_mirror
    by = cm["by_training"]
    doses = _doses(cm, "incompatible")
    top = f"incompatible x{doses[-1]}"
    # the part before training is the same run for a seed whatever the training: one per seed
    post_by_seed = {x["seed"]: x["post.mapping_hz"] for x in cm["runs"]}
    post = {
        "mean": statistics.mean(post_by_seed.values()),
        "sd": statistics.stdev(post_by_seed.values()),
    }
    inc = ", ".join(mean_sd(by[f"incompatible x{d}"]["trained.mapping_hz"]) for d in doses)
    rev = ", ".join(mean_sd(by[f"incompatible x{d}"]["reversal"], sign=True) for d in doses)
    comp_doses = _doses(cm, "compatible")
    comp = ", ".join(mean_sd(by[f"compatible x{d}"]["trained.mapping_hz"]) for d in comp_doses)
    n = by[top]["reversal"]["n"]
    seeds = f"{min(cm['seeds'])}{EN_DASH}{max(cm['seeds'])}"
    return (
        f"after development the F5 mapping (own pool minus counter pool while observing) is "
        f"{mean_sd(post)} Hz (seeds {seeds}); incompatible training with "
        f"{', '.join(map(str, doses))} trials per action (development: 20) takes it to {inc} Hz "
        f"(reversal {rev}; {n} seeds each), compatible training with "
        f"{', '.join(map(str, comp_doses))} to {comp} Hz. After "
        f"{doses[-1]} incompatible trials per action the counter-congruent share of F5 E is "
        f"{_pct(by[top]['trained.counter_units']['mean'])} % (before: "
        f"{_pct(by[top]['post.counter_units']['mean'])} %), the congruent share "
        f"{_pct(by[top]['trained.congruent_units']['mean'])} % (before: "
        f"{_pct(by[top]['post.congruent_units']['mean'])} %), and the MEP facilitation of the "
        f"seen action's muscle is {mean_sd(by[top]['trained.mep_seen'])} against "
        f"{mean_sd(by[top]['trained.mep_counter'])} for the counter muscle (before: "
        f"{mean_sd(by[top]['post.mep_seen'])} against {mean_sd(by[top]['post.mep_counter'])})"
    )


def training_contingency(r: Results) -> str:
    """claims.md: the contingency sweep (mirror index, fraction and weights by u)."""
    ct = r.contingency
    parts = []
    for level, row in ct["by_unpaired"].items():
        u = level.split("=")[1]
        parts.append(
            f"u = {u} (P(see | execute) = {fmt(row['contingency_p_see_given_execute'])}): "
            f"mirror index {mean_sd(row['mirror_index_post'])}, F5 mirror fraction "
            f"{mean_sd(row['f5_mirror_fraction_post'])}, weight of the mirror pairs "
            f"{mean_sd(row['w_same_post'])}, of the others "
            f"{mean_sd(row['w_other_post'], decimals=3)}"
        )
    seeds = f"{min(ct['seeds'])}{EN_DASH}{max(ct['seeds'])}"
    trend = r._json("results/contingency/sweep/summary.json")["trends_vs_n_dev_unpaired"]
    mi = trend["mirror_index_post"]
    return "; ".join(parts) + (
        f" (seeds {seeds}, {ct['n_dev_repeats']} paired events per action; mirror index against "
        f"u: Spearman's rho {fmt(mi['spearman_rho'])}, p = {mi['p_value']:.0e}, n = {mi['n']})"
    )


def training_contingency_pairing(r: Results) -> str:
    """claims.md: the contingency x pairing grid (mirror index and mirror-pair weight by n, u)."""
    grid = r.contingency["by_pairs_and_unpaired"]
    by_n: dict[str, list[str]] = {}
    for level, row in grid.items():
        n, u = (part.split("=")[1] for part in level.split(","))
        by_n.setdefault(n, []).append(
            f"u = {u} (P = {fmt(row['contingency_p_see_given_execute'])}) mirror index "
            f"{mean_sd(row['mirror_index_post'])}, mirror pairs {mean_sd(row['w_same_post'])}"
        )
    seeds = f"{min(r.contingency['seeds'])}{EN_DASH}{max(r.contingency['seeds'])}"
    cells = [(float(level.split(",")[0].split("=")[1]), row) for level, row in grid.items()]
    index = [row["mirror_index_post"]["mean"] for _, row in cells]
    from scipy.stats import spearmanr

    by_p = spearmanr([row["contingency_p_see_given_execute"] for _, row in cells], index)[0]
    by_n_rho = spearmanr([n for n, _ in cells], index)[0]
    return "; ".join(f"n = {n}: " + ", ".join(rows) for n, rows in by_n.items()) + (
        f" (seeds {seeds} each). Over the {len(cells)} cells' means, the mirror index against "
        f"the contingency P: Spearman's rho {fmt(by_p, sign=True)}; against the number of "
        f"pairings n: {fmt(by_n_rho, sign=True)}"
    )


def training_latency(r: Results) -> str:
    """claims.md: onset latencies of the stages in observe trials, the default development."""
    ct = r.contingency
    row = ct["by_unpaired"]["u=0"]
    names = {"sts": "STS", "ipl_e": "IPL E", "f5_e": "F5 E", "m1_e": "M1 E"}
    parts = [
        f"{name} {mean_sd(row[f'latency_observe_ms.{pop}'], decimals=0)} ms"
        for pop, name in names.items()
    ]
    seeds = f"{min(ct['seeds'])}{EN_DASH}{max(ct['seeds'])}"
    return ", ".join(parts) + f" after the onset of the sight (seeds {seeds})"


def _latency_cell(stat: dict) -> str:
    """An onset latency over seeds: none found, or mean ± sd with the seeds it was found in."""
    if not stat["n"]:
        return "no onset"
    return mean_sd(stat, decimals=0) + (f" (n = {stat['n']})" if stat["n"] < 5 else "")


def training_contiguity(r: Results) -> str:
    """claims.md: the contiguity sweep as a table by delay (learning and F5 latency)."""
    ct = r.contiguity
    seeds = f"{min(ct['seeds'])}{EN_DASH}{max(ct['seeds'])}"
    lines = [
        "| sight after intention (ms) | overlap | mirror index | F5 mirror fraction | "
        "w mirror pairs | w other pairs | F5 E latency (ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    for level, row in ct["by_delay"].items():
        delay = float(level.removeprefix("delay=").removesuffix("ms"))
        lines.append(
            f"| {fmt(delay, decimals=0, sign=True)} | {fmt(row['overlap_fraction'])} | "
            f"{mean_sd(row['mirror_index_post'], sign=True)} | "
            f"{mean_sd(row['f5_mirror_fraction_post'])} | {mean_sd(row['w_same_post'])} | "
            f"{mean_sd(row['w_other_post'], decimals=3)} | "
            f"{_latency_cell(row['latency_observe_ms.f5_e'])} |"
        )
    n = min(row["mirror_index_post"]["n"] for row in ct["by_delay"].values())
    lines.append("")
    lines.append(
        f"Mean ± sd over seeds {seeds} (at least {n} per delay), "
        f"{ct['n_dev_repeats']} paired events per action."
    )
    return "\n".join(lines)


def training_contiguity_no_nmda(r: Results) -> str:
    """claims.md: the contiguity asymmetry with and without F5's NMDA-like recurrence."""
    ct = r.contiguity
    parts = []
    for level, row in ct["no_nmda_by_delay"].items():
        delay = float(level.removeprefix("delay=").removesuffix("ms"))
        with_nmda = ct["by_delay"][level]
        parts.append(
            f"{fmt(delay, decimals=0, sign=True)} ms: mirror index "
            f"{mean_sd(row['mirror_index_post'], sign=True)} (with it "
            f"{mean_sd(with_nmda['mirror_index_post'], sign=True)}), mirror pairs "
            f"{mean_sd(row['w_same_post'])} ({mean_sd(with_nmda['w_same_post'])})"
        )
    n = min(row["mirror_index_post"]["n"] for row in ct["no_nmda_by_delay"].values())
    return "; ".join(parts) + f" (at least {n} seeds per delay)"


def sound_audiovisual(r: Results) -> str:
    """claims.md: experiment audiovisual at the default coupling (shares, rates, decoder)."""
    av = r.audiovisual
    row = av["by_coupling"]["coupling=1"]
    seeds = f"{min(av['seeds'])}{EN_DASH}{max(av['seeds'])}"

    def pct(key: str) -> str:
        return f"{_pct(row[key]['mean'])} ± {_pct(row[key]['sd'])} %"

    def hz(key: str) -> str:
        return f"{mean_sd(row[key], sign=True)} Hz"

    return (
        f"after learning {pct('post.sound_fraction')} of F5 E respond to the sound alone, "
        f"{pct('post.sight_fraction')} to the sight alone and {pct('post.audiovisual_fraction')} "
        f"to both (before learning {pct('pre.sound_fraction')}, {pct('pre.sight_fraction')} and "
        f"{pct('pre.audiovisual_fraction')}); {pct('post.audiovisual_mirror_fraction')} are "
        f"audio-visual mirror neurons (also excited when executing), and "
        f"{pct('post.audiovisual_congruent')} of the audio-visual ones prefer the same action by "
        f"sound and by sight. The F5 pools' rates above rest: see + hear "
        f"{hz('post.pool_hz.see_hear')}, see only {hz('post.pool_hz.observe')}, hear only "
        f"{hz('post.pool_hz.hear')}, execute {hz('post.pool_hz.execute')}; seeing the silent "
        f"action {hz('post.silent_observe_hz')}. A linear decoder tells the heard action with "
        f"cross-validated accuracy {mean_sd(row['post.decoder_accuracy'])} after learning and "
        f"{mean_sd(row['pre.decoder_accuracy'])} before (chance "
        f"{fmt(row['post.decoder_chance']['mean'])}; seeds {seeds}, coupling 1)"
    )


def sound_regimes(r: Results) -> str:
    """claims.md: experiment audiovisual in the hypo- and hyperactive regimes."""
    av = r.audiovisual
    parts = []
    for level, row in av["by_coupling"].items():
        c = level.split("=")[1]
        parts.append(
            f"coupling {c}: audio-visual share {_pct(row['post.audiovisual_fraction']['mean'])} "
            f"± {_pct(row['post.audiovisual_fraction']['sd'])} %, F5 pool hearing "
            f"{mean_sd(row['post.pool_hz.hear'], sign=True)} Hz, seeing + hearing "
            f"{mean_sd(row['post.pool_hz.see_hear'], sign=True)} Hz, decoder "
            f"{mean_sd(row['post.decoder_accuracy'])}"
        )
    return "; ".join(parts)


def _hidden_row(r: Results, memory: int, coupling: str = "1") -> dict:
    return r.hidden_action["by_memory_and_coupling"][f"memory={memory}"][f"coupling={coupling}"]


def _hidden_pct(row: dict, key: str) -> str:
    return f"{_pct(row[f'post.{key}']['mean'])} ± {_pct(row[f'post.{key}']['sd'])} %"


def _hidden_hz(row: dict, key: str) -> str:
    return f"{mean_sd(row[f'post.mirror_hz.{key}'], sign=True)} Hz"


def sound_hidden(r: Results) -> str:
    """claims.md: experiment hidden-action at the default coupling, both arms."""
    ha = r.hidden_action
    memory = max(ha["n_memory_per_action"])
    row, bare = _hidden_row(r, memory), _hidden_row(r, 0)
    seeds = f"{min(ha['seeds'])}{EN_DASH}{max(ha['seeds'])}"
    return (
        f"{_hidden_pct(row, 'mirror_fraction')} of F5 E are mirror neurons. With the working "
        f"memory, {_hidden_pct(row, 'hidden_fraction')} of them respond in the hidden part when "
        f"an object is behind the screen and {_hidden_pct(row, 'hidden_mime_fraction')} when "
        f"none is; their rates above rest there are {_hidden_hz(row, 'hidden.hidden')} and "
        f"{_hidden_hz(row, 'hidden_mime.hidden')}, against {_hidden_hz(row, 'observe.hidden')} "
        f"in the same part of a trial seen in full (the hidden part keeps "
        f"{mean_sd(row['post.hidden_ratio'])} of it). A mimed action in full vision excites "
        f"{_hidden_pct(row, 'mime_fraction')} of them ({_hidden_hz(row, 'mime.visible')} in the "
        f"first half, against {_hidden_hz(row, 'observe.visible')} with the object), the object "
        f"alone {_hidden_pct(row, 'object_fraction')}. Without the memory, "
        f"{_hidden_pct(bare, 'hidden_fraction')} respond in the hidden part with an object "
        f"({_hidden_hz(bare, 'hidden.hidden')}) and {_hidden_pct(bare, 'hidden_mime_fraction')} "
        f"without ({_hidden_hz(bare, 'hidden_mime.hidden')}; seeds {seeds}, coupling 1)"
    )


def sound_hidden_regimes(r: Results) -> str:
    """claims.md: experiment hidden-action (with the memory) across the regimes."""
    ha = r.hidden_action
    memory = max(ha["n_memory_per_action"])
    parts = []
    for level, row in ha["by_memory_and_coupling"][f"memory={memory}"].items():
        parts.append(
            f"coupling {level.split('=')[1]}: hidden with an object "
            f"{_hidden_pct(row, 'hidden_fraction')} of mirror neurons "
            f"({_hidden_hz(row, 'hidden.hidden')}), without "
            f"{_hidden_pct(row, 'hidden_mime_fraction')} ({_hidden_hz(row, 'hidden_mime.hidden')}),"
            f" mimed {_hidden_pct(row, 'mime_fraction')}"
        )
    return "; ".join(parts)


def sound_hidden_dose(r: Results) -> str:
    """claims.md: experiment hidden-action at coupling 1 by the memory's size."""
    parts = []
    for level, row in r.hidden_action["memory_dose"].items():
        parts.append(
            f"{level.split('=')[1]} memory cells per action: hidden with an object "
            f"{_hidden_pct(row, 'hidden_fraction')} of mirror neurons "
            f"({_hidden_hz(row, 'hidden.hidden')}), without "
            f"{_hidden_pct(row, 'hidden_mime_fraction')} ({_hidden_hz(row, 'hidden_mime.hidden')})"
        )
    full = r.hidden_action["memory_dose"]["memory=0"]
    return "; ".join(parts) + f"; full vision {_hidden_hz(full, 'observe.hidden')}"


def sound_hidden_interaction(r: Results) -> str:
    """claims.md: the hidden-action arm with STS hand-object interaction cells (coupling 1)."""
    arm = r.hidden_action["interaction"]
    parts = []
    for level, row in arm.items():
        n = level.split("=")[1]
        name = "without interaction cells" if n == "0" else f"with {n} of 500 interaction cells"
        parts.append(
            f"{name}: a mimed action excites {_hidden_pct(row, 'mime_fraction')} of mirror "
            f"neurons ({_hidden_hz(row, 'mime.visible')} in the first half, full vision "
            f"{_hidden_hz(row, 'observe.visible')}), the hidden part with an object "
            f"{_hidden_pct(row, 'hidden_fraction')}, without "
            f"{_hidden_pct(row, 'hidden_mime_fraction')}"
        )
    n = min(row["post.mime_fraction"]["n"] for row in arm.values())
    return "; ".join(parts) + f" (at least {n} seeds each, coupling 1, memory of 100 per action)"


def training_expertise(r: Results) -> str:
    """claims.md: the expertise experiment (gains by role)."""
    ex = r.expertise
    m = ex["measures"]
    seeds = f"{min(ex['seeds'])}{EN_DASH}{max(ex['seeds'])}"
    roles = ("practised", "seen", "untrained")
    gains = ", ".join(f"{role} {mean_sd(m[f'gain.{role}'], sign=True)}" for role in roles)
    meps = ", ".join(
        f"{role} {mean_sd(m[f'post.{role}.mep_facilitation'])} → "
        f"{mean_sd(m[f'trained.{role}.mep_facilitation'])}"
        for role in roles
    )
    return (
        f"change of the F5 observation response (Hz above rest) after 20 trials of each: "
        f"{gains} (seeds {seeds}); practised minus seen "
        f"{mean_sd(ex['gain_practised_minus_seen_hz'], sign=True)} Hz; MEP facilitation before → "
        f"after: {meps}"
    )


def _checks(r: Results, rel: str) -> dict[str, dict]:
    return {row["run"]: row for row in r._csv(rel)}


def regression_checks(r: Results) -> str:
    """What the regression check caught on the committed perturbations (regression docs)."""
    rows = _checks(r, "results/regression/checks.csv")
    fresh = [row for run, row in rows.items() if run.startswith("fresh-")]
    limit = float(fresh[0]["limit"])
    largest = max(float(row["max_abs_z"]) for row in fresh)

    def verdict(run: str, label: str) -> str:
        row = rows[run]
        z = float(row["max_abs_z"])
        if row["passed"] == "True":
            return f"{label} passes (largest |z| {z:.1f})"
        return f"{label} fails ({row['n_moved']} statistics moved, largest |z| {z:.1f})"

    passed = sum(row["passed"] == "True" for row in fresh)
    return (
        f"{passed} of {len(fresh)} fresh seeds pass (largest |z| {largest:.1f} against "
        f"{limit:.1f}); {verdict('inhibition-0.8', 'inhibition ×0.8')}, "
        f"{verdict('coupling-2', 'coupling ×2')}, {verdict('coupling-1.5', 'coupling ×1.5')} "
        f"and {verdict('coupling-1.2', 'coupling ×1.2')}."
    )


def regression_fast_random(r: Results) -> str:
    """Fresh seeds of the faster draws against the 0.5.0 reference (regression docs)."""
    rows = list(_checks(r, "results/regression/checks-fast-random.csv").values())
    seeds = [int(row["run"].split("-")[1]) for row in rows]
    passed = sum(row["passed"] == "True" for row in rows)
    largest = max(float(row["max_abs_z"]) for row in rows)
    return (
        f"pass on {passed} of {len(rows)} fresh seeds ({min(seeds)}{EN_DASH}{max(seeds)}, "
        f"largest |z| {largest:.1f}; `results/regression/checks-fast-random.csv`)"
    )


def record_keys(r: Results) -> str:
    """The keys of the run record with unit and meaning (``docs/record.md``; from the code,
    :data:`mirrorsim.analysis.record.KEYS`, not from result files)."""
    from mirrorsim.analysis.record import key_table

    return key_table()


def _parameter_label(name: str) -> str:
    return f"`{name}`"


def regression_candidates(r: Results) -> str:
    """The candidate test statistics on the same runs (regression docs)."""
    rows = r._csv("results/regression/candidates.csv")
    perturbations = [k for k in rows[0] if " x" in k and not k.endswith("margin")]
    head = ["test statistic", "fresh seeds", "leave-one-out", "synthetic", "one factor"]
    head += [*perturbations, "chosen"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def pct(x: str) -> str:
        return f"{100 * float(x):.1f} %" if x else EN_DASH

    for row in rows:
        cells = [row["candidate"].replace("|", "\\|"), row["fresh_flagged"], row["loo_flagged"]]
        cells += [pct(row["synthetic_false_alarms"]), pct(row["one_factor_false_alarms"])]
        cells += [f"{row[k]} ({float(row[k + ' margin']):.2f})" for k in perturbations]
        cells.append("**yes**" if row["chosen"] == "True" else "")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def regression_false_alarms(r: Results) -> str:
    """False alarms of the check on the committed runs (regression docs)."""
    rows = r._csv("results/regression/power-checks.csv")
    fresh = [x for x in rows if x["group"] == "fresh"]
    loo = [x for x in rows if x["group"] == "reference-leave-one-out"]
    ref = r.reference["meta"]

    def flagged(rs: list[dict]) -> str:
        return f"{sum(x['passed'] == 'False' for x in rs)} of {len(rs)}"

    text = (
        f"Reference: {ref['n_seeds']} seeds ({_seeds(ref)}), "
        f"{ref['aggregate']['n_statistics']} statistics in the distance, threshold "
        f"{ref['aggregate']['threshold']:.0f}. False alarms: {flagged(loo)} reference seeds "
        f"checked against the others (each with its own threshold from those)"
    )
    if fresh:
        seeds = [int(x["seed"]) for x in fresh]
        text += f", {flagged(fresh)} fresh seeds ({min(seeds)}{EN_DASH}{max(seeds)})"
    return text + " (`results/regression/power-checks.csv`)."


def regression_power_table(r: Results) -> str:
    """Per parameter: detections at -20 % and +20 % and the smallest detectable change."""
    rows = r._csv("results/regression/power.csv")
    tags = [k.split(" ", 1)[1] for k in rows[0] if k.startswith("detected ")]
    head = ["parameter"]
    for t in tags:
        word = "decrease" if t.startswith("-") else "increase"
        head += [f"caught at {t.replace('%', ' %')}", f"smallest {word} caught in 90 %"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    missing = []
    for row in rows:
        if not any(row[f"detected {t}"] for t in tags):
            missing.append(_parameter_label(row["param"]))
            continue
        cells = [_parameter_label(row["param"])]
        for t in tags:
            smallest = row[f"smallest {t}"]
            if smallest in ("", "nan"):
                text = "not measured" if not row[f"detected {t}"] else "none up to 100 %"
            elif smallest == "inf":
                text = "> 100 %"
            else:
                text = f"{100 * float(smallest):.0f} %"
            cells += [row[f"detected {t}"] or "not run", text]
        lines.append("| " + " | ".join(cells) + " |")
    if missing:
        lines += [
            "",
            "Not measured yet (the batch resumes where it stopped): " + ", ".join(missing),
        ]
    return "\n".join(lines)


def regression_power_summary(r: Results) -> str:
    """The power targets of issue 20 against the measured runs (regression docs)."""
    rows = {x["param"]: x for x in r._csv("results/regression/power.csv")}

    def part(param: str) -> str:
        row = rows[param]
        out = []
        for tag in ("-20%", "+20%"):
            caught = row.get(f"detected {tag}", "")
            smallest = row.get(f"smallest {tag}", "")
            if not caught:
                continue
            text = f"{tag[0]}20 %: caught in {caught.replace('/', ' of ')} seeds"
            if smallest not in ("", "nan", "inf"):
                text += f", 90 % from about {100 * float(smallest):.0f} %"
            out.append(text)
        return "; ".join(out)

    return (
        f"Coupling {part('coupling')}. Inhibition {part('inhibition')} "
        f"(`results/regression/power.csv`)."
    )


def regression_paired(r: Results) -> str:
    """The paired check: its reference, the noise left, and its false alarms (regression docs)."""
    from mirrorsim.regression import DEFAULT_PAIRED_REFERENCE, load_reference

    ref = load_reference(DEFAULT_PAIRED_REFERENCE)
    meta = ref["meta"]
    checks = r._csv("results/regression/paired-checks.csv")
    noise = [float(x["ratio"]) for x in r._csv("results/regression/paired-noise.csv")]
    noise = [x for x in noise if math.isfinite(x)]
    q1, median, q3 = statistics.quantiles(noise, n=4)
    pool = {x["statistic"]: x for x in r._csv("results/regression/paired-noise.csv")}

    def flagged(group: str) -> str:
        rs = [x for x in checks if x["group"] == group]
        return f"{sum(x['passed'] == 'False' for x in rs)} of {len(rs)}"

    f5 = float(pool["f5_e.observe.pool_rate_hz"]["ratio"])
    return (
        f"Paired reference: {meta['n_seeds']} seeds ({_seeds(meta)}), null runs "
        f"{ref['paired']['null_perturbation']}, {meta['aggregate']['n_statistics']} statistics "
        f"in the distance, threshold {meta['aggregate']['threshold']:.0f}. The null runs' spread "
        f"is a median {median:.2f} (quartiles {q1:.2f}{EN_DASH}{q3:.2f}) of the seeds' "
        f"spread over the {len(noise)} statistics that the null moved; for the F5 motor pools' "
        f"observation rate, "
        f"the statistic coupling moves most, {f5:.2f}. False alarms: "
        f"{flagged('null-leave-one-out')} null runs checked against the others, "
        f"{flagged('validation')} validation runs ({_validation_text(checks)}) "
        f"(`results/regression/paired-checks.csv`)."
    )


def regression_paired_null_size(r: Results) -> str:
    """Does the size of the null nudge matter? (paired regression check, regression docs)."""
    rows = r._csv("results/regression/paired-null-size.csv")
    groups: dict[tuple[str, str], list[dict]] = {}
    for x in rows:
        groups.setdefault((x["param"], x["relative_change"]), []).append(x)
    parts = []
    for (param, rel), xs in sorted(groups.items(), key=lambda g: (g[0][0], float(g[0][1]))):
        rms = [float(x["rms_seed_spreads"]) for x in xs]
        moved = statistics.mean(int(x["n_moved"]) for x in xs)
        sign = MINUS if float(rel) < 0 else "+"
        parts.append(
            f"{param} {sign}{_power_of_ten(abs(float(rel)))}: {len(xs)} runs, "
            f"{moved:.0f} statistics moved, by "
            f"{statistics.mean(rms):.2f} seed spreads (root mean square; runs "
            f"{min(rms):.2f}{EN_DASH}{max(rms):.2f})"
        )
    text = "; ".join(parts) + " (`results/regression/paired-null-size.csv`)."
    first = r._json("results/regression/paired-first-null.json")
    n = len(first["seeds"])
    return text + (
        f" As a calibration, the {n} runs of the {_power_of_ten(first['relative_change'])} "
        f"inhibition nudge left IPL's statistics exactly unchanged in "
        f"{first['ipl_unchanged_runs']} of {n}, their differences had an excess kurtosis of up "
        f"to {first['max_excess_kurtosis']:g}, and {first['leave_one_out_flagged']} of {n} failed "
        "against the others (`results/regression/paired-first-null.json`)."
    )


def _power_of_ten(x: float) -> str:
    """1e-06 -> '10^−6' (a relative change as the docs write it)."""
    exponent = round(math.log10(x))
    return f"10^{MINUS}{-exponent}" if exponent < 0 else f"10^{exponent}"


def _validation_text(checks: list[dict]) -> str:
    rows = [x for x in checks if x["group"] == "validation"]
    if not rows:
        return "none run"
    return f"{rows[0]['param']} x {float(rows[0]['factor']):.6f}"


def regression_paired_power(r: Results) -> str:
    """Per parameter: what the paired check catches next to the unpaired one."""
    rows = r._csv("results/regression/paired-power.csv")
    tags = [k.rsplit(" ", 1)[1] for k in rows[0] if k.startswith("paired detected ")]
    head = ["parameter"]
    for t in tags:
        head += [f"paired: caught at {t.replace('%', ' %')} (90 % from)"]
        head += [f"unpaired: caught at {t.replace('%', ' %')} (90 % from)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def cell(caught: str, smallest: str) -> str:
        if not caught:
            return "not run"
        if smallest in ("", "nan"):
            return caught
        if smallest == "inf":
            return f"{caught} (> 100 %)"
        return f"{caught} ({100 * float(smallest):.0f} %)"

    for row in rows:
        cells = [_parameter_label(row["param"])]
        for t in tags:
            cells.append(cell(row[f"paired detected {t}"], row[f"paired smallest {t}"]))
            cells.append(cell(row[f"unpaired detected {t}"], row[f"unpaired smallest {t}"]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def regression_calibration(r: Results) -> str:
    """The synthetic calibration study of the aggregate threshold (regression docs)."""
    rows = r._csv("results/regression/calibration.csv")

    def rates(name: str, column: str) -> str:
        sel = [x for x in rows if x["distance"] == name]
        parts = [f"{100 * float(x[column]):.1f} % with {x['n_seeds']}" for x in sel]
        return ", ".join(parts[:-1]) + f" and {parts[-1]} seeds"

    alpha = 100 * float(rows[0]["alpha"])
    draws = rows[0]["fresh_draws"]
    return (
        f"On synthetic statistics with one common factor (every pair correlated 0.36), a fresh "
        f"seed exceeded the α/2 = {alpha:g} % threshold of the Mahalanobis distance "
        f"{rates('mahalanobis', 'false_alarms_lognormal')} ({draws} fresh draws each); with a "
        f"gamma fit to the same leave-one-out distances instead "
        f"{rates('mahalanobis', 'false_alarms_gamma')}. Distances that ignore the correlations "
        f"are calibrated worse: Fisher's combination {rates('fisher', 'false_alarms_lognormal')}"
        f", the sum of z² {rates('sumz2', 'false_alarms_lognormal')} "
        f"(`results/regression/calibration.csv`)."
    )


def regression_trials(r: Results) -> str:
    """Median pre/post correlation of the statistics across reference seeds, per epoch."""
    rows = r._csv("results/regression/trials-vs-seeds.csv")

    def median(part: str) -> str:
        values = [float(x["r_pre_post"]) for x in rows if f".{part}." in x["statistic"]]
        return f"{fmt(statistics.median(values), 2)} ({len(values)} statistics)"

    n = r.reference["meta"]["n_seeds"]
    return (
        f"a median r of {median('spontaneous')} in the spontaneous epoch, {median('rest')}, "
        f"{median('execute')} and {median('observe')} in rest, execution and observation "
        f"trials ({n} reference seeds)"
    )


def expected_summary(r: Results) -> str:
    """What `mirrorsim run mirror-emergence --seed 1` prints for the committed run's
    ``metrics.json`` (expected-output page)."""
    from mirrorsim.analysis.record import read_record, summary_lines

    lines = summary_lines(read_record(r.root / "results/expected/seed-1/metrics.json"))
    return "```text\n" + "\n".join(lines) + "\n```"


#: The phases of a main job as ``params.json`` records them (``provenance.phases_s``), with the
#: rows the expected-output page gives them; "side" phases run in a forked process at the same
#: time as the ones above them (mirrorsim.split_run, mirrorsim.side_process).
EXPECTED_PHASES = (
    ("generating code", "generating code"),
    ("compiling", "compiling"),
    ("simulating", "simulating development and the test after it (129.1 s)"),
    ("before learning: generating code", "side: generating code"),
    ("before learning: compiling", "side: compiling"),
    ("before learning: simulating", "side: simulating the test before learning (76.3 s)"),
    ("waiting for the part before learning", "waiting for the side process"),
    ("analysing", "analysing"),
    ("writing figures", "writing figures"),
    ("writing results", "writing the arrays"),
    ("writing run.nwb", "writing run.nwb"),
    ("writing figures (side process)", "side: writing figures"),
    ("waiting for the figures", "waiting for the figures"),
)


def expected_timing(r: Results) -> str:
    """Seconds per phase of the two committed example runs (expected-output page)."""
    first, second = (r.expected[s]["provenance"] for s in ("11", "1"))
    rows = ["| phase | first run (seed 11) | next run (seed 1) |", "|---|---|---|"]
    for phase, label in EXPECTED_PHASES:
        if phase in first["phases_s"] or phase in second["phases_s"]:
            cells = [f"{run['phases_s'].get(phase, 0.0):.1f} s" for run in (first, second)]
            rows.append(f"| {label} | {cells[0]} | {cells[1]} |")
    rows.append(
        f"| whole run, without Python start-up | {first['wall_time_s']:.0f} s | "
        f"{second['wall_time_s']:.0f} s |"
    )
    return "\n".join(rows)


#: every named region: name -> (generator, wrap as prose)
REGIONS: dict[str, tuple[Callable[[Results], str], bool]] = {
    "default-model": (default_model, True),
    "mirror-fraction": (mirror_fraction, False),
    "coupling-table": (coupling_table, False),
    "coupling-trends": (coupling_trends, True),
    "regime-map-table": (regime_map_table, False),
    "regime-map-text": (regime_map_text, True),
    "regime-map-inhibition": (regime_map_inhibition, True),
    "nb02-mirror-fraction": (nb02_mirror_fraction, True),
    "nb02-mirror-index": (nb02_mirror_index, True),
    "nb02-after-learning": (nb02_after_learning, True),
    "nb03-mu": (nb03_mu, True),
    "claims-mu-saturation": (claims_mu_saturation, True),
    "f5-rest-range": (f5_rest_range, False),
    "m1-bold-execute": (m1_bold_execute, False),
    "regime-map-border": (regime_map_border, True),
    "regime-map-runaway": (regime_map_runaway, True),
    "claims-mu-relay": (claims_mu_relay, True),
    "claims-default-costs": (claims_default_costs, True),
    "claims-magnitudes": (claims_magnitudes, True),
    "single-units-table": (single_units_table, False),
    "single-units-per-seed": (single_units_per_seed, True),
    "single-units-congruence": (single_units_congruence, True),
    "single-units-fraction": (single_units_fraction, True),
    "single-units-execution": (single_units_execution, True),
    "single-units-obs-suppressed": (single_units_obs_suppressed, False),
    "single-units-m1": (single_units_m1, False),
    "single-units-istdp": (single_units_istdp, True),
    "single-units-istdp-dose": (single_units_istdp_dose, True),
    "single-units-zenke-delta": (single_units_zenke_delta, True),
    "speed-dt-option": (speed_dt_option, True),
    "speed-input-dt-option": (speed_input_dt_option, True),
    "speed-default-equivalence": (speed_default_equivalence, True),
    "speed-input-dt-paired": (speed_input_dt_paired, True),
    "speed-bench": (speed_bench, True),
    "speed-split": (speed_split, True),
    "speed-lanes": (speed_lanes, True),
    "speed-loop-run": (speed_loop_run, True),
    "tms-paradigms-sweep": (tms_paradigms_sweep, True),
    "tms-paradigms-inhibition": (tms_paradigms_inhibition, True),
    "tms-paradigms-recruitment": (tms_paradigms_recruitment, True),
    "tms-paradigms-spinal": (tms_paradigms_spinal, True),
    "tms-paradigms-gabab-ablation": (tms_paradigms_gabab_ablation, True),
    "fmri-coupling": (fmri_coupling, False),
    "tms-paradigms-spinal-gate": (tms_paradigms_spinal_gate, True),
    "tms-paradigms-spinal-gate-gabab": (tms_paradigms_spinal_gate_gabab, True),
    "tms-paradigms-spinal-gate-f5-only": (tms_paradigms_spinal_gate_f5_only, True),
    "tms-paradigms-f5-only": (tms_paradigms_f5_only, False),
    "cohort-scalp-eeg": (cohort_scalp_eeg, False),
    "tms-cohort": (tms_cohort, False),
    "tms-cohort-f5-only": (tms_cohort_f5_only, False),
    "scalp-eeg-patch-area": (scalp_eeg_patch_area, True),
    "regime-map-human": (regime_map_human, False),
    "single-units-istdp-eta-seeds": (single_units_istdp_eta_seeds, True),
    "single-units-sightgrip": (single_units_sightgrip, False),
    "single-units-sightgrip-istdp": (single_units_sightgrip_istdp, True),
    "single-units-sightgrip-eta": (single_units_sightgrip_eta, False),
    "single-units-sightgrip-fixed": (single_units_sightgrip_fixed, False),
    "single-units-sightgrip-coincidence": (single_units_sightgrip_coincidence, False),
    "single-units-experience": (single_units_experience, False),
    "single-units-fresh": (single_units_fresh, True),
    "single-units-coincidence-fresh": (single_units_coincidence_fresh, True),
    "single-units-sensitivity": (single_units_sensitivity, False),
    "training-counter-mirror": (training_counter_mirror, True),
    "training-contingency": (training_contingency, True),
    "training-contingency-pairing": (training_contingency_pairing, True),
    "training-latency": (training_latency, True),
    "training-expertise": (training_expertise, True),
    "training-contiguity": (training_contiguity, False),
    "training-contiguity-no-nmda": (training_contiguity_no_nmda, True),
    "sound-audiovisual": (sound_audiovisual, True),
    "sound-regimes": (sound_regimes, True),
    "sound-hidden": (sound_hidden, True),
    "sound-hidden-regimes": (sound_hidden_regimes, True),
    "sound-hidden-dose": (sound_hidden_dose, True),
    "sound-hidden-interaction": (sound_hidden_interaction, True),
    "expected-summary": (expected_summary, False),
    "expected-timing": (expected_timing, False),
    "regression-checks": (regression_checks, True),
    "regression-fast-random": (regression_fast_random, False),
    "record-keys": (record_keys, False),
    "regression-candidates": (regression_candidates, False),
    "regression-false-alarms": (regression_false_alarms, True),
    "regression-power-table": (regression_power_table, False),
    "regression-trials": (regression_trials, True),
    "regression-calibration": (regression_calibration, True),
    "regression-power-summary": (regression_power_summary, True),
    "regression-paired": (regression_paired, True),
    "single-units-coincidence-human": (single_units_coincidence_human, True),
    "single-units-coincidence-targets": (single_units_coincidence_targets, False),
    "regression-paired-power": (regression_paired_power, False),
    "regression-paired-null-size": (regression_paired_null_size, True),
}


# --------------------------------------------------------------------------- the text


@dataclass(frozen=True)
class Region:
    """One marked region of a file and what it should say."""

    path: str
    name: str
    line: int
    current: str
    expected: str


def _fill(text: str, width: int) -> str:
    """Wrap prose at ``width``, never inside ``m ± s`` or ``p = x``."""
    keep = text.replace(" ± ", "\u00a0±\u00a0").replace(" = ", "\u00a0=\u00a0")
    wrapped = textwrap.fill(keep, width, break_on_hyphens=False, break_long_words=False)
    return wrapped.replace("\u00a0", " ")


def _render(name: str, results: Results, prefix: str, inline: bool) -> str:
    try:
        make, wrap = REGIONS[name]
    except KeyError:
        raise KeyError(f"unknown numbers region {name!r}; known: {', '.join(REGIONS)}") from None
    text = make(results)
    if inline:
        return text
    width = 99 - len(prefix)
    if wrap:
        text = _fill(text, width)
    body = "\n".join((prefix + line).rstrip() for line in text.split("\n"))
    return "\n" + body + "\n" + prefix


def regenerate(text: str, path: str, results: Results) -> tuple[str, list[Region]]:
    """``text`` with every marked region regenerated, and the regions found.

    Parameters
    ----------
    text : str
        A file's content.
    path : str
        Its name, for messages.
    results : Results
        The committed result files.

    Returns
    -------
    new_text : str
        The text with each region's body replaced by what the files give.
    regions : list of Region
        Every region, with its current and expected body.

    Examples
    --------
    >>> r = Results(repo_root())
    >>> new, found = regenerate("x <!-- numbers: mirror-fraction -->?<!-- /numbers -->", "t", r)
    >>> new
    'x <!-- numbers: mirror-fraction -->0.34 ± 0.02 at coupling 1, ...<!-- /numbers -->'
    >>> found[0].name
    'mirror-fraction'
    """
    regions: list[Region] = []

    def replace(m: re.Match) -> str:
        start = text.rfind("\n", 0, m.start()) + 1
        prefix = text[start : m.start()]
        inline = "\n" not in m.group("body")
        block_prefix = prefix if prefix.strip() in ("", "#") else ""
        expected = _render(m.group("name"), results, block_prefix, inline)
        line = text.count("\n", 0, m.start()) + 1
        regions.append(Region(path, m.group("name"), line, m.group("body"), expected))
        return m.group("open") + expected + m.group("close")

    return _REGION.sub(replace, text), regions


def stale_regions(root: Path | None = None) -> list[Region]:
    """The marked regions whose text differs from what the committed files give.

    Parameters
    ----------
    root : Path, optional
        The repository root; :func:`repo_root` by default.

    Returns
    -------
    list of Region
        Empty when every number in the text agrees with the files.
    """
    root = root or repo_root()
    results = Results(root)
    stale = []
    for rel in FILES:
        _, regions = regenerate((root / rel).read_text(), rel, results)
        stale += [r for r in regions if r.current != r.expected]
    return stale


def regions_by_file(root: Path | None = None) -> dict[str, list[str]]:
    """The names of the marked regions in each file of :data:`FILES`."""
    root = root or repo_root()
    results = Results(root)
    return {
        rel: [r.name for r in regenerate((root / rel).read_text(), rel, results)[1]]
        for rel in FILES
    }


def update(root: Path | None = None) -> list[str]:
    """Rewrite every marked region from the committed result files.

    Parameters
    ----------
    root : Path, optional
        The repository root; :func:`repo_root` by default.

    Returns
    -------
    list of str
        The files that changed.
    """
    root = root or repo_root()
    results = Results(root)
    changed = []
    for rel in FILES:
        path = root / rel
        text = path.read_text()
        new, _ = regenerate(text, rel, results)
        if new != text:
            path.write_text(new)
            changed.append(rel)
    return changed
