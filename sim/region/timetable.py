"""A prefecture's or province's timetable (county, target year) and how the projection meets it.

The file is a CSV (UTF-8 or GBK) or .xlsx with a county column and a target-year column, English
or Chinese headers (县（市、区）, 计划通过年份, ...); every problem is one line naming file, row and field.
"""

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from sim.assessment.observe import CONVENTIONS
from sim.data import aliases
from sim.data.errors import InputError
from sim.data.forms import asked_lang, name_lang, read_sheets
from sim.wording import say, separator

TARGET_HEADERS = {
    "county": aliases.HEADER_ALIASES["county"] + ("county", "区县", "县（市、区）名称"),
    "target_year": ("target_year", "目标年份", "计划年份", "计划通过年份", "申报年份", "计划创建年份", "创建年份",
                    "计划申报年份", "target"),
}
FIRST_YEAR, LAST_YEAR = 2000, 2100


def read_targets(path: str | Path, counties: list[str]) -> dict[str, int]:
    """``{county: target year}``; every county named must be in the region (close names suggested).
    Problems are worded in the file's language (its headers'), naming the header as written."""
    path = Path(path)
    known = {aliases.normalise(h): key for key, words in TARGET_HEADERS.items() for h in words}
    for sheet in read_sheets(path):
        for head, row in enumerate(sheet.rows[:15]):
            cols = {}
            for j, cell in enumerate(row):
                key = known.get(aliases.normalise(aliases.split_unit(str(cell or ""))[0]))
                if key and key not in cols:
                    cols[key] = j
            if len(cols) == 2:
                headers = {key: str(row[j]).strip() for key, j in cols.items()}
                lang = asked_lang() or ("zh" if any(aliases.has_chinese(h) for h in headers.values()) else "en")
                return _targets(sheet, head, cols, headers, counties, lang)
    raise InputError(say("tg_no_header", name_lang(path), path=path), name_lang(path))


def _targets(sheet, head: int, cols: dict, headers: dict, counties: list[str], lang: str) -> dict[str, int]:
    out = {}

    def error(key, field, **fields):
        return InputError(say(key, lang, cell=say("cell", lang, where=where, field=headers[field]), **fields), lang)

    for i in range(head + 1, len(sheet.rows)):
        row = list(sheet.rows[i]) + [None] * 2
        county = str(row[cols["county"]] or "").strip()
        year_cell = row[cols["target_year"]]
        if not county and year_cell in (None, ""):
            continue
        where = f"{sheet.place(i)}"
        if county not in counties:
            close = difflib.get_close_matches(county, counties, n=3, cutoff=0.6)
            raise error("tg_unknown_county", "county", county=county,
                        close=say("tg_close", lang, names=separator(lang).join(close)) if close else "")
        if year_cell in (None, ""):
            raise error("tg_empty", "target_year")
        try:
            year = float(str(year_cell).strip().removesuffix("年"))
        except ValueError:
            raise error("tg_not_year", "target_year", value=year_cell) from None
        if not FIRST_YEAR <= year <= LAST_YEAR or year != int(year):  # the range first: it refuses nan and inf
            raise error("tg_year_range", "target_year", first=FIRST_YEAR, last=LAST_YEAR, value=year_cell)
        if county in out:
            raise error("tg_twice", "county", county=county, year=out[county])
        out[county] = int(year)
    if not out:
        raise InputError(say("tg_none", lang, where=sheet.place(head)), lang)
    return out


def assessed_year(targets: dict[str, int], county: str, start: int, end: int) -> int:
    """The year a county's pass is judged: its target, within the projection (else its end year)."""
    return int(np.clip(targets.get(county, end), start, end))


def county_summary(runs: pd.DataFrame, years: pd.DataFrame, first: pd.Series, region, targets: dict[str, int],
                   level: float, column: str) -> pd.DataFrame:
    """One row per county: size, first year P(pass) >= level, the binding CV, the cost, and its target
    (P(pass) is ``column`` of ``years``: the whole assessment, a part, or the CV test; ``_host`` and
    ``_home`` columns: exchange teachers counted there, ``p_pass_target_*`` in the year judged)."""
    start, end = int(runs["year"].min()), int(runs["year"].max())
    final = runs[runs["year"] == end].groupby("county", sort=False)
    spend = runs.groupby(["county", "replicate"], sort=False)["policy_cost_yuan"].sum().groupby("county", sort=False)
    p = years.set_index(["county", "year"])[column]
    recounted = {at: years.set_index(["county", "year"])[f"{column}_{at}"] for at in CONVENTIONS
                 if f"{column}_{at}" in years}
    rows = []
    for c in region.counties:
        name = c.county
        target = targets.get(name)
        judged = assessed_year(targets, name, start, end)
        p_target = float(p.loc[(name, judged)])
        rows.append({
            "county": name, "school_parts": len(c), "pupils": int(c.enrollment.sum()),
            "teachers": int(c.counts["teachers"].sum()) if "teachers" in c.counts else None,
            "first_year": first.get(name), "p_pass_final": float(p.loc[(name, end)]),
            **{f"p_pass_final_{at}": float(recounted[at].loc[(name, end)]) for at in recounted},
            "binding_indicator": final.get_group(name)["binding_indicator"].mode().iloc[0],
            "binding_cv_ratio": float(final.get_group(name)["binding_cv_ratio"].median()),
            "cost_yuan": float(spend.get_group(name).mean()),
            "target_year": target, "p_pass_target": p_target if target is not None else None,
            **{f"p_pass_target_{at}": float(recounted[at].loc[(name, judged)]) if target is not None else None
               for at in recounted},
            "at_risk": bool(target is not None and p_target < level),
        })
    out = pd.DataFrame(rows)
    out["first_year"] = out["first_year"].astype("Int64")
    out["target_year"] = out["target_year"].astype("Int64")
    return out


def share_by_year(years: pd.DataFrame, summary: pd.DataFrame, level: float, column: str) -> pd.DataFrame:
    """Per year: the expected share of counties passing, the share with P(pass) >= level, and the
    share the timetable plans to have passed by then (counties with a target year up to it)."""
    by_year = years.groupby("year")
    out = pd.DataFrame({"expected_share_passing": by_year[column].mean(),
                        "share_reaching_level": by_year[column].apply(lambda p: float((p >= level).mean()))})
    for at in CONVENTIONS:  # exchange teachers counted at host and at home
        if f"{column}_{at}" in years:
            out[f"expected_share_passing_{at}"] = by_year[f"{column}_{at}"].mean()
    targets = summary["target_year"].dropna()
    if len(targets):
        out["planned_share"] = [float((targets <= y).sum() / len(summary)) for y in out.index]
    return out.reset_index()
