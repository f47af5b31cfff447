"""A region's forecast: every county projected on its own, reduced to the tables a province reads.

``runs.parquet`` keeps every county x replicate x year (so charts and checks are redrawn from it);
``county_years.csv`` P(pass) per county and year; ``counties.csv`` one row per county (first year
P(pass) reaches the level, binding CV, cost, target); ``timetable.csv`` the share of counties
passing by year beside the share the timetable plans.
"""

from dataclasses import dataclass

import pandas as pd

from sim.assessment.observe import CONVENTIONS
from sim.assessment.whole import PARTS
from sim.data.results import write_csv
from sim.experiments.compare import both_ways
from sim.region.choices import CRITERIA, DEFAULT_LEVEL
from sim.region.projection import county_years, first_year, project
from sim.region.timetable import county_summary, share_by_year

#: ``p_pass`` as each county counts exchange teachers, then counted at host and at home (every criterion reads counts).
PASS_SUFFIXES = ("", *(f"_{at}" for at in CONVENTIONS))


@dataclass
class RegionForecast:
    runs: pd.DataFrame
    years: pd.DataFrame
    counties: pd.DataFrame
    timetable: pd.DataFrame


def run_region_forecast(region, scenarios: dict, replicates: int, seed: int, targets: dict[str, int],
                        level: float = DEFAULT_LEVEL, criterion: str = "assessment", executor: str = "processes",
                        workers: int | None = None, scheduler: str | None = None,
                        progress: bool = True) -> RegionForecast:
    column = f"p_{CRITERIA[criterion]}"
    runs = project(scenarios, replicates, seed, executor, workers, scheduler, progress).drop(columns="label")
    years = county_years(runs)
    for suffix in PASS_SUFFIXES:
        years[f"p_pass{suffix}"] = years[f"{column}{suffix}"]
    first = first_year(years, level, "p_pass")
    counties = county_summary(runs, years, first, region, targets, level, "p_pass")
    return RegionForecast(runs, years, counties, share_by_year(years, counties, level, "p_pass"))


def write_region_forecast(folder, result: RegionForecast):
    result.runs.to_parquet(folder / "runs.parquet", index=False)
    write_csv(result.years, folder / "county_years.csv")
    write_csv(result.counties, folder / "counties.csv")
    write_csv(result.timetable, folder / "timetable.csv")


def summary_lines(result: RegionForecast, level: float, criterion: str, own: str) -> list[str]:
    """What a provincial analyst reads first: counties reaching the level by the end, those at risk;
    P(pass) also with exchange teachers counted the way ``own`` (the base scenario's) does not."""
    c, end = result.counties, int(result.years["year"].max())
    reached = c["first_year"].notna()
    lines = [f"{counties(len(c))} to {end}: {int(reached.sum())} reach P({criterion} pass) >= {level:g} "
             f"(expected share passing in {end}: {result.timetable['expected_share_passing'].iloc[-1]:.2f})"]
    for year, n in c.loc[reached, "first_year"].value_counts().sort_index().items():
        lines.append(f"  first reach it in {year}: {counties(n)}")
    if c["target_year"].notna().any():
        risk = c[c["at_risk"]]
        shown = ", ".join(f"{r.county} (target {r.target_year}, P = {r.p_pass_target:.2f})" for r in risk.head(10).itertuples())
        lines.append(f"timetable: {len(risk)} of {counties(int(c['target_year'].notna().sum()))} with a target at "
                     f"risk of missing it (P(pass) in the target year < {level:g})"
                     + (f": {shown}{', ...' if len(risk) > 10 else ''}" if len(risk) else ""))
    final = result.years[result.years["year"] == end]

    def p(column):
        return final[f"p_{column}"].mean()

    parts = ", ".join(f"{name} {both_ways(p, f'pass_{name}', own)}" for name in PARTS)
    lines.append(f"mean P(pass) in {end}: whole assessment {both_ways(p, 'assessment_pass', own)}; by part: {parts}; "
                 f"all 7 CVs {both_ways(p, 'high_quality_cv_pass', own)}")
    worst = c["binding_indicator"].value_counts().head(3)
    lines.append("binding CV most often: " + ", ".join(f"{k} ({counties(v)})" for k, v in worst.items()))
    return lines


def counties(n: int) -> str:
    return f"{n} count{'y' if n == 1 else 'ies'}"
