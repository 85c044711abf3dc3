"""The numbers the README, the docs and the notebooks quote agree with the committed results.

Each marked region (``<!-- numbers: NAME -->`` ... ``<!-- /numbers -->``) is regenerated in
memory from the committed result files (:mod:`mirrorsim.docs_numbers`) and compared with the text.
"""

import difflib
from pathlib import Path

import pytest

from mirrorsim import docs_numbers
from mirrorsim.docs_numbers import COMMAND, FILES, REGIONS, Results, regenerate, stale_regions

ROOT = Path(__file__).resolve().parents[1]


def test_every_region_agrees_with_the_committed_results():
    stale = stale_regions(ROOT)
    report = []
    for r in stale:
        diff = difflib.unified_diff(
            r.current.splitlines(), r.expected.splitlines(), "text", "files", lineterm="", n=0
        )
        report.append(f"{r.path}:{r.line}: region {r.name!r} differs:\n" + "\n".join(diff))
    assert not stale, "\n\n".join(report) + f"\n\nregenerate them with `{COMMAND}`"


def test_the_files_hold_the_regions_they_should():
    found = docs_numbers.regions_by_file(ROOT)
    must = {
        "README.md": {"default-model", "coupling-table", "coupling-trends", "regime-map-table",
                      "regime-map-text", "regime-map-inhibition"},
        "docs/concepts.md": {"default-model"},
        "notebooks/02_learning_mirror_neurons.py": {"nb02-mirror-fraction", "nb02-mirror-index",
                                                    "nb02-after-learning"},
        "notebooks/03_the_regimes.py": {"nb03-mu"},
    }  # fmt: skip
    for path, names in must.items():
        assert names <= set(found[path]), f"{path} lacks {names - set(found[path])}"
    used = {name for names in found.values() for name in names}
    assert used == set(REGIONS), f"regions defined but used nowhere: {set(REGIONS) - used}"


def test_a_changed_number_is_caught():
    text = (ROOT / "README.md").read_text()
    row = "| 1 | typical (5/5) | "
    tampered = text.replace(row + "0.42 ± 0.03", row + "0.43 ± 0.03")
    assert tampered != text
    _, regions = regenerate(tampered, "README.md", Results(ROOT))
    stale = [r.name for r in regions if r.current != r.expected]
    assert stale == ["coupling-table"]


def test_an_unknown_region_is_named():
    with pytest.raises(KeyError, match="no-such-region"):
        regenerate("<!-- numbers: no-such-region -->\n<!-- /numbers -->", "x", Results(ROOT))


def test_no_stale_default_model_numbers_remain():
    """The 0.3.0/unsourced values that the text used to quote are gone."""
    for rel in FILES:
        text = (ROOT / rel).read_text()
        for old in ("−1.02 ± 0.15", "0.39 ± 0.04", "0.43 ± 0.04", "0.35 ± 0.03", "0.007 before"):
            assert old not in text, f"{rel} still quotes {old}"
    assert not (ROOT / "results/summaries/default_model_seeds_101-110.csv").exists()
