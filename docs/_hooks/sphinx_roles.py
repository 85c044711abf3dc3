"""MkDocs hook: turn the Sphinx roles of mirrorsim's docstrings into cross-references.

The docstrings use numpydoc with Sphinx roles (``:func:`make_params```), which mkdocstrings
renders literally as ``:func:<code>make_params</code>``. This hook rewrites each one into an
optional mkdocs-autorefs reference: a link where the target is documented on this site, plain
code otherwise (an optional reference that does not resolve is no warning). A name without a
module is looked up in the module of the API page it is on; ``~`` shows only the last part.
"""

import re

ROLE = re.compile(
    r":(?:py:)?(?:func|class|mod|meth|attr|data|obj|exc|const):<code>(?P<tilde>~?)(?P<name>[^<]+)</code>"
)


def _page_module(src_path: str) -> str | None:
    """``api/params.md`` -> ``mirrorsim.params`` (``api/measures.md`` -> ``mirrorsim.measures``)."""
    parts = src_path.replace("\\", "/").split("/")
    if len(parts) == 2 and parts[0] == "api" and parts[1] != "index.md":
        return "mirrorsim." + parts[1].removesuffix(".md")
    return None


def on_page_content(html, page, **kwargs):
    module = _page_module(page.file.src_path)

    def link(match: re.Match) -> str:
        name = match["name"].strip()
        title = name.rsplit(".", 1)[-1] if match["tilde"] else name
        full = name
        if not name.startswith(("mirrorsim.", "brian2.", "numpy.", "scipy.")) and module:
            full = f"{module}.{name}"
        return f'<autoref optional identifier="{full}"><code>{title}</code></autoref>'

    return ROLE.sub(link, html)
