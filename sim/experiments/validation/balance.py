"""Hindcast 3 (dynamic): does a synthetic country run from 2012 pass basic balance at the pace the
national supervision certified counties, 2013-2021?

Each replicate draws ``COUNTIES_PER_REPLICATE`` counties as the many-county tools do
(sim/region/synthetic.py), scales each county's stocks to the observed 2012 national averages (as
the national hindcast does) and runs the national scenario's drivers to 2021. A county counts from
the first year its basic-balance composite test passes in both stages: a certified county stays
certified. Nothing here is fitted to the observed shares.
"""

from pathlib import Path

import numpy as np

from sim.assessment.standards import BASIC_COMPOSITE_THRESHOLD, STAGES
from sim.experiments.validation.catalogue import (
    BALANCE_BAND,
    BALANCE_END,
    BALANCE_SOURCE,
    BALANCE_START,
    BALANCE_TOLERANCE,
    BAND,
    BY_NAME,
    COUNTIES_PER_REPLICATE,
    NATIONAL_FIGURES,
    NULL_NO_PROGRAMME,
    NULL_PERSISTENCE,
)
from sim.experiments.validation.checks import Result, null_check, shown
from sim.experiments.validation.national import band_settings, set_initial_stocks

YEARS = tuple(range(BALANCE_START, BALANCE_END + 1))


def binding_ratio(row: dict) -> float:
    """The larger of the stages' composite CV over its threshold: at most 1 when the county passes."""
    return max(row[f"composite_cv_basic_{s}"] / BASIC_COMPOSITE_THRESHOLD[s] for s in STAGES
               if row.get(f"composite_cv_basic_{s}") is not None)


def county_runs(path: Path, replicate: np.random.SeedSequence, figures, without=(), overrides=(),
                stock_sigma=None) -> list[list[dict]]:
    """The yearly rows of one replicate's counties under the scenario at ``path``."""
    from sim.dynamics.model import CountyModel
    from sim.region.overrides import county_scenarios
    from sim.region.synthetic import STOCK_SIGMA, county_names, county_table, synthetic_county
    from sim.region.tables import Region

    histories = []
    for name, stream in zip(county_names(COUNTIES_PER_REPLICATE), replicate.spawn(COUNTIES_PER_REPLICATE)):
        table_seed, model_seed = stream.spawn(2)
        table = county_table(synthetic_county(name, table_seed, stock_sigma or STOCK_SIGMA))
        scenario = county_scenarios(Region("synthetic", [table]), str(path), without=without, overrides=overrides)[name]
        model = CountyModel(scenario, seed=model_seed)
        set_initial_stocks(model, figures)
        histories.append(model.run())
    return histories


def simulate(path: Path, replicates: int, seed: int, figures, **variant) -> dict[str, np.ndarray]:
    """Per replicate and year: the share of counties passed by then ("passed", replicates x years),
    and the counties' binding ratios in the first and last year ("ratio_start", "ratio_end")."""
    from sim.experiments.forecast import replicate_seeds

    passed, start, end = [], [], []
    for child in replicate_seeds(seed, replicates):
        runs = county_runs(path, child, figures, **variant)
        flags = np.array([[bool(h["basic_pass"]) for h in history] for history in runs])
        passed.append(np.maximum.accumulate(flags, axis=1).mean(axis=0))  # certified once, certified for good
        start += [binding_ratio(h[0]) for h in runs]
        end += [binding_ratio(h[-1]) for h in runs]
    return {"passed": np.array(passed), "ratio_start": np.array(start), "ratio_end": np.array(end)}


def run(path: Path, observed: dict[int, float], replicates: int, seed: int | None, progress,
        figures=NATIONAL_FIGURES) -> Result:
    from sim.data.scenario import load_scenario

    seed = load_scenario(str(path)).seed if seed is None else seed
    n = replicates * COUNTIES_PER_REPLICATE
    progress(f"basic_balance_share: {n} synthetic counties, {BALANCE_START} -> {BALANCE_END}, model and null model")
    model = simulate(path, replicates, seed, figures)
    null = simulate(path, replicates, seed, figures, without=("all",))
    sigma_param, budget_param = BALANCE_BAND
    progress(f"basic_balance_share: the band, 4 settings x {n} counties")
    band = [simulate(path, replicates, seed, figures, stock_sigma=(v, v)) for v in _ends(sigma_param)]
    band += [simulate(path, replicates, seed, figures, overrides=(s,)) for s in band_settings([budget_param])]
    checks = []
    for year, share in observed.items():
        i = YEARS.index(year)
        checks.append(null_check(f"share of counties passed by {year}", share, model["passed"][:, i],
                                 {NULL_NO_PROGRAMME: null["passed"][:, i], NULL_PERSISTENCE: model["passed"][:, 0]},
                                 BALANCE_TOLERANCE, False, [b["passed"][:, i].mean() for b in band], BALANCE_SOURCE,
                                 spread=BAND, center=np.mean))
    checks.append(shown(f"  share of counties passing in {BALANCE_START} (start)", model["passed"][:, 0], BAND,
                        center=np.mean))
    checks += [shown(f"  composite CV / threshold of a county (larger stage), {year}", model[key], BAND)
               for year, key in ((BALANCE_START, "ratio_start"), (BALANCE_END, "ratio_end"))]
    notes = [f"{n} synthetic counties ({replicates} replicates of {COUNTIES_PER_REPLICATE}), each run once; the "
             "simulated share is pooled over them; spread: the replicates' shares.",
             "a county passes when its composite CV is within the 2012 thresholds in both stages; the 2012 method's "
             "other conditions (schools meeting the provincial basic standards first, the government's effort "
             "score, public satisfaction) and the provinces' timetables of applications are not in the model.",
             "null models: no_programme = the same counties and seeds without the capital programme; "
             f"persistence = the {BALANCE_START} share held.",
             f"band: every county's synth_stock_sigma at {', '.join(map(str, _ends(sigma_param)))}, and "
             + ", ".join(band_settings([budget_param])) + ".",
             "rows marked info are shown, not judged: a county passes when its composite CV / threshold is at most 1."]
    spec = BY_NAME["basic_balance_share"]
    return Result(spec.name, spec.title, checks, notes)


def _ends(key: str) -> tuple[float, float]:
    from sim.dynamics.params import MODEL_PARAMS

    return MODEL_PARAMS[key].low, MODEL_PARAMS[key].high
