"""Scenarios side by side, each against its own no-policy counterfactual run on the same seeds.

Every scenario is a different county, so the fair comparison is of what each policy mix
does to its own county, in the evaluation's own terms: the probability of passing, the CV
that decides the test (the binding one), the urban-rural gap, and what each costs.
"""

import numpy as np
import pandas as pd

from sim.assessment.observe import CONVENTIONS, COUNTED_FLAGS, other_convention
from sim.assessment.standards import HIGH_QUALITY, HQ_CV_THRESHOLD, STAGES
from sim.assessment.whole import PARTS
from sim.data.scenario import load_scenario
from sim.experiments.forecast import run_forecast

POLICIES, COUNTERFACTUAL = "policies", "no policy"


def run_comparison(names, replicates: int, seed: int | None, progress: bool = True, schools: str | None = None,
                   accept_units: bool = False, lang: str = "en") -> tuple[pd.DataFrame, list]:
    """Yearly rows of every scenario and of its counterfactual, with ``scenario`` and ``variant``;
    ``schools``: every scenario acts on this county table instead of its own schools."""
    frames, scenarios = [], []
    for name in names:
        for variant, without in ((POLICIES, ()), (COUNTERFACTUAL, ("all",))):
            sc = load_scenario(name, without=without, schools=schools, accept_units=accept_units)
            run_seed = sc.seed if seed is None else seed
            yearly = run_forecast(sc, replicates, run_seed, progress=progress, lang=lang).yearly
            yearly.insert(0, "variant", variant)
            yearly.insert(0, "scenario", sc.name)
            frames.append(yearly)
            if variant == POLICIES:
                scenarios.append(sc)
    return pd.concat(frames, ignore_index=True), scenarios


def both_ways(p, column: str, own: str, lang: str = "en") -> str:
    """``0.48 [at home: 0.06]``: P(pass) of ``column`` (``p`` maps a column to it) with exchange
    teachers counted as the scenario counts them (``own``), then the other way; no official rule
    decides between the two (docs/model.md 6.5). A flag that reads no teacher count is one number."""
    from sim.wording import say

    if column not in COUNTED_FLAGS:
        return f"{p(column):.2f}"
    other = other_convention(own)
    return say("fc_other_way", lang, p=f"{p(column):.2f}", other=say(other, lang),
               q=f"{p(f'{column}_{other}'):.2f}")


def parts_line(p, own: str, assumed=(), lang: str = "en") -> str:
    """P(pass) of each of the assessment's four parts (both countings of exchange teachers where they
    differ), and beside each part how many of its declared items the scenario does not state
    (``assumed``: taken at their defaults, so its P is only as good as that assumption)."""
    from sim.assessment.declared import DECLARED
    from sim.wording import say, separator, term

    def caveat(part):
        mine = [k for k, (owner, _, _) in DECLARED.items() if owner == part]
        n = sum(k in assumed for k in mine)
        return "" if not n else say("fc_caveat", lang, n=n, all=say("fc_caveat_all", lang) if n == len(mine) else "")

    return separator(lang).join(f"{term(name, lang)} "
                                f"{both_ways(p, f'pass_{name}', own, lang)}{caveat(name)}" for name in PARTS)


def assumed_by(scenarios) -> list[str]:
    """The declared items some of ``scenarios`` take at their defaults, in the assessment's order."""
    return list(dict.fromkeys(k for sc in scenarios for k in sc.assumed()))


def assumed_line(assumed, lang: str = "en", key: str = "fc_assumed") -> str:
    """The declared items taken at their defaults, and where to state them ("" when none is); ``key``
    the message that says where."""
    from sim.wording import item, say, separator

    return say(key, lang, n=len(assumed), items=separator(lang).join(item(k, lang) for k in assumed)) \
        if assumed else ""


def per_unit(cost: float, gain: float, unit: float) -> float:
    """Yuan per ``unit`` of ``gain``; NaN when the policies gained nothing (no ratio is meaningful then)."""
    return cost / (gain / unit) if gain > 0 else np.nan


