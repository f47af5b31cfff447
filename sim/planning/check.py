"""Does a plan hold? The patched table against the official test today, and one simulated year on
under the status quo (no policy), as `edusim plan` reports and experiments/plan_margin.py measures."""

import tempfile
from pathlib import Path

from sim.assessment.balance import county_reports


def passes_today(patched) -> dict[str, bool]:
    """Each stage's high-quality verdict (all 7 CVs and every school's 6-of-7 / 85 % rule)."""
    return {stage: bool(rep.high_quality_pass) for (stage, rep), _ in county_reports(patched)}


def next_year(patched, replicates: int, seed: int, scenario: str | None = None) -> dict:
    """Shares of ``replicates`` simulated counties passing the high-quality test in the start year and
    the next, starting from ``patched`` under the status quo (``scenario``: another scenario's
    parameters, its policies removed)."""
    from sim.data.scenario import load_scenario
    from sim.experiments.forecast import run_forecast

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "patched.csv")
        patched.frame().to_csv(path, index=False)
        start = load_scenario(scenario, schools=str(path), without=["all"]).start_year
        sc = load_scenario(scenario, schools=str(path), without=["all"], end_year=start + 1)
        yearly = run_forecast(sc, replicates, seed, progress=False).yearly
    now, nxt = yearly[yearly["year"] == start], yearly[yearly["year"] == start + 1]
    rule = [c for c in nxt.columns if c.startswith("schools_meeting_rule_")]
    every_school = nxt[rule].sum(axis=1) == nxt[[c.replace("meeting_rule_", "") for c in rule]].sum(axis=1)
    return {"replicates": replicates, "seed": seed, "p_pass_start": float(now["high_quality_pass"].mean()),
            "p_pass_next_year": float(nxt["high_quality_pass"].mean()),
            "p_all_cvs_next_year": float(nxt["high_quality_cv_pass"].mean()),
            "p_every_school_rule_next_year": float(every_school.mean())}
