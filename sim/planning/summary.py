"""The plan as a director reads it: a summary (status, cost by kind, the tests before and after, the
risk a year on) and, school by school, who gives and who receives teachers and what is built."""

import pandas as pd

from sim.dynamics.resources import unit_cost

#: The plan's kinds of action, in the order the summary gives their costs.
ACTIONS = ("move_teacher", "hire", "designate", "buy")

def summary_rows(result, checks: dict) -> list[tuple[str, str, object]]:
    """(item, stage or "", value) rows, worded by the app (sim.app.lang, ``plan_<item>``): a stage's rows say whether its 7 CVs are within their
    thresholds before and after the plan and whether the patched table passes today; ``next_year``
    is the share of simulated next years still passing with its standard error, or why the check
    did not run."""
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
    nxt = checks.get("next_year")
    if isinstance(nxt, dict):
        p, n = nxt["p_pass_next_year"], nxt["replicates"]
        rows.append(("next_year", "", f"{p:.2f} ± {(p * (1 - p) / n) ** 0.5:.2f} (n = {n})"))
    elif nxt:
        rows.append(("next_year", "", str(nxt)))
    return rows


def by_school(actions: pd.DataFrame) -> pd.DataFrame:
    """One row per school part the plan touches: teachers it receives and gives, hires, backbone
    designations, and the yuan of works and purchases it gets."""
    columns = ["school", "stage", "teachers_received", "teachers_given", "teachers_hired", "backbone_designated",
               "works_yuan"]
    if not len(actions):
        return pd.DataFrame(columns=columns)

    def total(action, column="quantity", at="school"):
        rows = actions[actions["action"] == action]
        return rows.groupby([at, "stage"])[column].sum().rename_axis(["school", "stage"])

    out = pd.concat({"teachers_received": total("move_teacher"), "teachers_given": total("move_teacher", at="from_school"),
                     "teachers_hired": total("hire"), "backbone_designated": total("designate"),
                     "works_yuan": total("buy", "cost_yuan")}, axis=1)
    return out.fillna(0.0).reset_index()[columns]


def simple_rule_cost(county, params: dict) -> float:
    """What the simple rule costs, a year's worth for people and once for works: every school below
    a standard is brought up to it on its own, hiring degree and PE/art teachers (a year's salary
    each), designating backbone teachers (a year's allowance each) and building or buying the rest
    at the unit costs (the shortfalls of ``edusim report``). The plan's cost is printed beside it."""
    from sim.assessment.gap_report import gap_report

    short = gap_report(county).shortfalls
    price = {"teachers_above_degree": params["salary_yuan"], "pe_art_teachers": params["salary_yuan"],
             "backbone_teachers": params["designation_yuan"]}
    price.update({key: unit_cost(params, key) for key in set(short["indicator"]) - set(price)})
    return float((short["shortfall"] * short["indicator"].map(price)).sum())