def binding_indicator(runs: pd.DataFrame) -> str:
    """The ``<indicator>_<stage>`` with the largest median CV / threshold over ``runs``' replicates.

    A median over replicates rather than each replicate's own binding indicator, so that the
    policies and the counterfactual are compared on one indicator; ties go to the first stage,
    then the official order, as in the yearly ``binding_indicator``.
    """
    ratios = {f"{ind.key}_{st}": (runs[f"cv_{ind.key}_{st}"] / HQ_CV_THRESHOLD[st]).median()
              for st in STAGES for ind in HIGH_QUALITY if f"cv_{ind.key}_{st}" in runs}
    return max(ratios, key=ratios.get)


def pass_rates(pol: pd.DataFrame, cf: pd.DataFrame, cost: float) -> dict:
    """P(pass) with and without the policies, and yuan per percentage point gained, for the CV
    part of the high-quality test (``p_all_cvs_pass``), the resource part (``p_high_quality``), the
    whole four-part assessment (``p_assessment``) and each part (``p_resources`` ...); those that read
    teacher counts again as ``<name>_host`` and ``<name>_home`` (exchange teachers counted there)."""
    out = {}
    flags = (("p_all_cvs_pass", "high_quality_cv_pass"), ("p_high_quality", "high_quality_pass"),
             ("p_assessment", "assessment_pass"), *((f"p_{part}", f"pass_{part}") for part in PARTS))
    flags += tuple((f"{name}_{at}", f"{col}_{at}") for name, col in flags if col in COUNTED_FLAGS for at in CONVENTIONS)
    for name, col in ((n, c) for n, c in flags if c in pol):  # runs stored before the whole assessment lack some
        p, p0 = pol[col].astype(bool).mean(), cf[col].astype(bool).mean()
        out |= {name: p, f"{name}_no_policy": p0, f"yuan_per_point_{name}": per_unit(cost, (p - p0) * 100, 1)}
    return out


def binding_cv_change(pol: pd.DataFrame, cf: pd.DataFrame, cost: float) -> dict:
    """The counterfactual's binding CV with and without the policies, and yuan per 0.01 of it.

    The indicator is the one binding without policies (``binding_indicator`` of the
    counterfactual): what the county would have had to move anyway. Its reduction is the median
    over replicates of the paired difference, counterfactual minus policies, on the same seeds.
    """
    key = binding_indicator(cf)
    col = f"cv_{key}"
    reduction = (cf[col] - pol[col]).median()
    return {"binding_indicator": key, "binding_cv": pol[col].median(), "binding_cv_no_policy": cf[col].median(),
            "binding_cv_reduction": reduction, "yuan_per_0.01_binding_cv": per_unit(cost, reduction, 0.01)}


def summarise(yearly: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario: end-year outcomes with and without its policies, the cost, and the
    cost per percentage point of P(pass), per 0.01 of the binding CV and per 0.01 of the gap."""
    rows = []
    for name, runs in yearly.groupby("scenario", sort=False):
        end = runs["year"].max()
        last = runs[runs["year"] == end]
        pol = last[last["variant"] == POLICIES].set_index("replicate")
        cf = last[last["variant"] == COUNTERFACTUAL].set_index("replicate")
        spent = runs[runs["variant"] == POLICIES].groupby("replicate")["policy_cost_yuan"].sum()
        narrowing = (cf["urban_rural_gap"] - pol["urban_rural_gap"]).median()
        cost = float(spent.median())
        row = {
            "scenario": name, "year": int(end), "replicates": len(pol),
            **pass_rates(pol, cf, cost),
            **binding_cv_change(pol, cf, cost),
            "urban_rural_gap": pol["urban_rural_gap"].median(),
            "urban_rural_gap_no_policy": cf["urban_rural_gap"].median(),
            "gap_narrowing": narrowing,
            "diversity": pol["diversity"].median(),
            "diversity_no_policy": cf["diversity"].median(),
            "total_cost_yuan": cost,
            "yuan_per_0.01_gap": per_unit(cost, narrowing, 0.01),
        }
        for col in sorted(c for c in pol.columns if c.startswith("cv_") and not c.endswith(("_primary", "_junior"))):
            row[col] = pol[col].median()
        rows.append(row)
    return pd.DataFrame(rows)
