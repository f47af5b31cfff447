"""The plan as a director reads it: a summary (status, cost by kind, the tests before and after, the
risk a year on) and, school by school, who gives and who receives teachers and what is built."""

import numpy as np
import pandas as pd

from sim.assessment.standards import HIGH_QUALITY, STAGES
from sim.dynamics.resources import unit_cost

#: The plan's kinds of action that cost, in the order the summary gives their costs (a ``transfer``,
#: teachers following their pupils, and a ``rezone``, a catchment change, cost nothing).
ACTIONS = ("move_teacher", "hire", "hire_new_post", "designate", "train_backbone", "upgrade", "buy", "build",
           "build_hall", "open_school", "merge_point")
#: Actions paid once for things: a school's works and purchases.
WORKS = ("buy", "build", "build_hall", "open_school")

def summary_rows(result, checks: dict) -> list[tuple[str, str, object]]:
    """(item, stage or part or "", value) rows, worded by ``sim.wording`` (``plan_<item>``): a
    stage's rows say whether its 7 CVs are within their thresholds before and after the plan and
    whether the patched table passes today; a part's, its verdict before and after, what still fails
    and what the county must still secure; ``next_year`` is the share of simulated next years still
    passing with its standard error, or why the check did not run."""
    costs = result.actions.groupby("action")["cost_yuan"].sum() if len(result.actions) else pd.Series(dtype=float)
    rows = [("status", "", result.status), ("cost_yuan", "", round(result.cost_yuan, 2))]
    if "simple_rule_yuan" in checks:
        rows.append(("simple_rule_yuan", "", round(checks["simple_rule_yuan"], 2)))
    rows += [(f"cost_{action}", "", round(float(costs.get(action, 0.0)), 2)) for action in ACTIONS]
    rows += [("spare_teachers", "", result.spare_teachers), ("margin", "", result.margin)]
    for stage, g in result.cvs.groupby("stage", sort=False) if len(result.cvs) else ():
        rows.append(("cvs_before", stage, bool((g["cv_before"] <= g["limit"]).all())))
        rows.append(("cvs_after", stage, bool((g["cv_after"] <= g["limit"]).all())))
    rows += [("passes_today", stage, ok) for stage, ok in checks.get("passes_today", {}).items()]
    for part, v in checks.get("parts", {}).items():  # the whole assessment, as far as the table shows it
        rows.append(("part", part, (v["before"], v["after"])))
        if v["failing"]:
            rows.append(("part_failing", part, ", ".join(v["failing"])))
        if v["to_secure"]:
            rows.append(("part_to_secure", part, ", ".join(v["to_secure"])))
    nxt = checks.get("next_year")
    if isinstance(nxt, dict):
        p, n = nxt["p_pass_next_year"], nxt["replicates"]
        rows.append(("next_year", "", f"{p:.2f} ± {(p * (1 - p) / n) ** 0.5:.2f} (n = {n})"))
    elif nxt:
        rows.append(("next_year", "", str(nxt)))
    return rows


def by_school(actions: pd.DataFrame) -> pd.DataFrame:
    """One row per school part the plan touches: teachers it receives and gives (moved, or following
    pupils to a new school), pupils a new school or a merged teaching point's parent takes, hires, backbone designations, degree upgrades,
    and the yuan of works and purchases it gets."""
    columns = ["school", "stage", "teachers_received", "teachers_given", "pupils_received", "teachers_hired",
               "backbone_designated", "degrees_upgraded", "works_yuan"]
    if not len(actions):
        return pd.DataFrame(columns=columns)

    def total(kinds, column="quantity", at="school"):
        rows = actions[actions["action"].isin(kinds)]
        return rows.groupby([at, "stage"])[column].sum().rename_axis(["school", "stage"])

    people = ("move_teacher", "transfer")
    out = pd.concat({"teachers_received": total(people), "teachers_given": total(people, at="from_school"),
                     "pupils_received": total(["open_school", "rezone", "merge_point"]), "teachers_hired": total(["hire", "hire_new_post"]),
                     "backbone_designated": total(["designate", "train_backbone"]), "degrees_upgraded": total(["upgrade"]),
                     "works_yuan": total(WORKS, "cost_yuan")}, axis=1)
    return out.reindex(columns=columns[2:]).fillna(0.0).reset_index()[columns]


def simple_rule_cost(county, params: dict, spare: int = 0) -> float:
    """What the simple rule costs, a year's worth for people and once for works: a new school for each
    site over the size limit as the plan opens them (``sites.open_schools``), then every school below a
    standard brought up to it on its own (``spare`` teachers of each kind beyond it, as the plan keeps),
    hiring degree and PE/art teachers (a year's salary each), designating backbone teachers (a year's
    allowance each), laying sports ground on the land the site has and building a hall for the rest,
    and building or buying the rest at the unit costs (the shortfalls of ``edusim report``). The plan's
    cost is printed beside it."""
    from sim.assessment.gap_report import gap_report
    from sim.planning.sites import open_schools, spare_land

    county, opened, new = open_schools(county, params)
    short = gap_report(county).shortfalls
    teachers = (short["unit"] == "teachers").to_numpy()
    per = short["indicator"].map({i.key: i.per for i in HIGH_QUALITY}).to_numpy()
    deficit = (short["standard"] - short["value"]).to_numpy() * short["enrollment"].to_numpy() / per
    short.loc[teachers, "shortfall"] = np.maximum(np.ceil(deficit[teachers] - 1e-9) + spare, 0.0)
    price = {"teachers_above_degree": params["salary_yuan"], "pe_art_teachers": params["salary_yuan"],
             "backbone_teachers": params["designation_yuan"]}
    price.update({key: unit_cost(params, key) for key in set(short["indicator"]) - set(price)})
    cost = short["shortfall"] * short["indicator"].map(price)
    where = {(school, stage): i for i, (school, stage) in enumerate(zip(county.school, county.stage))}
    land = spare_land(county, new)[[where[(x, STAGES.index(st))] for x, st in zip(short["school"], short["stage"])]]
    sports = (short["indicator"] == "sports_area_m2").to_numpy()
    hall = np.maximum(short["shortfall"].to_numpy() - land, 0.0) * sports
    cost += hall * (params["cost_sports_hall_yuan_m2"] - unit_cost(params, "sports_area_m2"))
    return float(cost.sum() + sum(a["cost_yuan"] for a in opened))
