"""The pathway to the target year: the cheapest schedule of the plan's actions and the policy levers
that passes the whole assessment in the target year and the two after, in enough plausible futures
(docs/model.md 15).

The search (why this optimiser, docs/model.md 15): for each margin, number of spare teachers and size
headroom, the plan's MILP (``optimise.plan``) chooses the start year's actions exactly, and music and
art rooms are built where short (``rooms``); around it, a branch-and-bound enumeration of the lever
lattice (those three, the exchange rate and the yearly upkeep), each candidate run on the same
futures (common random numbers), candidates taken cheapest plan first and skipped once their plan
alone costs more than the cheapest schedule that already holds. On a lattice this small the
enumeration is exact; an evolutionary search would only approximate it.

The simulation starts from the table after all the start year's actions: an action's lead time
decides whether it counts by the target year (a capped one that would not is switched off; any other
marks the plan late) and when its cost falls, not the year the simulation first sees it, so the
years before the target year are drawn optimistic.
"""

import itertools
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from sim.assessment.whole import ok_columns
from sim.planning.futures import CONVENTION, future_seeds
from sim.planning.levers import LEVERS, PLAN_LEVERS
from sim.wording import say

#: The years after the target year the county must still pass in (the target year and two after).
HOLD_YEARS = 2
#: Actions whose cost recurs every year once they count (salaries, allowances, transport); the rest are one-off.
RECURRING = ("move_teacher", "transfer", "designate", "hire", "hire_new_post", "merge_point")
#: The four parts of the whole assessment, as the yearly rows name them.
PARTS = ("resources", "government", "quality", "recognition")
EXCHANGE, UPKEEP, CAPITAL, INTAKE = "teacher_exchange", "standards_upkeep", "capital_programme", "intake_cap"
#: The capital programme's yearly budget when the upkeep is on: the top of its documented range, so that
#: every deficit is bought (it spends on deficits only, so the cost is the deficits').
CAPITAL_ALL = 3000.0


@dataclass
class Outcome:
    """One candidate schedule run on every future (``status`` "run"), or why it was not."""

    levers: dict
    plan_cost: float = float("nan")  # the start year's actions over the horizon (one-off and recurring), yuan
    policy_cost: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per future, over the horizon, yuan
    passes: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), bool))  # (future, year): whole assessment
    parts: dict = field(default_factory=dict)  # part -> (future, year) passed
    items: pd.DataFrame = field(default_factory=pd.DataFrame)  # share of futures failing each item, by year
    policy_by_year: pd.Series = field(default_factory=pd.Series)  # mean policy cost by year, yuan
    status: str = "run"  # run | pruned | no plan | late
    message: str = ""

    @property
    def cost(self) -> np.ndarray:
        """Per future: the whole schedule's cost over the horizon."""
        return self.plan_cost + self.policy_cost

    def held(self, judged: slice) -> np.ndarray:
        """Per future: passed in every judged year."""
        return self.passes[:, judged].all(axis=1)


@dataclass
class Pathway:
    chosen: Outcome | None
    outcomes: list
    futures: pd.DataFrame
    years: list
    by: int
    level: float
    actions: dict = field(default_factory=dict)  # plan levers (PLAN_LEVERS order) -> the start year's actions
    tables: dict = field(default_factory=dict)  # plan levers -> the table after those actions (schema form)
    plan_params: dict = field(default_factory=dict)  # the plan's parameters over their defaults
    seconds: float = 0.0

    @property
    def judged(self) -> slice:
        return slice(self.years.index(self.by), None)

    def p_hold(self, out: Outcome) -> float:
        return float(out.held(self.judged).mean()) if out.status == "run" else float("nan")

    @staticmethod
    def plan_key(out: Outcome) -> tuple:
        """The key of ``out``'s plan in ``actions`` and ``tables``: its plan levers, in PLAN_LEVERS order."""
        return tuple(out.levers[k] for k in PLAN_LEVERS)


