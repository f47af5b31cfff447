"""The tables of docs/model.md and docs/county-tables.md, generated from the declarations in the code.

    python -m sim.app.doc_tables     # rewrite the tables between their markers in both docs

A test checks that every table stands in the doc verbatim, so code and doc agree.
"""

import re
from pathlib import Path

from sim.assessment.declared import DECLARATIONS
from sim.dynamics.params import MODEL_PARAMS, markdown_table
from sim.planning.costs import PLAN_PARAMS
from sim.policies import REGISTRY

DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"
FORMS = DOC.parent / "county-tables.md"


def outcomes_table() -> str:
    """Each policy's documented directions (``OUTCOMES``), policies moving the same columns together."""
    rows: dict[tuple, list[str]] = {}
    for name, cls in REGISTRY.items():
        lowers = ", ".join(c for c, sign in cls.OUTCOMES if sign < 0)
        raises = ", ".join(c for c, sign in cls.OUTCOMES if sign > 0)
        rows.setdefault((lowers, raises), []).append(name)
    lines = ["| policy | lowers | raises |", "|---|---|---|"]
    lines += [f"| {', '.join(names)} | {lowers} | {raises} |" for (lowers, raises), names in rows.items()]
    return "\n".join(lines)


def form_tables() -> dict[str, str]:
    """docs/county-tables.md: the headers, values and units a county's table may use."""
    from sim.data.aliases import HEADER_ALIASES, PLAUSIBLE_NOTE, UNITS, VALUE_ALIASES
    from sim.data.schooltable import PLAUSIBLE

    headers = ["| column | headers understood (any of; spaces, brackets and full-width forms ignored) |", "|---|---|"]
    headers += [f"| `{key}` | {', '.join(words)} |" for key, words in HEADER_ALIASES.items()]
    values = ["| column | value | also written |", "|---|---|---|"]
    values += [f"| `{field}` | `{key}` | {', '.join(words)} |" for field, table in VALUE_ALIASES.items()
               for key, words in table.items()]
    units = ["| unit in the header | quantity | times |", "|---|---|---|"]
    units += [f"| {u} | {dim} | {factor:g} |" for u, (dim, factor) in UNITS.items()]
    plausible = [f"| column | plausible county median ({PLAUSIBLE_NOTE}) |", "|---|---|"]
    plausible += [f"| `{k}` | {lo:g} to {hi:,g} |" for k, (lo, hi) in PLAUSIBLE.items()]
    return {"headers": "\n".join(headers), "values": "\n".join(values), "units": "\n".join(units),
            "plausible": "\n".join(plausible)}


def tables() -> dict[str, str]:
    out = {"model": markdown_table(MODEL_PARAMS), "outcomes": outcomes_table(), "declared": markdown_table(DECLARATIONS),
           "plan": markdown_table(PLAN_PARAMS)}
    for name, cls in REGISTRY.items():
        lifecycle = ("| `start` | scenario start | school year | start_year to end_year - 1 | scenario | first school year the policy acts |\n"
                     "| `end` | end_year - 1 | school year | start to end_year - 1 | scenario | last school year the policy acts |\n")
        table = markdown_table(cls.PARAMS)
        head, rule, *rows = table.split("\n")
        out[name] = "\n".join([head, rule]) + "\n" + lifecycle + "\n".join(rows)
    return out


def rewrite(doc: Path = DOC):
    """Replace each ``<!-- table: NAME -->`` ... ``<!-- end table -->`` block with the current table;
    a table with no block yet is appended at the end, under a heading, for you to move."""
    for name, table in tables().items():
        rewrite_block(name, table, doc)
    for name, table in form_tables().items():
        rewrite_block(name, table, FORMS)


def rewrite_block(name: str, table: str, doc: Path = DOC):
    """Put ``table`` between the ``<!-- table: NAME -->`` markers of ``doc`` (appended if absent)."""
    text = doc.read_text(encoding="utf-8")
    block = f"<!-- table: {name} -->\n{table}\n<!-- end table -->"
    pattern = re.compile(rf"<!-- table: {re.escape(name)} -->\n.*?<!-- end table -->", re.S)
    text, n = pattern.subn(lambda _: block, text)
    if not n:
        text += f"\n### Parameters of `{name}`\n\n{block}\n"
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    rewrite()
    print(f"rewrote the parameter tables in {DOC} and {FORMS}")
