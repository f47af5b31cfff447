"""Write a synthetic region's school table and a target timetable (county, target year).

    python experiments/data/make_region.py                          # the committed 12-county example
    python experiments/data/make_region.py --counties 300 --out /tmp/province_300.csv

Counties are drawn by ``sim.region.synthetic`` (sizes around national totals per county, cited
in docs/model.md section 14). The timetable follows the issue's example of one prefecture's plan:
30 % of counties in the 14th five-year plan (target 2025), 40 % in the 15th (2026-2030), 30 % in
the 16th (2031-2033), counties assigned at random (seeded). Everything here is SYNTHETIC.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sim.region.synthetic import synthetic_region  # noqa: E402

HERE = Path(__file__).resolve().parent
#: Share of counties by five-year plan and the target years each plan's counties spread over.
PLANS = ((0.3, (2025,)), (0.4, (2026, 2027, 2028, 2029, 2030)), (0.3, (2031, 2032, 2033)))


def timetable(names: list[str], seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(names))
    years, start = np.zeros(len(names), dtype=int), 0
    for i, (share, span) in enumerate(PLANS):
        k = len(names) - start if i == len(PLANS) - 1 else round(share * len(names))
        years[order[start:start + k]] = rng.choice(span, size=k)
        start += k
    return pd.DataFrame({"county": names, "target_year": years})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2029)
    parser.add_argument("--out", type=Path, default=HERE / "prefecture_12.csv",
                        help="the table; the timetable is written beside it as <name>_targets.csv")
    args = parser.parse_args(argv)
    tables = [frame for _, frame in synthetic_region(args.counties, args.seed)]
    table = pd.concat(tables, ignore_index=True)
    table.to_csv(args.out, index=False)
    targets = args.out.with_name(f"{args.out.stem}_targets.csv")
    timetable(table["county"].unique().tolist(), args.seed).to_csv(targets, index=False)
    print(f"wrote {args.out} ({args.counties} counties, {len(table):,} school parts) and {targets}")


if __name__ == "__main__":
    main()
