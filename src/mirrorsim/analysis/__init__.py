"""From one run's recorded arrays to its records: a run in, numbers out, no simulation.

- :mod:`~mirrorsim.analysis.windows` - the one place that cuts a run into trial windows
- :mod:`~mirrorsim.analysis.run_metrics` - classification, mirror index, rates: ``metrics.json``
- :mod:`~mirrorsim.analysis.clinical` - the human-study measures (mu, MEP, BOLD, persistence)
- :mod:`~mirrorsim.analysis.firing_summary` - firing statistics per population and condition

The numbers themselves are computed by the pure functions of :mod:`mirrorsim.measures`.
"""

from mirrorsim.analysis.run_metrics import (
    BlockResult,
    analyse_block,
    clinical_summary,
    isi_cv_rest,
    metrics,
    rest_rates,
    weight_selectivity,
)
from mirrorsim.analysis.windows import response_windows, signal_segments, spike_counts

__all__ = [
    "BlockResult",
    "analyse_block",
    "clinical_summary",
    "isi_cv_rest",
    "metrics",
    "response_windows",
    "rest_rates",
    "signal_segments",
    "spike_counts",
    "weight_selectivity",
]
