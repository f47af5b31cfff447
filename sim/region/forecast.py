"""A region's forecast: every county projected on its own, reduced to the tables a province reads.

``runs.parquet`` keeps every county x replicate x year (so charts and checks are redrawn from it);
``county_years.csv`` P(pass) per county and year; ``counties.csv`` one row per county (first year
P(pass) reaches the level, binding CV, cost, target); ``timetable.csv`` the share of counties
passing by year beside the share the timetable plans.
"""

from dataclasses import dataclass

import pandas as pd

from sim.assessment.observe import CONVENTIONS
from sim.data.results import write_csv
from sim.experiments.compare import assumed_line, both_ways, parts_line
from sim.experiments.forecast import binding_name
from sim.region.choices import CRITERIA, DEFAULT_LEVEL
from sim.region.projection import county_years, first_year, project
from sim.region.timetable import county_summary, share_by_year
from sim.wording import say, separator, term

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
                        progress: bool = True, lang: str = "en") -> RegionForecast:
    column = f"p_{CRITERIA[criterion]}"
    runs = project(scenarios, replicates, seed, executor, workers, scheduler, progress,
                   lang=lang).drop(columns="label")
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


def summary_lines(result: RegionForecast, level: float, criterion: str, own: str, assumed=(),
                  lang: str = "en") -> list[str]:
    """What a provincial analyst reads first: counties reaching the level by the end, those at risk;
    P(pass) also with exchange teachers counted the way ``own`` (the base scenario's) does not, each
    part marked with the declared items some county's scenario took at their defaults (``assumed``)."""
    c, end = result.counties, int(result.years["year"].max())
    reached = c["first_year"].notna()
    lines = [say("rg_reach", lang, counties=counties(len(c), lang), end=end, n=int(reached.sum()),
                 criterion=term(criterion, lang, "criterion."),
                 level=f"{level:g}", share=f"{result.timetable['expected_share_passing'].iloc[-1]:.2f}")]
    for year, n in c.loc[reached, "first_year"].value_counts().sort_index().items():
        lines.append(say("rg_first", lang, year=year, counties=counties(n, lang)))
    if c["target_year"].notna().any():
        risk = c[c["at_risk"]]
        shown = [say("rg_risk_item", lang, county=r.county, year=r.target_year, p=f"{r.p_pass_target:.2f}")
                 for r in risk.head(10).itertuples()] + (["..."] if len(risk) > 10 else [])
        lines.append(say("rg_risk", lang, n=len(risk), with_target=counties(int(c["target_year"].notna().sum()), lang),
                         level=f"{level:g}",
                         shown=say("rg_risk_list", lang, items=separator(lang).join(shown)) if shown else ""))
    final = result.years[result.years["year"] == end]

    def p(column):
        return final[f"p_{column}"].mean()

    lines.append(say("rg_mean", lang, end=end, whole=both_ways(p, "assessment_pass", own, lang),
                     parts=parts_line(p, own, assumed, lang), cvs=both_ways(p, "high_quality_cv_pass", own, lang)))
    worst = c["binding_indicator"].value_counts().head(3)
    lines.append(say("rg_binding", lang, items=separator(lang).join(
        say("rg_binding_item", lang, name=binding_name(k, lang), counties=counties(v, lang)) for k, v in worst.items())))
    return lines + [line for line in [assumed_line(assumed, lang)] if line]


def counties(n: int, lang: str = "en") -> str:
    return say("rg_county", lang) if n == 1 and lang == "en" else say("rg_counties", lang, n=n)
