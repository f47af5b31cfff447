"""Time a 2024-2029 projection (build + yearly steps, one replicate, in process) at three sizes.

    python benchmarks/bench_projection.py            # county, prefecture, province, region
    python benchmarks/bench_projection.py --sizes county --repeat 5
    python benchmarks/bench_projection.py --readme   # also rewrite README.md's performance table

Each size runs in a fresh subprocess so its peak memory (max RSS) is its own. Beside each time,
the same sizes projected by the two references of benchmarks/numpy_reference.py in the same
process (the core alone, and the core plus the people-placing and observing work every run does),
and the model's time as a multiple of each. Targets (issue 21, this 2-core machine): province
<= 1.0 s and <= 6 x the numpy reference; region (1.5 M teachers) <= 6 s.
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

README = Path(__file__).resolve().parents[1] / "README.md"
MARKS = ("<!-- bench_projection: start -->", "<!-- bench_projection: end -->")
SIZES = {"county": 60, "prefecture": 1000, "province": 10000, "region": 55000}  # school parts (region: 1.5 M teachers)


def measure(size: str, repeat: int) -> dict:
    """Best of ``repeat`` timings of build + run to 2029, in this process."""
    from sim.data.scenario import load_scenario
    from sim.data.synth import random_communities
    from benchmarks.numpy_reference import core_projection, full_projection
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
    schools, teachers, steps = len(model.schools), int(model.teachers.active.sum()), len(model.history) - 1
    row = {"size": size, "schools": schools, "teachers": teachers, "steps": steps, "build_s": builds[best],
           "total_s": totals[best]}
    for name, reference in (("core", core_projection), ("full", full_projection)):  # same sizes, same process
        times = []
        for rep in range(repeat):
            t0 = time.perf_counter()
            reference(schools, teachers, steps, seed=rep)
            times.append(time.perf_counter() - t0)
        row[f"{name}_s"], row[f"{name}_ratio"] = min(times), totals[best] / min(times)
    return row | {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3, help="timings per size; the best is reported")
    parser.add_argument("--readme", action="store_true", help="rewrite the table between README.md's markers")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.repeat)))
        return
    print(f"{'size':11s} {'schools':>8s} {'teachers':>9s} {'steps':>5s} {'build s':>8s} {'total s':>8s} "
          f"{'core s':>7s} {'x core':>6s} {'full s':>7s} {'x full':>6s} {'peak MB':>8s}")
    rows = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--worker", size, "--repeat", str(args.repeat)],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        rows.append(r)
        print(f"{r['size']:11s} {r['schools']:8d} {r['teachers']:9d} {r['steps']:5d} {r['build_s']:8.3f} "
              f"{r['total_s']:8.3f} {r['core_s']:7.3f} {r['core_ratio']:6.1f} {r['full_s']:7.3f} "
              f"{r['full_ratio']:6.1f} {r['peak_rss_mb']:8.0f}")
    if args.readme:
        write_readme(rows)


def write_readme(rows: list[dict]):
    """Replace the table between README.md's markers by ``rows``."""
    table = ["| size | schools | teachers | build | total | core reference | x core | full reference | x full "
             "| peak RSS |", "|---|---|---|---|---|---|---|---|---|---|"]
    table += [f"| {r['size']} | {r['schools']:,} | {r['teachers']:,} | {r['build_s']:.3f} s | {r['total_s']:.3f} s "
              f"| {r['core_s']:.3f} s | {r['core_ratio']:.0f} | {r['full_s']:.3f} s | {r['full_ratio']:.1f} "
              f"| {r['peak_rss_mb']:,.0f} MB |" for r in rows]
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(MARKS[0], 1)
    README.write_text(head + MARKS[0] + "\n" + "\n".join(table) + "\n" + MARKS[1] + rest.split(MARKS[1], 1)[1],
                      encoding="utf-8")


if __name__ == "__main__":
    main()
