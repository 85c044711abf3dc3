"""Shared fixtures: a tiny, fast configuration of the circuit for tests of the machinery."""

import pytest

from mirrorsim.testing import TINY_PARAMS

TINY = TINY_PARAMS


@pytest.fixture
def tiny_overrides():
    return dict(TINY)
