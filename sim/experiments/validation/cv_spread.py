"""Hindcast 1: is the spread of the synthetic counties' basic-balance CVs that of real 2012 districts?

The synthetic initial data (docs/model.md section 4) were set from national averages, and
``synth_stock_sigma`` of the ready scenarios from Chengdu's one composite 0.28; the 23
published 2012 district rows were used for neither.
"""

from pathlib import Path

import numpy as np

from sim.assessment.standards import BASIC, HIGH_QUALITY, STAGES
from sim.data.errors import InputError
from sim.experiments.validation.catalogue import BAND, BY_NAME, CV_MEDIAN_TOLERANCE, CV_SOURCE
from sim.experiments.validation.checks import Result, median_check, range_check
from sim.experiments.validation.observed import CV_FILE, HIGH_QUALITY_FILE, number, rows

#: The data file's indicator columns and the model's (sim.assessment.standards) keys they measure.
OBSERVED_COLUMNS = {
    "cv_teach_aux_area": "teaching_space_m2",
    "cv_sports_area": "sports_area_m2",
    "cv_equipment_value": "equipment_yuan",
    "cv_computers_per100": "computers",
    "cv_books_per_student": "books",
    "cv_teacher_student_ratio": "teachers",
    "cv_above_qual_teachers_per_student": "teachers_above_degree",
    "cv_mid_senior_title_teachers_per_student": "senior_title_teachers",
}
COMPOSITE_COLUMN = "published_composite"
STAGE_OF = {"小学": "primary", "初中": "junior"}
COMPOSITE = "composite"
#: The published rows the synthetic teacher spreads were fitted on (experiments/fit_synthetic_spread.py):
#: the Jilin districts; the Anhui and Chongqing rows are held out.
FIT_SOURCE = "jilin60"
#: The indicators whose synthetic spreads were fitted there.
FITTED = ("teachers", "teachers_above_degree", "senior_title_teachers")
HQ_SOURCE = "county high-quality monitoring results: sim/experiments/validation/data/county_high_quality_cvs.csv"


def read_observed(folder: Path) -> list[dict]:
    """The published rows: {stage, composite, <model key>: cv}; a missing or malformed file is an InputError."""
    out = []
    for line, raw in rows(folder, CV_FILE, ("source", "stage", COMPOSITE_COLUMN, *OBSERVED_COLUMNS)):
        if raw["stage"] not in STAGE_OF:
            raise InputError.worded("obs_stage", where=f"{Path(folder) / CV_FILE}:{line}", stages=", ".join(STAGE_OF),
                                    value=repr(raw["stage"])[:40])
        row = {"stage": STAGE_OF[raw["stage"]], "source": raw["source"]}
        for column, key in {COMPOSITE_COLUMN: COMPOSITE, **OBSERVED_COLUMNS}.items():
            row[key] = number(folder, CV_FILE, line, raw, column)
        out.append(row)
    return out


def read_high_quality(folder: Path) -> list[dict]:
    """The published high-quality monitoring rows: {county, year, stage, <indicator key>: cv}."""
    keys = [ind.key for ind in HIGH_QUALITY]
    out = []
    for line, raw in rows(folder, HIGH_QUALITY_FILE, ("county", "year", "stage", *(f"cv_{k}" for k in keys))):
        if raw["stage"] not in STAGE_OF:
            raise InputError.worded("obs_stage", where=f"{Path(folder) / HIGH_QUALITY_FILE}:{line}",
                                    stages=", ".join(STAGE_OF), value=repr(raw["stage"])[:40])
        row = {"stage": STAGE_OF[raw["stage"]], "county": f"{raw['county']} {raw['year']}"}
        row.update({k: number(folder, HIGH_QUALITY_FILE, line, raw, f"cv_{k}") for k in keys})
        out.append(row)
    return out


def fit_rows(observed: list[dict], held_out: bool = False) -> list[dict]:
    """The rows the synthetic teacher spreads were fitted on (``FIT_SOURCE``), or the others."""
    return [r for r in observed if (r["source"] == FIT_SOURCE) != held_out]


