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
MAX_SEED = 2**32 - 1  # numpy's (and so Brian2's) global seed must fit 32 bits


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that partial results are cleaned up."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated()


def _fail(message: str, code: int) -> None:
    click.echo(f"mirrorsim: error: {_single_line(message)}", err=True)
    sys.exit(code)


def _single_line(message: object) -> str:
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    return " ".join(lines) or "unknown error"


class _NeverRaised(Exception):
    pass


# click >= 8.2 raises this for a bare `mirrorsim` (older versions print the help and exit 0).
_NoArgsIsHelp: type[Exception] = getattr(click.exceptions, "NoArgsIsHelpError", _NeverRaised)


class _Main(click.Group):
    """The ``mirrorsim`` group, with click's own errors as one line and exit code 2.

    Click prints usage errors (unknown option, bad ``--seed``, missing argument ...) as several
    lines ("Usage: ... Try ... Error: ..."); here they become ``mirrorsim: error: ...`` like every
    other bad input. ``--help`` and ``--version`` still print to stdout with exit code 0.
    """

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NoArgsIsHelp as err:  # bare `mirrorsim`: the help, as click shows it
            err.show()
            sys.exit(err.exit_code)
        except click.ClickException as err:
            hint = ""
            if isinstance(err, click.UsageError) and err.ctx is not None:
                hint = f" (see '{err.ctx.command_path} --help')"
            usage = isinstance(err, click.UsageError | click.FileError)
            _fail(f"{err.format_message()}{hint}", EXIT_USAGE if usage else err.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt) as err:
            what = "terminated" if isinstance(err, Terminated) else "interrupted"
            _fail(f"{what}; partial results discarded, nothing was written", EXIT_INTERRUPTED)
        except Exception as err:  # noqa: BLE001 - never a traceback for the user, unless --debug
            if "--debug" in argv:
                raise
            _fail(
                f"internal error: {type(err).__name__}: {err} (run with --debug for the traceback)",
                EXIT_FAILED,
            )
        sys.exit(rv if isinstance(rv, int) and not isinstance(rv, bool) else 0)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="mirrorsim")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """mirrorsim: spiking-network simulations of the mirror-neuron system (Brian2)."""
    ctx.obj = {"debug": debug}
    signal.signal(signal.SIGTERM, _on_sigterm)


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
        click.echo(
            f"{row['name']:24s} {row['value']:>14s}  {row['description']}  [{row['source']}]"
        )


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
@click.option(
    "--seed",
    type=click.IntRange(min=0, max=MAX_SEED),
    default=None,
    help="Random seed (default 1).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output directory (default results/EXPERIMENT/seed-N).",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a parameter, e.g. --set n_actions=5 --set tau_exc='4 ms'.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    default=None,
    help="YAML or TOML file of parameter overrides.",
)
@click.option(
    "--from",
    "from_",
    type=click.Path(dir_okay=False),
    default=None,
    help="Re-run exactly the run described by a params.json.",
)
@click.option(
    "--target",
    type=click.Choice(["standalone", "runtime", "numpy"]),
    default="standalone",
    show_default=True,
    help="Brian2 code target.",
)
@click.option("--quiet", is_flag=True, help="No progress output.")
@click.pass_context
def run(
    ctx: click.Context,
    experiment: str | None,
    seed: int | None,
    out: Path | None,
    sets: tuple[str, ...],
    config: str | None,
    from_: str | None,
    target: str,
    quiet: bool,
) -> None:
    """Run EXPERIMENT (see `mirrorsim list`) and write its results."""
    from mirrorsim.runners import EXPERIMENTS

    debug = ctx.obj["debug"]
    base = None
    try:
        if from_:
            recorded_exp, recorded_seed, base = _read_record(Path(from_))
            experiment = experiment or recorded_exp
            if experiment != recorded_exp:
                raise ConfigError(f"--from {from_} is a {recorded_exp!r} run, not {experiment!r}")
            seed = recorded_seed if seed is None else seed
        if experiment is None:
            raise click.UsageError("missing EXPERIMENT (see `mirrorsim list`)")
        if experiment not in EXPERIMENTS:
            import difflib

            hint = difflib.get_close_matches(experiment, list(EXPERIMENTS), n=1)
            raise ConfigError(
                f"unknown experiment '{experiment}'"
                + (f" (did you mean '{hint[0]}'?)" if hint else "")
                + "; see `mirrorsim list`"
            )
        if not 0 <= (0 if seed is None else seed) <= MAX_SEED:
            raise ConfigError(f"seed must be in 0..{MAX_SEED}, got {seed}")
        if out is not None:
            _check_out_dir(out)
        params = resolve_params(config, sets, base)
    except click.UsageError as err:
        _fail(err.format_message(), EXIT_USAGE)
    except (ConfigError, ParameterError, ValueError) as err:
        if debug:
            traceback.print_exc()
        _fail(str(err), EXIT_USAGE)

    seed = 1 if seed is None else seed
    try:
        out_dir = EXPERIMENTS[experiment].run(params, seed, out, target=target, progress=not quiet)
    except KeyboardInterrupt as err:
        what = "terminated" if isinstance(err, Terminated) else "interrupted"
        _fail(f"{what}; the partial result was discarded, nothing was written", EXIT_INTERRUPTED)
    except Exception as err:  # noqa: BLE001 - any simulation failure is reported in one line
        if debug:
            traceback.print_exc()
        first = str(err).splitlines()[0] if str(err) else ""
        _fail(f"simulation failed: {type(err).__name__}: {first}", EXIT_FAILED)
    click.echo(f"results written to {out_dir}")
    _print_summary(out_dir)


