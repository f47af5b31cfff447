"""Calibration: fit named parameters to observed targets, report what the fit can claim, and
write the calibrated scenario.

Loss: sum over targets of ((median over replicates of the simulated value - observed) / sd)^2,
with common random numbers (the same replicate seeds at every trial). One parameter: bounded
Brent search; several: Nelder-Mead within bounds. Uncertainty: a profile of the loss along
each parameter (the others at the fit); the values with loss <= minimum + 1 are those
consistent with the targets to within their stated sd. That interval says nothing about
model error: a calibration is not a validation.
"""

import copy
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import brentq, minimize, minimize_scalar

from sim.data.errors import InputError
from sim.data.scenario import (
    apply_override,
    parse_scenario,
    read_toml,
    referenced_scenario,
)
from sim.dynamics.params import (
    check_keys,
    finite_number,
    unknown_key_error,
    whole_number,
)
from sim.experiments.budget import MAX_REPLICATES
from sim.wording import say
from sim.experiments.experiment import declared_param, scenario_for

KEYS = ("name", "description", "scenario", "schools", "seed", "replicates", "parameters", "targets")
TARGET_KEYS = ("columns", "year", "value", "sd")


@dataclass
class Calibration:
    name: str
    source: str
    scenario: str
    scenario_raw: dict
    seed: int
    replicates: int
    bounds: dict  # parameter -> (low, high)
    targets: list  # dicts: columns, year, value, sd
    sha256: str


#: The largest size of a target's value and sd, and of their ratio, for which the loss stays finite.
SCALE = 1e12


def load_calibration(path, schools: str | None = None, accept_units: bool = False) -> Calibration:
    """A calibration file, checked; ``schools`` (a county table) replaces the scenario's schools."""
    path = Path(path)
    raw, data = read_toml(path, "toml.calibration")
    where = str(path)
    check_keys(raw, KEYS, where)
    ref, scenario_raw = referenced_scenario(raw, path, where, schools, accept_units)
    scenario = parse_scenario(copy.deepcopy(scenario_raw), ref)
    params = raw.get("parameters")
    if not isinstance(params, dict) or not params:
        raise InputError.worded("cal_no_parameters", where=where)
    bounds = {}
    for key, spec in params.items():
        w = f"{where}: [parameters] '{key}'"
        param = declared_param(scenario_raw, key, f"{where}: [parameters]")
        check_keys(spec, ("low", "high"), w)
        if "low" not in spec or "high" not in spec:
            raise InputError.worded("ex_low_high", where=w)
        low, high = param.check(key, spec["low"], w), param.check(key, spec["high"], w)
        if not low < high:
            raise InputError.worded("ex_empty_range", where=w, low=low, high=high)
        bounds[key] = (float(low), float(high))
    targets = raw.get("targets")
    if not isinstance(targets, list) or not targets:
        raise InputError.worded("cal_no_targets", where=where)
    known = scenario_columns(scenario_raw, where)
    for i, t in enumerate(targets):
        w = f"{where}: targets[{i}]"
        check_keys(t, TARGET_KEYS, w)
        missing = [k for k in TARGET_KEYS if k not in t]
        if missing:
            raise InputError.worded("cal_target_missing", where=w, keys=", ".join(missing))
        if not isinstance(t["columns"], list) or not t["columns"] or not all(isinstance(c, str) for c in t["columns"]):
            raise InputError.worded("key_shape", where=w, key="columns", what="shape.columns", value=repr(t["columns"])[:80])
        for col in t["columns"]:
            if col not in known:
                raise unknown_key_error(col, known, f"{w}: columns")
        whole_number(t["year"], w, "year")
        if not scenario.start_year <= t["year"] <= scenario.end_year:
            raise InputError.worded("cal_year", where=w, year=t["year"], first=scenario.start_year,
                                    last=scenario.end_year)
        value = finite_number(t["value"], w, "value")
        sd = finite_number(t["sd"], w, "sd")
        if sd <= 0:
            raise InputError.worded("cal_sd", where=w)
        if abs(value) > SCALE or not abs(value) / SCALE <= sd <= SCALE:  # else the squared errors overflow
            raise InputError.worded("cal_scale", where=w, value=value, sd=sd, scale=SCALE)
    replicates = whole_number(raw.get("replicates", 20), where, "replicates", 1, MAX_REPLICATES)
    seed = whole_number(raw.get("seed", scenario.seed), where, "seed")
    return Calibration(name=str(raw.get("name", path.stem)), source=where, scenario=ref,
                       scenario_raw=scenario_raw, seed=seed, replicates=replicates,
                       bounds=bounds, targets=targets, sha256=hashlib.sha256(data).hexdigest())


def scenario_columns(scenario_raw: dict, where: str) -> list[str]:
    from sim.dynamics.model import CountyModel

    return list(CountyModel(scenario_for(scenario_raw, {}, where), seed=0).history[0])


