"""The effect ledger: each policy's isolated five-year effect beside the evidence range it must respect.

    python -m sim.experiments.ledger [--replicates N]     # print the ledger and rewrite its table in docs/model.md

A policy's isolated effect is the difference, over the same seeds, between its ready scenario
with that policy alone and with none, five school years after the scenario's start: on the
pupil-weighted quality of village schools (pupil SD of yearly learning) and on the urban-rural
gap. For live classes, whose evidence is a level reached and kept, the measure is the learning a
village pupil gains over the five years (the sum of the yearly differences).
"""

import argparse
import dataclasses
from dataclasses import dataclass

import pandas as pd

from sim.data.scenario import available, load_scenario
from sim.experiments.forecast import run_forecast
from sim.policies import REGISTRY

HORIZON = 5
#: Where a policy is isolated: the first ready scenario, in this order, that names it.
SCENARIO_ORDER = ("ziyang", "chengdu", "dingxi", "weicheng", "pingdingshan")


@dataclass(frozen=True)
class Evidence:
    measure: str  # "village_quality" (difference in year 5) or "village_learning" (sum over the 5 years)
    low: float
    high: float
    source: str


#: Rockoff 2004 (AER): 1 SD of teacher quality is worth about 0.1 pupil SD; a policy working
#: through teachers cannot make village teachers better than town teachers, whose launch lead is
#: 0.6 SD in the synthetic data (docs/model.md section 4, itself an assumption): at most
#: 0.1 x 0.6 = 0.06. Small negatives are noise.
TEACHERS = Evidence("village_quality", -0.01, 0.06,
                    "direction from the seeds and Wu 2020 / Lei & Deng 2025; magnitude bounded by Rockoff 2004 "
                    "(0.1 SD per teacher SD) times the synthetic data's 0.6 SD town-village teacher gap (assumed)")
#: Resources cap teaching by adequacy^exponent (exponent 0.1, assumption; range to 0.5).
RESOURCES = Evidence("village_quality", -0.03, 0.03,
                     "assumption: resources below the standards cap teaching weakly (adequacy^0.1)")
LIVE = Evidence("village_learning", 0.0, 0.33,
                "Johnston & Ksoll 2022 at full fidelity: +0.21 SD after one year, +0.26 numeracy / +0.33 literacy "
                "after two (the model's defaults halve it, an assumption)")
WEAKNESS = Evidence("village_quality", -0.06, 0.01, "a stated weakness: it can only lower quality; bounded as TEACHERS")

EVIDENCE = {
    **{name: TEACHERS for name in ("pairing", "six_unified", "teacher_exchange", "entrusted_management",
                                   "leader_exchange", "bundled_assessment", "mentoring", "travelling_teachers",
                                   "pair_secondment", "novice_training", "teacher_pool", "recruitment",
                                   "rural_allowance", "backbone_designation", "standards_upkeep")},
    **{name: RESOURCES for name in ("capital_programme", "consolidation", "funding_shortfall", "intake_cap")},
    "resource_sharing": LIVE, "network_school": LIVE,
    "weak_incentives": WEAKNESS,
    "pay_parity": Evidence("village_quality", 0.0, 0.0, "by design: it makes a declared item true and moves no quality"),
}


def village_series(scenario, replicates: int) -> pd.DataFrame:
    """Village quality and the gap, indexed by year and replicate, on the scenario's own seed."""
    yearly = run_forecast(scenario, replicates, scenario.seed, progress=False).yearly
    return yearly.rename(columns={"quality_village": "village", "urban_rural_gap": "gap"}).set_index(
        ["year", "replicate"])[["village", "gap"]]


def default_policy(name: str, scenario):
    """Policy ``name`` at its documented defaults over the scenario's school years."""
    pol = REGISTRY[name].from_config({}, f"ledger: {name}", *scenario.policy_years)
    pol.id = name
    return pol


def isolated_effects(replicates: int = 8, progress: bool = False, lang: str = "en") -> pd.DataFrame:
    """One row per registered policy: its isolated effect, its evidence range and whether it is inside."""
    from tqdm.auto import tqdm

    from sim.wording import say

    rows, baselines = [], {}
    for name in tqdm(REGISTRY, desc=say("bar_policies", lang), unit=say("bar_policy", lang), disable=not progress,
                     leave=False):
        home = next((s for s in SCENARIO_ORDER if s in available()
                     and any(p.name == name for p in load_scenario(s).policies)), None)
        ev = EVIDENCE[name]
        home = home or SCENARIO_ORDER[0]  # a policy no ready scenario uses runs, at its defaults, in the first
        sc = load_scenario(home, end_year=load_scenario(home).start_year + HORIZON)
        if home not in baselines:
            baselines[home] = village_series(dataclasses.replace(sc, policies=[]), replicates)
        mine = [p for p in sc.policies if p.name == name][:1] or [default_policy(name, sc)]
        alone = dataclasses.replace(sc, policies=mine)
        diff = village_series(alone, replicates) - baselines[home]
        last = diff.xs(sc.start_year + HORIZON, level="year")
        per_rep = diff["village"].groupby(level="replicate").sum() if ev.measure == "village_learning" else last["village"]
        effect = float(per_rep.median())
        rows.append({"policy": name, "scenario": home, "measure": ev.measure, "effect": effect,
                     "gap_effect": float(last["gap"].median()), "low": ev.low, "high": ev.high,
                     "inside": ev.low <= effect <= ev.high, "source": ev.source})
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame, replicates: int, lang: str = "en") -> str:
    """The ledger as a Markdown table (docs/model.md holds the English one); in ``lang``, its sources
    and measures as published (English)."""
    from sim.wording import label, say

    columns = label("lg.columns", lang).split("|")
    lines = [say("lg_head", lang, years=HORIZON, n=replicates), "",
             "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in table.itertuples():
        inside = label("yes", lang) if r.inside else f"**{label('no', lang)}**"
        lines.append(f"| `{r.policy}` | {r.scenario} | {r.measure} | {r.effect:+.4f} | {r.gap_effect:+.4f} | "
                     f"{label('lg.range', lang, low=r.low, high=r.high)} | {inside} | {r.source} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sim.experiments.ledger", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replicates", type=int, default=8, help="replicates per run (default: 8)")
    ap.add_argument("--no-doc", action="store_true", help="print only; leave docs/model.md alone")
    args = ap.parse_args(argv)
    table = isolated_effects(args.replicates)
    text = markdown(table, args.replicates)
    print(text)
    if not args.no_doc:
        from sim.app.doc_tables import rewrite_block
        rewrite_block("ledger", text)


if __name__ == "__main__":
    main()
