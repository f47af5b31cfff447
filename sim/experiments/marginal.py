"""The marginal yuan of each policy: the full scenario against the scenario without that one policy.

A policy's marginal effect is what the county loses by dropping it from its package (drop-one),
on common random numbers: the same replicate seeds for the full run and every drop-one run, and
each policy draws from its own stream keyed by its id (``CountyModel``), so a difference is the
policy's and not the dice's. Per replicate, in the target year: the paired difference, full minus
without, of passing the 7-CV test and the full high-quality test (exchange teachers counted at
host and at home, in percentage points), of the binding CV over its threshold and of the
urban-rural gap; the cost is the package's total cost to the target year, full minus without.
Intervals: a paired bootstrap over replicates (the same resampled replicates for every measure).
Yuan per percentage point exists only where the effect's interval lies above 0.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from sim.assessment.observe import CONVENTIONS, other_convention
from sim.data.errors import InputError
from sim.data.scenario import load_scenario
from sim.dynamics.params import unknown_key_error
from sim.experiments.compare import both_ways
from sim.experiments.forecast import run_forecast
from sim.wording import Phrase, say, separator

RESAMPLES = 2000
LEVEL = 0.90
#: The bootstrap's own stream: a two-word key, never one of the replicates' one-word keys.
BOOTSTRAP_KEY = (0x6D617267, 0)
#: P(pass) measures in percentage points: name -> yearly flag; each with exchange teachers at host and at home.
TESTS = {"p_all_cvs_pass": "high_quality_cv_pass", "p_high_quality": "high_quality_pass"}
P_MEASURES = {f"{name}_{at}": f"{flag}_{at}" for name, flag in TESTS.items() for at in CONVENTIONS}
#: The other measures: name -> yearly column (full minus without; negative is better for both).
LEVELS = {"binding_cv_ratio": "binding_cv_ratio", "urban_rural_gap": "urban_rural_gap"}
#: Why a yuan-per-point is missing.
INCLUDES_ZERO, LOWERS = "effect interval includes 0", "the policy lowers P(pass)"


@dataclass
class Marginal:
    table: pd.DataFrame  # one row per policy: effects, costs, yuan per point, with intervals
    replicates: pd.DataFrame  # one row per policy x replicate: the paired differences
    full: dict  # the full scenario's levels in the target year
    year: int
    seed: int


def chosen_policies(scenario, names) -> list:
    """The scenario's policies named by id or type (all when ``names`` is empty); an unknown name
    is an error that lists what the scenario has."""
    if not names:
        return list(scenario.policies)
    known = sorted({p.id for p in scenario.policies} | {p.name for p in scenario.policies})
    for name in names:
        if name not in known:
            raise unknown_key_error(name, known, Phrase("policies_of", option="--marginal", source=scenario.source))
    return [p for p in scenario.policies if p.id in names or p.name in names]


def target_year(scenario, year: int | None) -> int:
    if year is None:
        return scenario.end_year
    if not scenario.start_year < year <= scenario.end_year:
        raise InputError.worded("marginal_year", year=year, name=scenario.name, first=scenario.start_year + 1,
                                last=scenario.end_year)
    return year


def outcomes(yearly: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per replicate: the target year's measures and the package's cost to that year."""
    last = yearly[yearly["year"] == year].set_index("replicate")
    out = pd.DataFrame({name: 100.0 * last[col].astype(float) for name, col in P_MEASURES.items()})
    for name, col in LEVELS.items():
        out[name] = last[col]
    out["cost_yuan"] = yearly[yearly["year"] <= year].groupby("replicate")["policy_cost_yuan"].sum().round()  # whole yuan: no float dust
    return out


def run_marginal(ref: str, replicates: int, seed: int | None = None, names=(), year: int | None = None,
                 progress: bool = True, lang: str = "en", **table) -> Marginal:
    """The full scenario ``ref`` and each chosen policy dropped from it, on the same seeds.
    ``table``: ``schools`` and ``accept_units``, as ``load_scenario`` takes them."""
    scenario = load_scenario(ref, **table)
    policies = chosen_policies(scenario, names)
    year = target_year(scenario, year)
    seed = scenario.seed if seed is None else seed
    bar = tqdm(total=1 + len(policies), desc=say("bar_marginal", lang), unit=say("bar_run", lang),
               disable=not progress)
    full_yearly = run_forecast(scenario, replicates, seed, progress=progress, lang=lang).yearly
    full = outcomes(full_yearly, year)
    bar.update()
    diffs = []
    for pol in policies:
        rest = [p for p in scenario.policies if p is not pol]
        without = run_forecast(dataclasses.replace(scenario, policies=rest), replicates, seed, progress=progress,
                               lang=lang)
        own = full_yearly[full_yearly["year"] <= year].groupby("replicate")[f"cost_{pol.id}"].sum()
        diffs.append((full - outcomes(without.yearly, year)).assign(own_cost_yuan=own, policy=pol.id,
                                                                    type=pol.name))
        bar.update()
    bar.close()
    per_replicate = pd.concat(diffs).reset_index()
    rows = [effects(d, seed, year) for _, d in per_replicate.groupby("policy", sort=False)]
    levels = {k: float(v) for k, v in full.drop(columns="cost_yuan").mean().items()}
    return Marginal(pd.DataFrame(rows), per_replicate, levels | {"cost_yuan": float(full["cost_yuan"].mean())},
                    year, seed)


