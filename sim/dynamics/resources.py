"""Money and what it buys (docs/model.md, 6.1-6.2): recurrent public funds renew equipment and
digital stocks, deficits against the standards first; only capital programmes build teaching
space and sports grounds (sim/policies/capital.py)."""

import numpy as np

from sim.assessment.standards import HIGH_QUALITY, STAGES, STANDARDS

#: The physical stocks the 2017 method sets a standard for, with their unit-cost parameter.
STANDARD_STOCKS = {
    "teaching_space_m2": "cost_space_yuan_m2",
    "sports_area_m2": "cost_sports_yuan_m2",
    "equipment_yuan": None,  # counted in yuan already
    "multimedia_rooms": "cost_multimedia_room_yuan",
}
PER = {ind.key: float(ind.per) for ind in HIGH_QUALITY}  # standards are per pupil or per 100 pupils
#: Stocks only construction adds to (capital programmes); recurrent funds cannot build.
BUILT = ("teaching_space_m2", "sports_area_m2")
#: Stocks recurrent funds buy and renew, with the parameter of their yearly loss.
RENEWABLE = {"equipment_yuan": "depreciation_equipment", "multimedia_rooms": "depreciation_digital",
             "computers": "depreciation_digital", "books": "depreciation_books"}
UNIT_COST = {**STANDARD_STOCKS, "computers": "cost_computer_yuan", "books": "cost_book_yuan"}
#: What is left after deficits and renewal is spent in these shares.
SURPLUS_SHARES = {"equipment_yuan": 0.5, "computers": 0.25, "books": 0.25}


def unit_cost(params, key) -> float:
    name = UNIT_COST[key]
    return 1.0 if name is None else params[name]


def yearly_budgets(schools, params, launch_per_pupil: dict[str, np.ndarray]) -> np.ndarray:
    """Recurrent funds each school spends on equipment, digital stocks and books this year (yuan),
    by ``recurrent_funding``: "renewal", what renews its launch stock per pupil at today's pupils
    (the status quo keeps what each school has); "benchmark", the public-funds benchmark per pupil
    (small schools funded as ``budget_floor_pupils``) times the share that goes to these stocks.
    A closed school gets none."""
    if params["recurrent_funding"] == "renewal":
        return sum(params[rate] * launch_per_pupil[key] * schools.enrollment * unit_cost(params, key)
                   for key, rate in RENEWABLE.items()) * schools.open
    rate = np.where(schools.stage == 0, params["public_funds_primary"], params["public_funds_junior"])
    pupils = np.maximum(schools.enrollment, params["budget_floor_pupils"])
    return rate * pupils * params["public_funds_resource_share"] * schools.open


def stock_per_pupil(schools) -> dict[str, np.ndarray]:
    """Each renewable stock per pupil, per school: what "renewal" funding keeps."""
    pupils = np.maximum(schools.enrollment, 1.0)
    return {key: schools.stocks[key] / pupils for key in RENEWABLE}


def standard_need(schools, key) -> np.ndarray:
    """Amount of indicator ``key`` (a stock, or teachers) each school needs to meet its stage's
    standard at today's enrollment."""
    std = np.array([STANDARDS[st][key] for st in STAGES])[schools.stage] / PER[key]
    return std * schools.enrollment


def deficit_costs(schools, params, keys=tuple(STANDARD_STOCKS)) -> dict[str, np.ndarray]:
    """Cost (yuan) of bringing each standard stock in ``keys`` up to the standard, per school."""
    return {k: np.maximum(0.0, standard_need(schools, k) - schools.stocks[k]) * unit_cost(params, k) for k in keys}


def recurrent_needs(schools, params) -> np.ndarray:
    """What recurrent funds are first spent on: the cost of the equipment and multimedia deficits."""
    return sum(deficit_costs(schools, params, tuple(k for k in STANDARD_STOCKS if k not in BUILT)).values())


def depreciate(schools, params) -> dict[str, np.ndarray]:
    """Renewable stocks lose their yearly share; returns their levels before the loss."""
    before = {k: schools.stocks[k].copy() for k in RENEWABLE}
    for key, rate in RENEWABLE.items():
        schools.stocks[key] *= 1.0 - params[rate]
    return before


def spend(schools, budget, params, before):
    """Spend ``budget`` in three tiers, each shared in proportion to its cost: the equipment and
    multimedia deficits against the standards and the renewal of what was lost this year (up to
    the level ``before`` it), deficits first under "benchmark" funding, renewal first under
    "renewal" funding; then the surplus mix."""
    st = schools.stocks
    deficits = deficit_costs(schools, params, tuple(k for k in STANDARD_STOCKS if k not in BUILT))
    floor = {k: np.maximum(st[k], standard_need(schools, k)) if k in deficits else st[k] for k in RENEWABLE}
    renewal = {k: np.maximum(0.0, before[k] - floor[k]) * unit_cost(params, k) for k in RENEWABLE}
    left = budget.copy()
    tiers = (deficits, renewal) if params["recurrent_funding"] == "benchmark" else (renewal, deficits)
    for tier in tiers:
        total = sum(tier.values())
        covered = np.divide(left, total, out=np.ones_like(left), where=total > 0).clip(max=1.0)
        for key, cost in tier.items():
            st[key] += cost * covered / unit_cost(params, key)
        left = np.maximum(0.0, left - total * covered)
    for key, share in SURPLUS_SHARES.items():
        st[key] += left * share / unit_cost(params, key)
