"""How sure a pathway is, and what breaks it: the share of futures it holds in, its cost's regret
against the best schedule of each future, the Pareto front of cost against that share, the
parameter ranges where it fails (scenario discovery) and the cheapest change that recovers them."""

import numpy as np
import pandas as pd

from sim.planning.futures import CONVENTION


def candidates_table(pathway) -> pd.DataFrame:
    """One row per lattice point: its levers, status, mean costs, share of futures held, regret."""
    run = [o for o in pathway.outcomes if o.status == "run"]
    best = best_per_future(pathway)
    rows = []
    for o in pathway.outcomes:
        row = {**o.levers, "status": o.status, "plan_cost_yuan": o.plan_cost, "message": o.message}
        if o.status == "run":
            held = o.held(pathway.judged)
            regret = regrets(pathway, o, best)
            row |= {"policy_cost_yuan": float(o.policy_cost.mean()), "cost_yuan": float(o.cost.mean()),
                    "p_hold": float(held.mean()),
                    "median_regret_yuan": float(np.nanmedian(regret)) if held.any() else np.nan,
                    "max_regret_yuan": float(np.nanmax(regret)) if held.any() else np.nan}
        rows.append(row)
    table = pd.DataFrame(rows)
    for column in ("policy_cost_yuan", "cost_yuan", "p_hold", "median_regret_yuan", "max_regret_yuan"):
        if column not in table:
            table[column] = np.nan
    table["pareto"] = False
    if run:
        ran = table["status"] == "run"
        table.loc[ran, "pareto"] = pareto(table.loc[ran, "cost_yuan"].to_numpy(), table.loc[ran, "p_hold"].to_numpy())
    table["chosen"] = [o is pathway.chosen for o in pathway.outcomes]
    return table


def regrets(pathway, out, best: np.ndarray | None = None) -> np.ndarray:
    """Per future: what ``out`` costs there beyond the cheapest schedule holding there (``best``, from
    ``best_per_future``); NaN where ``out`` itself fails."""
    best = best_per_future(pathway) if best is None else best
    return np.where(out.held(pathway.judged), out.cost - best, np.nan)


def best_per_future(pathway) -> np.ndarray:
    """Per future: the least any run candidate that holds in it costs there (NaN: none holds)."""
    run = [o for o in pathway.outcomes if o.status == "run"]
    if not run:
        return np.full(len(pathway.futures), np.nan)
    cost = np.array([np.where(o.held(pathway.judged), o.cost, np.inf) for o in run])
    least = cost.min(axis=0)
    return np.where(np.isfinite(least), least, np.nan)


def pareto(cost: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Mask of the points no other point beats on both cost (lower) and share held (higher)."""
    keep = np.ones(cost.size, dtype=bool)
    for i in range(cost.size):
        better = (cost <= cost[i]) & (p >= p[i]) & ((cost < cost[i]) | (p > p[i]))
        keep[i] = not better.any()
    return keep


def by_year(pathway, out) -> pd.DataFrame:
    """Share of futures passing each year, the whole assessment and each part, with a 90 % Wilson band."""
    n = out.passes.shape[0]
    rows = []
    for what, flags in (("whole", out.passes), *out.parts.items()):
        for j, year in enumerate(pathway.years):
            p = float(flags[:, j].mean())
            low, high = wilson(p, n)
            rows.append({"year": year, "part": what, "p_pass": p, "low": low, "high": high})
    return pd.DataFrame(rows)


def wilson(p: float, n: int, z: float = 1.645) -> tuple[float, float]:
    """The 90 % Wilson score interval of a share ``p`` of ``n`` futures."""
    if n == 0:
        return float("nan"), float("nan")
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def breaks(pathway, out, depth: int = 2) -> dict:
    """Scenario discovery on the futures where ``out`` fails a judged year: the box (a decision tree's
    leaf) holding most of the failures at the highest density, as conditions on the futures'
    parameters; ``{}`` when fewer than two futures fail."""
    from sklearn.tree import DecisionTreeClassifier

    fails = ~out.held(pathway.judged)
    if fails.sum() < 2 or fails.all():
        return {}
    X = pathway.futures.drop(columns=CONVENTION).assign(  # 1: exchange teachers counted at home
        exchange_counted_at_home=(pathway.futures[CONVENTION] == "home").astype(float))
    names = list(X.columns)
    tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=2, random_state=0).fit(X.to_numpy(float), fails)
    leaf = tree.apply(X.to_numpy(float))
    scores = {lf: (fails[leaf == lf].mean() * fails[leaf == lf].sum(), lf) for lf in np.unique(leaf[fails])}
    chosen = max(scores.values())[1]
    inside = leaf == chosen
    return {"conditions": leaf_path(tree, chosen, names), "futures_in_box": int(inside.sum()),
            "failures_in_box": int((fails & inside).sum()), "failures": int(fails.sum()),
            "density": float(fails[inside].mean()), "futures": int(fails.size)}


def leaf_path(tree, leaf: int, names: list[str]) -> list[tuple[str, str, float]]:
    """The (parameter, '<=' or '>', threshold) tests from the root to ``leaf``."""
    t = tree.tree_
    parent = {}
    for node in range(t.node_count):
        for child, op in ((t.children_left[node], "<="), (t.children_right[node], ">")):
            if child >= 0:
                parent[child] = (node, op)
    path = []
    node = leaf
    while node in parent:
        up, op = parent[node]
        path.append((names[t.feature[up]], op, float(t.threshold[up])))
        node = up
    return path[::-1]


def adaptation(pathway, out) -> dict:
    """The cheapest dearer run candidate that holds in at least half of the futures ``out`` fails in:
    its levers, the futures it recovers and its extra cost; ``{}`` when none does."""
    fails = ~out.held(pathway.judged)
    if not fails.any():
        return {}
    best = None
    for o in pathway.outcomes:
        if o.status != "run" or o.cost.mean() <= out.cost.mean():
            continue
        recovered = int((o.held(pathway.judged) & fails).sum())
        if recovered * 2 >= fails.sum() and (best is None or o.cost.mean() < best[0].cost.mean()):
            best = (o, recovered)
    if best is None:
        return {}
    o, recovered = best
    return {"levers": o.levers, "recovered": recovered, "failures": int(fails.sum()),
            "extra_cost_yuan": float(o.cost.mean() - out.cost.mean())}


def stubborn_items(pathway, level: float) -> pd.DataFrame:
    """Each assessment item failing in the judged years, with the least share of futures it fails in
    over every run candidate: an item above 1 - ``level`` everywhere is one no lever of the lattice moves."""
    run = [o for o in pathway.outcomes if o.status == "run"]
    if not run:
        return pd.DataFrame(columns=["item", "least_fail_share", "beyond_levers"])
    worst = pd.concat([o.items[pathway.years[pathway.judged]].max(axis=1) for o in run], axis=1).min(axis=1)
    worst = worst[worst > 0].sort_values(ascending=False)
    return pd.DataFrame({"item": worst.index, "least_fail_share": worst.to_numpy(),
                         "beyond_levers": worst.to_numpy() > 1 - level})
