"""The cheapest policy mixes of a stored min_cost_mix sweep that pass, and how reliably.

    python experiments/min_cost_mix.py results/sweep/min_cost_mix [--target high_quality_cv_pass] [--p 0.8]

Reads the stored runs only. A mix "passes" when at least a share ``--p`` of its replicates
pass ``--target`` in the final year; its cost is the median over replicates of the policy
cost summed over the years.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.experiments.analysis import final_year  # noqa: E402
from sim.experiments.sweep import load_results  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep_dir")
    parser.add_argument("--target", default="high_quality_pass")
    parser.add_argument("--p", type=float, default=0.8, help="share of replicates that must pass")
    args = parser.parse_args()
    runs, design, meta = load_results(Path(args.sweep_dir))
    params = list(meta["experiment"]["parameters"])
    ok = runs[runs["error"].isna()]
    cost = ok.groupby(["point", "run"])["policy_cost_yuan"].sum().groupby("point").median()
    last = final_year(ok)
    p_pass = last.groupby("point")[args.target].mean()
    table = design.set_index("point")[params].assign(p_pass=p_pass, cost_million_yuan=cost / 1e6)
    passing = table[table["p_pass"] >= args.p].sort_values("cost_million_yuan")
    print(f"{len(passing)} of {len(table)} mixes pass '{args.target}' in >= {args.p:.0%} of replicates")
    print((passing if len(passing) else table.sort_values("p_pass", ascending=False)).head(10).to_string(float_format="{:.3f}".format))


if __name__ == "__main__":
    main()
