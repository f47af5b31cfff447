"""Experiment files: a scenario, the parameters to vary, the design, replicates and outcomes.

Everything is checked before any run starts: unknown parameters (with close ones
suggested), empty ranges, values outside a parameter's documented range, unknown designs
and unknown outcomes are errors that say where they are.

A sampled design (lhs, sobol) varies numbers over a range; a yes/no or named-choice
parameter (``exchange_counted_at``) is varied as a categorical factor by listing its levels:
the design samples it on [0, 1] like any factor and ``level`` maps the value to a level, each
level taking an equal share of [0, 1].
"""

import copy
import difflib
import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim.data.errors import InputError
from sim.data.scenario import (
    apply_override,
    parse_scenario,
    read_toml,
    referenced_scenario,
)
from sim.dynamics.params import (
    MODEL_PARAMS,
    Param,
    check_keys,
    given_twice,
    unknown_key_error,
    whole_number,
)
from sim.experiments.budget import MAX_POINTS, MAX_REPLICATES

KEYS = ("name", "description", "scenario", "schools", "seed", "replicates", "design", "samples", "outcomes",
        "parameters")
DESIGNS = ("grid", "lhs", "sobol")
RANGE_KEYS = ("low", "high", "steps")


@dataclass
class Experiment:
    name: str
    description: str
    source: str
    scenario: str  # name or path, as load_scenario takes it
    scenario_raw: dict  # the scenario file's TOML, for the workers to apply each point to
    seed: int
    replicates: int
    design: str
    parameters: dict  # key -> list of values (grid), (low, high), or a list of levels (categorical, sampled designs)
    points: list[dict]  # one dict of parameter values per design point
    outcomes: list[str]
    samples: int = 0
    sha256: str = ""  # of the experiment file and the scenario it names: a resumed sweep must match both
    problem: dict = field(default_factory=dict)  # SALib problem (names, bounds) for sobol designs

    @property
    def n_runs(self) -> int:
        return len(self.points) * self.replicates

    def as_dict(self) -> dict:
        return {"name": self.name, "description": self.description, "source": self.source,
                "sha256": self.sha256, "scenario": self.scenario, "seed": self.seed,
                "replicates": self.replicates, "design": self.design, "samples": self.samples,
                "parameters": {k: list(v) for k, v in self.parameters.items()}, "levels": self.levels,
                "outcomes": self.outcomes, "points": len(self.points), "runs": self.n_runs}

    @property
    def levels(self) -> dict:
        """The categorical factors of a sampled design: key -> its levels."""
        return {} if self.design == "grid" else {k: v for k, v in self.parameters.items() if isinstance(v, list)}


def declared_param(raw: dict, key: str, where: str) -> Param:
    """The declaration behind a --set style key: a model parameter or ``<policy id>.<param>``."""
    from sim.policies import REGISTRY

    known = {k: p for k, p in MODEL_PARAMS.items()}
    for cfg in raw.get("policies", []):
        cls = REGISTRY.get(cfg.get("type"))
        if cls:
            pid = cfg.get("id", cfg["type"])
            known.update({f"{pid}.{k}": p for k, p in cls.PARAMS.items()})
    name = key.removeprefix("params.")
    if name not in known:
        raise unknown_key_error(key, known, where)
    return known[name]


def table_sha(scenario_raw: dict, where: str) -> str:
    """The county table's content hash ('' without one): a resumed sweep must run on the same table."""
    table = parse_scenario(copy.deepcopy(scenario_raw), where).table
    return "" if table is None else table.sha256


def scenario_for(raw: dict, point: dict, source: str):
    """The scenario with one design point's values applied (as --set would)."""
    raw = copy.deepcopy(raw)
    for key, value in point.items():
        apply_override(raw, f"{key}={_toml(value)}")
    return parse_scenario(raw, source)


