"""What each hindcast compares, its tolerance, its null models and its sources: stated before anything runs.

Standard library only (and the observed files' reader), so that ``edusim validate --help`` can print
it without loading the model.
"""

import textwrap
from dataclasses import dataclass
from pathlib import Path

from sim.experiments.validation.observed import (BALANCE_FILE, CV_FILE, DATA, HIGH_QUALITY_FILE, NATIONAL_FILE,
                                                read_national)

REPO = Path(__file__).resolve().parents[3]

NATIONAL_FIGURES = read_national(DATA)  # the shipped observations; --data DIR reads others
#: Compulsory-school pupils (millions): the enrollment trend of the national scenario (an input, not a target).
PUPILS_MILLIONS = {2012: 144.5896, 2021: 158.0}
PUPILS_SOURCE = ("2012 national education statistics bulletin (MoE, China News 2013-08-16: 144.5896 million); "
                 "2021 bulletin (2022-09-14: 158 million)")
NATIONAL_SCENARIO = REPO / "experiments" / "validation" / "national_2012.toml"
CV_SOURCE = ("2012 basic-balance evaluation reports of 23 district x stage rows (Anhui, Jilin, Chongqing): "
             f"sim/experiments/validation/data/{CV_FILE} (sources in its 'source' column and the folder's README)")
BALANCE_SOURCE = (f"national supervision announcements of the counties certified as basically balanced, 2013-2021: "
                  f"sim/experiments/validation/data/{BALANCE_FILE} (publisher, address and quoted sentence per year)")

# -- tolerances, stated before the runs ---------------------------------------------------------
#: National hindcast: |simulated change - observed change| / |observed change| at most this (2012 -> 2021).
CHANGE_TOLERANCE = 0.25
#: Balance-era hindcast: |simulated share - observed share| at most this (share of counties), in every observed year.
BALANCE_TOLERANCE = 0.10
CV_MEDIAN_TOLERANCE = 0.10  # absolute, CV units
BAND = (10, 90)  # the simulated range the observed median must fall in (percentiles)

# -- null models --------------------------------------------------------------------------------
#: The same scenario with its capital programme (every policy) removed: recurrent funds, depreciation,
#: enrollment and teachers go on as in the model.
NULL_NO_PROGRAMME = "no_programme"
#: Nothing changes: every quantity stays at its start-year value.
NULL_PERSISTENCE = "persistence"
NULLS = {NULL_NO_PROGRAMME: "the scenario without its capital programme (recurrent funds only)",
         NULL_PERSISTENCE: "nothing changes after the start year (persistence)"}

# -- parameter bands: each hindcast rerun at the low and the high end of its most influential parameters --
#: National hindcast: model parameters (sim/dynamics/params.py), one at a time at their documented low and high.
NATIONAL_BAND_PARAMS = ("cost_space_yuan_m2", "cost_sports_yuan_m2", "depreciation_equipment",
                        "public_funds_resource_share")
#: Balance-era hindcast: the spread of the synthetic counties' stocks (``synth_stock_sigma``'s documented
#: range), every county of the country at its low and at its high end (by default each county draws its own
#: from sim.region.synthetic.STOCK_SIGMA), and the capital programme's budget at its documented low and high.
BALANCE_BAND = ("synth_stock_sigma", "capital_programme.budget_yuan_per_pupil")

# -- the balance-era hindcast's synthetic country ---------------------------------------------------
#: Counties per replicate (each replicate a new draw of counties, sim.region.synthetic): the share of a
#: replicate is over this many counties, the simulated share over all replicates' counties.
COUNTIES_PER_REPLICATE = 10
BALANCE_START, BALANCE_END = 2012, 2021


@dataclass(frozen=True)
class Hindcast:
    name: str
    title: str
    what: str
    tolerance: str
    nulls: str
    band: str
    sources: tuple[str, ...]


VERDICTS = ("PASS: every judged row within its tolerance and no null model within it too; "
            "NOT DISCRIMINATING: every judged row within its tolerance, but a null model also is in some row; "
            "FAIL: a judged row outside its tolerance")