class Objective:
    """The loss at a parameter vector, with every evaluation remembered."""

    def __init__(self, cal: Calibration, progress: bool = False, lang: str = "en"):
        from tqdm.auto import tqdm

        self.cal = cal
        self.bar = tqdm(desc=say("bar_evals", lang, name=cal.name), unit=say("bar_eval", lang), disable=not progress,
                        leave=False)
        self.names = list(cal.bounds)
        self.seeds = [np.random.SeedSequence(cal.seed, spawn_key=(r,)) for r in range(cal.replicates)]
        self.end_year = max(t["year"] for t in cal.targets)
        self.evaluations = []

    def simulate(self, values: dict) -> list[np.ndarray]:
        """Per target, the simulated value in each replicate."""
        from sim.dynamics.model import CountyModel

        raw = copy.deepcopy(self.cal.scenario_raw)
        raw["end_year"] = self.end_year
        scenario = scenario_for(raw, values, self.cal.source)
        out = [[] for _ in self.cal.targets]
        for seed in self.seeds:
            history = {row["year"]: row for row in CountyModel(scenario, seed=seed).run()}
            for k, t in enumerate(self.cal.targets):
                out[k].append(np.mean([history[t["year"]][c] for c in t["columns"]]))
        return [np.array(v) for v in out]

    def values(self, x) -> dict:
        return {n: float(v) for n, v in zip(self.names, np.atleast_1d(x))}

    def __call__(self, x) -> float:
        sims = self.simulate(self.values(x))
        loss = float(sum(((np.median(s) - t["value"]) / t["sd"]) ** 2 for s, t in zip(sims, self.cal.targets)))
        self.evaluations.append((self.values(x), loss))
        self.bar.update(1)
        return loss


def calibrate(cal: Calibration, profile_points: int = 9, progress: bool = False, lang: str = "en") -> dict:
    f = Objective(cal, progress, lang)
    lows = np.array([cal.bounds[n][0] for n in f.names])
    highs = np.array([cal.bounds[n][1] for n in f.names])
    if len(f.names) == 1:
        res = minimize_scalar(f, bounds=(lows[0], highs[0]), method="bounded",
                              options={"xatol": 1e-3 * (highs[0] - lows[0])})
        best, loss, method = np.array([res.x]), float(res.fun), "bounded Brent (scipy minimize_scalar)"
    else:
        res = minimize(f, (lows + highs) / 2, method="Nelder-Mead", bounds=list(zip(lows, highs)),
                       options={"xatol": 1e-3, "fatol": 1e-3, "maxfev": 200})
        best, loss, method = res.x, float(res.fun), "Nelder-Mead within bounds (scipy minimize)"
    fitted = f.values(best)
    sims = f.simulate(fitted)
    report = {"calibration": cal.name, "scenario": cal.scenario, "method": method, "replicates": cal.replicates,
              "loss": loss, "fitted": fitted, "evaluations": len(f.evaluations), "targets": [], "profiles": {}}
    rng = np.random.default_rng(0)
    for s, t in zip(sims, cal.targets):
        boot = [np.median(rng.choice(s, s.size)) for _ in range(200)]  # Monte Carlo error of the median
        report["targets"].append({**t, "simulated_median": float(np.median(s)),
                                  "monte_carlo_se": float(np.std(boot)), "simulated_10_90": np.quantile(s, [0.1, 0.9]).tolist()})
    for i, name in enumerate(f.names):
        report["profiles"][name] = profile(f, best, loss, i, lows[i], highs[i], profile_points)
    return report


def profile(f: Objective, best: np.ndarray, loss: float, i: int, low: float, high: float, points: int) -> dict:
    """Loss along parameter ``i`` (the others at the fit), and the interval where loss <= min + 1,
    found by root search on each side; a side that reaches its bound is not identified."""
    def along(v):
        x = best.copy()
        x[i] = v
        return f(x)

    def edge(bound):
        if along(bound) <= loss + 1.0:
            return float(bound), False
        return float(brentq(lambda v: along(v) - loss - 1.0, *sorted((best[i], bound)), xtol=1e-3 * (high - low))), True

    (left, found_left), (right, found_right) = edge(low), edge(high)
    grid = np.linspace(low, high, points)
    return {"grid": grid.tolist(), "loss": [along(v) for v in grid], "interval_loss_min_plus_1": [left, right],
            "identified": found_left and found_right}


def calibrated_scenario(cal: Calibration, fitted: dict, report: dict, lang: str = "en") -> str:
    """The scenario file with the fitted values in place, as TOML text, its comments in ``lang``."""
    import tomli_w

    from sim.wording import say, separator

    raw = copy.deepcopy(cal.scenario_raw)
    for key, value in fitted.items():
        kind = declared_param(raw, key, cal.source).default
        apply_override(raw, f"{key}={int(round(value)) if isinstance(kind, int) else round(value, 4)}")
    fitted_text = separator(lang).join(f"{k} = {v:.4g}" for k, v in fitted.items())
    header = [say("cal_toml_head", lang, source=cal.source, method=report["method"], n=cal.replicates),
              say("cal_toml_fitted", lang, fitted=fitted_text, loss=report["loss"]), say("cal_toml_targets", lang)]
    header += [say("cal_toml_target", lang, columns=", ".join(t["columns"]), year=t["year"], value=t["value"],
                   sd=t["sd"], median=t["simulated_median"]) for t in report["targets"]]
    return "\n".join(header) + "\n\n" + tomli_w.dumps(raw)
