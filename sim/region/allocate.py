"""Sharing a provincial programme's budget among counties, and how many pass by their target year.

A programme is one policy the province funds in every county: construction (``capital_programme``,
yuan a year), teacher posts (``recruitment``, posts a year) or allowances (``rural_allowance``,
yuan a year). A rule turns the budget into an amount per county; the amount becomes the policy's
parameter in that county's scenario, on top of the county's own policies (one programme, one
channel: nothing multiplies another policy). Rules:

- ``pro_rata``: in proportion to pupils;
- ``shortfall``: in proportion to the county's need (``need``: what closes its shortfall in the
  years money can still show by its target);
- ``closest``: counties not yet at the level, closest to passing first (status-quo P(pass) in their
  target year, from the search runs), each given its need until the budget is spent;
- ``optimised``: each county's P(pass in its target year) is simulated at 0, 1/2, 1, 2 and 4 times
  its pro-rata amount (the search, on seed + 1); an exact dynamic programme (a multiple-choice
  knapsack, costs rounded up to a grid of 1/(8n) of the budget) picks the level per county that
  maximises the expected number of counties passing without exceeding the budget.

Every rule is then evaluated on the same fresh replicates (seed): common random numbers, and no
rule is judged on the runs that chose it.
"""

import dataclasses
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from sim.assessment.observe import CONVENTIONS
from sim.data.errors import InputError
from sim.dynamics.resources import STANDARD_STOCKS, standard_need, unit_cost
from sim.region.choices import PROGRAMMES, RULES
from sim.region.projection import KEPT, project
from sim.region.timetable import assessed_year

#: Multiples of a county's pro-rata amount tried in the optimised rule's search.
SEARCH_LEVELS = (0.0, 0.5, 1.0, 2.0, 4.0)
#: Budget grid of the dynamic programme: 1 / (GRID_PER_COUNTY x counties) of the budget.
GRID_PER_COUNTY = 8
TEACHER_STANDARDS = ("teachers_above_degree", "backbone_teachers", "pe_art_teachers")
#: The id of the programme's policy in a county's scenario.
PROGRAMME_ID = "province_{}"


def rural_teachers(county) -> float:
    loc = np.array(county.location)
    return float(county.counts["teachers"][loc != "urban"].sum())


def base(programme: str, county) -> float:
    """What the programme's parameter is per: pupils (construction), one (posts), rural teachers (allowances)."""
    if programme == "construction":
        return float(county.enrollment.sum())
    return 1.0 if programme == "posts" else rural_teachers(county)


def parameter(programme: str, county, amount: float) -> float:
    """The policy parameter that spends ``amount`` a year in ``county`` (at the table's pupils and teachers)."""
    if programme == "posts":
        return float(np.floor(amount + 1e-9))
    per = base(programme, county)
    return amount / per if per else 0.0


def lead_years(programme: str) -> int:
    """School years before the programme's money shows in the indices: a capital project approved in
    a school year is in use ``lag_years`` later (its default); posts and allowances act at once."""
    from sim.policies import REGISTRY

    return REGISTRY["capital_programme"].PARAMS["lag_years"].default if programme == "construction" else 0


def need(programme: str, county, years: int, params: dict) -> float:
    """What closes the county's shortfall against the high-quality standards, a year over the
    ``years`` it has to act (0 when it has none: the money cannot arrive in time): construction,
    the cost at the county's unit costs (``params``) of its space, ground, equipment and room
    deficits; posts, the degree, backbone and PE/art teachers it lacks; allowances, the policy's
    default allowance for every township and village teacher."""
    from sim.policies import REGISTRY

    if years <= 0:
        return 0.0
    parts = SimpleNamespace(stage=county.stage, enrollment=county.enrollment)
    if programme == "construction":
        total = sum((np.maximum(0.0, standard_need(parts, k) - county.counts[k]) * unit_cost(params, k)).sum()
                    for k in STANDARD_STOCKS)
    elif programme == "posts":
        total = sum(np.maximum(0.0, standard_need(parts, k) - county.counts[k]).sum() for k in TEACHER_STANDARDS)
    else:
        return REGISTRY["rural_allowance"].PARAMS["allowance_yuan"].default * rural_teachers(county)
    return float(total) / years


