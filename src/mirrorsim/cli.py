"""The ``mirrorsim`` command line: thin over the package API.

Exit codes: 0 success, 1 failed simulation, 2 usage or configuration error, 130 interrupted.
Errors are one line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import signal
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from mirrorsim.config import ConfigError, parse_set_options, read_config
from mirrorsim.params import ParameterError, Params, make_params

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that partial results are cleaned up."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated()


def _fail(message: str, code: int) -> None:
    click.echo(f"mirrorsim: error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="mirrorsim")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """mirrorsim: spiking-network simulations of the mirror-neuron system (Brian2)."""
    ctx.obj = {"debug": debug}


@main.command("list")
def list_experiments() -> None:
    """Name the experiments that `mirrorsim run` knows."""
    from mirrorsim.runners import EXPERIMENTS

    for exp in EXPERIMENTS.values():
        click.echo(f"{exp.name:20s} {exp.summary}")


@main.command("params")
def list_params() -> None:
    """List every parameter with its default, unit and source."""
    for row in Params().describe():
        click.echo(f"{row['name']:24s} {row['value']:>14s}  {row['description']}  [{row['source']}]")


def resolve_params(config: str | None, sets: tuple[str, ...], base: Params | None = None) -> Params:
    """Defaults (or ``base``), then the config file, then ``--set`` options: validated once."""
    overrides: dict[str, Any] = {}
    if base is not None:
        overrides.update(base.to_strings())
    if config:
        overrides.update(read_config(config))
    overrides.update(parse_set_options(sets))
    return make_params(overrides)


@main.command("run")
@click.argument("experiment", required=False)
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Random seed (default 1).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output directory (default results/EXPERIMENT/seed-N).")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="Override a parameter, e.g. --set n_actions=5 --set tau_exc='4 ms'.")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="YAML or TOML file of parameter overrides.")
@click.option("--from", "from_", type=click.Path(dir_okay=False), default=None,
              help="Re-run exactly the run described by a params.json.")
@click.option("--target", type=click.Choice(["standalone", "runtime", "numpy"]), default="standalone",
              show_default=True, help="Brian2 code target.")
@click.option("--quiet", is_flag=True, help="No progress output.")
@click.pass_context
def run(ctx: click.Context, experiment: str | None, seed: int | None, out: Path | None,
        sets: tuple[str, ...], config: str | None, from_: str | None, target: str,
        quiet: bool) -> None:
    """Run EXPERIMENT (see `mirrorsim list`) and write its results."""
    from mirrorsim.results import read_params_record
    from mirrorsim.runners import EXPERIMENTS

    debug = ctx.obj["debug"]
    base = None
    try:
        if from_:
            recorded_exp, recorded_seed, base = read_params_record(Path(from_))
            experiment = experiment or recorded_exp
            if experiment != recorded_exp:
                raise ConfigError(f"--from {from_} is a {recorded_exp!r} run, not {experiment!r}")
            seed = recorded_seed if seed is None else seed
        if experiment is None:
            raise click.UsageError("missing EXPERIMENT (see `mirrorsim list`)")
        if experiment not in EXPERIMENTS:
            import difflib

            hint = difflib.get_close_matches(experiment, list(EXPERIMENTS), n=1)
            raise ConfigError(f"unknown experiment '{experiment}'"
                              + (f" (did you mean '{hint[0]}'?)" if hint else "")
                              + "; see `mirrorsim list`")
        params = resolve_params(config, sets, base)
    except click.UsageError as err:
        _fail(err.format_message(), EXIT_USAGE)
    except (ConfigError, ParameterError, ValueError) as err:
        if debug:
            traceback.print_exc()
        _fail(str(err), EXIT_USAGE)

    seed = 1 if seed is None else seed
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        out_dir = EXPERIMENTS[experiment].run(params, seed, out, target=target, progress=not quiet)
    except KeyboardInterrupt as err:
        what = "terminated" if isinstance(err, Terminated) else "interrupted"
        _fail(f"{what}; the partial result was discarded, nothing was written", EXIT_INTERRUPTED)
    except Exception as err:  # noqa: BLE001 - any simulation failure is reported in one line
        if debug:
            traceback.print_exc()
        _fail(f"simulation failed: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}",
              EXIT_FAILED)
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo(f"results written to {out_dir}")
    _print_summary(out_dir)


def _print_summary(out_dir: Path) -> None:
    import json

    metrics_file = out_dir / "metrics.json"
    if not metrics_file.exists():
        return
    m = json.loads(metrics_file.read_text())
    for key, value in m.items():
        if isinstance(value, int | float) and value is not None:
            click.echo(f"  {key:42s} {value:.3g}")


if __name__ == "__main__":
    main()
