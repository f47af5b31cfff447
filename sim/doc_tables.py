"""The parameter tables of docs/model.md, generated from the declarations in the code.

    python -m sim.doc_tables     # print them, to paste into docs/model.md

A test checks that every table stands in the doc verbatim, so code and doc agree.
"""

from sim.params import MODEL_PARAMS, markdown_table
from sim.policies import REGISTRY


def tables() -> dict[str, str]:
    out = {"model": markdown_table(MODEL_PARAMS)}
    for name, cls in REGISTRY.items():
        lifecycle = ("| `start` | scenario start | school year | start_year to end_year - 1 | scenario | first school year the policy acts |\n"
                     "| `end` | end_year - 1 | school year | start to end_year - 1 | scenario | last school year the policy acts |\n")
        table = markdown_table(cls.PARAMS)
        head, rule, *rows = table.split("\n")
        out[name] = "\n".join([head, rule]) + "\n" + lifecycle + "\n".join(rows)
    return out


if __name__ == "__main__":
    for name, table in tables().items():
        print(f"<!-- table: {name} -->\n{table}\n")
