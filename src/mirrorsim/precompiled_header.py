"""Compile a fresh standalone build with a precompiled header: the same binary, ~2.5x sooner.

Brian2 writes one C++ file per code object (~140 per run segment of the default circuit), and
each includes ``objects.h`` with the standard library behind it: ~80,000 lines that the
compiler parses again for every file, most of its ~1 s per file. GCC can parse them once into a
precompiled header (``pch.h.gch``) that every file then loads (GCC manual, "Using Precompiled
Headers"; Brian2 issue #1825 proposes the same for Brian2 itself). The object code is byte for
byte the one compiled without it (checked on the default circuit's code objects with
``objdump``), and a header the compiler cannot use is simply read as text: only speed can
differ, never the program.

Every build uses it except one restored from the build cache, which recompiles one file or
none: there the header would cost more than it saves.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import brian2

HEADER = "pch.h"
MAKEFILE = "pch.mk"

#: What every code object includes (Brian2's C++ standalone templates), parsed once.
_HEADER_TEXT = """\
// Written by mirrorsim.precompiled_header: included first in every file (-include), so that
// the compiler can load it precompiled (pch.h.gch) instead of parsing it per file.
#include "objects.h"
#include "brianlib/common_math.h"
#include "brianlib/stdint_compat.h"
#include <chrono>
#include <climits>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <vector>
"""

# Read by make after Brian2's makefile: the header is compiled with exactly the flags of the
# objects (a precompiled header is only used with the flags it was made with), before them
# (order-only: a newer header does not make the objects out of date; their own dependency
# files, which list the headers, do).
_MAKEFILE_TEXT = f"""\
# Written by mirrorsim.precompiled_header.
PCH_FLAGS := $(CXXFLAGS)
CXXFLAGS += -include {HEADER}
{HEADER}.gch: {HEADER} $(wildcard *.h) $(wildcard brianlib/*.h) makefile {MAKEFILE}
\t$(CXX) $(PCH_FLAGS) -x c++-header {HEADER} -o {HEADER}.gch
$(OBJS): | {HEADER}.gch
"""


@contextlib.contextmanager
def precompiled_header(build_dir: str | Path, wanted: bool = True) -> Iterator[bool]:
    """While active, Brian2's ``make`` in ``build_dir`` compiles with a precompiled header, if
    ``wanted`` and the make command is Brian2's default; yields whether it does.

    Not wanted for a build restored from the cache: it recompiles one file or none, and the
    header (~4 s to compile) would cost more than it saves.
    """
    prefs = brian2.prefs.devices.cpp_standalone
    previous = prefs.make_cmd_unix
    use = wanted and previous == "make"
    if use:
        folder = Path(build_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / HEADER).write_text(_HEADER_TEXT)
        (folder / MAKEFILE).write_text(_MAKEFILE_TEXT)
        prefs.make_cmd_unix = f"make -f makefile -f {MAKEFILE}"
    try:
        yield use
    finally:
        prefs.make_cmd_unix = previous
        # ~60 MB, useful only to the compile that just ran
        (Path(build_dir) / f"{HEADER}.gch").unlink(missing_ok=True)
