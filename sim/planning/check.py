"""Does a plan hold? The patched table against the official test today, and one simulated year on
under the status quo (no policy), as `edusim plan` reports and experiments/plan_margin.py measures."""

import json
import tempfile
from pathlib import Path

from sim.assessment.balance import county_reports
from sim.data.errors import InputError
from sim.wording import say


def passes_today(patched) -> dict[str, bool]:
    """Each stage's high-quality verdict (all 7 CVs and every school's 6-of-7 / 85 % rule)."""
    return {stage: bool(rep.high_quality_pass) for (stage, rep), _ in county_reports(patched)}


def parts_before_after(county, patched) -> dict[str, dict]:
    """Each part of the whole assessment as far as the table shows it, before and after the plan: its
    verdict, the items still failing after (the plan fixes the resource part only) and the items the
    table cannot show, which the county must still secure and declare."""
    from sim.assessment.balance import self_assessment

    before, after = (self_assessment(t, county_reports(t), None)["parts"] for t in (county, patched))
    return {part: {"before": before[part]["verdict"], "after": info["verdict"],
                   "failing": [k for k, v in info["items"].items() if v is not None and not v["ok"]],
                   "to_secure": [k for k, v in info["items"].items() if v is None]}
            for part, info in after.items()}


def next_year(patched, replicates: int, seed: int, scenario: str | None = None, params: dict | None = None) -> dict:
    """Shares of ``replicates`` simulated counties passing the high-quality test in the start year and
    the next, starting from ``patched`` under the status quo (``scenario``: another scenario's
    parameters, its policies removed; ``params``: the plan's, of which the model's are applied)."""
    from sim.data.scenario import load_scenario
    from sim.dynamics.params import MODEL_PARAMS
    from sim.experiments.forecast import run_forecast

    sets = [f"{k}={json.dumps(v)}" for k, v in (params or {}).items() if k in MODEL_PARAMS]  # JSON scalars are TOML
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "patched.csv")
        patched.frame().to_csv(path, index=False)
        try:
            start = load_scenario(scenario, schools=str(path), without=["all"]).start_year
            sc = load_scenario(scenario, schools=str(path), without=["all"], end_year=start + 1, overrides=sets)
            yearly = run_forecast(sc, replicates, seed, progress=False).yearly
        except InputError as e:  # name the table the plan writes (patched.csv), never the temporary copy
            raise e.renamed(str(path), "patched.csv") from None
    now, nxt = yearly[yearly["year"] == start], yearly[yearly["year"] == start + 1]
    rule = [c for c in nxt.columns if c.startswith("schools_meeting_rule_")]
    every_school = nxt[rule].sum(axis=1) == nxt[[c.replace("meeting_rule_", "") for c in rule]].sum(axis=1)
    return {"replicates": replicates, "seed": seed, "p_pass_start": float(now["high_quality_pass"].mean()),
            "p_pass_next_year": float(nxt["high_quality_pass"].mean()),
            "p_all_cvs_next_year": float(nxt["high_quality_cv_pass"].mean()),
            "p_every_school_rule_next_year": float(every_school.mean())}


#: The share of simulated next years a plan must pass (issue: P(pass) >= 0.8 the year after).
HOLDS = 0.8
#: Spare teachers tried, in order, when the user leaves the choice to the check.
SPARES = (1, 2, 3)


def simulation_gap(county) -> str:
    """Why a status-quo forecast cannot start from the table, naming the table and what it lacks
    ("" when it can)."""
    try:
        county.check_simulable()
    except InputError as e:
        return str(e)
    return ""


def simulable(county) -> bool:
    """Whether a status-quo forecast can start from the table (every count column and locations)."""
    return not simulation_gap(county)


def checked_plan(county, margin: float, spares, replicates: int, time_limit: float, county_wide: bool = False,
                 progress=None, params: dict | None = None, budget: float | None = None, merge_points: bool = False,
                 lang: str = "en"):
    """The cheapest plan that passes today and, where a forecast can run, a year on in at least
    ``HOLDS`` of ``replicates``: each number of spare teachers in ``spares`` is tried in turn and
    the first plan that holds is kept; when none holds, the last feasible one, with why. A plan
    costing more than ``budget`` yuan ends the search: the last one within it is kept, else the one
    without spare teachers, and ``checks['budget']`` says by how much it is over (``tried``: what
    the plans over it cost).

    ``county_wide``: teachers move anywhere in their stage, not only within their community;
    ``merge_points``: teaching points counted as schools may be merged (``points``); ``params``: the
    plan's parameters over their defaults (``optimise.default_params``). Returns
    ``(plan, checks)``; ``checks['tried']`` records every attempt."""
    from sim.planning.optimise import plan

    def checked(result, attempt):
        checks = {"passes_today": passes_today(result.patched), "parts": parts_before_after(county, result.patched)}
        if replicates and simulable(county):
            if progress:
                progress(say("pl_checking", lang, n=replicates))
            checks["next_year"] = next_year(result.patched, replicates, seed=0, params=params)
            attempt["p_pass_next_year"] = checks["next_year"]["p_pass_next_year"]
        return result, checks

    queue, best, dear, tried = list(spares), None, None, []
    while queue:
        k = queue.pop(0)
        if progress:
            progress(say("pl_trying", lang, margin=margin, spare=k))
        result = plan(county, margin, params=params, time_limit=time_limit, spare_teachers=k, county_wide=county_wide,
                      merge_points=merge_points)
        attempt = {"spare_teachers": k, "status": result.status, "cost_yuan": result.cost_yuan}
        tried.append(attempt)
        if result.patched is None:
            attempt["message"] = result.message
            if best is None and len(spares) > 1 and k != 0:
                queue = [0]  # not even one spare is possible: the plan without one, flagged by the check
                continue
            break
        if budget is not None and result.cost_yuan > budget:
            attempt["over_budget"] = True
            if best is not None:
                break
            if len(spares) > 1 and k != 0:
                dear = (result, attempt)  # kept if the plan without a spare cannot be had either
                queue = [0]  # the plan without a spare may fit the budget, flagged by the check
                continue
        best = checked(result, attempt)
        if attempt.get("p_pass_next_year", 1.0) >= HOLDS or k == 0 or attempt.get("over_budget"):
            break
    if best is None and dear is not None:
        best = checked(*dear)
    if best is None:
        return result, {"tried": tried}
    result, checks = best
    if budget is not None:
        checks["budget"] = {"yuan": budget, "over_by": max(0.0, result.cost_yuan - budget)}
    return result, {**checks, "tried": tried}
