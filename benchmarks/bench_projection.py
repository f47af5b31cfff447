"""Time a 2024-2029 projection (build + yearly steps, one replicate, in process) at three sizes.

    python benchmarks/bench_projection.py            # county, prefecture, province
    python benchmarks/bench_projection.py --sizes county --repeat 5

Each size runs in a fresh subprocess so its peak memory (max RSS) is its own. Targets
(issue 3, this 2-core machine): county <= 0.05 s; province <= 3 s and <= 1 GB.
"""

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = {"county": 60, "prefecture": 1000, "province": 10000}  # school parts


def measure(size: str, repeat: int) -> dict:
    """Best of ``repeat`` timings of build + run to 2029, in this process."""
    from sim.data.scenario import load_scenario
    from sim.data.synth import random_communities
    from sim.dynamics.model import CountyModel

    scenario = dataclasses.replace(load_scenario("ziyang"), communities=random_communities(SIZES[size]))
    builds, totals = [], []
    for rep in range(repeat):
        t0 = time.perf_counter()
        model = CountyModel(scenario, seed=rep)
        t1 = time.perf_counter()
        model.run()
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        totals.append(t2 - t0)
    best = min(range(repeat), key=totals.__getitem__)
    return {"size": size, "schools": len(model.schools), "teachers": int(model.teachers.active.sum()),
            "steps": len(model.history) - 1, "build_s": builds[best], "total_s": totals[best],
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3, help="timings per size; the best is reported")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.repeat)))
        return
    print(f"{'size':11s} {'schools':>8s} {'teachers':>9s} {'steps':>5s} {'build s':>8s} {'total s':>8s} {'peak MB':>8s}")
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--worker", size, "--repeat", str(args.repeat)],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        print(f"{r['size']:11s} {r['schools']:8d} {r['teachers']:9d} {r['steps']:5d} {r['build_s']:8.3f} "
              f"{r['total_s']:8.3f} {r['peak_rss_mb']:8.0f}")


if __name__ == "__main__":
    main()
