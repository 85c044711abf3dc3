"""Where mirrorsim may write: never over a file or folder it did not create.

Every folder mirrorsim writes (a run, a sweep, a notebook's output) holds a marker file,
:data:`MARKER`, that names its *kind* (``run:mirror-emergence``, ``sweep:coupling``,
``notebook:02_learning_mirror_neurons`` ...) and the entries mirrorsim put there. Before writing,
a destination folder is checked:

- missing or empty: used;
- a run (``replace=True``) replaces a folder only when its marker names the same kind and the
  folder holds nothing else than what the marker lists: a user's file added to an old result
  keeps the old result from being replaced;
- a sweep or a notebook (``replace=False``) writes into a folder only when its marker names the
  same kind (that is how a sweep resumes);
- anything else is refused with :class:`OutputRefused` (one line: what was found, what to do),
  unless ``overwrite=True`` (the CLI's ``--overwrite``).

Single files (a firing-statistics reference, a bench record) are replaced only when they are
mirrorsim's own record of that kind, which their JSON says (:func:`check_file`).

Results written by mirrorsim 0.5.0 and earlier have no marker; they are recognised by their own
record (``params.json`` of the same experiment, ``sweep.json`` of the same sweep) and treated as
marked, with the files those versions wrote.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MARKER = ".mirrorsim.json"

#: What mirrorsim <= 0.5.0 wrote into a run folder (figures as ``name.png`` and ``name.svg``).
_LEGACY_RUN_FILES = {
    "metrics.json",
    "params.json",
    "protocol.json",
    "spikes.npz",
    "weights.npz",
    "lfp.npz",
    "firing_stats.json",
    "firing_stats.csv",
    *(
        f"{name}.{ext}"
        for name in (
            "raster_pre",
            "raster_post",
            "rates_by_condition",
            "weights",
            "mirror_responses",
            "mu_spectra",
            "mep",
        )
        for ext in ("png", "svg")
    ),
}
#: What mirrorsim <= 0.5.0 wrote into a sweep folder.
_LEGACY_SWEEP_FILES = {
    "sweep.json",
    "points",
    "points.csv",
    "points.nc",
    "summary.json",
    *(f"{n}.{e}" for n in ("measures_vs_coupling", "regime_map") for e in ("png", "svg")),
}


class OutputRefused(ValueError):
    """mirrorsim would have to overwrite something it did not create."""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _entries(folder: Path) -> set[str]:
    """Names in ``folder``, without the marker and mirrorsim's hidden temporary files."""
    return {
        p.name
        for p in folder.iterdir()
        if p.name != MARKER
        and not p.name.startswith((".partial-", ".old-"))
        and not (p.name.startswith(".") and p.name.endswith(".tmp"))
    }


def read_marker(folder: str | Path) -> dict[str, Any] | None:
    """``{"kind": ..., "files": [...]}`` of a folder mirrorsim wrote, or None.

    Folders of mirrorsim <= 0.5.0 (no marker) are recognised by their ``params.json`` or
    ``sweep.json``.
    """
    folder = Path(folder)
    marker = _read_json(folder / MARKER)
    if isinstance(marker, dict) and isinstance(marker.get("kind"), str):
        return {"kind": marker["kind"], "files": list(marker.get("files", []))}
    params = _read_json(folder / "params.json")
    if isinstance(params, dict) and {"format_version", "experiment", "provenance"} <= set(params):
        return {"kind": f"run:{params['experiment']}", "files": sorted(_LEGACY_RUN_FILES)}
    sweep = _read_json(folder / "sweep.json")
    if isinstance(sweep, dict) and {"name", "grid", "keys"} <= set(sweep):
        return {"kind": f"sweep:{sweep['name']}", "files": sorted(_LEGACY_SWEEP_FILES)}
    return None


def check_folder(
    folder: str | Path, kind: str, *, replace: bool, overwrite: bool = False, option: str = "--out"
) -> None:
    """Raise :class:`OutputRefused` unless mirrorsim may write a ``kind`` result to ``folder``.

    ``replace``: the result replaces the folder whole (a run) rather than writing into it (a
    sweep, a notebook). ``option`` names the setting in the message.
    """
    folder = Path(folder)
    hint = f"choose another {option}, or add --overwrite to replace it"
    if not folder.exists():
        return
    if not folder.is_dir():
        raise OutputRefused(f"{option} {folder} is a file, not a folder; {hint}")
    if overwrite:
        return
    entries = _entries(folder)
    if not entries:
        return
    marker = read_marker(folder)
    if marker is None:
        raise OutputRefused(
            f"{option} {folder} already holds files mirrorsim did not write "
            f"({_list(entries)}); {hint}"
        )
    if marker["kind"] != kind:
        raise OutputRefused(
            f"{option} {folder} holds a mirrorsim {marker['kind']!r} result, not {kind!r}; {hint}"
        )
    foreign = entries - set(marker["files"])
    if replace and foreign:
        raise OutputRefused(
            f"{option} {folder} is an earlier result, but also holds files mirrorsim did not "
            f"write ({_list(foreign)}); {hint}"
        )


def _list(names: Iterable[str], most: int = 3) -> str:
    names = sorted(names)
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def mark_folder(folder: str | Path, kind: str, files: Iterable[str] | None = None) -> None:
    """Write the marker: ``folder`` is a ``kind`` result whose entries are mirrorsim's.

    ``files``: the names mirrorsim wrote (default: every entry now in the folder). Names already
    in the marker are kept, so writing in several steps adds up.
    """
    folder = Path(folder)
    names = set(_entries(folder) if files is None else files)
    old = _read_json(folder / MARKER)
    if isinstance(old, dict) and old.get("kind") == kind:
        names |= set(old.get("files", []))
    record = {
        "kind": kind,
        "files": sorted(names),
        "note": "written by mirrorsim; it replaces or writes into this folder only while "
        "this file lists everything in it",
    }
    tmp = folder / f".{MARKER}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(record, indent=2) + "\n")
    os.replace(tmp, folder / MARKER)


def check_file(
    path: str | Path, kind: str, *, overwrite: bool = False, option: str = "--out"
) -> None:
    """Raise :class:`OutputRefused` unless ``path`` is missing or mirrorsim's ``kind`` record.

    A record is recognised by its JSON: ``"format": kind`` (references) or a ``"kind"`` key
    (bench records; those of mirrorsim <= 0.5.0 by their ``sweep_speedup`` and ``machine``).
    """
    path = Path(path)
    if not path.exists() or overwrite:
        if path.is_dir():
            raise OutputRefused(f"{option} {path} is a folder; give a file name")
        return
    if path.is_dir():
        raise OutputRefused(f"{option} {path} is a folder; give a file name")
    record = _read_json(path)
    found = None
    if isinstance(record, dict):
        found = record.get("kind") or record.get("format")
        if found is None and {"sweep_speedup", "machine"} <= set(record):
            found = "mirrorsim-bench"
    if found != kind:
        raise OutputRefused(
            f"{option} {path} exists and is not a {kind} file mirrorsim wrote; "
            "choose another file name, or add --overwrite to replace it"
        )
