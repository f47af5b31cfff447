"""What a sweep worker runs: a chunk of runs, in its own process, with no pandas to import.

Workers start by importing this module alone, so it stays light (numpy and the model).
"""

import time
import traceback

import numpy as np


def run_seed(seed: int, replicate: int) -> np.random.SeedSequence:
    return np.random.SeedSequence(seed, spawn_key=(replicate,))


def run_chunk(task: dict) -> tuple[list[dict], float]:
    """Run a chunk of runs in this process; a run that raises becomes a row carrying its error.

    Returns the rows and the seconds spent in the model (for the overhead benchmark).
    """
    from threadpoolctl import threadpool_limits

    from sim.dynamics.model import CountyModel
    from sim.experiments.experiment import scenario_for

    rows, busy = [], 0.0
    with threadpool_limits(1):  # the same BLAS threading on every executor: bit-identical floats
        for run, point, replicate, values in task["runs"]:
            ident = {"run": run, "point": point, "replicate": replicate, **values}
            t0 = time.perf_counter()
            try:
                scenario = scenario_for(task["scenario_raw"], values, task["source"])
                history = CountyModel(scenario, seed=run_seed(task["seed"], replicate)).run()
                rows += [{**ident, "year": h["year"], **{k: h[k] for k in task["outcomes"]}, "error": None}
                         for h in history]
            except Exception as e:  # noqa: BLE001 - recorded, and the sweep goes on
                last = traceback.extract_tb(e.__traceback__)[-1]
                rows.append({**ident, "year": None, "error": f"{type(e).__name__}: {e} ({last.filename}:{last.lineno})"})
            busy += time.perf_counter() - t0
    return rows, busy