def _toml(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else repr(value)


def load_experiment(path: str | Path, schools: str | None = None, accept_units: bool = False) -> Experiment:
    """An experiment file, checked; ``schools`` (a county table) replaces the scenario's schools."""
    path = Path(path)
    raw, data = read_toml(path, "toml.experiment")
    where = str(path)
    check_keys(raw, KEYS, where)
    scen, scenario_raw = referenced_scenario(raw, path, where, schools, accept_units)
    design = raw.get("design", "grid")
    if not isinstance(design, str) or design not in DESIGNS:
        raise unknown_key_error(design, DESIGNS, f"{where}: design")
    replicates = whole_number(raw.get("replicates", 1), where, "replicates", 1, MAX_REPLICATES)
    seed = whole_number(raw.get("seed", scenario_raw.get("seed", 0)), where, "seed")
    samples = whole_number(raw.get("samples", 0 if design == "grid" else 64), where, "samples",
                           0 if design == "grid" else 2, MAX_POINTS)
    params = raw.get("parameters")
    if not isinstance(params, dict) or not params:
        raise InputError.worded("ex_no_parameters", where=where)
    spelled = {}
    for key in params:  # "params.rural_drift" and "rural_drift" are one parameter: its runs would be labelled twice
        first = spelled.setdefault(str(key).removeprefix("params."), key)
        if first != key:
            raise InputError.worded("ex_parameter_twice", where=where, first=first, key=key)
    parameters = {key: _values(key, spec, design, declared_param(scenario_raw, key, f"{where}: [parameters]"),
                               f"{where}: [parameters] '{key}'") for key, spec in params.items()}
    # Python's integers, not numpy's: a product of many long ranges would wrap around and pass
    points = {"grid": math.prod(len(v) for v in parameters.values()), "lhs": samples,
              "sobol": samples * (len(parameters) + 2)}[design]  # Saltelli: N x (d + 2) without 2nd order
    if points > MAX_POINTS:
        raise InputError.worded("ex_points", where=where, design=design, n=points, most=MAX_POINTS)
    points, problem = design_points(parameters, design, samples, seed,
                                    {k: declared_param(scenario_raw, k, where) for k in parameters})
    outcomes = raw.get("outcomes", [])
    if not isinstance(outcomes, list) or not all(isinstance(o, str) for o in outcomes):
        raise InputError.worded("key_shape", where=where, key="outcomes", what="shape.outcomes", value=repr(outcomes)[:80])
    exp = Experiment(name=str(raw.get("name", path.stem)), description=str(raw.get("description", "")),
                     source=where, scenario=scen, scenario_raw=scenario_raw, seed=seed, replicates=replicates,
                     design=design, parameters=parameters, points=points,
                     outcomes=list(raw.get("outcomes", [])), samples=samples,
                     sha256=hashlib.sha256(data + json.dumps(scenario_raw, sort_keys=True, default=str).encode()
                                           + table_sha(scenario_raw, where).encode()).hexdigest(),
                     problem=problem)
    for value in (points[0], points[-1]):  # every point goes through the scenario's own checks
        scenario_for(scenario_raw, value, f"{where}: design point")
    _check_outcomes(exp, where)
    return exp


def _values(key, spec, design, param: Param, where):
    """A parameter's values (grid list) or (low, high) bounds, checked against its declaration."""
    categorical = param.low is None and param.high is None  # yes/no or named choices
    if isinstance(spec, list):
        if design != "grid" and not categorical:
            raise InputError.worded("ex_range_needed", where=where, design=design)
        if not spec:
            raise InputError.worded("ex_empty_list", where=where)
        values = [param.check(key, v, where) for v in spec]
        if design != "grid" and (len(values) < 2 or len(set(values)) != len(values)):
            raise InputError.worded("ex_levels", where=where, value=repr(spec)[:80])
        return values
    if categorical and design != "grid":
        raise InputError.worded("ex_categorical", where=where, key=key, example=list(param.choices) or [True, False])
    if not isinstance(spec, dict):
        raise InputError.worded("ex_values", where=where)
    check_keys(spec, RANGE_KEYS, where)
    if "low" not in spec or "high" not in spec:
        raise InputError.worded("ex_low_high", where=where)
    low, high = (param.check(key, spec[k], where) for k in ("low", "high"))
    if not low < high:
        raise InputError.worded("ex_empty_range", where=where, low=low, high=high)
    if design == "grid":
        steps = whole_number(spec.get("steps", 5), where, "steps", 2, MAX_POINTS)
        values = np.linspace(low, high, steps)
        return [int(round(v)) for v in values] if isinstance(param.default, int) else [round(float(v), 10) for v in values]
    return (low, high)


def design_points(parameters: dict, design: str, samples: int, seed: int, declared: dict):
    """Design points as dicts, and the SALib problem for a Sobol design."""
    names = list(parameters)
    if design == "grid":
        return [dict(zip(names, combo)) for combo in itertools.product(*parameters.values())], {}
    bounds = [[0.0, 1.0] if isinstance(parameters[k], list) else list(parameters[k]) for k in names]
    problem = {"num_vars": len(names), "names": names, "bounds": bounds}
    if design == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(names), seed=np.random.default_rng(seed)).random(samples)
        matrix = qmc.scale(unit, [b[0] for b in bounds], [b[1] for b in bounds])
    else:
        from SALib.sample import sobol

        matrix = sobol.sample(problem, samples, calc_second_order=False, seed=seed)
    points = []
    for row in matrix:
        point = {}
        for k, v in zip(names, row):
            if isinstance(parameters[k], list):
                point[k] = level(v, parameters[k])
            else:
                point[k] = int(round(v)) if isinstance(declared[k].default, int) else float(v)
        points.append(point)
    return points, problem


def level(u: float, levels: list):
    """The level of a categorical factor at design value ``u`` in [0, 1]: level i of k covers
    [i / k, (i + 1) / k), the last one also u = 1."""
    return levels[min(int(u * len(levels)), len(levels) - 1)]


def _check_outcomes(exp: Experiment, where: str):
    from sim.dynamics.model import CountyModel

    known = list(CountyModel(scenario_for(exp.scenario_raw, exp.points[0], where), seed=0).history[0])
    if not exp.outcomes:
        exp.outcomes = [c for c in ("assessment_pass", "high_quality_pass", "high_quality_cv_pass", "mean_hq_cv",
                                    "urban_rural_gap", "policy_cost_yuan") if c in known]
    twice = given_twice(exp.outcomes)
    if twice:
        raise InputError.worded("ex_outcome_twice", where=where, names=", ".join(repr(n) for n in twice))
    for name in exp.outcomes:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
            if close:
                raise InputError.worded("ex_outcome_close", where=where, name=name, close=tuple(close))
            raise InputError.worded("ex_outcome_unknown", where=where, name=name, known=", ".join(known)[:200])
