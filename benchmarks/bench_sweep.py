"""Time a 1,000-run county-size sweep on 1 and 2 process-pool workers and on a Dask LocalCluster.

    python benchmarks/bench_sweep.py [--runs 1000]

Reports wall time, speed-up of 2 workers over 1, and the per-run overhead (executor and
storage): wall x workers - time inside the model, over the time inside the model.
Targets (issue 5, this 2-core machine): 2 workers >= 1.7x faster than 1; overhead < 20 %;
Dask within 1.3x of the process pool.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main():
    from sim.experiments.experiment import load_experiment
    from sim.experiments.sweep import run_sweep

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="edusim-bench-"))
    exp_file = root / "bench.toml"
    replicates = 10
    points = args.runs // replicates
    exp_file.write_text(f'''name = "bench"
scenario = "ziyang"
seed = 1
replicates = {replicates}
design = "lhs"
samples = {points}
[parameters]
"teacher_exchange.rate" = {{ low = 0.0, high = 0.3 }}
"resource_sharing.pool_share" = {{ low = 0.0, high = 0.6 }}
''')
    exp = load_experiment(exp_file)
    results = {}
    print(f"{exp.n_runs} county runs (Ziyang, 59 school parts)")
    print(f"{'executor':22s} {'wall s':>7s} {'model s':>8s} {'overhead':>9s}")
    for label, executor, workers in (("processes, 1 worker", "processes", 1), ("processes, 2 workers", "processes", 2),
                                     ("dask, 2 workers", "dask", 2)):
        out = root / label.replace(" ", "_").replace(",", "")
        s = run_sweep(exp, out, executor=executor, workers=workers, progress=False)
        overhead = (s["wall_seconds"] * workers - s["model_seconds"]) / s["model_seconds"]
        results[label] = s["wall_seconds"]
        print(f"{label:22s} {s['wall_seconds']:7.2f} {s['model_seconds']:8.2f} {overhead:9.1%}")
    print(f"speed-up of 2 workers over 1: {results['processes, 1 worker'] / results['processes, 2 workers']:.2f}x")
    print(f"dask / process pool (2 workers): {results['dask, 2 workers'] / results['processes, 2 workers']:.2f}x")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