def pro_rata(weights, budget: float) -> np.ndarray:
    """The budget in proportion to ``weights``; nothing at all when every weight is 0."""
    weights = np.asarray(weights, dtype=float)
    return budget * weights / weights.sum() if weights.sum() > 0 else np.zeros(weights.size)


def closest_first(p_status_quo: np.ndarray, needs: np.ndarray, budget: float, level: float) -> np.ndarray:
    """Counties below ``level``, the likeliest to pass first (then the smallest need), each given
    its need while the budget lasts; the last one funded gets what is left."""
    out, left = np.zeros(needs.size), budget
    below = np.flatnonzero(p_status_quo < level)
    for i in below[np.lexsort((needs[below], -p_status_quo[below]))]:
        out[i] = min(needs[i], left)
        left -= out[i]
        if left <= 0:
            break
    return out


def knapsack(p: np.ndarray, costs: np.ndarray, capacity: int) -> np.ndarray:
    """The level per county (columns of ``p``, counties x levels) maximising the sum of ``p`` with the
    sum of ``costs`` (whole grid units) within ``capacity``: exact, by dynamic programming."""
    n, m = p.shape
    best = np.full(capacity + 1, -np.inf)
    best[0] = 0.0
    choice = np.zeros((n, capacity + 1), dtype=np.int64)
    for c in range(n):
        options = np.full((m, capacity + 1), -np.inf)
        for j in range(m):
            k = costs[c, j]
            if k <= capacity:
                options[j, k:] = best[:capacity + 1 - k] + p[c, j]
        choice[c] = options.argmax(axis=0)
        best = options.max(axis=0)
    spent = int(np.argmax(best))
    picks = np.zeros(n, dtype=np.int64)
    for c in range(n - 1, -1, -1):
        picks[c] = choice[c, spent]
        spent -= costs[c, picks[c]]
    return picks


def whole(amounts: np.ndarray, budget: float) -> np.ndarray:
    """Whole units summing to at most the budget: floors, then one more to the largest remainders."""
    floor = np.floor(amounts + 1e-9)
    extra = int(np.floor(min(budget, amounts.sum()) - floor.sum() + 1e-9))
    floor[np.argsort(floor - amounts, kind="stable")[:max(0, extra)]] += 1
    return floor


def optimised(p: np.ndarray, share: np.ndarray, budget: float) -> np.ndarray:
    """Each county's amount: the multiple of its pro-rata share (``SEARCH_LEVELS``, the columns of
    ``p``) maximising the sum of ``p`` within the budget. Costs are rounded *up* to the grid, so the
    amounts chosen never sum above the budget."""
    unit = budget / (GRID_PER_COUNTY * share.size)
    amounts = np.outer(share, SEARCH_LEVELS)
    costs = np.ceil(amounts / unit - 1e-9).astype(np.int64)
    picks = knapsack(p, costs, GRID_PER_COUNTY * share.size)
    return amounts[np.arange(share.size), picks]


def with_programme(scenario, programme: str, county, amount: float) -> tuple[object, float, bool]:
    """The county's scenario with the programme funded at ``amount``; the parameter and whether it was
    capped at its documented range."""
    from sim.policies import REGISTRY

    prog = PROGRAMMES[programme]
    spec = REGISTRY[prog.policy].PARAMS[prog.param]
    value = parameter(programme, county, amount)
    capped = value > spec.high
    value = min(value, spec.high)
    if amount <= 0:
        return scenario, 0.0, False
    first, last = scenario.policy_years
    cfg = {prog.param: int(value) if isinstance(spec.default, int) else float(value)}
    policy = REGISTRY[prog.policy].from_config(cfg, f"programme {programme}", first, last)
    policy.id = PROGRAMME_ID.format(programme)
    return dataclasses.replace(scenario, policies=[*scenario.policies, policy]), value, capped


