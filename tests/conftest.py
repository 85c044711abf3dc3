"""Shared fixtures: a tiny, fast configuration of the circuit for tests of the machinery."""

import os

import pytest

from mirrorsim.testing import TINY_PARAMS

TINY = TINY_PARAMS


@pytest.fixture
def tiny_overrides():
    return dict(TINY)


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory):
    """Compiled standalone builds of this test run, shared by its tests (and the processes
    they start), kept out of the user's cache."""
    from mirrorsim.standalone import CACHE_ENV

    previous = os.environ.get(CACHE_ENV)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # pytest-xdist: one cache for all workers of this run (its entries are locked)
        path = tmp_path_factory.getbasetemp().parent / "build-cache"
        path.mkdir(exist_ok=True)
    else:
        path = tmp_path_factory.mktemp("build-cache")
    os.environ[CACHE_ENV] = str(path)
    yield path
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous
