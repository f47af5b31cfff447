"""Budgets buy resources (docs/model.md, Submodel 6): deficits against the standards first."""

import numpy as np

from sim.standards import STAGES, STANDARDS

#: The physical stocks the 2017 method sets a standard for, with their unit-cost parameter.
STANDARD_STOCKS = {
    "teaching_space_m2": "cost_space_yuan_m2",
    "sports_area_m2": "cost_sports_yuan_m2",
    "equipment_yuan": None,  # counted in yuan already
    "multimedia_rooms": "cost_multimedia_room_yuan",
}
#: What is left after the deficits are met is spent in these shares.
SURPLUS_SHARES = {"equipment_yuan": 0.5, "computers": 0.25, "books": 0.25}
SURPLUS_COST = {"equipment_yuan": None, "computers": "cost_computer_yuan", "books": "cost_book_yuan"}


def unit_cost(params, name) -> float:
    return 1.0 if name is None else params[name]


def yearly_budgets(schools, params) -> np.ndarray:
    """Money each school has for resources this year (yuan); small schools are funded as 100 pupils."""
    rate = np.where(schools.stage == 0, params["resource_budget_primary"], params["resource_budget_junior"])
    return rate * np.maximum(schools.enrollment, params["budget_floor_pupils"])


def standard_need(schools, key) -> np.ndarray:
    """Amount of a stock each school needs to meet its stage's standard at today's enrollment."""
    per = 100.0 if key == "multimedia_rooms" else 1.0
    std = np.array([STANDARDS[st][key] for st in STAGES])[schools.stage] / per
    return std * schools.enrollment


def deficit_costs(schools, params) -> dict[str, np.ndarray]:
    """Cost (yuan) of bringing each standard stock up to the standard, per school."""
    return {k: np.maximum(0.0, standard_need(schools, k) - schools.stocks[k]) * unit_cost(params, c)
            for k, c in STANDARD_STOCKS.items()}


def depreciate(schools, params):
    st, p = schools.stocks, params
    st["equipment_yuan"] *= 1.0 - p["depreciation_equipment"]
    st["computers"] *= 1.0 - p["depreciation_digital"]
    st["multimedia_rooms"] *= 1.0 - p["depreciation_digital"]
    st["books"] *= 1.0 - p["depreciation_books"]


def spend(schools, budget, params):
    """Spend ``budget``: close deficits in proportion to their cost, then buy the surplus mix."""
    costs = deficit_costs(schools, params)
    total = sum(costs.values())
    covered = np.divide(budget, total, out=np.ones_like(budget), where=total > 0).clip(max=1.0)
    for key, cost_name in STANDARD_STOCKS.items():
        schools.stocks[key] += costs[key] * covered / unit_cost(params, cost_name)
    surplus = np.maximum(0.0, budget - total)
    for key, share in SURPLUS_SHARES.items():
        schools.stocks[key] += surplus * share / unit_cost(params, SURPLUS_COST[key])
