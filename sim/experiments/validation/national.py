"""Hindcast 2: from the observed 2012 per-pupil resources, does the model reach the observed 2021 ones?

The initial condition is set from 2012 data (stocks scaled after construction); the run
then uses the scenario file as it stands: nothing is adjusted towards the 2021 values.
"""

from pathlib import Path

import numpy as np

from sim.data.errors import InputError
from sim.experiments.validation.catalogue import (
    BAND,
    BY_NAME,
    NATIONAL_FIGURES,
    NATIONAL_TOLERANCE,
    PUPILS_MILLIONS,
    PUPILS_SOURCE,
)
from sim.experiments.validation.checks import Result, relative_check

START, END = 2012, 2021


def per_pupil(schools, key: str) -> float:
    """Pupil-weighted average per pupil over the evaluated schools: their total over their pupils."""
    ev = schools.evaluated
    return float(schools.stocks[key][ev].sum() / schools.enrollment[ev].sum())


def set_initial_stocks(model, figures=NATIONAL_FIGURES):
    """Scale each stock so that its per-pupil average equals the figure's 2012 value; then
    re-derive what the constructor derived from the stocks (initial quality, the first row)."""
    from sim.assessment.observe import yearly_row
    from sim.dynamics.quality import target_quality

    for f in figures:
        if f.key not in model.schools.stocks:
            raise KeyError(f"the model has no stock '{f.key}' (known: {', '.join(model.schools.stocks)})")
        model.schools.stocks[f.key] *= f.start / per_pupil(model.schools, f.key)
    model.schools.quality[:] = target_quality(model)
    model.history[0] = yearly_row(model)


def load(path: Path):
    """The national scenario, checked like any scenario file, and running 2012 to 2021."""
    from sim.data.scenario import load_scenario

    scenario = load_scenario(str(path))
    if (scenario.start_year, scenario.end_year) != (START, END):
        raise InputError(f"{path}: the national hindcast runs {START} to {END}; the file says "
                         f"{scenario.start_year} to {scenario.end_year}")
    return scenario


def run(path: Path, replicates: int, seed: int | None, progress) -> tuple[Result, dict]:
    """The hindcast's result, and the scenario as run (for meta.json)."""
    from sim.dynamics.model import CountyModel
    from sim.experiments.forecast import replicate_seeds

    scenario = load(path)
    progress(f"national_resources: {replicates} runs of {Path(path).name}, {START} -> {END}")
    start, end, growth = {f.key: [] for f in NATIONAL_FIGURES}, {f.key: [] for f in NATIONAL_FIGURES}, []
    for child in replicate_seeds(scenario.seed if seed is None else seed, replicates):
        model = CountyModel(scenario, seed=child)
        set_initial_stocks(model)
        pupils0 = model.schools.enrollment[model.schools.evaluated].sum()
        for f in NATIONAL_FIGURES:
            start[f.key].append(per_pupil(model.schools, f.key))
        model.run()
        for f in NATIONAL_FIGURES:
            end[f.key].append(per_pupil(model.schools, f.key))
        growth.append(model.schools.enrollment[model.schools.evaluated].sum() / pupils0)
    checks = [relative_check(f"{f.label}, {END} ({f.unit})", f.target, np.array(end[f.key]), NATIONAL_TOLERANCE,
                             BAND, f.source) for f in NATIONAL_FIGURES]
    checks += [relative_check(f"  {f.label}, {START}: initial condition, set ({f.unit})", f.start,
                              np.array(start[f.key]), None, BAND, f.source) for f in NATIONAL_FIGURES]
    checks.append(relative_check(f"  pupils {END} / {START}: exogenous trend, set", PUPILS_MILLIONS[END] /
                                 PUPILS_MILLIONS[START], np.array(growth), None, BAND, PUPILS_SOURCE, digits=3))
    notes = [f"scenario {Path(path).name}: model defaults except the exogenous drivers the file sets from data "
             f"(enrollment trend, public funds, capital programme); policies: "
             f"{', '.join(p.name for p in scenario.policies) or 'none'}."]
    spec = BY_NAME["national_resources"]
    return Result(spec.name, spec.title, checks, notes), scenario.as_dict()
