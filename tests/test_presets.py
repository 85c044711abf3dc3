"""Named parameter sets live in the parameter layer; the old names stay as aliases."""

from click.testing import CliRunner

from mirrorsim import presets
from mirrorsim.bench import SHORT_PROTOCOL
from mirrorsim.cli import main
from mirrorsim.params import Params, make_params
from mirrorsim.testing import SMALL_PARAMS, TINY_PARAMS


def test_every_preset_is_a_function_returning_params():
    for name, preset in presets.PRESETS.items():
        params = preset.make()
        assert isinstance(params, Params), name
        assert params == make_params(presets.overrides(name)), name
    assert presets.default() == Params()


def test_overrides_go_on_top_of_the_preset():
    params = presets.tiny({"n_f5_e": 40, "t_trial": "200 ms"})
    assert params.n_f5_e == 40 and params.n_ipl_e == TINY_PARAMS["n_ipl_e"]
    assert params == make_params({**TINY_PARAMS, "n_f5_e": 40, "t_trial": "200 ms"})


def test_the_old_names_are_the_presets_values():
    assert presets.overrides("tiny") == TINY_PARAMS
    assert presets.overrides("small") == SMALL_PARAMS
    assert presets.overrides("bench-short") == SHORT_PROTOCOL


def test_overrides_is_a_copy():
    presets.overrides("tiny")["n_f5_e"] = 1
    assert presets.tiny().n_f5_e == TINY_PARAMS["n_f5_e"] != 1


def test_the_cli_lists_and_shows_presets():
    runner = CliRunner()
    listing = runner.invoke(main, ["params", "--presets"])
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.output.splitlines()] == list(presets.PRESETS)
    shown = runner.invoke(main, ["params", "--preset", "tiny", "n_f5_e"])
    assert shown.exit_code == 0 and shown.output.split()[:2] == ["n_f5_e", "80"]
    unknown = runner.invoke(main, ["params", "--preset", "huge"])
    assert unknown.exit_code == 2 and "unknown preset 'huge'" in unknown.output
