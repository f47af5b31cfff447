"""Many counties: a synthetic country at 1 replicate in process, and a province on 1 worker, a local
pool and a Dask LocalCluster.

    python benchmarks/bench_region.py national          # ~2,844 counties, 1 replicate, on all cores
    python benchmarks/bench_region.py province          # 300 counties x 20 replicates: serial, pool, Dask
    python benchmarks/bench_region.py province --counties 30 --replicates 4   # a quick look

Counties come from ``sim.region.synthetic`` (school counts per county around the published national
totals, docs/model.md section 14), projected 2024-2029 under the status quo (or --scenario). Reports wall time, the
model's seconds per county-replicate, peak memory (max RSS) of the main process and of each worker,
and the speed-up against 1 worker; the province run also checks that every executor gives the same
rows, bit for bit. Results go to benchmarks/results/region-<what>.json.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.region.overrides import county_scenarios  # noqa: E402
from sim.region.projection import KEPT, make_tasks, run_county  # noqa: E402
from sim.region.synthetic import NATIONAL, PUBLISHED, county_table, synthetic_region  # noqa: E402
from sim.region.tables import Region  # noqa: E402

OUT = Path(__file__).resolve().parent / "results"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured(task: dict) -> tuple[list[dict], float, int, float]:
    """A county task, with the seconds it took, the worker's pid and its peak memory so far."""
    t0 = time.perf_counter()
    rows = run_county(task)
    return rows, time.perf_counter() - t0, os.getpid(), rss_mb()


def national(counties: int, seed: int, scenario: str | None = None, workers: int = 1) -> dict:
    """Every county generated in this process, then projected once on ``workers`` processes (in
    process when 1), largest first: memory per process stays that of its largest county."""
    from sim.experiments.executors import map_tasks

    started = time.perf_counter()
    tasks, sizes, pupils, teachers = [], [], 0, 0
    for name, frame in synthetic_region(counties, seed):
        table = county_table(frame)
        mine = county_scenarios(Region("synthetic", [table]), scenario)[name]
        tasks.append({"label": name, "scenario": mine, "seed": seed, "replicates": [0], "kept": KEPT})
        sizes.append(len(table))
        pupils += int(table.enrollment.sum())
        teachers += int(table.counts["teachers"].sum())
    order = np.argsort(sizes, kind="stable")[::-1]
    generate = time.perf_counter() - started
    busy, passed, peaks = 0.0, 0, {}
    for done, (rows, seconds, pid, peak) in enumerate(
            map_tasks(measured, [tasks[i] for i in order], "serial" if workers == 1 else "processes", workers), 1):
        busy += seconds
        passed += bool(rows[-1]["high_quality_cv_pass"])
        peaks[pid] = max(peak, peaks.get(pid, 0.0))
        if done % 250 == 0:
            print(f"  {done} counties, {time.perf_counter() - started:.0f} s", flush=True)
    return {"counties": counties, "replicates": 1, "workers": workers, "school_parts": sum(sizes), "pupils": pupils,
            "teachers": teachers, "largest_county_parts": max(sizes), "median_county_parts": float(np.median(sizes)),
            "generate_s": generate, "model_s": busy, "wall_s": time.perf_counter() - started,
            "model_s_per_county_replicate": busy / counties, "peak_rss_mb": rss_mb(),
            "peak_rss_mb_per_worker": max(peaks.values()),
            "share_passing_all_cvs_2029": passed / counties, "published": NATIONAL | PUBLISHED}


def province(counties: int, replicates: int, seed: int, workers: int, scenario: str | None = None) -> dict:
    from sim.experiments.executors import map_tasks

    tables = [county_table(frame) for _, frame in synthetic_region(counties, seed)]
    scenarios = county_scenarios(Region("synthetic", tables), scenario)
    out, frames = {"counties": counties, "replicates": replicates, "workers": workers,
                   "school_parts": sum(len(t) for t in tables)}, {}
    for executor, n in (("serial", 1), ("processes", workers), ("dask", workers)):
        tasks = make_tasks(scenarios, replicates, seed, n)
        t0 = time.perf_counter()
        rows, busy, peaks = [], 0.0, {}
        for result, seconds, pid, peak in map_tasks(measured, tasks, executor, n):
            rows += result
            busy += seconds
            peaks[pid] = max(peak, peaks.get(pid, 0.0))
        wall = time.perf_counter() - t0
        frames[executor] = pd.DataFrame(rows).sort_values(["county", "replicate", "year"]).reset_index(drop=True)
        out[executor] = {"workers": n, "wall_s": wall, "model_s": busy,
                         "model_s_per_county_replicate": busy / (counties * replicates),
                         "peak_rss_mb_per_worker": max(peaks.values()), "main_peak_rss_mb": rss_mb()}
        print(f"  {executor} ({n} worker{'s' * (n > 1)}): {wall:.1f} s", flush=True)
    for executor in ("processes", "dask"):
        out[executor]["speed_up"] = out["serial"]["wall_s"] / out[executor]["wall_s"]
        out[executor]["identical_to_serial"] = bool(frames[executor].equals(frames["serial"]))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("national", "province"))
    parser.add_argument("--counties", type=int, default=None, help="default: national 2,844, province 300")
    parser.add_argument("--replicates", type=int, default=20, help="province only (default: 20)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scenario", default=None, help="policies in every county (default: the status quo)")
    args = parser.parse_args()
    if args.what == "national":
        result = national(args.counties or NATIONAL["counties"], args.seed, args.scenario, args.workers)
    else:
        result = province(args.counties or 300, args.replicates, args.seed, args.workers, args.scenario)
    result |= {"scenario": args.scenario or "status quo", "cpu_count": os.cpu_count(), "python": sys.version.split()[0]}
    OUT.mkdir(exist_ok=True)
    path = OUT / f"region-{args.what}{'-' + args.scenario if args.scenario else ''}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
