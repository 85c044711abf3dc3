"""In-silico clinical measures: pure functions on recorded arrays.

- :mod:`~mirrorsim.measures.lfp` - EEG mu suppression (Oberman et al. 2005)
- :mod:`~mirrorsim.measures.eeg` - the same on the scalp, through a four-sphere head model
- :mod:`~mirrorsim.measures.tms` - TMS motor-evoked potentials (Fadiga et al. 1995)
- :mod:`~mirrorsim.measures.echo` - echopraxia / echolalia index (Lhermitte et al. 1986)
- :mod:`~mirrorsim.measures.bold` - BOLD-like synaptic activity (Logothetis et al. 2001)
"""

from mirrorsim.measures.bold import bold_percent_change, bold_proxy
from mirrorsim.measures.echo import echo_index, overt_threshold_from_execution
from mirrorsim.measures.lfp import (
    aperiodic_fit,
    band_power,
    lfp_proxy,
    mu_suppression_index,
    periodic_band_ratio,
    periodic_mu_suppression_index,
    spectrum,
)
from mirrorsim.measures.tms import mep_facilitation, mep_size

__all__ = [
    "aperiodic_fit",
    "band_power",
    "bold_percent_change",
    "bold_proxy",
    "echo_index",
    "lfp_proxy",
    "mep_facilitation",
    "mep_size",
    "mu_suppression_index",
    "overt_threshold_from_execution",
    "periodic_band_ratio",
    "periodic_mu_suppression_index",
    "spectrum",
]
