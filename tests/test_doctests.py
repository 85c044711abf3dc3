"""The Examples sections of the public docstrings run as written (doctest).

Each module listed here has docstrings with Examples; they must stay cheap (no simulation
beyond the tiny numpy one of :func:`mirrorsim.simulate.run_protocol`).
"""

import doctest
import importlib

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
    "mirrorsim.analysis.run_metrics",
    "mirrorsim.analysis.record",
    "mirrorsim.regression",
    "mirrorsim.phases",
    "mirrorsim.simulate",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"