HINDCASTS = (
    Hindcast("cv_spread", "CV spread, basic-balance era",
             "the ready scenarios' synthetic counties at their start year against 23 published 2012 district x "
             "stage rows: the basic-balance composite CV (the plain mean of 8 indicator CVs) per stage, and each "
             "of the 8 indicators' CVs per stage; information rows: the teacher spreads on the 10 Jilin rows they "
             "were fitted on and on the 13 held-out rows, and the 7 high-quality CVs against published county "
             "monitoring rows",
             f"composite: simulated median within +-{CV_MEDIAN_TOLERANCE:.2f} of the observed median, and the "
             f"observed median inside the simulated {BAND[0]}-{BAND[1]} % range; each indicator: simulated "
             "median inside the observed range (min-max)",
             "none (a start-year state, no dynamics)", "none",
             (CV_SOURCE,)),
    Hindcast("national_resources", "National per-pupil resources, change 2012 -> 2021",
             f"{NATIONAL_SCENARIO.relative_to(REPO).as_posix()} run from 2012 (its stocks scaled so that the "
             "pupil-weighted averages equal the observed 2012 values) to 2021 with no tuning; the simulated "
             "2012 -> 2021 change of the averages of teaching space, sports area and equipment value against "
             "the observed change",
             f"simulated change (median of replicates) within {CHANGE_TOLERANCE:.0%} of the observed change",
             f"{NULLS[NULL_NO_PROGRAMME]}; {NULLS[NULL_PERSISTENCE]} (change 0)",
             "the model rerun with each of " + ", ".join(NATIONAL_BAND_PARAMS) + " at its documented low and "
             "high (sim/dynamics/params.py), one at a time: the range of the simulated change",
             (NATIONAL_FIGURES[0].source, NATIONAL_FIGURES[2].source, PUPILS_SOURCE)),
    Hindcast("basic_balance_share", "Share of counties passing basic balance, 2013-2021",
             f"a synthetic country ({COUNTIES_PER_REPLICATE} counties a replicate, sim/region/synthetic.py) run "
             f"{BALANCE_START} -> {BALANCE_END} under the national scenario's drivers (stocks scaled to the observed "
             "2012 national averages); a county counts as passed from the first year its basic-balance composite "
             "test (the 2012 method's composite CV <= 0.65 primary, <= 0.55 junior, both stages) passes, as a "
             "certified county stays certified; the cumulative share against the share certified by the national "
             "supervision in each year found",
             f"simulated share within +-{BALANCE_TOLERANCE:.2f} of the observed share in every observed year",
             f"{NULLS[NULL_NO_PROGRAMME]}; {NULLS[NULL_PERSISTENCE]} (the {BALANCE_START} share every year)",
             "the model rerun with synth_stock_sigma at its documented low and high for every county, and with "
             "the capital programme's budget at its documented low and high: the range of the simulated share",
             (BALANCE_SOURCE,)),
)
BY_NAME = {h.name: h for h in HINDCASTS}


def help_text() -> str:
    """The hindcasts, their tolerances, null models and sources, for ``edusim validate --help``."""
    lines = ["hindcasts (run all, or one with --only NAME):"]
    for h in HINDCASTS:
        lines.append(f"  {h.name}: {h.title}")
        for label, text in (("compares", h.what), ("tolerance", h.tolerance), ("null", h.nulls), ("band", h.band),
                            *(("source", s) for s in h.sources)):
            lines += textwrap.wrap(text, 92, initial_indent=f"    {label:10s}", subsequent_indent=" " * 14)
    lines += ["", "verdicts:"] + textwrap.wrap(VERDICTS, 92, initial_indent="  ", subsequent_indent="  ")
    lines += ["", f"observed data (shipped in sim/experiments/validation/data/, sources in its README; "
                  f"--data DIR reads {CV_FILE}, {HIGH_QUALITY_FILE}, {NATIONAL_FILE} and {BALANCE_FILE} from DIR):"]
    lines += [f"  {f.label}: {f.start:,.1f} (2012) -> {f.target:,.1f} (2021) {f.unit}" for f in NATIONAL_FIGURES]
    return "\n".join(lines)
