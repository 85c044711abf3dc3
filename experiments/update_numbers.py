"""Regenerate every number and table that the README, the docs and the notebooks quote.

Question
    Do the results stated in the text agree with the committed result files?

Run
    uv run python experiments/update_numbers.py [--check]
    Rewrites each region marked ``<!-- numbers: NAME -->`` ... ``<!-- /numbers -->`` in the files
    of ``mirrorsim.docs_numbers.FILES`` from ``results/sweeps/coupling``,
    ``results/sweeps/regime-map``, ``results/regression/checks.csv`` and the packaged reference
    ``src/mirrorsim/references/default_model.json``. With ``--check`` it changes nothing and
    exits 1 when a region is stale (``tests/test_numbers.py`` does the same).
"""

import argparse
import sys

from mirrorsim.docs_numbers import COMMAND, stale_regions, update


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args()
    if args.check:
        stale = stale_regions()
        for region in stale:
            print(f"{region.path}:{region.line}: region {region.name!r} is stale")
        if stale:
            print(f"run `{COMMAND}` to regenerate")
        return 1 if stale else 0
    changed = update()
    print("updated: " + ", ".join(changed) if changed else "every region is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
