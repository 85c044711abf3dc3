"""A state update of integrate-and-fire cells that the C++ compiler vectorises.

Brian2's generated state update of a group with a refractory period computes each cell's
``not_refractory`` flag from its last spike and stores it (a ``char``) in the same loop as the
membrane and conductance updates; GCC then leaves the whole loop scalar (issue 23: GCC 12,
``-O3 -march=native``). :class:`VectorStateUpdateCodeObject` renders the state update from
``standalone_templates/stateupdate.cpp``: Brian2's template with that one store moved to a
second loop over the cells, which recomputes the flag the same way. The update itself is
unchanged (the flag is still computed in the first loop, where it gates the membrane update),
so the spikes are the same; only the order of the writes differs, and nothing reads the flag
between them. Where the generated lines do not have the expected form (another Brian2
version), the code is left as it is.
"""

from __future__ import annotations

import re

from brian2.devices.cpp_standalone.codeobject import CPPStandaloneCodeObject

_STORE = re.compile(r"\s*_ptr_array_\w+_not_refractory\[_idx\] = not_refractory;\s*")
_FLAG_LINES = (
    re.compile(r"\s*const double lastspike = _ptr_array_\w+_lastspike\[_idx\];\s*"),
    re.compile(r"\s*char not_refractory = _ptr_array_\w+_not_refractory\[_idx\];\s*"),
    re.compile(r"\s*not_refractory = _timestep\(t - lastspike, dt\) >= _lio_\d+;\s*"),
    _STORE,
)


def split_refractory(vector_code) -> tuple:
    """``vector_code`` of a state update (its lines, as Brian2's templates get them, or one
    string) as (the update without storing ``not_refractory``, the lines that compute and
    store it); ``(vector_code, "")`` where those lines are not found exactly once each."""
    if isinstance(vector_code, str):
        lines = vector_code.split("\n")
    elif isinstance(vector_code, list) and all(isinstance(line, str) for line in vector_code):
        lines = [part for line in vector_code for part in line.split("\n")]
    else:
        return vector_code, ""
    found = [[line for line in lines if pattern.fullmatch(line)] for pattern in _FLAG_LINES]
    if any(len(matches) != 1 for matches in found):
        return vector_code, ""
    update = "\n".join(line for line in lines if not _STORE.fullmatch(line))
    flag = "\n".join(matches[0].strip() for matches in found)
    return update, flag


class VectorStateUpdateCodeObject(CPPStandaloneCodeObject):
    """C++ standalone code objects rendered from mirrorsim's templates first (only
    ``stateupdate.cpp`` is there), Brian2's otherwise."""

    templater = CPPStandaloneCodeObject.templater.derive(
        "mirrorsim",
        templates_dir="standalone_templates",
        env_globals={"split_refractory": split_refractory},
    )
