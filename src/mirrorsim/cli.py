"""The ``mirrorsim`` command line: thin over the package API.

Exit codes: 0 success, 1 failed simulation, 2 usage or configuration error, 130 interrupted.
Errors are one line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

# Only light modules at import time: `mirrorsim --help` must not wait for Brian2 (~5 s).
from mirrorsim.errors import ConfigError, ParameterError
from mirrorsim.output_guard import OutputRefused

if TYPE_CHECKING:
    from mirrorsim.params import Params

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


def _interrupted(err: BaseException) -> str:
    return "terminated" if isinstance(err, Terminated) else "interrupted"


@contextlib.contextmanager
def _checking_input(ctx: click.Context) -> Iterator[None]:
    """Bad input (usage, parameters, config, a refused --out): one line, exit 2."""
    try:
        yield
    except click.UsageError as err:
        _fail(err.format_message(), EXIT_USAGE)
    except (ValueError, FileNotFoundError, KeyError) as err:
        if ctx.obj and ctx.obj.get("debug"):
            traceback.print_exc()
        _fail(err.args[0] if isinstance(err, KeyError) and err.args else str(err), EXIT_USAGE)


@contextlib.contextmanager
def _working(ctx: click.Context, failed: str, interrupted: str) -> Iterator[None]:
    """The work itself: a failure is exit 1 (``failed: Type: first line``), Ctrl-C or SIGTERM
    exit 130 (``interrupted; <interrupted>``), a refused output exit 2."""
    try:
        yield
    except KeyboardInterrupt as err:
        _fail(f"{_interrupted(err)}; {interrupted}", EXIT_INTERRUPTED)
    except OutputRefused as err:
        _fail(str(err), EXIT_USAGE)
    except Exception as err:  # noqa: BLE001 - any failure is reported in one line
        if ctx.obj and ctx.obj.get("debug"):
            traceback.print_exc()
        first = str(err).splitlines()[0] if str(err) else ""
        _fail(f"{failed}: {type(err).__name__}: {first}", EXIT_FAILED)


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
            _fail(
                f"{_interrupted(err)}; partial results discarded, nothing was written",
                EXIT_INTERRUPTED,
            )
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
    from mirrorsim.experiments import EXPERIMENTS

    for exp in EXPERIMENTS.values():
        click.echo(f"{exp.name:20s} {exp.summary}")


@main.command("params")
@click.argument("pattern", required=False)
@click.option("--presets", "show_presets", is_flag=True, help="List the named parameter sets.")
@click.option(
    "--preset",
    default=None,
    metavar="NAME",
    help="Show the values of a named parameter set (see --presets) instead of the defaults.",
)
def list_params(pattern: str | None, show_presets: bool, preset: str | None) -> None:
    """List every parameter with its default, unit and source.

    With PATTERN, only the parameters whose name contains it (e.g. `mirrorsim params tau`).
    """
    from mirrorsim.params import Params
    from mirrorsim.presets import PRESETS

    if show_presets:
        for p in PRESETS.values():
            click.echo(f"{p.name:12s} {p.summary} ({len(p.values)} parameters changed)")
        return
    if preset is not None and preset not in PRESETS:
        _fail(f"unknown preset {preset!r}; see `mirrorsim params --presets`", EXIT_USAGE)
    params = PRESETS[preset].make() if preset is not None else Params()
    rows = [r for r in params.describe() if not pattern or pattern.lower() in r["name"].lower()]
    if not rows:
        _fail(f"no parameter name contains {pattern!r}; see `mirrorsim params`", EXIT_USAGE)
    for row in rows:
        click.echo(
            f"{row['name']:24s} {row['value']:>14s}  {row['description']}  [{row['source']}]"
        )


def resolve_params(config: str | None, sets: tuple[str, ...], base: Params | None = None) -> Params:
    """Defaults (or ``base``), then the config file, then ``--set`` options: validated once."""
    from mirrorsim.config import parse_set_options, read_config
    from mirrorsim.params import make_params

    overrides: dict[str, Any] = {}
    if base is not None:
        overrides.update(base.to_strings())
    if config:
        overrides.update(read_config(config))
    overrides.update(parse_set_options(sets))
    return make_params(overrides)


_OVERWRITE = click.option(
    "--overwrite",
    is_flag=True,
    help="Replace --out even if it is not an earlier mirrorsim result of this kind "
    "(its files are deleted).",
)


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
@_OVERWRITE
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
    overwrite: bool,
    quiet: bool,
) -> None:
    """Run EXPERIMENT (see `mirrorsim list`) and write its results.

    --out must be a new or empty folder, or an earlier result of the same experiment that holds
    nothing else; anything else is refused before the simulation (see --overwrite).
    """
    from mirrorsim.experiments import EXPERIMENTS, default_out_dir, run_kind
    from mirrorsim.output_guard import check_folder

    base = None
    with _checking_input(ctx):
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
        seed = 1 if seed is None else seed
        destination = default_out_dir(experiment, seed) if out is None else out
        _check_out_dir(destination)
        check_folder(destination, run_kind(experiment), replace=True, overwrite=overwrite)
        params = resolve_params(config, sets, base)

    with _working(
        ctx, "simulation failed", "the partial result was discarded, nothing was written"
    ):
        out_dir = EXPERIMENTS[experiment].run(
            params, seed, out, target=target, progress=not quiet, overwrite=overwrite
        )
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
    """Refuse an ``--out`` that could not be written, before the simulation, not after it.

    (Whether mirrorsim may replace what is there is :func:`mirrorsim.output_guard.check_folder`.)
    """
    import os

    ancestor = out.absolute().parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ConfigError(f"--out {out}: {ancestor} is not a directory")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise ConfigError(f"--out {out}: cannot write in {ancestor}")


def _print_summary(out_dir: Path) -> None:
    """The numbers of the run's record (``metrics.json``), the regime last."""
    from mirrorsim.analysis.record import read_record, summary_lines

    metrics_file = out_dir / "metrics.json"
    if metrics_file.exists():
        for line in summary_lines(read_record(metrics_file)):
            click.echo(line)


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
    "--paired",
    is_flag=True,
    help="With --check: compare each run with the unchanged model's run of the same seed "
    "(the packaged paired reference, or a paired --reference; the run's seed must be one of "
    "its seeds). Far more sensitive to parameter changes that keep the random numbers.",
)
@click.option(
    "--build-reference",
    "build",
    is_flag=True,
    help="Build a reference from RUN_DIRS (>= 10 seeds of one model; or one mirror-emergence "
    "sweep folder) and write it to --out.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File written by --build-reference (required; an existing file is replaced only if "
    "it is a mirrorsim reference).",
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
@_OVERWRITE
@click.pass_context
def stats_command(
    ctx: click.Context,
    run_dirs: tuple[Path, ...],
    do_check: bool,
    reference: Path | None,
    paired: bool,
    build: bool,
    out: Path | None,
    block: str | None,
    alpha: float,
    overwrite: bool,
) -> None:
    """Firing statistics of RUN_DIRS per population and condition.

    Prints a table and writes firing_stats.json and firing_stats.csv into each run directory.
    With --check, compares each run with a reference (tolerances derived from its seed-to-seed
    spread) and exits 1 on a regression. With --build-reference, builds a reference from the
    runs (seeds of one model), e.g.
    `mirrorsim stats --build-reference results/reference-runs/seed-* --out my_reference.json`,
    or from one sweep folder of experiment mirror-emergence (simulated on Dask, resumable:
    `mirrorsim sweep inhibition --values 1 --experiment mirror-emergence --seeds 40 --out REF`).
    """
    from mirrorsim import regression
    from mirrorsim.analysis.firing_summary import firing_summary, format_table, write_summary
    from mirrorsim.output_guard import check_file
    from mirrorsim.results import load_run
    from mirrorsim.testing import check_run

    failed = []
    with _checking_input(ctx):
        if build:
            if do_check:
                raise click.UsageError("--build-reference and --check exclude each other")
            if out is None:
                raise click.UsageError(
                    "--build-reference needs --out FILE (the packaged reference is never "
                    "replaced implicitly)"
                )
            check_file(out, regression.REFERENCE_FORMAT, overwrite=overwrite)
            if len(run_dirs) == 1 and (run_dirs[0] / "sweep.json").is_file():
                ref = regression.build_reference_from_sweep(run_dirs[0], block or "post")
            else:
                ref = regression.build_reference_from_runs(run_dirs, block or "post")
            path = regression.save_reference(ref, out, overwrite=overwrite)
            click.echo(f"written to {path}")
            click.echo(regression.reference_report(ref, alpha))
            return
        if out is not None:
            raise click.UsageError("--out only goes with --build-reference")
        if paired and not do_check:
            raise click.UsageError("--paired goes with --check")
        if paired and reference is None:
            reference = regression.DEFAULT_PAIRED_REFERENCE
        ref = regression.load_reference(reference) if do_check else None
        if paired and "paired" not in ref:
            raise click.UsageError(f"{reference} is not a paired reference")
        if ref is not None:
            ref_block = str(ref["meta"].get("block", "post"))
            if block not in (None, ref_block):
                raise click.UsageError(f"the reference is of block {ref_block!r}, not {block!r}")
            block = ref_block
        block = block or "post"
        for run_dir in run_dirs:
            try:
                data = load_run(run_dir)
            except KeyError as err:
                raise ValueError(f"{run_dir}: not a mirrorsim run folder ({err})") from None
            try:
                summary = write_summary(run_dir, block, data=data)
            except (OSError, OutputRefused) as err:
                why = err.strerror if isinstance(err, OSError) else str(err)
                click.echo(f"mirrorsim: warning: not written into {run_dir}: {why}", err=True)
                summary = firing_summary(data, block)
            click.echo(f"{run_dir} (seed {data.seed}, block {block})")
            click.echo(format_table(summary))
            if ref is not None:
                result = check_run(data, ref, alpha)
                click.echo(regression.format_check(result))
                if not result.passed:
                    failed.append(run_dir)
    if failed:
        _fail(
            f"regression: {len(failed)} of {len(run_dirs)} runs moved beyond tolerance: "
            + ", ".join(str(d) for d in failed),
            EXIT_FAILED,
        )


# --------------------------------------------------------------------------- sweeps


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


def parse_param_values(text: str, param: str, base: Any = None) -> list[Any]:
    """'4 ms,5 ms' or '0.1,0.2' -> values of parameter ``param``, each validated on ``base``
    (the sweep's other parameters, default the defaults: a value may need another option);
    numbers stay numbers, values with a unit stay text (as ``--set`` takes them)."""
    from mirrorsim.params import make_params

    values: list[Any] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            raise ConfigError(f"--values: empty value in {text!r}")
        try:
            value: Any = float(item)
        except ValueError:
            value = item
        make_params({param: value}, base=base)  # a bad value fails here, before any point runs
        values.append(value)
    if len({str(v) for v in values}) != len(values):
        raise ConfigError(f"--values: repeated values in {text!r}")
    return values


def _sweep_options(func):
    options = [
        click.option(
            "--seeds",
            type=click.IntRange(min=1, max=1000),
            default=None,
            help="Number of seeds per setting (seeds 1..N) [default: the preset's, else 5].",
        ),
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            required=True,
            help="Sweep folder: new, empty, or this kind of sweep (re-run the same command to "
            "resume).",
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
        click.option(
            "--overwrite",
            is_flag=True,
            help="Write into --out even if it is not a mirrorsim sweep of this kind.",
        ),
        click.option("--quiet", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class _SweepGroup(click.Group):
    """``mirrorsim sweep NAME``: a named preset, or any parameter of the model."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        from mirrorsim.params import parameter_names

        return _parameter_sweep(cmd_name) if cmd_name in parameter_names() else None

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            from mirrorsim.params import parameter_names

            hint = difflib.get_close_matches(name, [*self.commands, *parameter_names()], n=1)
            raise click.UsageError(
                f"no sweep preset or parameter {name!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
                + "; presets: "
                + ", ".join(self.commands)
                + "; any parameter of `mirrorsim params`",
                ctx,
            )
        return super().resolve_command(ctx, args)


@main.group("sweep", cls=_SweepGroup)
def sweep_group() -> None:
    """Parameter sweeps on Dask (resumable).

    \b
    Presets:  mirrorsim sweep PRESET --out DIR (listed below)
    Any parameter of any experiment:
              mirrorsim sweep PARAM --values 0.1,0.2 [--experiment NAME] --out DIR
              (values with units as --set takes them: --values "4 ms,6 ms")
    """


def _run_sweep(
    ctx,
    name,
    grid,
    seeds,
    out,
    scheduler,
    workers,
    sets,
    config,
    target,
    overwrite,
    quiet,
    experiment="post-learning-test",
):
    """``grid``: knob -> values, or knob -> (option name, comma-separated values)."""
    from mirrorsim.output_guard import check_folder
    from mirrorsim.params import make_params
    from mirrorsim.sweep import close_client, connect, run_sweep, sweep_kind
    from mirrorsim.sweep.engine import experiment_of
    from mirrorsim.sweep.output import write_outputs

    with _checking_input(ctx):
        experiment_of(experiment)
        grid = {
            knob: parse_values(*reversed(v)) if isinstance(v, tuple) else v
            for knob, v in grid.items()
        }
        for knob in grid:
            if knob in {s.split("=", 1)[0].strip() for s in sets}:
                raise ConfigError(f"{knob} is swept; do not also --set it")
        base = resolve_params(config, sets)
        for knob, values in grid.items():  # validate every knob value before starting
            for value in values:
                make_params({knob: value}, base=base)
        _check_out_dir(out)
        check_folder(out, sweep_kind(name), replace=False, overwrite=overwrite)
        # A bad scheduler address fails here, before any file is written.
        client = connect(scheduler) if scheduler else None
    kept = f"finished points are kept in {out}/points, re-run to resume"
    with _working(ctx, "sweep failed", kept):
        try:
            run_sweep(
                base,
                grid,
                list(range(1, seeds + 1)),
                out,
                name,
                n_workers=workers,
                client=client,
                target=target,
                progress=not quiet,
                overwrite=overwrite,
                experiment=experiment,
            )
        finally:
            if client is not None:
                close_client(client)
        summary = write_outputs(out, name)
    click.echo(f"sweep written to {out} (points.csv, points.nc, summary.json, figures)")
    shown = [k for k in grid if k not in ("coupling", "inhibition")]
    for entry in summary["settings"]:
        knobs = "  ".join(_setting(k, entry[k]) for k in (*shown, "coupling", "inhibition"))
        if "mirror_index_post" in entry:
            mi = entry["mirror_index_post"]["mean"]
            click.echo(
                f"  {knobs}  mirror index {mi if mi is None else round(mi, 2)}"
                f"  -> {entry.get('regime', '')}"
            )
        else:
            click.echo(f"  {knobs}  ({entry['n_seeds']} seeds)")


def _setting(knob: str, value: Any) -> str:
    """``coupling 1`` or ``training_mapping compatible``: a swept value as the table shows it."""
    return f"{knob} {value:g}" if isinstance(value, float) else f"{knob} {value}"


def _parameter_sweep(param: str) -> click.Command:
    """The command ``mirrorsim sweep PARAM``: any parameter, any sweepable experiment."""

    @click.command(param, help=f"Sweep the parameter {param} (see `mirrorsim params {param}`).")
    @click.option("--values", required=True, help="Comma-separated values (with units if any).")
    @click.option(
        "--experiment",
        default="post-learning-test",
        show_default=True,
        help="The experiment each point runs (see `mirrorsim list`).",
    )
    @_sweep_options
    @click.pass_context
    def command(
        ctx,
        values,
        experiment,
        seeds,
        out,
        scheduler,
        workers,
        sets,
        config,
        target,
        overwrite,
        quiet,
    ):
        with _checking_input(ctx):
            grid = {param: parse_param_values(values, param, resolve_params(config, sets))}
        _run_sweep(
            ctx,
            f"{experiment}:{param}",
            grid,
            seeds or 5,
            out,
            scheduler,
            workers,
            sets,
            config,
            target,
            overwrite,
            quiet,
            experiment,
        )

    return command


def _preset_command(name: str) -> click.Command:
    """``mirrorsim sweep NAME`` for a preset of the registry: one option per knob of its grid,
    defaults and seeds from the registry. A preset that varies one knob takes it as
    ``--values`` (``sweep coupling --values ...``), the others as ``--KNOB``."""
    from mirrorsim.experiments import SWEEP_PRESETS

    experiment, preset = SWEEP_PRESETS[name]
    knobs = list(preset.grid)
    varied = [k for k in knobs if len(preset.grid[k]) > 1]
    flags = {k: "--values" if varied == [k] else f"--{k}" for k in knobs}

    @click.pass_context
    def command(
        ctx, seeds, out, scheduler, workers, sets, config, target, overwrite, quiet, **grid
    ):
        _run_sweep(
            ctx,
            name,
            {k: (flags[k], grid[k]) for k in knobs},
            seeds or preset.seeds,
            out,
            scheduler,
            workers,
            sets,
            config,
            target,
            overwrite,
            quiet,
            experiment.name,
        )

    command = _sweep_options(command)
    for knob in reversed(knobs):
        command = click.option(
            flags[knob],
            knob,
            default=",".join(v if isinstance(v, str) else f"{v:g}" for v in preset.grid[knob]),
            show_default=True,
            help=f"Comma-separated {knob} values.",
        )(command)
    doc = f"Preset: {preset.summary} ({preset.seeds} seeds; experiment {experiment.name})."
    return click.command(name, help=doc)(command)


def _add_presets() -> None:
    from mirrorsim.experiments import SWEEP_PRESETS

    for name in SWEEP_PRESETS:
        sweep_group.add_command(_preset_command(name))


_add_presets()


@main.command("cohort")
@click.option(
    "--subjects",
    type=click.IntRange(min=2, max=1000),
    default=20,
    show_default=True,
    help="Simulated subjects per group.",
)
@click.option(
    "--group",
    "group_specs",
    multiple=True,
    metavar="NAME[:KNOB=VALUE,...]",
    help="A group: typical, hypoactive or hyperactive, or your own, e.g. "
    "'low-inh:inhibition=0.8' (repeat) [default: the three regimes].",
)
@click.option(
    "--vary",
    "varies",
    multiple=True,
    metavar="NAME=CV",
    help="Between-subject coefficient of variation of a parameter (repeat) [default: "
    "inhibition=0.1, mirrorsim.subjects]; --vary none: subjects differ by seed only.",
)
@click.option("--control", default=None, help="Group the others are compared with [typical].")
@click.option(
    "--experiment",
    type=click.Choice(["mirror-emergence", "tms-paradigms"]),
    default="mirror-emergence",
    show_default=True,
    help="What each subject does: the main job (mu, MEP, BOLD; Oberman 2005) or a TMS "
    "session (facilitation, SICI, LICI; Basavaraju 2019).",
)
@click.option(
    "--first-seed", type=click.IntRange(min=0), default=1, show_default=True, help="Seed base."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("results/cohort"),
    show_default=True,
    help="Cohort folder: new, empty, or an earlier cohort (re-run the same command to resume).",
)
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler address.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Local workers [cores].")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE", help="Override a parameter.")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="YAML/TOML file.")
@click.option(
    "--target",
    type=click.Choice(["standalone", "runtime", "numpy"]),
    default="standalone",
    show_default=True,
    help="Brian2 code target of each subject.",
)
@_OVERWRITE
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def cohort_command(
    ctx: click.Context,
    subjects: int,
    group_specs: tuple[str, ...],
    varies: tuple[str, ...],
    control: str | None,
    experiment: str,
    first_seed: int,
    out: Path,
    scheduler: str | None,
    workers: int | None,
    sets: tuple[str, ...],
    config: str | None,
    target: str,
    overwrite: bool,
    quiet: bool,
) -> None:
    """A simulated cohort: SUBJECTS runs of EXPERIMENT per group on Dask (resumable), reported as
    clinical studies report groups: means, SDs, Cohen's d_z within groups, Hedges' g and
    Welch's p against the control group (groups.csv, subjects.csv, cohort.json, cohort.png).

    A subject is a seed plus its own draws of the varied parameters (log-normal, mean 1).
    """
    from mirrorsim.analysis.cohort import COHORT_KIND, write_cohort
    from mirrorsim.output_guard import check_folder
    from mirrorsim.subjects import BETWEEN_SUBJECT_CV
    from mirrorsim.sweep import close_client, connect, sweep_kind
    from mirrorsim.sweep.cohort import GROUPS, check_groups, cohort_points, parse_group

    with _checking_input(ctx):
        base = resolve_params(config, sets)
        groups = check_groups([parse_group(g, base) for g in (group_specs or tuple(GROUPS))])
        variability = _parse_varies(varies, BETWEEN_SUBJECT_CV)
        if control is not None and control not in groups:
            raise ConfigError(
                f"--control {control!r} is not one of the groups ({', '.join(groups)})"
            )
        cohort_points(groups, subjects, variability, first_seed, base)  # validates every value
        _check_out_dir(out)
        check_folder(out, sweep_kind(COHORT_KIND), replace=False, overwrite=overwrite)
        client = connect(scheduler) if scheduler else None
    kept = f"finished subjects are kept in {out}/points, re-run to resume"
    with _working(ctx, "cohort failed", kept):
        from mirrorsim.sweep.cohort import run_cohort

        try:
            run_cohort(
                groups,
                subjects,
                variability,
                out,
                first_seed,
                base,
                client=client,
                n_workers=workers,
                target=target,
                progress=not quiet,
                overwrite=overwrite,
                experiment=experiment,
            )
        finally:
            if client is not None:
                close_client(client)
        if control is not None:
            import json

            write_cohort(out, json.loads((out / "cohort.json").read_text())["spec"], control)
    _print_cohort(out)


def _parse_varies(varies: tuple[str, ...], default: dict[str, float]) -> dict[str, float]:
    """``("inhibition=0.1", ...)`` -> {name: cv}; ``("none",)`` -> {}; nothing -> ``default``."""
    import math

    if not varies:
        return dict(default)
    if varies == ("none",):
        return {}
    out = {}
    for item in varies:
        name, eq, value = item.partition("=")
        try:
            cv = float(value)
        except ValueError:
            cv = math.nan
        if not eq or not name.strip() or not math.isfinite(cv) or cv < 0:
            raise ConfigError(f"--vary {item!r}: expected NAME=CV with a finite CV >= 0")
        out[name.strip()] = cv
    return out


def _print_cohort(out: Path) -> None:
    from mirrorsim.analysis.cohort import read_cohort

    summary = read_cohort(out)
    click.echo(f"cohort written to {out} (groups.csv, subjects.csv, cohort.json, cohort.png)")
    shown = (
        "mu_suppression_observe",
        "mu_suppression_execute",
        "mep_facilitation",
        "paradigms.facilitation",
        "paradigms.sici.static",
        "paradigms.sici.observe",
    )
    for group, n in summary["n_subjects_finished"].items():
        parts = []
        for t in summary["table"]:
            if t["group"] == group and t["measure"] in shown:
                mean, sd, d = t["mean"], t["sd"], t["d_z"]
                parts.append(f"{t['measure']} {_fmt(mean)} +- {_fmt(sd)} (d_z {_fmt(d)})")
        click.echo(f"  {group} (n={n}): " + "; ".join(parts))


def _fmt(value: Any) -> str:
    return "nan" if value is None else f"{value:.2f}"


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
@_OVERWRITE
@click.pass_context
def bench_command(
    ctx: click.Context, quick: bool, out: Path | None, workers: int | None, overwrite: bool
) -> None:
    """Measure the sweep engine, throughput and cost against size; print a table.

    --out is replaced only if it is an earlier bench record (or with --overwrite).
    """
    from mirrorsim.bench import BENCH_KIND, DEFAULT_OUT, format_table, run_bench
    from mirrorsim.output_guard import check_file

    if out is None:
        out = DEFAULT_OUT.with_name("bench-quick.json") if quick else DEFAULT_OUT
    with _checking_input(ctx):
        check_file(out, BENCH_KIND, overwrite=overwrite)
    with _working(ctx, "bench failed", "nothing was written"):
        record = run_bench(
            quick=quick,
            out=out,
            workers=workers,
            log=lambda m: click.echo(m, err=True),
            overwrite=overwrite,
        )
    click.echo(format_table(record))
    click.echo(f"written: {out}")


if __name__ == "__main__":
    main()
