"""Which margin should ``edusim plan`` aim at by default? A plan made at margin m is simulated one
year ahead with no policy; P(next year) is the share of replicates still passing.

    python experiments/plan_margin.py [--table tests/data/plan_county.csv] [--replicates 200] [--seed 1]

For each margin and number of spare teachers: the plan's cost, then over replicates of the patched
table's status quo (model defaults, no policy; --scenario takes another scenario's parameters), the share passing the high-quality test in the
start year and the next one (and its two parts: all CVs, every school's 6-of-7 rule). The default
margin and spare (sim/planning/margin.py DEFAULT_MARGIN, DEFAULT_SPARE) come from the cheapest plan
with P(next year) >= --p on both example tables.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from sim.assessment.balance import evaluation_county  # noqa: E402
from sim.data.schooltable import read_school_table  # noqa: E402
from sim.planning.optimise import plan  # noqa: E402
from sim.planning.check import next_year  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", default=str(REPO / "tests" / "data" / "plan_county.csv"))
    parser.add_argument("--scenario", default="",
                        help="scenario whose parameters run the year (default: the table's status quo)")
    parser.add_argument("--margins", default="0,0.02,0.05,0.10,0.15,0.20,0.25,0.30,0.35")
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--p", type=float, default=0.8, help="share of replicates that must pass next year")
    parser.add_argument("--spares", default="0", help="spare teachers to try (comma-separated)")
    parser.add_argument("--cv-margin", type=float, default=None,
                        help="CV targets at threshold x (1 - this) for every plan (default: each plan's margin)")
    args = parser.parse_args()
    county = evaluation_county(read_school_table(args.table))
    rows = []
    for m, spare in ((float(x), int(k)) for x in args.margins.split(",") for k in args.spares.split(",")):
        p = plan(county, m, cv_margin=args.cv_margin, spare_teachers=spare)
        row = {"margin": m, "spare": spare, "status": p.status, "cost_million_yuan": p.cost_yuan / 1e6,
               "moves": int(p.actions.loc[p.actions["action"] == "move_teacher", "quantity"].sum())}
        if p.patched is not None:
            row.update(next_year(p.patched, args.replicates, args.seed, args.scenario or None))
        rows.append(row)
        print(f"margin {m:g}, spare {spare}: {row['status']}, cost {row['cost_million_yuan']:.3f} M yuan, "
              f"P(pass next year) {row.get('p_pass_next_year', float('nan')):.3f}", flush=True)
    table = pd.DataFrame(rows)
    ok = table[table.get("p_pass_next_year", pd.Series(dtype=float)) >= args.p]
    print()
    print(table.to_string(index=False, float_format="{:.3f}".format))
    best = ok.sort_values("cost_million_yuan").iloc[0] if len(ok) else None
    print(f"\ncheapest plan with P(pass next year) >= {args.p}: "
          + (f"margin {best['margin']:g}, {best['spare']:g} spare teacher(s)" if best is not None else "none of those tried"))


if __name__ == "__main__":
    main()
