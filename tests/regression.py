"""Frozen-seed baselines of every ready scenario's forecast.

Regenerate them consciously, in their own commit, when the model's behaviour is meant to change:
    python -m tests.regression            # all scenarios
    python -m tests.regression ziyang     # one
"""

import json
import sys
from pathlib import Path

from sim.data.scenario import load_scenario
from sim.experiments.forecast import run_forecast

BASELINES = Path(__file__).with_name("baseline")
SCENARIOS = ("chengdu", "dingxi", "pingdingshan", "weicheng", "ziyang")
REPLICATES = 3


def baseline_path(name: str) -> Path:
    return BASELINES / f"{name}.json"


def summary(name: str) -> dict:
    """Mean over replicates of every numeric column, per year: a compact fingerprint of the model."""
    scenario = load_scenario(name)
    yearly = run_forecast(scenario, REPLICATES, scenario.seed, progress=False).yearly
    frame = yearly.set_index("year").drop(columns="replicate")
    numeric = frame[[c for c in frame if frame[c].dtype.kind in "biuf"]]  # not the binding indicator's name
    means = numeric.astype(float).groupby(level=0).mean()
    return {str(year): row.to_dict() for year, row in means.iterrows()}


if __name__ == "__main__":
    for name in sys.argv[1:] or SCENARIOS:
        baseline_path(name).write_text(json.dumps(summary(name), indent=1, sort_keys=True) + "\n")
        print(f"wrote {baseline_path(name)}")
