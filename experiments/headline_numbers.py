"""The numbers the README's "What the default results say" cites, recomputed from the model.

    python experiments/headline_numbers.py [--replicates 100]

Runs Ziyang under the variants the README compares (its plan, no policy, exchange teachers
counted at home, management teams of 3, the exchange rate doubled) and every ready scenario's
urban-rural gap, each on its scenario's own seed; writes results/headline/n<N>/headline.csv
(one row per variant, 2029 medians and shares of replicates) and meta.json, and prints them.
"""

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.data.results import meta, staged_run, write_json  # noqa: E402
from sim.data.scenario import load_scenario  # noqa: E402
from sim.experiments.forecast import run_forecast  # noqa: E402

ZIYANG_VARIANTS = {
    "plan": {},
    "no policy": {"without": ("all",)},
    "exchange counted at home": {"overrides": ["exchange_counted_at=home"]},
    "no policy, counted at home": {"overrides": ["exchange_counted_at=home"], "without": ("all",)},
    "management teams of 3": {"overrides": ["management_team.min_staff=3"]},
    "exchange rate doubled": {"overrides": ["teacher_exchange.rate=0.2"]},
}
SCENARIOS = ("chengdu", "dingxi", "pingdingshan", "weicheng", "ziyang")


def summary(label: str, scenario, replicates: int) -> dict:
    yearly = run_forecast(scenario, replicates, scenario.seed, progress=False).yearly
    first, last = yearly[yearly["year"] == yearly["year"].min()], yearly[yearly["year"] == yearly["year"].max()]
    spent = yearly[yearly["year"] > yearly["year"].min()].groupby("replicate")["policy_cost_yuan"].sum()
    return {
        "variant": label, "year": int(last["year"].iloc[0]), "replicates": replicates,
        "p_all_7_cvs_pass": last["high_quality_cv_pass"].mean(), "p_high_quality": last["high_quality_pass"].mean(),
        **{f"{name}_{at}": last[f"{flag}_{at}"].mean() for name, flag in (("p_all_7_cvs_pass", "high_quality_cv_pass"),
                                                                           ("p_high_quality", "high_quality_pass"))
           for at in ("host", "home")},  # exchange teachers counted there (docs/model.md 6.5)
        **{c: last[c].median() for c in ("cv_backbone_teachers_primary", "cv_backbone_teachers_junior",
                                         "cv_teachers_above_degree_primary", "binding_cv_ratio", "urban_rural_gap")},
        "urban_rural_gap_launch": first["urban_rural_gap"].median(),
        "share_meeting_rule_primary": (last["schools_meeting_rule_primary"] / last["schools_primary"]).median(),
        "share_meeting_rule_junior": (last["schools_meeting_rule_junior"] / last["schools_junior"]).median(),
        "unplaced_per_year_min": yearly[yearly["year"] > yearly["year"].min()].groupby("year")["unplaced"].median().min(),
        "unplaced_per_year_max": yearly[yearly["year"] > yearly["year"].min()].groupby("year")["unplaced"].median().max(),
        "policy_cost_million_yuan": spent.median() / 1e6,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicates", type=int, default=100)
    args = parser.parse_args()
    rows = [summary(f"ziyang: {label}", load_scenario("ziyang", **kw), args.replicates)
            for label, kw in ZIYANG_VARIANTS.items()]
    rows += [summary(f"{name}: plan", load_scenario(name), args.replicates) for name in SCENARIOS if name != "ziyang"]
    table = pd.DataFrame(rows)
    out = Path("results", "headline", f"n{args.replicates}")
    with staged_run(out) as tmp:
        table.to_csv(tmp / "headline.csv", index=False)
        write_json(tmp / "meta.json", meta(experiment="headline", run=out.name, replicates=args.replicates,
                                           command=" ".join(["python", *sys.argv])))
    with pd.option_context("display.width", 200, "display.max_columns", None, "display.precision", 3):
        print(table.set_index("variant").T.to_string())
    print(f"wrote {out}/headline.csv, meta.json")


if __name__ == "__main__":
    main()
