"""The Model page (docs/model.md) is what the code cites, and it agrees with the code.

- No file users get points to the old private design brief; every ``model §N`` citation names a
  section that exists.
- Every ``name`` = value on the page is the parameter's default, and its connectivity table
  lists exactly the circuit's projections.
- Every paper the code cites (first author and year) is in the page's references.
- The parameter table of the API page is generated from ``Params.describe``.
- The committed circuit diagram was drawn from the circuit as it is built today.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

from mirrorsim.params import Params, parameter_names
from mirrorsim.quantities import parse_quantity

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "docs" / "model.md"
IMAGES = ROOT / "docs" / "images"
USER_FILES = ("src", "docs", "experiments", "notebooks", "README.md")
TEXT = {".py", ".md", ".yml", ".yaml", ".json", ".txt", ".toml", ".ipynb", ".js"}
CITATION = re.compile(r"model\s+§(\d+(?:\.\d+)?)")
SECTION = re.compile(r"^#{2,3} §(\d+(?:\.\d+)?) ", re.MULTILINE)
DEFAULT = re.compile(
    r"`([a-z][a-z0-9_]*)` = (-?[0-9.]+(?:e-?[0-9]+)?)(?: (pF|nS|mV|ms|Hz|pA|cm²|s)(?![\w]))?"
)
REGENERATE = "regenerate with `uv run python -m mirrorsim.diagram docs/images`"


def _user_files() -> list[Path]:
    files = []
    for name in USER_FILES:
        path = ROOT / name
        found = [path] if path.is_file() else path.rglob("*")
        files += [f for f in found if f.is_file() and f.suffix in TEXT]
    return files


def _model() -> str:
    return MODEL.read_text()


def test_nothing_points_to_the_private_design_brief() -> None:
    hits = [str(f.relative_to(ROOT)) for f in _user_files() if "science.md" in f.read_text()]
    assert not hits, f"users do not have science.md; cite the Model page instead: {hits}"


def test_every_model_citation_names_a_section() -> None:
    sections = set(SECTION.findall(_model()))
    assert {"1", "2", "3", "3.4", "4", "5", "6", "7"} <= sections
    cited = {}
    for f in _user_files():
        for number in CITATION.findall(f.read_text()):
            cited.setdefault(number, str(f.relative_to(ROOT)))
    assert cited, "the code cites the Model page somewhere"
    missing = {n: f for n, f in cited.items() if n not in sections}
    assert not missing, f"cited sections not on docs/model.md: {missing}"


def test_numbers_on_the_model_page_are_the_defaults() -> None:
    p, names = Params(), set(parameter_names())
    found = DEFAULT.findall(_model())
    assert len(found) > 50
    for name, number, unit in found:
        assert name in names, f"`{name}` on the Model page is not a parameter"
        value = getattr(p, name)
        text = f"{number} {unit.replace('²', '2')}"
        expected = float(value) if not unit else float(parse_quantity(text))
        got = float(number) if not unit else float(value)
        assert got == pytest.approx(expected, rel=1e-9), f"`{name}` = {number} {unit}"


def test_connectivity_table_lists_the_circuit_projections() -> None:
    structure = json.loads((IMAGES / "circuit.json").read_text())
    section = _model().split("### §3.4", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    listed = set()
    for row in rows:
        listed |= set(re.findall(r"`([a-z0-9_]+)`", row.split("|")[1]))
    assert listed == {pr["name"] for pr in structure["projections"]}


def test_every_cited_paper_is_in_the_references() -> None:
    references = _model().split("## §7 References", 1)[1]
    entries = [e for e in references.split("\n- ") if e.strip()]
    pattern = re.compile(
        r"\b([A-Z][a-zé]+)(?: et al\.|,? (?:&|and) [A-Z][a-z]+|, [A-Z][a-z]+,? & [A-Z][a-z]+)?"
        r",? \(?((?:19|20)\d\d)\b"
    )
    missing = set()
    for f in (ROOT / "src").rglob("*.py"):
        for author, year in pattern.findall(f.read_text()):
            author = author.replace("Theoret", "Théoret")
            if not any(author in e and f"({year})" in e for e in entries):
                missing.add(f"{author} {year}")
    assert not missing, f"cited in src but not in the Model page's references: {sorted(missing)}"


def _hook():
    spec = importlib.util.spec_from_file_location(
        "params_table", ROOT / "docs" / "_hooks" / "params_table.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parameter_table_is_generated_from_describe() -> None:
    hook = _hook()
    assert hook.MARKER in (ROOT / "docs" / "api" / "params.md").read_text()
    table = hook.params_table().splitlines()
    rows = Params().describe()
    assert len(table) == 2 + len(rows)
    for line, row in zip(table[2:], rows, strict=True):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert cells[0] == f"`{row['name']}`"
        assert cells[1:4] == [row["number"], row["unit"], row["bounds"]]


def test_describe_gives_bounds_from_the_field_constraints() -> None:
    rows = {r["name"]: r for r in Params().describe()}
    assert rows["n_actions"]["bounds"] == "[1, 20]"
    assert rows["stf_u"]["bounds"] == "(0, 1]"
    assert rows["c_m"]["bounds"] == "> 0" and rows["c_m"]["unit"] == "pF"
    assert rows["w_ee"]["bounds"] == "≥ 0" and rows["w_ee"]["number"] == "0.3"
    assert rows["plasticity"]["bounds"] == "triplet, pair, off"
    assert rows["e_leak"]["bounds"] == ""


def test_circuit_diagram_matches_the_circuit() -> None:
    from mirrorsim.diagram import circuit_structure, structure_json

    committed = (IMAGES / "circuit.json").read_text()
    assert structure_json(circuit_structure()) == committed, REGENERATE
    digest = hashlib.sha256(committed.encode()).hexdigest()
    for figure in ("circuit.svg", "circuit.png"):
        data = (IMAGES / figure).read_bytes()
        assert digest.encode() in data, f"{figure} was drawn from another structure; {REGENERATE}"
