"""Replicated projections of a scenario, reduced to the tables of a forecast run."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from agents.school import LOCATIONS, ROLES
from sim.assessment.observe import stage_reports
from sim.assessment.standards import HIGH_QUALITY, HQ_CV_THRESHOLD, STAGES, STANDARDS
from sim.dynamics.model import CountyModel

SYNTHETIC_NOTE = ("School sizes, resources and teachers are SYNTHETIC, drawn from the distributions in "
                  "docs/model.md (Initialisation); pass your county's table with --schools FILE.csv.")


@dataclass
class Forecast:
    yearly: pd.DataFrame  # one row per year x replicate
    schools: pd.DataFrame  # one row per evaluated school part: final year, median over replicates
    synthetic: bool


def replicate_seeds(seed: int, replicates: int) -> list[np.random.SeedSequence]:
    """Independent, reproducible streams: replicate r always gets the same one for a given seed."""
    return np.random.SeedSequence(seed).spawn(replicates)


def run_forecast(scenario, replicates: int, seed: int, progress: bool = True, lang: str = "en") -> Forecast:
    """``replicates`` runs of ``scenario`` on independent streams of ``seed``; a progress bar in ``lang``."""
    from sim.wording import say

    rows, finals = [], []
    synthetic = scenario.table is None
    bar = tqdm(replicate_seeds(seed, replicates), desc=say("bar_replicates", lang, name=scenario.name),
               unit=say("bar_run", lang), disable=not progress, leave=False)
    for r, child in enumerate(bar):
        model = CountyModel(scenario, seed=child)
        for row in model.run():
            rows.append({"year": row["year"], "replicate": r, **{k: v for k, v in row.items() if k != "year"}})
        finals.append(final_schools(model))
    yearly = pd.DataFrame(rows)
    return Forecast(yearly=yearly, schools=median_schools(finals, int(yearly["year"].max())), synthetic=synthetic)


def final_schools(model) -> pd.DataFrame:
    """Every evaluated school part's indicators against the standards, as the model stands."""
    s = model.schools
    parts = []
    for stage, rep in stage_reports(model).items():
        rows = rep.rows
        frame = pd.DataFrame({
            "school": [s.name[i] for i in rows], "stage": stage,
            "community": s.community_label(rows), "role": [ROLES[x] for x in s.role[rows]],
            "location": [LOCATIONS[x] for x in s.location[rows]], "enrollment": rep.pupils,
            "quality": s.quality[rows],
        })
        for ind in HIGH_QUALITY:
            frame[ind.key] = rep.counts[ind.key] * ind.per / rep.pupils
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def median_schools(finals: list[pd.DataFrame], year: int) -> pd.DataFrame:
    """Median over replicates of each school's indicators in ``year`` (the last), then compared with
    the standards."""
    keys = ["school", "stage", "community", "role", "location"]
    med = pd.concat(finals).groupby(keys, sort=False).median().reset_index()
    med.insert(0, "year", year)
    met = np.zeros(len(med), dtype=int)
    worst = np.full(len(med), np.inf)
    for ind in HIGH_QUALITY:
        standard = med["stage"].map(lambda st, k=ind.key: STANDARDS[st][k])
        ratio = med[ind.key] / standard
        med[f"{ind.key}_standard"] = standard
        med[f"{ind.key}_meets"] = ratio >= 1.0
        met += (ratio >= 1.0).to_numpy()
        worst = np.minimum(worst, ratio.to_numpy())
    med["standards_met"] = met
    med["meets_school_rule"] = (met >= 6) & (worst >= 0.85)
    order = {st: i for i, st in enumerate(STAGES)}
    med = med.sort_values(["stage", "meets_school_rule", "standards_met"],
                          key=lambda c: c.map(order) if c.name == "stage" else c, kind="stable")
    return med.reset_index(drop=True)


def inherited_failures(yearly: pd.DataFrame) -> dict:
    """How much of a forecast's failure the starting data already hold: each high-quality CV's share
    of replicates over its threshold in the launch row (before any simulated year), and, of the
    (replicate, CV) failures of the last year, the share that failed in the same replicate at launch."""
    first, last = yearly["year"].min(), yearly["year"].max()
    start = yearly[yearly["year"] == first].set_index("replicate").sort_index()
    end = yearly[yearly["year"] == last].set_index("replicate").sort_index()
    columns = [(f"{ind.key}_{st}", f"cv_{ind.key}_{st}", HQ_CV_THRESHOLD[st]) for st in STAGES for ind in HIGH_QUALITY
               if f"cv_{ind.key}_{st}" in yearly]
    over_start = pd.DataFrame({name: start[col] > limit for name, col, limit in columns})
    over_end = pd.DataFrame({name: end[col] > limit for name, col, limit in columns})
    launch = over_start.mean()
    failures = int(over_end.to_numpy().sum())
    return {"launch_year": int(first), "last_year": int(last),
            "launch_fail": {k: float(v) for k, v in launch[launch > 0].sort_values(ascending=False).items()},
            "p_launch_cv_fail": float(over_start.any(axis=1).mean()),
            "last_failures": failures,
            "inherited_share": float((over_end & over_start).to_numpy().sum() / failures) if failures else None}


def inherited_line(found: dict, synthetic: bool, lang: str = "en") -> str:
    """The forecast's line on failures inherited from the starting data, in ``lang``."""
    from sim.wording import say

    shares = [(binding_name(k, lang), f"{v:.0%}") for k, v in list(found["launch_fail"].items())[:3]]
    worst = ", ".join(f"{k} ({v})" for k, v in shares) if lang == "en" else "、".join(f"{k}{v}" for k, v in shares)
    origin = say("fc_origin_synthetic" if synthetic else "fc_origin_table", lang)
    line = say("fc_launch", lang, year=found["launch_year"], share=found["p_launch_cv_fail"], origin=origin,
               worst=(": " if lang == "en" else "：") + worst if worst else "")
    if found["inherited_share"] is not None:
        line += say("fc_inherited", lang, year=found["last_year"], share=found["inherited_share"])
    return line


def binding_name(key: str, lang: str) -> str:
    """An indicator-and-stage key (``backbone_teachers_primary``) as the user reads it: the key itself in
    English, the indicator's short official name and the stage in Chinese."""
    from sim.wording import label

    if lang == "en":
        return key
    for stage in STAGES:
        if key.endswith("_" + stage):
            return f"{label(key.removesuffix('_' + stage), lang, short=True)}（{label(stage, lang)}）"
    return key
