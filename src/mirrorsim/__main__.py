"""``python -m mirrorsim``: the same command line as ``mirrorsim``."""

from mirrorsim.cli import main

if __name__ == "__main__":
    main(prog_name="mirrorsim")