def horizon_cost(actions: pd.DataFrame, start: int, last: int, plan_params: dict | None = None) -> pd.DataFrame:
    """Each action's cost by school year: one-off in the decision year (``start``), recurring ones every
    year from the year they count (start + 1 + lead time) through ``last``; a new post's one-off part
    (``new_post_yuan`` a post, in ``plan_params`` over the defaults) in the decision year only."""
    from sim.planning.optimise import default_params

    new_post = default_params(plan_params)["new_post_yuan"]
    rows = []
    for a in actions.itertuples(index=False):
        counts_from = start + 1 + int(a.lead_years)
        once = a.quantity * new_post if a.action == "hire_new_post" else 0.0
        if a.action in RECURRING:
            rows += [{"year": y, "action": a.action, "cost_yuan": a.cost_yuan - once}
                     for y in range(counts_from, last + 1)]
        if a.action not in RECURRING or once:
            rows.append({"year": start, "action": a.action, "cost_yuan": a.cost_yuan if not once else once})
    return pd.DataFrame(rows, columns=["year", "action", "cost_yuan"])


def scenario_raw(base: dict, table: str, levers: dict, end_year: int) -> dict:
    """The base scenario on ``table``, run to ``end_year``. With an ``exchange_rate`` lever, the exchange
    policy at that rate, swapping like for like where no member needs a teacher; with ``upkeep`` on, the
    yearly re-plan: ``standards_upkeep`` at the plan's margin and the capital programme free to buy
    every deficit against the same margin (its budget at the top of its range; it spends only on
    deficits), and town schools' intake capped at the size limit less the plan's headroom; each added from
    the start year when the base has none. The base's other policies as they are."""
    start = int(base["start_year"])
    policies = [dict(p) for p in base.get("policies", [])]
    wanted = {}
    if "exchange_rate" in levers:
        wanted[EXCHANGE] = {"rate": levers["exchange_rate"], "swap_unplaced": True}
    if levers.get("upkeep"):
        wanted[UPKEEP] = {"margin": levers.get("margin", 0.0)}
        wanted[CAPITAL] = {"budget_yuan_per_pupil": CAPITAL_ALL, "margin": levers.get("margin", 0.0)}
        wanted[INTAKE] = {"headroom": levers.get("size_headroom", 0.0)}
    for kind, values in wanted.items():
        if not any(p.get("type") == kind for p in policies):
            policies.append({"type": kind, "start": start})
        for p in policies:
            if p.get("type") == kind:
                p.update(values)
    return {**base, "schools": table, "end_year": end_year, "policies": policies}


@dataclass
class Runner:
    """Where a schedule's futures run (``sim.experiments.executors``): each future carries its own
    stream, so the outcome is the same on any executor and any number of workers."""

    executor: str = "serial"
    workers: int = 1
    scheduler: str | None = None


def run_future(task) -> tuple[int, list[dict]]:
    """One future's yearly rows (a module-level function: pool workers run it)."""
    k, scenario, drawn, stream = task
    from sim.dynamics.model import CountyModel

    return k, CountyModel(replace(scenario, params={**scenario.params, **drawn}), seed=stream).run()


def run_futures(scenario, futures: pd.DataFrame, seed: int, runner: Runner | None = None) -> list[list[dict]]:
    """Each future's yearly rows, in the futures' order: the scenario with the future's parameters, on
    the future's stream."""
    from sim.experiments.executors import map_tasks

    runner = runner or Runner()
    tasks = [(k, scenario, {key: v.item() if hasattr(v, "item") else v for key, v in futures.iloc[k].items()
                            if key != CONVENTION}, stream)
             for k, stream in enumerate(future_seeds(seed, len(futures)))]
    workers = min(runner.workers, len(tasks))
    executor = "serial" if workers <= 1 and runner.executor == "processes" else runner.executor
    done = dict(map_tasks(run_future, tasks, executor, workers, runner.scheduler))
    return [done[k] for k in range(len(tasks))]