def programme_cost(programme: str) -> str:
    """The yearly row's column of the programme's yuan (the model books each policy as cost_<id>)."""
    return f"cost_{PROGRAMME_ID.format(programme)}"


def variant(county: str, amount: float) -> str:
    """The label of a county funded at ``amount``: exact (the float's repr), so no two amounts share one."""
    return f"{county}@{float(amount)!r}"


def passes_at_target(runs: pd.DataFrame, flag: str, targets: dict, start: int, end: int,
                     programme: str) -> pd.DataFrame:
    """Per label and replicate: whether the county passes in the year it is judged (its target), also
    with exchange teachers counted at host and at home (``pass_host``, ``pass_home``), and the
    programme's yuan booked a year on average over the projection."""
    judged = runs["county"].map(lambda c: assessed_year(targets, c, start, end))
    recounted = {f"{flag}_{c}": f"pass_{c}" for c in CONVENTIONS if f"{flag}_{c}" in runs}
    at = runs[runs["year"] == judged][["label", "county", "replicate", flag, *recounted]].rename(
        columns={flag: "pass", **recounted})
    cost = runs[programme_cost(programme)].astype(float).fillna(0.0)  # None where the county got nothing
    yearly = cost[runs["year"] > start].groupby([runs["label"], runs["replicate"]]).sum() / max(1, end - start)
    return at.merge(yearly.rename("booked_yuan").reset_index(), on=["label", "replicate"], how="left")


@dataclass
class Allocation:
    amounts: pd.DataFrame  # county x rule: amount, used, parameter, capped, need, booked yuan
    counties: pd.DataFrame  # county x rule: P(pass in the target year), also counted at host and at home
    rules: pd.DataFrame  # rule: counties passing (mean, sd, 10 % and 90 %; mean at host, at home), allocated, used, booked
    runs: pd.DataFrame  # label x replicate: pass in the target year (and at host, at home), booked yuan a year


def allocate(region, scenarios: dict, programme: str, budget: float, targets: dict, replicates: int,
             search_replicates: int, seed: int, flag: str, level: float, rules=RULES, executor="processes",
             workers=None, scheduler=None, progress=True, lang="en") -> Allocation:
    if programme not in PROGRAMMES:
        raise InputError.worded("key_choice", where="--programme", key="programme", options=", ".join(PROGRAMMES), value=repr(programme)[:80])
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise InputError.worded("key_choice", where="--rules", key="rules", options=", ".join(RULES), value=repr(unknown[0])[:80])
    if PROGRAMMES[programme].whole and budget != int(budget):
        raise InputError.worded("budget_whole", programme=programme, budget=budget)
    counties = region.counties
    first = next(iter(scenarios.values()))
    start, end = first.start_year, first.end_year
    acting = {c.county: assessed_year(targets, c.county, start, end) - start - lead_years(programme) for c in counties}
    pupils = np.array([c.enrollment.sum() for c in counties])
    needs = np.array([need(programme, c, acting[c.county], scenarios[c.county].params) for c in counties])
    share = pro_rata(pupils, budget)

    def variants(amounts: dict) -> dict:
        """``{label: scenario}`` of each county at each distinct amount, and their parameters."""
        out = {}
        for c in counties:
            for amount in sorted(set(amounts[c.county])):
                out[variant(c.county, amount)] = with_programme(scenarios[c.county], programme, c, amount)
        return out

    def run(amounts: dict, n: int, run_seed: int) -> pd.DataFrame:
        chosen = variants(amounts)
        runs = project({k: v[0] for k, v in chosen.items()}, n, run_seed, executor, workers, scheduler, progress,
                       kept=(*KEPT, programme_cost(programme)), lang=lang)
        return passes_at_target(runs, flag, targets, start, end, programme), chosen

    # the search: every county at each multiple of its pro-rata amount, on seed + 1
    needs_search = "optimised" in rules or "closest" in rules
    search_p = None
    if needs_search:
        levels = {c.county: [m * share[i] for m in (SEARCH_LEVELS if "optimised" in rules else (0.0,))]
                  for i, c in enumerate(counties)}
        found, _ = run(levels, search_replicates, seed + 1)
        p = found.groupby("label")["pass"].mean()
        search_p = np.array([[p[variant(c.county, a)] for a in levels[c.county]] for c in counties])
    plan = {"none": np.zeros(len(counties))}
    for rule in rules:
        if rule == "pro_rata":
            plan[rule] = share
        elif rule == "shortfall":
            plan[rule] = pro_rata(needs, budget)
        elif rule == "closest":
            plan[rule] = closest_first(search_p[:, 0], needs, budget, level)
        else:
            plan[rule] = optimised(search_p, share, budget)
    if PROGRAMMES[programme].whole:
        plan = {rule: whole(a, budget) for rule, a in plan.items()}
    amounts = {c.county: [plan[rule][i] for rule in plan] for i, c in enumerate(counties)}
    passed, chosen = run(amounts, replicates, seed)
    return _tables(region, programme, plan, chosen, passed, needs, pupils)


