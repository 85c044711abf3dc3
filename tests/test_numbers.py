"""The numbers the README, the docs and the notebooks quote agree with the committed results.

Each marked region (``<!-- numbers: NAME -->`` ... ``<!-- /numbers -->``) is regenerated in
memory from the committed result files (:mod:`mirrorsim.docs_numbers`) and compared with the text.
On the pages that state results (``CHECKED_PAGES``) every other number must be of a kind that is
no result (a citation's year, a version, a parameter's value, a listed literature value); the
development history (``NOT_CHECKED``) is left out, with its reason.
"""

import difflib
import re
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
    """The 0.3.0/unsourced values that the text used to quote are gone from the hand-written
    text (a generated region is sourced: a result of today's files may coincide with one)."""
    generated = re.compile(r"<!-- numbers: [a-z0-9-]+ -->.*?<!-- /numbers -->", re.DOTALL)
    for rel in FILES:
        text = generated.sub("", (ROOT / rel).read_text())
        for old in ("−1.02 ± 0.15", "0.39 ± 0.04", "0.43 ± 0.04", "0.35 ± 0.03", "0.007 before"):
            assert old not in text, f"{rel} still quotes {old}"
    assert not (ROOT / "results/summaries/default_model_seeds_101-110.csv").exists()


# --------------------------------------------------------------------------- unmarked numbers

#: pages whose prose states results: a number there must sit in a generated region (above) or
#: be of a kind that is not a result (``_NOT_A_RESULT``, ``NOT_RESULTS``)
CHECKED_PAGES = ("docs/claims.md",)

#: the pages left out on purpose, and why
NOT_CHECKED = {
    "docs/history.md": "development history: numbers of earlier versions (0.2-0.5.0) and of "
    "single diagnostic runs, whose result files are not in the repository",
}

#: numbers in the checked pages that are not results of this model, each with its reason
NOT_RESULTS = {
    "Gallese et al. 1996: ~32 % strictly and ~61 % broadly": "macaque recordings (literature)",
    "Kraskov et al. 2009: 17 of 64 pyramidal-tract neurons": "macaque recordings (literature)",
    "the 1–10 Hz range the background was tuned for": "a tuning target (parameter sources)",
}

_NOT_A_RESULT = (
    (r"<!-- numbers: [a-z0-9-]+ -->.*?<!-- /numbers -->", "a generated region"),
    (r"`[^`]+`(?: = \d[\d.]*)?(?: \d[\d.]*)?", "code, or a parameter and its value"),
    (r"\]\([^)]*\)", "a link target"),
    (r"(?:al\.|[A-Z][a-z]+) \(?(?:19|20)\d\d[a-z]?\)?", "the year of a citation"),
    (r"\b\d+\.\d+\.\d+\b", "a mirrorsim version"),
    (r"§\d+(?:\.\d+)*", "a section of the model page"),
    (r"\b[Ii]ssue \d+\b", "an issue number"),
    (r"\b(?:F5|M1|MNS2)\b", "an area's or a model's name"),
    (r"\b(?:C3|C4|Cz|FC5|CP5)\b", "an EEG electrode's name (the 10-10 system)"),
)


def unmarked_numbers(text: str) -> list[str]:
    """The numbers in ``text`` that are neither generated nor of a kind that is no result."""
    text = re.sub(r"\s+", " ", text)
    for pattern, _ in _NOT_A_RESULT[:1]:
        text = re.sub(pattern, " ", text, flags=re.DOTALL)
    for phrase in NOT_RESULTS:
        text = text.replace(phrase, " ")
    for pattern, _ in _NOT_A_RESULT[1:]:
        text = re.sub(pattern, " ", text)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in re.finditer(r"\d[\d.]*", text)]


@pytest.mark.parametrize("page", CHECKED_PAGES)
def test_every_number_on_a_results_page_is_generated(page):
    found = unmarked_numbers((ROOT / page).read_text())
    assert not found, (
        f"{page} states numbers outside a generated region (<!-- numbers: NAME -->): "
        + " | ".join(f"...{s}..." for s in found)
        + f"\ngenerate them from a committed result file (mirrorsim.docs_numbers, `{COMMAND}`), "
        "or, if they are not results of the model, add them to NOT_RESULTS with a reason"
    )


def test_an_unmarked_number_is_caught():
    text = (ROOT / "docs/claims.md").read_text()
    assert not unmarked_numbers(text)
    tampered = text.replace("are associations observed", "are 3 associations observed")
    assert tampered != text
    assert len(unmarked_numbers(tampered)) == 1
    found = unmarked_numbers("F5 rests at 9.8 Hz (Smith et al. 2001; `w_ee` = 0.3; in 0.5.0)")
    assert len(found) == 1 and "9.8 Hz" in found[0]


def test_the_pages_left_out_say_why():
    for page, reason in NOT_CHECKED.items():
        assert reason
        assert page not in CHECKED_PAGES and page not in FILES
        text = (ROOT / page).read_text()
        assert "<!-- numbers:" not in text, f"{page} is not checked; generate nothing there"
        head = text[:1500]
        assert "not checked against committed results" in head, f"{page} must say so at the top"
    docs = {f"docs/{p.relative_to(ROOT / 'docs')}" for p in (ROOT / "docs").rglob("*.md")}
    assert set(NOT_CHECKED) <= docs