def resampled_means(values: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """Mean of ``values`` over each row of replicate indices ``draws``."""
    return values[draws].mean(axis=1)


def effects(diff: pd.DataFrame, seed: int, year: int) -> dict:
    """One policy's row: each measure's mean paired difference and its bootstrap interval, and yuan
    per percentage point of each P(pass) where the effect's interval lies above 0."""
    n = len(diff)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=BOOTSTRAP_KEY))
    draws = rng.integers(0, n, size=(RESAMPLES, n))  # one joint resample of replicates for every measure
    tail = 100 * (1 - LEVEL) / 2
    row = {"policy": diff["policy"].iloc[0], "type": diff["type"].iloc[0], "year": year, "replicates": n}
    boot = {}
    for name in (*P_MEASURES, *LEVELS, "cost_yuan", "own_cost_yuan"):
        values = diff[name].to_numpy(dtype=float)
        boot[name] = resampled_means(values, draws)
        low, high = np.percentile(boot[name], [tail, 100 - tail])
        row |= {name: float(values.mean()), f"{name}_low": float(low), f"{name}_high": float(high)}
    for name in P_MEASURES:
        key = f"yuan_per_point_{name}"
        if row[f"{name}_low"] > 0:
            ratio = np.where(boot[name] > 0, boot["cost_yuan"] / np.where(boot[name] > 0, boot[name], 1.0), np.inf)
            low, high = np.percentile(ratio, [tail, 100 - tail])
            row |= {key: row["cost_yuan"] / row[name], f"{key}_low": float(low), f"{key}_high": float(high),
                    f"{key}_note": ""}
        else:
            row |= {key: np.nan, f"{key}_low": np.nan, f"{key}_high": np.nan,
                    f"{key}_note": LOWERS if row[f"{name}_high"] < 0 else INCLUDES_ZERO}
    return row


def spread(row, name: str, fmt: str, scale: float = 1.0) -> str:
    """``+12.0 [+5.0, +19.0]``: a measure and its interval."""
    value, low, high = (row[f"{name}{s}"] / scale for s in ("", "_low", "_high"))
    return f"{value:{fmt}} [{low:{fmt}}, {high:{fmt}}]"


def marginal_lines(table: pd.DataFrame, full: dict, name: str, year: int, own: str, lang: str = "en") -> list[str]:
    """The console report: the full scenario's levels, each policy's effects, then its yuan per point."""
    def T(key, **fields):
        return say(key, lang, **fields)

    head = {"p_all_cvs_pass": T("mg_p7"), "p_high_quality": T("mg_pfull")}
    at = {c: say(c, lang) for c in CONVENTIONS}
    p = {k: v / 100 for k, v in full.items()}
    other = other_convention(own)
    levels = {flag: p[f"{test}_{own}"] for test, flag in TESTS.items()}
    levels |= {f"{flag}_{other}": p[f"{test}_{other}"] for test, flag in TESTS.items()}
    shown = separator(lang).join(f"{text} {both_ways(levels.get, TESTS[test], own, lang)}" for test, text in head.items())
    lines = [T("mg_head", name=name, year=year, n=int(table["replicates"].iloc[0]), levels=shown,
               cost=f"{full['cost_yuan'] / 1e6:,.1f}"),
             T("mg_effects_note", level=f"{LEVEL:.0%}"), ""]
    effects_ = pd.DataFrame({T("mg_policy"): table["policy"],
                             **{f"{head[t]} {at[c]}": [spread(r, f"{t}_{c}", "+.1f") for _, r in table.iterrows()]
                                for t in TESTS for c in CONVENTIONS},
                             T("mg_binding"): [spread(r, "binding_cv_ratio", "+.3f") for _, r in table.iterrows()],
                             T("mg_gap"): [spread(r, "urban_rural_gap", "+.4f") for _, r in table.iterrows()]})
    lines += [effects_.to_string(index=False), "", T("mg_cost_head", zero=T("mg_zero"), lowers=T("mg_lowers")), ""]

    def per_point(r, name):
        key = f"yuan_per_point_{name}"
        if np.isnan(r[key]):
            return T("mg_na_cell") if r[f"{key}_note"] == INCLUDES_ZERO else T("mg_lowers_cell")
        return spread(r, key, ",.2f", 1e6)

    costs = pd.DataFrame({T("mg_policy"): table["policy"],
                          T("mg_cost"): [spread(r, "cost_yuan", ",.1f", 1e6) for _, r in table.iterrows()],
                          **{T("mg_per_point", test=head[t], at=at[c]): [per_point(r, f"{t}_{c}")
                                                                         for _, r in table.iterrows()]
                             for t in TESTS for c in CONVENTIONS}})
    return lines + [costs.to_string(index=False)]
