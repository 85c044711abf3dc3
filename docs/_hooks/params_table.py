"""MkDocs hook: render the parameter table into the Parameters API page at build time.

The table comes from :meth:`mirrorsim.params.Params.describe` on the defaults, so it cannot drift
from the code. The page holds the marker ``<!-- params-table -->`` where the table goes; a page
that names the marker's file but lost the marker fails the build.
"""

from __future__ import annotations

MARKER = "<!-- params-table -->"
PAGE = "api/params.md"
COLUMNS = ("name", "default", "unit", "allowed", "description", "source")


def _cell(text: str) -> str:
    """Table-safe text: no pipes, no raw HTML, no stray emphasis."""
    for raw, safe in (("|", "\\|"), ("<", "&lt;"), ("*", "\\*"), ("\n", " ")):
        text = text.replace(raw, safe)
    return text.strip()


def params_table() -> str:
    """The Markdown table of every parameter: name, default, unit, allowed range, source."""
    from mirrorsim.params import Params

    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in Params().describe():
        cells = [
            f"`{row['name']}`",
            _cell(row["number"]),
            _cell(row["unit"]),
            _cell(row["bounds"]),
            _cell(row["description"]),
            _cell(row["source"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_path.replace("\\", "/") != PAGE:
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"{PAGE} has lost the marker {MARKER!r} where the parameter table goes")
    return markdown.replace(MARKER, params_table())