def _read_record(path: Path) -> tuple[str, int, Params]:
    """Experiment, seed and parameters of a params.json; any malformation is a ConfigError."""
    from mirrorsim.results import read_params_record

    try:
        return read_params_record(path)
    except ParameterError as err:
        raise ConfigError(f"{path}: {err}") from err
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        message = str(err)
        if str(path) not in message:
            message = f"{path}: not a valid mirrorsim params.json ({message})"
        raise ConfigError(message) from err


def _check_out_dir(out: Path) -> None:
    """Refuse an ``--out`` that could not be written, before the simulation, not after it."""
    import os

    ancestor = out.absolute().parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ConfigError(f"--out {out}: {ancestor} is not a directory")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise ConfigError(f"--out {out}: cannot write in {ancestor}")


def _print_summary(out_dir: Path) -> None:
    import json

    metrics_file = out_dir / "metrics.json"
    if not metrics_file.exists():
        return
    m = json.loads(metrics_file.read_text())
    for key, value in [*m.items(), *m.get("clinical", {}).items()]:
        if isinstance(value, int | float) and not isinstance(value, bool):
            click.echo(f"  {key:42s} {value:.3g}")
    if "clinical" in m:
        click.echo(f"  {'regime':42s} {m['clinical']['regime']}")


@main.command("stats")
@click.argument(
    "run_dirs",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option(
    "--check",
    "do_check",
    is_flag=True,
    help="Compare with a reference; exit 1 if any statistic moved beyond tolerance.",
)
@click.option(
    "--reference",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Reference JSON for --check (default: the repository's, default model).",
)
@click.option(
    "--build-reference",
    "build",
    is_flag=True,
    help="Build a reference from RUN_DIRS (>= 10 seeds of one model) and write --out.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File written by --build-reference (default: the repository's reference).",
)
@click.option(
    "--block",
    type=click.Choice(["post", "pre"]),
    default=None,
    help="Test block to summarise (default: post, or the reference's block).",
)
@click.option(
    "--alpha",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.01,
    show_default=True,
    help="Family-wise false-alarm rate of --check for a fresh seed of the model.",
)
@click.pass_context
def stats_command(
    ctx: click.Context,
    run_dirs: tuple[Path, ...],
    do_check: bool,
    reference: Path | None,
    build: bool,
    out: Path | None,
    block: str | None,
    alpha: float,
) -> None:
    """Firing statistics of RUN_DIRS per population and condition.

    Prints a table and writes firing_stats.json and firing_stats.csv into each run directory.
    With --check, compares each run with a reference (tolerances derived from its seed-to-seed
    spread) and exits 1 on a regression. With --build-reference, builds a reference from the
    runs (seeds of one model), e.g.
    `mirrorsim stats --build-reference results/reference-runs/seed-*`.
    """
    from mirrorsim import regression
    from mirrorsim.firing_summary import firing_summary, format_table, write_summary
    from mirrorsim.results import load_run
    from mirrorsim.testing import check_run

    debug = ctx.obj["debug"]
    failed = []
    try:
        if build:
            if do_check:
                raise click.UsageError("--build-reference and --check exclude each other")
            ref = regression.build_reference_from_runs(run_dirs, block or "post")
            path = regression.save_reference(ref, out or regression.DEFAULT_REFERENCE)
            click.echo(f"written to {path}")
            click.echo(regression.reference_report(ref, alpha))
            return
        if out is not None:
            raise click.UsageError("--out only goes with --build-reference")
        ref = regression.load_reference(reference) if do_check else None
        if ref is not None:
            ref_block = str(ref["meta"].get("block", "post"))
            if block not in (None, ref_block):
                raise click.UsageError(f"the reference is of block {ref_block!r}, not {block!r}")
            block = ref_block
        block = block or "post"
        for run_dir in run_dirs:
            data = load_run(run_dir)
            try:
                summary = write_summary(run_dir, block, data=data)
            except OSError as err:
                click.echo(
                    f"mirrorsim: warning: cannot write into {run_dir}: {err.strerror}", err=True
                )
                summary = firing_summary(data, block)
            click.echo(f"{run_dir} (seed {data.seed}, block {block})")
            click.echo(format_table(summary))
            if ref is not None:
                result = check_run(data, ref, alpha)
                click.echo(regression.format_check(result))
                if not result.passed:
                    failed.append(run_dir)
    except click.UsageError as err:
        _fail(err.format_message(), EXIT_USAGE)
    except (FileNotFoundError, ValueError, KeyError) as err:
        if debug:
            traceback.print_exc()
        _fail(str(err).strip("'\""), EXIT_USAGE)
    if failed:
        _fail(
            f"regression: {len(failed)} of {len(run_dirs)} runs moved beyond tolerance: "
            + ", ".join(str(d) for d in failed),
            EXIT_FAILED,
        )


if __name__ == "__main__":
    main()


# --------------------------------------------------------------------------- sweeps

SWEEP_DEFAULTS = {
    "coupling": "0,0.5,1,1.5,2,2.5,3",
    "regime-map-coupling": "0,1,2,3",
    "regime-map-inhibition": "0.25,0.5,0.75,1",
}


def parse_values(text: str, name: str) -> list[float]:
    """'0,0.5,1' -> [0.0, 0.5, 1.0]; finite, non-negative, distinct values."""
    import math

    values = []
    for item in text.split(","):
        item = item.strip()
        try:
            value = float(item)
        except ValueError:
            raise ConfigError(f"{name}: {item!r} is not a number (use e.g. 0,0.5,1)") from None
        if not math.isfinite(value) or value < 0:
            raise ConfigError(f"{name}: values must be finite and >= 0, got {item}")
        values.append(value)
    if len(set(values)) != len(values):
        raise ConfigError(f"{name}: repeated values in {text!r}")
    return values


def _sweep_options(func):
    options = [
        click.option(
            "--seeds",
            type=click.IntRange(min=1, max=1000),
            default=5,
            show_default=True,
            help="Number of seeds per setting (seeds 1..N).",
        ),
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            required=True,
            help="Sweep directory (re-run the same command to resume).",
        ),
        click.option(
            "--scheduler",
            default=None,
            metavar="ADDRESS",
            help="Dask scheduler, e.g. tcp://host:8786 (default: a local cluster).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=None,
            help="Local worker processes (default: number of cores).",
        ),
        click.option(
            "--set", "sets", multiple=True, metavar="NAME=VALUE", help="Override a base parameter."
        ),
        click.option(
            "--config",
            type=click.Path(dir_okay=False),
            default=None,
            help="YAML or TOML file of base parameter overrides.",
        ),
        click.option(
            "--target",
            type=click.Choice(["standalone", "runtime", "numpy"]),
            default="standalone",
            show_default=True,
            help="Brian2 code target of each point.",
        ),
        click.option("--quiet", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.group("sweep")
def sweep_group() -> None:
    """Parameter sweeps on Dask (resumable): coupling, regime-map."""


def _run_sweep(ctx, name, grid_text, seeds, out, scheduler, workers, sets, config, target, quiet):
    from mirrorsim.sweep import run_sweep
    from mirrorsim.sweep_output import write_outputs

    debug = ctx.obj["debug"]
    try:
        grid = {knob: parse_values(text, f"--{knob}") for knob, text in grid_text.items()}
        for knob in grid:
            if knob in {s.split("=", 1)[0].strip() for s in sets}:
                raise ConfigError(f"{knob} is swept; do not also --set it")
        base = resolve_params(config, sets)
        for knob, values in grid.items():  # validate every knob value before starting
            for value in values:
                make_params({knob: value}, base=base)
        if out.exists() and not out.is_dir():
            raise ConfigError(f"--out {out} exists and is not a directory")
    except (ConfigError, ParameterError, ValueError) as err:
        if debug:
            traceback.print_exc()
        _fail(str(err), EXIT_USAGE)
    try:
        run_sweep(
            base,
            grid,
            list(range(1, seeds + 1)),
            out,
            name,
            scheduler=scheduler,
            n_workers=workers,
            target=target,
            progress=not quiet,
        )
        summary = write_outputs(out, name)
    except KeyboardInterrupt as err:
        what = "terminated" if isinstance(err, Terminated) else "interrupted"
        _fail(
            f"{what}; finished points are kept in {out}/points, re-run to resume", EXIT_INTERRUPTED
        )
    except OSError as err:
        if debug:
            traceback.print_exc()
        _fail(f"sweep failed: {err}", EXIT_FAILED)
    except Exception as err:  # noqa: BLE001 - one line, finished points are kept
        if debug:
            traceback.print_exc()
        first = str(err).splitlines()[0] if str(err) else ""
        _fail(f"sweep failed: {type(err).__name__}: {first}; finished points are kept", EXIT_FAILED)
    click.echo(f"sweep written to {out} (points.csv, points.nc, summary.json, figures)")
    for entry in summary["settings"]:
        mi = entry["mirror_index"]["mean"]
        click.echo(
            f"  coupling {entry['coupling']:g}  inhibition {entry['inhibition']:g}  "
            f"mirror index {mi if mi is None else round(mi, 2)}  -> {entry['regime']}"
        )


@sweep_group.command("coupling")
@click.option(
    "--values",
    default=SWEEP_DEFAULTS["coupling"],
    show_default=True,
    help="Comma-separated coupling values.",
)
@click.option(
    "--inhibition",
    default="1",
    show_default=True,
    help="Inhibition value(s) held fixed, comma-separated.",
)
@_sweep_options
@click.pass_context
def sweep_coupling(
    ctx, values, inhibition, seeds, out, scheduler, workers, sets, config, target, quiet
):
    """Sweep the learned IPL->F5 coupling at fixed inhibition."""
    _run_sweep(
        ctx,
        "coupling",
        {"coupling": values, "inhibition": inhibition},
        seeds,
        out,
        scheduler,
        workers,
        sets,
        config,
        target,
        quiet,
    )


@sweep_group.command("regime-map")
@click.option(
    "--coupling",
    default=SWEEP_DEFAULTS["regime-map-coupling"],
    show_default=True,
    help="Comma-separated coupling values.",
)
@click.option(
    "--inhibition",
    default=SWEEP_DEFAULTS["regime-map-inhibition"],
    show_default=True,
    help="Comma-separated inhibition values.",
)
@_sweep_options
@click.pass_context
def sweep_regime_map(
    ctx, coupling, inhibition, seeds, out, scheduler, workers, sets, config, target, quiet
):
    """Sweep coupling x inhibition and draw the regime map."""
    _run_sweep(
        ctx,
        "regime-map",
        {"coupling": coupling, "inhibition": inhibition},
        seeds,
        out,
        scheduler,
        workers,
        sets,
        config,
        target,
        quiet,
    )


@main.command("bench")
@click.option(
    "--quick",
    is_flag=True,
    help="Tiny sizes: a smoke test of the benchmark (about 12 min on 2 cores).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the record [default: results/bench/bench.json, or bench-quick.json].",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Sweep engine workers [cores]."
)
def bench_command(quick: bool, out: Path | None, workers: int | None) -> None:
    """Measure the sweep engine, throughput and cost against size; print a table."""
    from mirrorsim.bench import DEFAULT_OUT, format_table, run_bench

    if out is None:
        out = DEFAULT_OUT.with_name("bench-quick.json") if quick else DEFAULT_OUT
    record = run_bench(quick=quick, out=out, workers=workers, log=lambda m: click.echo(m, err=True))
    click.echo(format_table(record))
    click.echo(f"written: {out}")
