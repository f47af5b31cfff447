"""Hindcast 2: from the observed 2012 per-pupil resources, does the model reproduce the observed
2012 -> 2021 change, and better than a model without the capital programme?

The initial condition is set from 2012 data (stocks scaled after construction); the run then uses
the scenario file as it stands: nothing is adjusted towards the 2021 values. The change, not the
2021 level, is judged: a level tolerance lets a model that builds nothing pass when the change is
small against the level (sports area: +0.9 on 7.3 m2).
"""

from pathlib import Path

import numpy as np

from sim.data.errors import InputError
from sim.experiments.validation.catalogue import (
    BAND,
    BY_NAME,
    CHANGE_TOLERANCE,
    NATIONAL_BAND_PARAMS,
    NATIONAL_FIGURES,
    NULL_NO_PROGRAMME,
    NULL_PERSISTENCE,
    PUPILS_MILLIONS,
    PUPILS_SOURCE,
)
from sim.experiments.validation.checks import Result, null_check, relative_check

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
    from sim.dynamics.resources import stock_per_pupil

    for f in figures:
        if f.key not in model.schools.stocks:
            raise InputError.worded("obs_stock", key=f.key, known=", ".join(model.schools.stocks))
        model.schools.stocks[f.key] *= f.start / per_pupil(model.schools, f.key)
    model.launch_stocks = stock_per_pupil(model.schools)  # what "renewal" funding keeps, if a run sets it
    model.schools.quality[:] = target_quality(model)
    model.history[0] = yearly_row(model)


def load(path: Path, without=(), overrides=()):
    """The national scenario, checked like any scenario file, and running 2012 to 2021."""
    from sim.data.scenario import load_scenario

    scenario = load_scenario(str(path), without=without, overrides=overrides)
    if (scenario.start_year, scenario.end_year) != (START, END):
        raise InputError.worded("obs_span", path=path, start=START, end=END, first=scenario.start_year,
                                last=scenario.end_year)
    return scenario


def param_range(key: str) -> tuple:
    """The documented (low, high) of a model parameter or of a policy's (``type.name``)."""
    from sim.dynamics.params import MODEL_PARAMS
    from sim.policies import REGISTRY

    kind, _, name = key.rpartition(".")
    param = REGISTRY[kind].PARAMS[name] if kind else MODEL_PARAMS[key]
    return param.low, param.high


def band_settings(keys) -> list[str]:
    """``KEY=VALUE`` overrides: each key at its documented low and high."""
    return [f"{key}={value!r}" for key in keys for value in param_range(key)]


def simulate(scenario, replicates: int, seed: int | None, figures) -> dict:
    """Per replicate: each figure's 2012 and 2021 averages, and the pupils' growth."""
    from sim.dynamics.model import CountyModel
    from sim.experiments.forecast import replicate_seeds

    out = {"start": {f.key: [] for f in figures}, "end": {f.key: [] for f in figures}, "growth": []}
    for child in replicate_seeds(scenario.seed if seed is None else seed, replicates):
        model = CountyModel(scenario, seed=child)
        set_initial_stocks(model, figures)
        pupils0 = model.schools.enrollment[model.schools.evaluated].sum()
        for f in figures:
            out["start"][f.key].append(per_pupil(model.schools, f.key))
        model.run()
        for f in figures:
            out["end"][f.key].append(per_pupil(model.schools, f.key))
        out["growth"].append(model.schools.enrollment[model.schools.evaluated].sum() / pupils0)
    return {k: {key: np.array(v) for key, v in d.items()} if isinstance(d, dict) else np.array(d)
            for k, d in out.items()}


def change(run: dict, key: str) -> np.ndarray:
    return run["end"][key] - run["start"][key]


def run(path: Path, replicates: int, seed: int | None, progress, figures=NATIONAL_FIGURES) -> tuple[Result, dict]:
    """The hindcast's result, and the scenario as run (for meta.json)."""
    scenario = load(path)
    progress("vl_national", n=replicates, file=Path(path).name, start=START, end=END)
    model = simulate(scenario, replicates, seed, figures)
    null = simulate(load(path, without=("all",)), replicates, seed, figures)
    settings = band_settings(NATIONAL_BAND_PARAMS)
    progress("vl_national_band", settings=len(settings), n=replicates)
    band = [simulate(load(path, overrides=(s,)), replicates, seed, figures) for s in settings]
    checks = [null_check(f"{f.label}, change {START} -> {END} ({f.unit})", f.target - f.start, change(model, f.key),
                         {NULL_NO_PROGRAMME: change(null, f.key), NULL_PERSISTENCE: np.zeros(1)}, CHANGE_TOLERANCE,
                         True, [np.median(change(b, f.key)) for b in band], f.source, spread=BAND)
              for f in figures]
    checks += [relative_check(f"  {f.label}, {END}: level, shown ({f.unit})", f.target, model["end"][f.key], None,
                              BAND, f.source) for f in figures]
    checks += [relative_check(f"  {f.label}, {START}: initial condition, set ({f.unit})", f.start,
                              model["start"][f.key], None, BAND, f.source) for f in figures]
    checks.append(relative_check(f"  pupils {END} / {START}: exogenous trend, set", PUPILS_MILLIONS[END] /
                                 PUPILS_MILLIONS[START], model["growth"], None, BAND, PUPILS_SOURCE, digits=3))
    notes = [f"scenario {Path(path).name}: model defaults except the exogenous drivers the file sets from data "
             f"(enrollment trend, public funds, capital programme); policies: "
             f"{', '.join(p.name for p in scenario.policies) or 'none'}.",
             "null models: no_programme = the same runs (same seeds) without the capital programme; "
             "persistence = nothing changes (change 0, error -100 %).",
             "band: the median change with each of " + ", ".join(settings) + " (one at a time)."]
    spec = BY_NAME["national_resources"]
    return Result(spec.name, spec.title, checks, notes), scenario.as_dict()
