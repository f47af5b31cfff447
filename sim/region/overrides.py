"""Policies per county: one scenario for every county, changed county by county by an override file.

The override file is TOML, one table per county::

    ["紫阳县"]
    scenario = "ziyang"                        # another scenario for this county (its policies)
    without = ["live_classes"]                 # as --without
    set = { "teacher_exchange.rate" = 0.2 }    # as --set

Unknown keys and counties are errors naming them, with the close ones suggested.
"""

import copy
import difflib
import hashlib

from sim.data.errors import InputError
from sim.data.scenario import (
    apply_override,
    check_shape,
    drop_policies,
    parse_scenario,
    read_toml,
    scenario_path,
)
from sim.dynamics.params import check_keys

OVERRIDE_KEYS = ("scenario", "without", "set")
STATUS_QUO = {"name": "status-quo", "description": "today's rules and budgets, no new policy"}


def scenario_raw(name_or_path: str | None) -> tuple[dict, str, str]:
    """(raw table, source, sha256) of a ready scenario or TOML file; the status quo for None."""
    if name_or_path is None:
        return dict(STATUS_QUO), "status quo", ""
    path = scenario_path(name_or_path)
    raw, data = read_toml(path, "toml.scenario")
    check_shape(raw, str(path))
    return raw, str(path), hashlib.sha256(data).hexdigest()


def read_overrides(path, counties: list[str]) -> dict[str, dict]:
    raw, _ = read_toml(path, "toml.override")
    for county, table in raw.items():
        where = f"{path}: [{county}]"
        if county not in counties:
            close = difflib.get_close_matches(county, counties, n=3, cutoff=0.6)
            raise InputError.worded("ov_unknown_county", where=where, close=", ".join(close) or "-")
        if not isinstance(table, dict):
            raise InputError.worded("ov_not_table", where=where, value=repr(table)[:80])
        check_keys(table, OVERRIDE_KEYS, where)
        if "scenario" in table and not isinstance(table["scenario"], str):
            raise InputError.worded("ov_scenario", where=where, value=repr(table["scenario"])[:80])
        if not isinstance(table.get("without", []), list) or not all(isinstance(w, str) for w in table.get("without", [])):
            raise InputError.worded("ov_without", where=where, value=repr(table["without"])[:80])
        if not isinstance(table.get("set", {}), dict):
            raise InputError.worded("ov_set", where=where, value=repr(table["set"])[:80])
    return raw


def base_scenario(region, scenario: str | None, end_year: int | None = None, without=(), overrides=()):
    """The region's scenario before any county's own overrides (on its first county's table): the
    name, seed and span of the run."""
    first = type(region)(region.path, region.counties[:1])
    return county_scenarios(first, scenario, end_year, without, overrides)[region.counties[0].county]


def county_scenarios(region, scenario: str | None, end_year: int | None = None, without=(), overrides=(),
                     override_file=None) -> dict:
    """``{county: Scenario}``: the scenario (or the status quo) on each county's own table, with the
    common ``--without`` / ``--set`` and then the county's own from ``override_file``; every county
    over the same years."""
    base = scenario_raw(scenario)
    own = read_overrides(override_file, region.names) if override_file else {}
    span = None
    out = {}
    for county in region.counties:
        county.check_simulable()  # here, not in a worker halfway through
        mine = own.get(county.county, {})
        raw, source, sha = scenario_raw(mine["scenario"]) if "scenario" in mine else base
        raw = copy.deepcopy(raw)
        raw.pop("schools", None)  # the region's table is the county's schools
        if end_year is not None:
            raw["end_year"] = end_year
        raw["policies"] = drop_policies(raw.get("policies", []), [*without, *mine.get("without", [])], source)
        for text in overrides:
            apply_override(raw, text)
        for key, value in mine.get("set", {}).items():
            try:
                apply_override(raw, f"{key}={_toml(value)}")
            except InputError as e:
                raise e.at(f"{override_file}: [{county.county}] set") from None
        this = out[county.county] = parse_scenario(raw, f"{source} ({county.county})", sha, table=county)
        if county.county not in own:
            span = span or (this.start_year, this.end_year)  # every county without overrides has the base's
    span = span or next((sc.start_year, sc.end_year) for sc in out.values())
    for name in own:
        this = out[name]
        if span and (this.start_year, this.end_year) != span:
            raise InputError.worded("ov_span", where=f"{override_file}: [{name}]", start=this.start_year,
                                    end=this.end_year, first=span[0], last=span[1])
    return out


def _toml(value) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, (int, float, str)):  # a date, a time, a list, a table: no parameter takes one
        raise InputError.worded("override_value", kind=type(value).__name__, value=repr(str(value)[:40]))
    return json.dumps(value, ensure_ascii=False)
