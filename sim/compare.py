"""Scenarios side by side, each against its own no-policy counterfactual run on the same seeds.

Every scenario is a different county, so the fair comparison is of what each policy mix
does to its own county: CV reduction, probability of passing, gap, and cost per 0.01 of CV.
"""

import numpy as np
import pandas as pd

from sim.forecast import run_forecast
from sim.scenario import load_scenario

POLICIES, COUNTERFACTUAL = "policies", "no policy"


def run_comparison(names, replicates: int, seed: int | None, progress: bool = True) -> tuple[pd.DataFrame, list]:
    """Yearly rows of every scenario and of its counterfactual, with ``scenario`` and ``variant``."""
    frames, scenarios = [], []
    for name in names:
        for variant, without in ((POLICIES, ()), (COUNTERFACTUAL, ("all",))):
            sc = load_scenario(name, without=without)
            run_seed = sc.seed if seed is None else seed
            yearly = run_forecast(sc, replicates, run_seed, progress=progress).yearly
            yearly.insert(0, "variant", variant)
            yearly.insert(0, "scenario", sc.name)
            frames.append(yearly)
            if variant == POLICIES:
                scenarios.append(sc)
    return pd.concat(frames, ignore_index=True), scenarios


def summarise(yearly: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario: end-year outcomes with and without its policies, and the cost."""
    rows = []
    for name, runs in yearly.groupby("scenario", sort=False):
        end = runs["year"].max()
        last = runs[runs["year"] == end]
        pol = last[last["variant"] == POLICIES].set_index("replicate")
        cf = last[last["variant"] == COUNTERFACTUAL].set_index("replicate")
        spent = runs[runs["variant"] == POLICIES].groupby("replicate")["policy_cost_yuan"].sum()
        reduction = (cf["mean_hq_cv"] - pol["mean_hq_cv"]).median()
        narrowing = (cf["urban_rural_gap"] - pol["urban_rural_gap"]).median()
        cost = float(spent.median())
        row = {
            "scenario": name, "year": int(end), "replicates": len(pol),
            "mean_hq_cv": pol["mean_hq_cv"].median(), "mean_hq_cv_no_policy": cf["mean_hq_cv"].median(),
            "cv_reduction": reduction,
            "p_high_quality": pol["high_quality_pass"].astype(bool).mean(),
            "p_high_quality_no_policy": cf["high_quality_pass"].astype(bool).mean(),
            "p_all_cvs_pass": pol["high_quality_cv_pass"].astype(bool).mean(),
            "urban_rural_gap": pol["urban_rural_gap"].median(),
            "urban_rural_gap_no_policy": cf["urban_rural_gap"].median(),
            "gap_narrowing": narrowing,
            "diversity": pol["diversity"].median(),
            "diversity_no_policy": cf["diversity"].median(),
            "total_cost_yuan": cost,
            "yuan_per_0.01_cv": cost / (reduction / 0.01) if reduction > 0 else np.nan,
            "yuan_per_0.01_gap": cost / (narrowing / 0.01) if narrowing > 0 else np.nan,
        }
        for col in sorted(c for c in pol.columns if c.startswith("cv_") and not c.endswith(("_primary", "_junior"))):
            row[col] = pol[col].median()
        rows.append(row)
    return pd.DataFrame(rows)
