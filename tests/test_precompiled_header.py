"""The precompiled header changes how fast a build compiles, never what it compiles."""

import shutil
import subprocess

import brian2
import pytest

from mirrorsim.precompiled_header import HEADER, MAKEFILE, precompiled_header


def test_a_build_restored_from_the_cache_does_not_use_it(tmp_path):
    prefs = brian2.prefs.devices.cpp_standalone
    with precompiled_header(tmp_path) as used:
        assert used and prefs.make_cmd_unix == f"make -f makefile -f {MAKEFILE}"
        assert (tmp_path / HEADER).exists() and (tmp_path / MAKEFILE).exists()
    assert prefs.make_cmd_unix == "make"
    with precompiled_header(tmp_path, wanted=False) as used:
        assert not used and prefs.make_cmd_unix == "make"


def test_a_make_command_of_the_users_is_left_alone(tmp_path):
    prefs = brian2.prefs.devices.cpp_standalone
    prefs.make_cmd_unix = "make CXX=clang++"
    try:
        with precompiled_header(tmp_path) as used:
            assert not used and prefs.make_cmd_unix == "make CXX=clang++"
    finally:
        prefs.make_cmd_unix = "make"


@pytest.mark.slow  # ~2 min (two full builds); the default run was near CI's 15 minutes
@pytest.mark.standalone
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make and a C++ compiler")
def test_objects_compiled_with_it_are_byte_identical(tiny_overrides, tmp_path):
    """Two of a build's files (a neuron update and main.cpp) compiled with and without the
    precompiled header: the same bytes."""
    from mirrorsim.params import make_params
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.standalone import StandaloneSession

    params = make_params(tiny_overrides)
    build = tmp_path / "build"
    StandaloneSession(build).run(params, mirror_emergence_protocol(params, 1), seed=1)
    source = next((build / "code_objects").glob("f5_e_stateupdater_codeobject*.cpp"))
    names = (str(source.relative_to(build)), "main.cpp")
    assert not (build / f"{HEADER}.gch").exists()  # removed after the build
    objects = {}
    with precompiled_header(build) as used:
        assert used
        for make in (["make"], ["make", "-f", "makefile", "-f", MAKEFILE]):
            for name in names:
                target = name.replace(".cpp", ".o")
                (build / target).unlink()
                subprocess.run([*make, target], cwd=build, check=True, capture_output=True)
                objects[len(make), name] = (build / target).read_bytes()
            if len(make) > 1:
                assert (build / f"{HEADER}.gch").exists()
    for name in names:
        assert objects[1, name] == objects[5, name], name
