"""From one run's recorded arrays to its records: a run in, numbers out, no simulation.

- :mod:`~mirrorsim.analysis.windows` - the one place that cuts a run into trial windows
- :mod:`~mirrorsim.analysis.run_metrics` - classification, mirror index, rates of a test block
- :mod:`~mirrorsim.analysis.clinical` - the human-study measures (mu, MEP, BOLD, persistence)
- :mod:`~mirrorsim.analysis.firing_summary` - firing statistics per population and condition
- :mod:`~mirrorsim.analysis.record` - all of them in one pass: the run's record (``metrics.json``,
  sweep points)

The numbers themselves are computed by the pure functions of :mod:`mirrorsim.measures`.
"""

from mirrorsim.analysis.record import Record, read_record, run_record
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
    "Record",
    "analyse_block",
    "clinical_summary",
    "isi_cv_rest",
    "metrics",
    "read_record",
    "response_windows",
    "rest_rates",
    "run_record",
    "signal_segments",
    "spike_counts",
    "weight_selectivity",
]