def simulated_rows(replicates: int, seed: int | None, progress, overrides: tuple[str, ...] = ()) -> list[dict]:
    """Each ready scenario's synthetic county at its start year, per replicate and stage (``overrides``:
    ``key=value`` settings of every scenario, as on the command line)."""
    from sim.data.scenario import available, load_scenario
    from sim.dynamics.model import CountyModel
    from sim.experiments.forecast import replicate_seeds

    rows = []
    for name in available():
        scenario = load_scenario(name, overrides=list(overrides))
        progress("vl_cv_spread", n=replicates, name=name, year=scenario.start_year)
        for child in replicate_seeds(scenario.seed if seed is None else seed, replicates):
            start = CountyModel(scenario, seed=child).history[0]
            for stage in STAGES:
                if start.get(f"composite_cv_basic_{stage}") is None:
                    continue
                row = {"scenario": name, "stage": stage, COMPOSITE: start[f"composite_cv_basic_{stage}"]}
                row.update({ind.key: start[f"cv_{ind.key}_{stage}"] for ind in (*BASIC, *HIGH_QUALITY)})
                rows.append(row)
    return rows


def values(rows: list[dict], key: str, stage=None, scenario=None) -> np.ndarray:
    return np.array([r[key] for r in rows if stage in (None, r["stage"]) and scenario in (None, r.get("scenario"))])


def compare(observed: list[dict], simulated: list[dict], high_quality: list[dict] = ()) -> Result:
    """Judged rows: the composite per stage and both stages, and each basic indicator's median per
    stage inside the published range; information rows: the fitted teacher spreads on the rows
    they were fitted on and on the held-out rows, each scenario's composite, and the 7 high-quality
    CVs against the published monitoring rows."""
    spec = BY_NAME["cv_spread"]
    checks = []
    for stage in (*STAGES, None):
        label = stage or "both stages"
        checks.append(median_check(f"composite CV, {label}", values(observed, COMPOSITE, stage),
                                   values(simulated, COMPOSITE, stage), CV_MEDIAN_TOLERANCE, BAND, CV_SOURCE))
    for stage in STAGES:
        for ind in BASIC:
            checks.append(range_check(f"  {ind.key} CV, {stage}", values(observed, ind.key, stage),
                                      values(simulated, ind.key, stage), CV_SOURCE))
    for key in FITTED:
        for held_out, label in ((False, f"fitted on: {FIT_SOURCE}"), (True, "held out: the other rows")):
            checks.append(median_check(f"  {key} CV, {label}", values(fit_rows(observed, held_out), key),
                                       values(simulated, key), CV_MEDIAN_TOLERANCE, BAND, CV_SOURCE, judged=False))
    for name in dict.fromkeys(r["scenario"] for r in simulated):
        checks.append(median_check(f"  composite CV, {name} only", values(observed, COMPOSITE),
                                   values(simulated, COMPOSITE, scenario=name), CV_MEDIAN_TOLERANCE, BAND,
                                   CV_SOURCE, judged=False))
    for row in high_quality:
        for ind in HIGH_QUALITY:
            checks.append(range_check(f"  {ind.key} CV, {row['stage']}: {row['county']}", np.array([row[ind.key]]),
                                      values(simulated, ind.key, row["stage"]), HQ_SOURCE, judged=False))
    notes = [
        "synth_stock_sigma of the ready scenarios was calibrated on Chengdu's 2018 composite 0.28 "
        "(docs/model.md 10.1); the teacher spreads (synth_staff_sigma, synth_degree_sigma, synth_title_sigma) "
        f"were fitted on the {FIT_SOURCE} rows only (experiments/fit_synthetic_spread.py): the held-out rows "
        "and the high-quality monitoring rows were used for neither.",
        "observed: urban districts of Hefei, Changchun and Chongqing evaluated in the 2012 basic-balance era; "
        "simulated: the ready scenarios' synthetic counties at their own start years (2016-2024), "
        "not counties laid out for 2012.",
        "rows marked info are shown, not judged: the fit and held-out rows, each scenario's composite, and the "
        "high-quality CVs (one published county-year per row, its value as the range).",
    ]
    return Result(spec.name, spec.title, checks, notes)
