"""Time and peak memory of reading a school table as large as the reader takes without --large.

    python benchmarks/bench_reader.py                 # 450,000 rows (the limit is 500,000)
    python benchmarks/bench_reader.py --rows 100000
    python benchmarks/bench_reader.py --bad           # every row refused (a negative enrollment)

The table is the example county's rows repeated under new names, written to a temporary CSV; it is
read in a fresh subprocess (``edusim check``) so that the peak memory (max RSS) is the reader's own.
The bound to keep (issue 24): no input takes more than 2 GB without --large, and none hangs.
"""

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "experiments" / "data" / "example_county.csv"


def write_table(path: Path, rows: int, bad: bool = False):
    with EXAMPLE.open(encoding="utf-8") as f:
        head, *body = list(csv.reader(f))
    body = [r for r in body if "Teaching" not in r[0]]  # schools only: no parent to resolve
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(head)
        for n in range(rows):
            row = list(body[n % len(body)])
            row[0] = f"{row[0]} {n}"
            if bad:
                row[2] = "-1"  # enrollment: a problem on every row, of which the first 1,000 are kept
            out.writerow(row)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=450_000)
    parser.add_argument("--bad", action="store_true", help="every row with a negative enrollment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp, "big.csv")
        write_table(table, args.rows, args.bad)
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "sim.app.cli", "check", str(table)], capture_output=True,
                              text=True, cwd=REPO)
        seconds = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({"rows": args.rows, "bad": args.bad, "bytes": table.stat().st_size, "exit": proc.returncode,
                          "seconds": round(seconds, 1), "peak_mb": round(peak_mb)}))
    return 0 if proc.returncode == (2 if args.bad else 0) else 1


if __name__ == "__main__":
    sys.exit(main())