def _tables(region, programme: str, plan: dict, chosen: dict, passed: pd.DataFrame, needs, pupils) -> Allocation:
    """The allocation's tables. ``amount`` is what the rule gives a county, ``used`` what its policy
    parameter spends at the table's pupils or teachers (less where the parameter was capped, or a
    county has no rural teachers for an allowance); ``booked_yuan`` the programme's mean yearly cost
    in the runs (it falls as deficits close: no school is funded beyond its deficit)."""
    rows, per_county, totals = [], [], []
    ways = [c for c in ("pass", *(f"pass_{at}" for at in CONVENTIONS)) if c in passed]
    p = passed.groupby("label")[ways].mean()
    booked = passed.groupby("label")["booked_yuan"].mean()
    for rule, amounts in plan.items():
        labels = [variant(c.county, a) for c, a in zip(region.counties, amounts)]
        used = []
        for c, a, lab, nd, pp in zip(region.counties, amounts, labels, needs, pupils):
            _, value, capped = chosen[lab]
            used.append(value * base(programme, c))
            rows.append({"county": c.county, "rule": rule, "amount": a, "used": used[-1], "parameter": value,
                         "capped": capped, "need": nd, "pupils": int(pp), "booked_yuan": float(booked[lab])})
            per_county.append({"county": c.county, "rule": rule,
                               **{f"p_pass_target{way.removeprefix('pass')}": float(p.loc[lab, way]) for way in ways}})
        mine = passed[passed["label"].isin(labels)]
        count = mine.groupby("replicate")["pass"].sum()
        both = {f"counties_passing_mean{way.removeprefix('pass')}": float(mine.groupby("replicate")[way].sum().mean())
                for way in ways[1:]}  # exchange teachers counted at host and at home
        totals.append({"rule": rule, "counties_passing_mean": float(count.mean()), **both,
                       "counties_passing_sd": float(count.std(ddof=1)) if count.size > 1 else 0.0,
                       "counties_passing_p10": float(count.quantile(0.1)),
                       "counties_passing_p90": float(count.quantile(0.9)),
                       "allocated": float(np.sum(amounts)), "used": float(np.sum(used)),
                       "booked_yuan": float(booked[labels].sum()), "counties_funded": int((amounts > 0).sum())})
    return Allocation(pd.DataFrame(rows), pd.DataFrame(per_county), pd.DataFrame(totals), passed)
