"""docs/model.md and the code agree: every parameter table stands in the doc verbatim."""

from pathlib import Path

import pytest

from sim.app.doc_tables import FORMS, form_tables, tables

DOC = (Path(__file__).resolve().parents[1] / "docs" / "model.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, table", tables().items())
def test_parameter_table_is_in_the_doc(name, table):
    assert table in DOC, f"docs/model.md is out of date for {name}: run python -m sim.app.doc_tables"


def test_every_policy_has_a_section():
    from sim.policies import REGISTRY

    for name, cls in REGISTRY.items():
        assert f"Parameters of `{name}`" in DOC
        assert f"`{cls.__module__.replace('.', '/')}.py`" in DOC, f"no section describes {name}'s rules"


@pytest.mark.parametrize("name, table", form_tables().items())
def test_county_table_page_lists_what_the_reader_understands(name, table):
    assert table in FORMS.read_text(encoding="utf-8"), \
        f"docs/county-tables.md is out of date for {name}: run python -m sim.app.doc_tables"
