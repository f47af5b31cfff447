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
from sim.experiments.validation.national import param_range, set_initial_stocks

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


def country(task: dict) -> tuple:
    """One replicate of one variant, in whichever process runs it: (variant, replicate, share of
    counties passed by each year, the counties' binding ratios in the first and the last year)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # the same BLAS threading in every process: bit-identical floats
        runs = county_runs(task["path"], task["stream"], task["figures"], **task["variant"])
    flags = np.array([[bool(h["basic_pass"]) for h in history] for history in runs])
    passed = np.maximum.accumulate(flags, axis=1).mean(axis=0)  # certified once, certified for good
    return (task["name"], task["replicate"], passed, [binding_ratio(h[0]) for h in runs],
            [binding_ratio(h[-1]) for h in runs])


def simulate(path: Path, replicates: int, seed: int, figures, variants: dict[str, dict],
             workers: int | None = None) -> dict[str, dict[str, np.ndarray]]:
    """Per variant (``{name: county_runs keywords}``), on the same replicate streams: the share of
    counties passed by each year ("passed", replicates x years) and the binding ratios of all counties
    in the first and last year ("ratio_start", "ratio_end"). Replicates run on a local process pool
    (``workers``, default: every CPU); the numbers do not depend on it."""
    import os

    from sim.experiments.executors import map_tasks
    from sim.experiments.forecast import replicate_seeds

    streams = replicate_seeds(seed, replicates)
    tasks = [{"name": name, "replicate": r, "stream": stream, "path": path, "figures": figures, "variant": kw}
             for name, kw in variants.items() for r, stream in enumerate(streams)]
    workers = min(len(tasks), workers or os.cpu_count() or 1)
    done = {(name, r): rest for name, r, *rest in map_tasks(country, tasks, "processes" if workers > 1 else "serial",
                                                            workers)}
    return {name: {"passed": np.array([done[name, r][0] for r in range(replicates)]),
                   "ratio_start": np.concatenate([done[name, r][1] for r in range(replicates)]),
                   "ratio_end": np.concatenate([done[name, r][2] for r in range(replicates)])}
            for name in variants}


def run(path: Path, observed: dict[int, float], replicates: int, seed: int | None, progress,
        figures=NATIONAL_FIGURES) -> Result:
    from sim.data.scenario import load_scenario

    seed = load_scenario(str(path)).seed if seed is None else seed
    n = replicates * COUNTIES_PER_REPLICATE
    sigma, budget = BALANCE_BAND
    (no_money, most), sigmas = param_range(budget), param_range(sigma)
    variants = {"model": {}, NULL_NO_PROGRAMME: {"without": ("all",)},
                **{f"{sigma}={v:g}": {"stock_sigma": (v, v)} for v in sigmas},
                **{f"{budget}={v:g}": {"overrides": (f"{budget}={v!r}",)} for v in (most, no_money) if v}}
    progress("vl_balance", n=n, start=BALANCE_START, end=BALANCE_END, settings=len(variants) - 2)
    runs = simulate(path, replicates, seed, figures, variants)
    model, null = runs["model"], runs[NULL_NO_PROGRAMME]
    band = [runs[k] for k in variants if k != "model" and (k != NULL_NO_PROGRAMME or not no_money)]  # 0 yuan: the null
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
             f"band: every county's {sigma} at {sigmas[0]:g} and at {sigmas[1]:g}; {budget} at {most:g} and at "
             f"{no_money:g} (the no_programme null model when 0).",
             "rows marked info are shown, not judged: a county passes when its composite CV / threshold is at most 1."]
    spec = BY_NAME["basic_balance_share"]
    return Result(spec.name, spec.title, checks, notes)

