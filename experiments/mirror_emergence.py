"""Mirror neurons emerge by Hebbian learning during self-observation.

Question
    Can F5 neurons that fire when the network executes an action come to fire when it merely
    sees that action, by associative learning alone (Keysers & Perrett 2004; Heyes 2010)?

Paper
    Gallese, Fadiga, Fogassi & Rizzolatti (1996) Action recognition in the premotor cortex.
    Brain 119:593-609 -- about 17 % of recorded F5 neurons were mirror neurons, most of them
    congruent (strictly: ~1/3, broadly: ~2/3).

Expected
    Before learning almost no F5 neuron responds to observation (mirror fraction < 2 %). After a
    development block of self-executions with re-afference, 10-30 % of F5 excitatory neurons are
    mirror neurons, mostly congruent, and observation drives F5 less than execution does
    (mirror index 0.3-0.9; Fox et al. 2016). With plasticity off, none emerge.

Run
    uv run python experiments/mirror_emergence.py [--seed N]
    (the same as `uv run mirrorsim run mirror-emergence`)
"""

import argparse
import json

from mirrorsim.params import make_params
from mirrorsim.runners import run_mirror_emergence


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    out = run_mirror_emergence(make_params(), seed=args.seed, out_dir=args.out)
    m = json.loads((out / "metrics.json").read_text())
    print(
        f"mirror fraction: {m['f5_mirror_fraction_pre']:.3f} before, "
        f"{m['f5_mirror_fraction_post']:.3f} after learning"
    )
    print(f"mirror index after learning: {m['mirror_index_post']:.2f}")


if __name__ == "__main__":
    main()
