"""Parameter sweeps on Dask distributed: a generic engine and its outputs.

- :mod:`~mirrorsim.sweep.engine` - grid points, keys, resume, the Dask client
- :mod:`~mirrorsim.sweep.output` - ``points.csv``, ``points.nc``, ``summary.json``, figures
- :mod:`~mirrorsim.sweep.presets` - a registry preset run to its end (the experiment scripts)
"""

from mirrorsim.sweep.engine import (
    POINTS_DIR,
    PROTOCOL_NAME,
    Point,
    close_client,
    connect,
    finished_keys,
    grid_points,
    load_points,
    run_point,
    run_sweep,
    sweep_kind,
)

__all__ = [
    "POINTS_DIR",
    "PROTOCOL_NAME",
    "Point",
    "close_client",
    "connect",
    "finished_keys",
    "grid_points",
    "load_points",
    "run_point",
    "run_sweep",
    "sweep_kind",
]