def outcome_of(runs, futures: pd.DataFrame, years: list, levers: dict, plan_cost: float) -> Outcome:
    """The pass flags and costs of one candidate's runs, each future counted under its own convention."""
    at = futures[CONVENTION].to_numpy()
    rows = [{r["year"]: r for r in run} for run in runs]

    def flag(key, by_convention=False):
        return np.array([[bool(rw[y][f"{key}_{at[k]}" if by_convention else key]) for y in years]
                         for k, rw in enumerate(rows)])

    parts = {"resources": flag("pass_resources", True), **{p: flag(f"pass_{p}") for p in PARTS[1:]}}
    def item_ok(k, future, year):  # an item that reads teacher counts, under the future's own counting
        row = rows[future][year]
        return row.get(f"{k}_{at[future]}", row[k])

    items = sorted(ok_columns(runs[0][0]))
    fail = pd.DataFrame({y: [1 - np.mean([item_ok(k, f, y) for f in range(len(rows))]) for k in items]
                         for y in years}, index=[k.removeprefix("ok_") for k in items])
    by_year = pd.Series({y: np.mean([rw[y]["policy_cost_yuan"] for rw in rows]) for y in years[1:]})
    policy = np.array([sum(rw[y]["policy_cost_yuan"] for y in years[1:]) for rw in rows])
    return Outcome(dict(levers), plan_cost, policy, flag("assessment_pass", True), parts, fail, by_year)


def evaluate(base_raw: dict, table_path: str, levers: dict, plan_cost: float, futures: pd.DataFrame, seed: int,
             years: list, runner: Runner | None = None) -> Outcome:
    """One schedule (the table after its actions, the policy levers) run on every future."""
    from sim.data.scenario import parse_scenario

    scenario = parse_scenario(scenario_raw(base_raw, table_path, levers, years[-1]), str(base_raw.get("name")), "")
    return outcome_of(run_futures(scenario, futures, seed, runner), futures, years, levers, plan_cost)


def schedule_run(table, base_raw: dict, levers: dict, by: int, futures: pd.DataFrame, seed: int,
                 plan_params=None, time_limit: float = 60.0, runner: Runner | None = None
                 ) -> tuple[Outcome, pd.DataFrame, object]:
    """One lattice point planned and run on ``futures``: the outcome, the actions, the table after them
    (the check of a chosen schedule on fresh futures, and of a reference)."""
    years = list(range(int(base_raw["start_year"]), by + HOLD_YEARS + 1))
    patched, actions, why = start_actions(table, *(levers[k] for k in PLAN_LEVERS), plan_params, time_limit,
                                          by - years[0])
    if patched is None:
        return Outcome(dict(levers), status="no plan", message=why), pd.DataFrame(), None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "patched.csv")
        patched.frame().to_csv(path, index=False)
        cost = float(horizon_cost(actions, years[0], years[-1], plan_params)["cost_yuan"].sum())
        return evaluate(base_raw, str(path), levers, cost, futures, seed, years, runner), actions, patched


#: The plan's capped actions and the limit that switches each off when its lead time is too long.
TIMED_CAPS = {"upgrade": "upgrade_cap_share", "train_backbone": "backbone_train_share",
              "hire_new_post": "new_post_share"}


def start_actions(table, margin: float, spare: int, headroom: float, plan_params, time_limit: float,
                  years_left: int | None = None):
    """The start year's actions for ``margin``, ``spare`` teachers and a size ``headroom``: the plan's,
    then the rooms it leaves out; with the table after them, or ``(None, None, why)``. Capped actions
    that would count only after ``years_left`` school years are left out of the plan."""
    from sim.planning.costs import lead_years
    from sim.planning.optimise import default_params, plan
    from sim.planning.rooms import room_actions

    plan_params = {**(plan_params or {}), "size_headroom": headroom}
    if years_left is not None:
        p = default_params(plan_params)
        plan_params |= {cap: 0.0 for action, cap in TIMED_CAPS.items() if 1 + lead_years(action, p) > years_left}
    result = plan(table, margin, params=plan_params, time_limit=time_limit, spare_teachers=spare)
    if result.patched is None:
        return None, None, result.message
    patched, rooms = room_actions(result.patched, margin, default_params(plan_params)["cost_space_yuan_m2"])
    if len(rooms):
        rooms["lead_years"] = 1
    actions = pd.concat([result.actions, rooms], ignore_index=True) if len(rooms) else result.actions
    return patched, actions, ""


