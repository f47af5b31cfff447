"""What each hindcast compares, its tolerance and its sources: stated before anything runs.

Standard library only, so that ``edusim validate --help`` can print it without loading the model.
"""

import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
#: The shared data folder that sits beside the repository (as in CI's fresh clone).
SHARED = REPO.parent / "shared"

MOE_2022 = ("Ministry of Education press conference 2022-09-27 (教育这十年 1+1 series, no. 15; "
            "shared/data/national-statistics.md, shared/brief/evidence.md)")
MOE_2022_JUNE = ("Ministry of Education press conference 2022-06-21 (Lü Yugang, 基础教育司): "
                 "生均教学仪器设备值从727元增至2285元")
CV_DATA = Path("data", "cvdata", "county_level_indicator_cvs_2012.csv")
CV_SOURCE = ("2012 basic-balance evaluation reports of 23 district x stage rows (Anhui, Jilin, "
             f"Chongqing): shared/{CV_DATA.as_posix()} (sources in its 'source' column)")


@dataclass(frozen=True)
class Figure:
    """A national per-pupil figure: its model stock, its 2012 and 2021 values and where they come from."""

    key: str  # stock column (sim.assessment.standards)
    label: str
    unit: str
    start: float  # 2012: sets the initial condition
    target: float  # 2021: the hindcast's target
    source: str


NATIONAL_FIGURES = (
    Figure("teaching_space_m2", "teaching and auxiliary space per pupil", "m2", 3.7, 5.1,
           MOE_2022 + "; the 2022-06-21 conference gives 3.7 -> 5.0"),
    Figure("sports_area_m2", "indoor sports rooms and grounds per pupil", "m2", 7.3, 8.2, MOE_2022),
    Figure("equipment_yuan", "instruments and equipment value per pupil", "yuan", 727.0, 2285.0,
           MOE_2022_JUNE + " (the 2022-09-27 conference: 2,285, '3.1 times ten years before')"),
)
#: Compulsory-school pupils (millions): the enrollment trend of the national scenario.
PUPILS_MILLIONS = {2012: 144.5896, 2021: 158.0}
PUPILS_SOURCE = ("2012 national education statistics bulletin (MoE, China News 2013-08-16: 144.5896 million); "
                 "2021 bulletin (2022-09-14: 158 million)")
NATIONAL_SCENARIO = REPO / "experiments" / "validation" / "national_2012.toml"
NATIONAL_TOLERANCE = 0.20  # relative
CV_MEDIAN_TOLERANCE = 0.10  # absolute, CV units
BAND = (10, 90)  # the simulated range the observed median must fall in (percentiles)


@dataclass(frozen=True)
class Hindcast:
    name: str
    title: str
    what: str
    tolerance: str
    sources: tuple[str, ...]


HINDCASTS = (
    Hindcast("cv_spread", "CV spread, basic-balance era",
             "the basic-balance composite CV (the plain mean of 8 indicator CVs) of the ready scenarios' "
             "synthetic counties at their start year, per stage, against 23 published 2012 district x stage "
             "rows; each indicator's CV as extra information rows",
             f"simulated median within +-{CV_MEDIAN_TOLERANCE:.2f} of the observed median, and the observed "
             f"median inside the simulated {BAND[0]}-{BAND[1]} % range",
             (CV_SOURCE,)),
    Hindcast("national_resources", "National per-pupil resources 2012 -> 2021",
             f"{NATIONAL_SCENARIO.relative_to(REPO).as_posix()} run from 2012 (its stocks scaled so that the "
             "pupil-weighted averages equal the observed 2012 values) to 2021 with no tuning; the 2021 "
             "averages of teaching space, sports area and equipment value against the observed ones",
             f"within {NATIONAL_TOLERANCE:.0%} of each observed 2021 value",
             (MOE_2022, PUPILS_SOURCE)),
)
BY_NAME = {h.name: h for h in HINDCASTS}


def help_text() -> str:
    """The hindcasts, their tolerances and sources, for ``edusim validate --help``."""
    lines = ["hindcasts (run all, or one with --only NAME):"]
    for h in HINDCASTS:
        lines.append(f"  {h.name}: {h.title}")
        for label, text in (("compares", h.what), ("tolerance", h.tolerance), *(("source", s) for s in h.sources)):
            lines += textwrap.wrap(text, 92, initial_indent=f"    {label:10s}", subsequent_indent=" " * 14)
    lines += ["", "observed (national, compulsory schools, per pupil):"]
    lines += [f"  {f.label}: {f.start:,.1f} (2012) -> {f.target:,.1f} (2021) {f.unit}" for f in NATIONAL_FIGURES]
    return "\n".join(lines)
