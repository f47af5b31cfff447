"""The Python interface for notebooks and scripts: everything the CLI does, without the CLI.

    from sim import api
    sc = api.load_scenario("ziyang", overrides=["teacher_exchange.rate=0.2"])
    fc = api.forecast(sc, replicates=50, seed=1)          # fc.yearly, fc.schools (DataFrames)
    model = api.CountyModel(sc, seed=1); model.run()       # one run, step by step if you like
    exp = api.load_experiment("experiments/smoke.toml")
    api.sweep(exp, "results/sweep/smoke", workers=2)       # resumable; under `if __name__ == "__main__":`
    runs, design, meta = api.load_sweep("results/sweep/smoke")
"""

from sim.assessment.indices import gini, stage_report, theil, weighted_cv
from sim.data.scenario import available as scenarios
from sim.data.scenario import load_scenario
from sim.data.schooltable import read_school_table
from sim.dynamics.model import CountyModel
from sim.experiments.analysis import (
           discover,
           pass_grid,
           sobol_indices,
           sweep_sensitivity,
)
from sim.experiments.calibrate import calibrate, load_calibration
from sim.experiments.compare import run_comparison, summarise
from sim.experiments.experiment import load_experiment
from sim.experiments.forecast import run_forecast as forecast
from sim.experiments.sweep import load_results as load_sweep
from sim.experiments.sweep import run_sweep as sweep

__all__ = ["CountyModel", "calibrate", "discover", "forecast", "gini", "load_calibration", "load_experiment",
           "load_scenario", "load_sweep", "pass_grid", "read_school_table", "run_comparison", "scenarios",
           "sobol_indices", "stage_report", "summarise", "sweep", "sweep_sensitivity", "theil", "weighted_cv"]
