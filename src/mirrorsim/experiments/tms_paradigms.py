"""``tms-paradigms``: a TMS session as human studies run it (model §6.12).

Human studies do not stimulate at a fixed strength: they first find each subject's resting
motor threshold (RMT; Rossini et al. 2015), then stimulate at intensities relative to it, single
pulses at 120 % RMT while the subject watches an action or a static scene (Fadiga et al. 1995;
Théoret et al. 2005), and pairs of pulses: a conditioning pulse at 80 % RMT 3 ms before the
test pulse inhibits its MEP (short-interval intracortical inhibition, SICI: Kujirai et al.
1993), and so does a suprathreshold one 100 ms before (long-interval, LICI: Valls-Solé et al.
1992). Basavaraju et al. (2019) found more facilitation while observing, with less SICI, in
mania.

Run: one subject (seed), two simulations with everything before the TMS block identical (the
same development, so the same network):

1. *calibration*: single pulses at rest over :data:`~mirrorsim.protocols.CURVE_INTENSITIES`;
   the recruitment curve's Boltzmann fit gives the RMT (:mod:`mirrorsim.analysis.tms`);
2. *paradigms*: single, SICI and LICI pulses at intensities relative to that RMT, while viewing a
   static scene and while observing (:func:`~mirrorsim.protocols.tms_paradigm_protocol`).

The pulse reaches the output cells and the gate's inhibitory interneurons, whose threshold to
it is :data:`INTERNEURON_THRESHOLD_RATIO` times the output cells' (unless ``w_tms_gate`` is
set): SICI's conditioning pulse acts through low-threshold GABA-A interneurons (Ziemann et al.
1996; Di Lazzaro et al. 1998), which the model has only as its gate. LICI needs GABA-B
inhibition (McDonnell, Orekhov & Ziemann 2006): the experiment adds :data:`N_NEUROGLIAFORM`
neurogliaform cells to M1 (unless ``n_ngf`` is set), which the pulse reaches as it reaches the
output cells and whose single spikes inhibit every M1 E cell through GABA-B receptors (Tamás et
al. 2003; model §6.12). ``g_gabab_volley`` = 0 turns their inhibition off.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mirrorsim.experiments.base import Experiment, SweepPreset, run_kind

if TYPE_CHECKING:  # the registry stays light: `mirrorsim list` and `--help` need no Brian2
    from mirrorsim.params import Params
    from mirrorsim.simulate import Target

NAME = "tms-paradigms"
RUN_KIND = run_kind(NAME)
#: The interneurons' threshold to a pulse, relative to the output cells' (the gate's TMS step is
#: ``w_tms`` divided by it): conditioning pulses at 60-80 % of the motor threshold inhibit
#: (Kujirai et al. 1993), and pulses below it evoke no descending volley but recruit inhibitory
#: circuits (Di Lazzaro et al. 1998). A value within that range, not set to reach any SICI.
INTERNEURON_THRESHOLD_RATIO = 0.7
#: Neurogliaform cells added to M1 (``n_ngf``): a fifth of the gate's 50 fast-spiking cells.
#: With linear GABA-B summation only their product with the unitary conductance matters, and
#: that is set by ``g_gabab_volley``; the number sets how finely recruitment grows with intensity.
N_NEUROGLIAFORM = 10
#: The record keys a sweep's table holds.
MEASURES = (
    "calibration.rmt",
    "calibration.mep_at_test",
    "paradigms.facilitation",
    "paradigms.sici.static",
    "paradigms.sici.observe",
    "paradigms.lici.static",
    "paradigms.lici.observe",
    "paradigms.facilitation_sici",
    "paradigms.facilitation_lici",
    "paradigms.background_hz.static",
    "paradigms.background_hz.observe",
    "rest_rates_hz.m1_e",
    "rest_rates_hz.ngf",
)


def with_tms_interneurons(params: Params) -> Params:
    """``params`` with ``w_tms_gate`` = ``w_tms`` / :data:`INTERNEURON_THRESHOLD_RATIO` if it is
    0 and ``n_ngf`` = :data:`N_NEUROGLIAFORM` if it is 0 (a user's own values are kept)."""
    from brian2 import nS

    from mirrorsim.params import make_params

    changes: dict[str, Any] = {}
    if not float(params.w_tms_gate / nS) > 0:
        gate = float(params.w_tms / nS) / INTERNEURON_THRESHOLD_RATIO
        changes["w_tms_gate"] = f"{gate!r} nS"
    if params.n_ngf == 0:
        changes["n_ngf"] = N_NEUROGLIAFORM
    return make_params(changes, base=params) if changes else params


def tms_session(
    params: Params, seed: int, target: Target = "standalone", session: Any = None,
    progress: bool = False,
) -> tuple[dict[str, Any], Any]:  # fmt: skip
    """Calibrate, then run the paradigms (module docstring); returns the record and the
    paradigm run's data."""
    from brian2 import nS

    from mirrorsim.analysis.tms import (
        calibration,
        conditioning_recruitment,
        paradigm_measures,
        resting_rates,
        trial_meps,
    )
    from mirrorsim.errors import ParameterError
    from mirrorsim.protocols import tms_calibration_protocol, tms_paradigm_protocol
    from mirrorsim.simulate import run_protocol
    from mirrorsim.standalone import StandaloneSession

    params = with_tms_interneurons(params)
    if session is None and target == "standalone":
        session = StandaloneSession()
    first = run_protocol(
        params, tms_calibration_protocol(params, seed), seed, target=target,
        progress=progress, session=session,
    )  # fmt: skip
    curve = calibration(first)
    if not curve["rmt"] > 0:  # e.g. every pulse, or none, evoked an MEP: parameters out of range
        raise ParameterError(
            f"seed {seed}: no resting motor threshold from the recruitment curve (share of pulses "
            f"with an MEP per intensity: {[round(f, 2) for f in curve['mep_fraction']]}); "
            "w_tms sets the intensities' scale"
        )
    data = run_protocol(
        params, tms_paradigm_protocol(params, seed, curve["rmt"]), seed, target=target,
        progress=progress, session=session,
    )  # fmt: skip
    record = {
        "calibration": curve,
        "paradigms": paradigm_measures(data),
        "trials": trial_meps(data),
        "w_tms_gate_ns": float(params.w_tms_gate / nS),
        "n_ngf": params.n_ngf,
        "n_mn": params.n_mn,
        "rest_rates_hz": resting_rates(data),
        "conditioning_recruitment": conditioning_recruitment(data),
    }
    return record, data


def run_tms_paradigms(
    params: Params,
    seed: int,
    out_dir: Path | None = None,
    target: Target = "standalone",
    progress: bool = True,
    overwrite: bool = False,
) -> Path:
    """Calibrate and run the TMS paradigms for one subject (``results/tms-paradigms/seed-N``:
    ``metrics.json`` with the recruitment curve, RMT and paradigm measures, the paradigm
    run's spikes, ``run.nwb`` and the figure ``tms-paradigms``)."""
    from mirrorsim.experiments.base import default_out_dir, write_result_folder
    from mirrorsim.output_guard import check_folder
    from mirrorsim.phases import Phases
    from mirrorsim.plots import save_figure
    from mirrorsim.results import now, to_jsonable
    from mirrorsim.tms_plots import tms_figure

    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(NAME, seed)
    check_folder(out_dir, RUN_KIND, replace=True, overwrite=overwrite)
    phases = Phases() if progress else Phases(echo=None)
    started = now()
    with phases("simulating (calibration, then paradigms)"):
        record, data = tms_session(params, seed, target, progress=progress)
    result = to_jsonable(record)
    return write_result_folder(
        out_dir, NAME, data, result,
        lambda folder: save_figure(tms_figure(result), folder, "tms-paradigms"),
        phases, started, overwrite,
    )  # fmt: skip


def tms_paradigms_point(
    params: Params, seed: int, target: Target = "standalone", session: Any = None
) -> dict[str, Any]:
    """One sweep point: the record without its per-trial rows."""
    from mirrorsim.results import to_jsonable

    record, _ = tms_session(params, seed, target, session)
    record.pop("trials")
    return to_jsonable(record)


EXPERIMENT = Experiment(
    name=NAME,
    summary="a TMS session: motor threshold from a recruitment curve, then single pulses, SICI "
    "and LICI while observing and at rest (Kujirai 1993; Basavaraju et al. 2019)",
    run=run_tms_paradigms,
    point=tms_paradigms_point,
    protocol_tag="tms-paradigms-v2",
    measures=MEASURES,
    presets={
        "tms-paradigms": SweepPreset(
            "tms-paradigms",
            "TMS paradigms in the hypoactive, typical and hyperactive regimes (model §6.12)",
            {"coupling": (0.5, 1.0, 2.0)},
            seeds=5,
        ),
    },
)
