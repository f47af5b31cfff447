"""The frozen-seed baseline of the Ziyang forecast.

Regenerate it consciously, in its own commit, when the model's behaviour is meant to change:
    python -m tests.regression
"""

import json
from pathlib import Path

from sim.forecast import run_forecast
from sim.scenario import load_scenario

BASELINE = Path(__file__).with_name("baseline") / "ziyang.json"
SEED, REPLICATES = 20241031, 4


def summary() -> dict:
    """Mean over replicates of every numeric column, per year: a compact fingerprint of the model."""
    yearly = run_forecast(load_scenario("ziyang"), REPLICATES, SEED, progress=False).yearly
    means = yearly.set_index("year").drop(columns="replicate").astype(float).groupby(level=0).mean()
    return {str(year): row.to_dict() for year, row in means.iterrows()}


if __name__ == "__main__":
    BASELINE.write_text(json.dumps(summary(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {BASELINE}")
