"""Analysis of stored sweep results: pass probabilities over parameters, scenario discovery,
Sobol sensitivity. Reads tables only; never re-runs the model."""

import numpy as np
import pandas as pd

from sim.data.errors import InputError

#: Widest 95 % interval of a total Sobol index that still ranks parameters (issue 18: 0.1).
MAX_CI_WIDTH = 0.1


def final_year(runs: pd.DataFrame) -> pd.DataFrame:
    """Each successful run's last recorded year."""
    ok = runs[runs["error"].isna()]
    return ok[ok["year"] == ok["year"].max()]


def per_point(runs: pd.DataFrame, outcome: str, parameters: list[str]) -> pd.DataFrame:
    """Mean of ``outcome`` in the final year over each design point's replicates."""
    last = final_year(runs)
    if outcome not in last:
        raise InputError.worded("an_outcome", outcome=outcome, kept=", ".join(_outcomes(runs))[:200])
    table = last.assign(_y=last[outcome].astype(float)).groupby(["point", *parameters], sort=True)["_y"].mean()
    return table.rename(outcome).reset_index()


def _outcomes(runs):
    return [c for c in runs.columns if c not in ("run", "point", "replicate", "year", "error")]


def pass_grid(runs: pd.DataFrame, x: str, y: str, outcome: str, bins: int = 5) -> pd.DataFrame:
    """Mean final-year ``outcome`` (a probability for a pass flag) over two parameters.

    Grid designs use their values; sampled designs are binned into ``bins`` quantile bins.
    """
    last = final_year(runs)
    frame = pd.DataFrame({x: last[x], y: last[y], "v": last[outcome].astype(float)})
    for col in (x, y):
        if pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col]) \
                and frame[col].nunique() > 12:
            frame[col] = pd.qcut(frame[col], bins, duplicates="drop").map(lambda iv: round(iv.mid, 3)).astype(float)
    return frame.pivot_table(index=y, columns=x, values="v", aggfunc="mean").sort_index(ascending=False)


def discover(runs: pd.DataFrame, parameters: list[str], outcome: str, threshold: float = 0.5, depth: int = 3):
    """Scenario discovery with a decision tree: which parameter region makes ``outcome`` succeed.

    A run succeeds when its final-year ``outcome`` is true (pass flags) or >= ``threshold``.
    Returns the fitted tree, its rules as text and the share of successful runs.
    """
    from sklearn.tree import DecisionTreeClassifier, export_text

    last = final_year(runs)
    values = last[outcome]
    success = values.astype(bool) if values.dtype == bool or str(values.dtype) == "boolean" else values >= threshold
    X, names = numeric_factors(last, parameters)
    tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=max(2, len(last) // 50), random_state=0)
    tree.fit(X, success.to_numpy())
    return tree, export_text(tree, feature_names=names, show_weights=True), float(success.mean())


def numeric_factors(frame: pd.DataFrame, parameters: list[str]) -> tuple[np.ndarray, list[str]]:
    """The parameters as a numeric matrix for a tree: a named-choice factor becomes its level's
    number in sorted order, named so the rules read back (``exchange_counted_at (0 home, 1 host)``)."""
    columns, names = [], []
    for p in parameters:
        col = frame[p]
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            columns.append(col.to_numpy(dtype=float))
            names.append(p)
        else:
            levels = sorted(col.unique())
            columns.append(col.map({v: i for i, v in enumerate(levels)}).to_numpy(dtype=float))
            names.append(f"{p} ({', '.join(f'{i} {v}' for i, v in enumerate(levels))})")
    return np.column_stack(columns), names


def sobol_indices(problem: dict, y: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """First-order and total Sobol indices with 95 % confidence intervals (SALib, Saltelli design)."""
    from SALib.analyze import sobol

    res = sobol.analyze(problem, np.asarray(y, dtype=float), calc_second_order=False, seed=seed)
    return ci_widths(pd.DataFrame({"parameter": problem["names"], "S1": res["S1"], "S1_conf": res["S1_conf"],
                                   "ST": res["ST"], "ST_conf": res["ST_conf"]}))


def ci_widths(table: pd.DataFrame, limit: float = MAX_CI_WIDTH) -> pd.DataFrame:
    """``table`` with the full width of each 95 % interval (SALib's ``*_conf`` is the half-width)
    and ``ST_too_wide``: a total index whose interval is ``limit`` or wider, or not a number (an
    outcome that never varies), cannot be ranked and needs more samples."""
    width = 2 * table["ST_conf"]
    return table.assign(S1_ci_width=2 * table["S1_conf"], ST_ci_width=width, ST_too_wide=~(width < limit))


def sweep_sensitivity(runs: pd.DataFrame, design: pd.DataFrame, meta: dict, outcome: str) -> pd.DataFrame:
    """Sobol indices of a Sobol-design sweep for one final-year outcome (replicate means)."""
    exp = meta["experiment"]
    if exp["design"] != "sobol":
        raise InputError.worded("an_sobol", design=exp["design"])
    names = list(exp["parameters"])
    points = per_point(runs, outcome, names).set_index("point").reindex(design["point"])
    if points[outcome].isna().any():
        raise InputError.worded("an_unfinished")
    levels = exp.get("levels", {})  # categorical factors were sampled on [0, 1]
    problem = {"num_vars": len(names), "names": names,
               "bounds": [[0.0, 1.0] if n in levels else exp["parameters"][n] for n in names]}
    return sobol_indices(problem, points[outcome].to_numpy(), seed=exp["seed"])