def search(table, base_raw: dict, by: int, futures: pd.DataFrame, seed: int, level: float = 0.8,
           levers: dict | None = None, plan_params: dict | None = None, time_limit: float = 60.0,
           progress=None, runner: Runner | None = None, cache=None) -> Pathway:
    """The cheapest point of the lattice ``levers`` (default ``LEVERS``; without ``exchange_rate`` the
    scenario's exchange policy, if any, is left as it is) whose whole assessment holds from ``by``
    through ``by + HOLD_YEARS`` in at least ``level`` of ``futures`` (``chosen`` None when none does);
    every candidate is kept. Plans and
    outcomes found in ``cache`` (``pathway_cache.Cache``) are taken from it, new ones stored there.
    ``progress(key, **fields)`` hears each step as a message key of ``sim.wording`` and its fields."""
    from sim.planning.optimise import lang_of
    from sim.planning.pathway_cache import Cache

    cache = cache or Cache(None, {})
    t0 = time.monotonic()
    lattice = dict(LEVERS if levers is None else levers)
    start, last = int(base_raw["start_year"]), by + HOLD_YEARS
    pathway = Pathway(None, [], futures, list(range(start, last + 1)), by, level, plan_params=plan_params or {})
    plans = {}
    names = [k for k in lattice if k not in PLAN_LEVERS]
    with tempfile.TemporaryDirectory() as tmp:
        for key in itertools.product(*(lattice[k] for k in PLAN_LEVERS)):
            if progress:
                progress("pw_planning", margin=key[0], spare=key[1], headroom=key[2])
            found = cache.plan(key)
            if found is None:
                patched, actions, why = start_actions(table, *key, plan_params, time_limit, by - start)
                path = cache.save_plan(key, patched, actions, why)
                if patched is not None and path is None:
                    path = Path(tmp, f"patched-{len(plans)}.csv")
                    patched.frame().to_csv(path, index=False)
            else:
                path, actions, why = found
            if path is None:
                plans[key] = (None, float("inf"), why)
                continue
            pathway.actions[key], pathway.tables[key] = actions, pd.read_csv(path)
            late = actions[start + 1 + actions["lead_years"] > by]
            plans[key] = (path, float(horizon_cost(actions, start, last, plan_params)["cost_yuan"].sum()),
                          say("pw_late", lang_of(table), n=len(late), by=by) if len(late) else "")
        for key in sorted(plans, key=lambda k: plans[k][1]):  # cheapest plan first
            path, plan_cost, why = plans[key]
            for values in itertools.product(*(lattice[k] for k in names)):
                point = {**dict(zip(PLAN_LEVERS, key)), **dict(zip(names, values))}
                if path is None or why:
                    pathway.outcomes.append(Outcome(point, plan_cost, status="no plan" if path is None else "late",
                                                    message=why))
                    continue
                best = pathway.chosen
                if best is not None and plan_cost >= best.cost.mean():
                    pathway.outcomes.append(Outcome(point, plan_cost, status="pruned",
                                                    message=say("pw_pruned", lang_of(table))))
                    continue
                if progress:
                    progress("pw_running", point=point, n=len(futures))
                out = cache.outcome(point)
                if out is None:
                    out = evaluate(base_raw, str(path), point, plan_cost, futures, seed, pathway.years, runner)
                    cache.save_outcome(out)
                pathway.outcomes.append(out)
                if pathway.p_hold(out) >= level and (best is None or out.cost.mean() < best.cost.mean()):
                    pathway.chosen = out
    pathway.seconds = time.monotonic() - t0
    return pathway
