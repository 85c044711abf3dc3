"""The Examples sections of the public docstrings run as written (doctest).

Each module listed here has docstrings with Examples; they must stay cheap (no simulation
beyond the tiny numpy one of :func:`mirrorsim.simulate.run_protocol`; figures of synthetic runs).
Brian2's code target and matplotlib's backend are restored after each module.
"""

import doctest
import importlib

import brian2
import matplotlib
import pytest

MODULES = (
    "mirrorsim.docs_numbers",
    "mirrorsim.params",
    "mirrorsim.presets",
    "mirrorsim.protocols",
    "mirrorsim.measures.classification",
    "mirrorsim.measures.regimes",
    "mirrorsim.measures.lfp",
    "mirrorsim.measures.tms",
    "mirrorsim.measures.bold",
    "mirrorsim.analysis.run_metrics",
    "mirrorsim.analysis.record",
    "mirrorsim.regression",
    "mirrorsim.phases",
    "mirrorsim.simulate",
    "mirrorsim.circuit",
    "mirrorsim.analysis.clinical",
    "mirrorsim.plots",
    "mirrorsim.testing",
    "mirrorsim.analysis.firing_summary",
    "mirrorsim.sweep.output",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    target, backend = brian2.prefs.codegen.target, matplotlib.get_backend()
    matplotlib.use("Agg")
    try:
        result = doctest.testmod(
            module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
        )
    finally:
        brian2.prefs.codegen.target = target
        matplotlib.use(backend)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"
