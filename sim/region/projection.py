"""Each county of a region projected on its own, counties times replicates as the unit of work.

A task is one county's scenario (its own table inside: the worker's memory is that county's,
not the region's) and some of its replicates. Replicate ``r`` of county ``c`` always draws from
``SeedSequence(seed, spawn_key=(h1(c), h2(c), r))`` (two 32-bit words of the name's SHA-256): its result depends on neither the other
counties, nor the executor, nor which worker ran it.
"""

import hashlib
import math
import os

import numpy as np
import pandas as pd

from sim.assessment.observe import CONVENTIONS, COUNTED_FLAGS
from sim.assessment.whole import PARTS
from sim.data.errors import InputError
from sim.experiments.executors import check_executor, map_tasks, reach
from sim.wording import say

#: What each county-year keeps: whole-assessment and part passes, the CV test (those that read teacher
#: counts also with exchange teachers counted at host and at home), the binding CV, the cost.
FLAGS = ("assessment_pass", *(f"pass_{p}" for p in PARTS), "high_quality_cv_pass", "high_quality_pass", "basic_pass",
         *(f"{flag}_{at}" for flag in COUNTED_FLAGS for at in CONVENTIONS))
KEPT = (*FLAGS, "binding_indicator", "binding_cv_ratio", "policy_cost_yuan")


def county_seed(seed: int, county: str, replicate: int) -> np.random.SeedSequence:
    """The stream of one county's replicate: keyed by 64 bits of the name's SHA-256, so two counties
    share streams only by a collision (about 1 in 10^12 among 3,000 names)."""
    digest = hashlib.sha256(county.encode("utf-8")).digest()
    return np.random.SeedSequence(seed, spawn_key=(int.from_bytes(digest[:4]), int.from_bytes(digest[4:8]), replicate))


def run_county(task: dict) -> list[dict]:
    """Rows (label, county, replicate, year, the task's ``kept`` columns) of some replicates of one county,
    in this process; a column a run does not have (a policy it lacks) is None."""
    from threadpoolctl import threadpool_limits

    from sim.dynamics.model import CountyModel

    scenario, name, rows = task["scenario"], task["scenario"].county, []
    with threadpool_limits(1):  # the same BLAS threading on every executor: bit-identical floats
        for r in task["replicates"]:
            try:
                history = CountyModel(scenario, seed=county_seed(task["seed"], name, r)).run()
            except InputError:
                raise
            except Exception as e:  # a bug: say where, keep the cause
                raise RuntimeError(f"county {name!r}, replicate {r}: {type(e).__name__}: {e}") from e
            rows += [{"label": task["label"], "county": name, "replicate": r, "year": h["year"],
                      **{k: h.get(k) for k in task["kept"]}} for h in history]
    return rows


def make_tasks(scenarios: dict, replicates: int, seed: int, workers: int, kept=KEPT) -> list[dict]:
    """One task per county, or per slice of its replicates when there are fewer counties than work
    for every worker (about four tasks a worker); largest counties first, so none is left last."""
    per_county = max(1, min(replicates, math.ceil(4 * workers / max(1, len(scenarios)))))
    size = math.ceil(replicates / per_county)
    order = sorted(scenarios, key=lambda c: -len(scenarios[c].table))
    return [{"label": c, "scenario": scenarios[c], "seed": seed, "kept": kept,
             "replicates": list(range(k, min(replicates, k + size)))}
            for c in order for k in range(0, replicates, size)]


def project(scenarios: dict, replicates: int, seed: int, executor: str = "processes", workers: int | None = None,
            scheduler: str | None = None, progress: bool = True, kept=KEPT, lang: str = "en") -> pd.DataFrame:
    """Every scenario's replicates: one row per scenario x replicate x year, in the order of ``scenarios``
    (``{label: Scenario}``; the label is the county's name in a forecast, county and variant elsewhere)."""
    from tqdm.auto import tqdm

    check_executor(executor)
    if executor == "dask" and scheduler:
        workers = max(1, reach(scheduler))  # the cluster's workers, whatever --workers says
    workers = workers or os.cpu_count() or 1
    tasks = make_tasks(scenarios, replicates, seed, workers, kept)
    rows = []
    tqdm.monitor_interval = 0  # no monitor thread, so the pool can fork
    with tqdm(total=len(scenarios) * replicates, desc=say("bar_counties", lang), unit=say("bar_run", lang),
              disable=not progress,
              smoothing=0.1) as bar:
        for result in map_tasks(run_county, tasks, executor, workers, scheduler):
            rows += result
            bar.update(len({r["replicate"] for r in result}))
    runs = pd.DataFrame(rows)
    runs["label"] = pd.Categorical(runs["label"], categories=list(scenarios), ordered=True)
    runs = runs.sort_values(["label", "replicate", "year"], kind="stable").reset_index(drop=True)
    runs["label"] = runs["label"].astype(str)
    return runs


def county_years(runs: pd.DataFrame) -> pd.DataFrame:
    """P(pass) of each county in each year: the whole assessment, each part, the CV test (and those
    that read teacher counts with exchange teachers counted at host and at home)."""
    grouped = runs.groupby(["county", "year"], sort=False)
    out = grouped[list(FLAGS)].mean().rename(columns=lambda k: f"p_{k}")
    out["replicates"] = grouped.size()
    return out.reset_index()


def first_year(years: pd.DataFrame, level: float, column: str = "p_assessment_pass") -> pd.Series:
    """Per county, the first year P(pass) reaches ``level`` (NaN when it never does in the horizon)."""
    reached = years[years[column] >= level]
    first = reached.groupby("county", sort=False)["year"].min()
    return first.reindex(years["county"].unique())
