"""Fit the synthetic counties' school-level spreads of teachers to published district CVs.

``synth_staff_sigma``, ``synth_degree_sigma`` and ``synth_title_sigma`` (sim/dynamics/params.py) set
how much a synthetic school's teacher posts, degree share and title share differ from its
location's. Each is fitted, on a grid, so that the median starting CV of its indicator over the
five ready scenarios (both stages) matches the median of the Jilin 2012 districts (the FIT rows of
sim/experiments/validation/data/county_level_indicator_cvs_2012.csv); the Anhui and Chongqing rows
are held out, and ``edusim validate`` reports the fit on both. Each sigma moves its own indicator's
CV and barely another's, so the three are fitted one at a time.

    python experiments/fit_synthetic_spread.py          # about a minute on 2 cores
"""

import sys

import numpy as np

from sim.experiments.validation import cv_spread
from sim.experiments.validation.observed import DATA

GRID = np.round(np.arange(0.0, 0.81, 0.05), 2)
FITTED = {"synth_staff_sigma": "teachers", "synth_degree_sigma": "teachers_above_degree",
          "synth_title_sigma": "senior_title_teachers"}
REPLICATES = 6
SEED = 1


def target(key: str) -> float:
    return float(np.median(cv_spread.values(cv_spread.fit_rows(cv_spread.read_observed(DATA)), key)))


def simulated_median(key: str, settings: dict) -> float:
    rows = cv_spread.simulated_rows(REPLICATES, SEED, lambda key, **fields: None,
                                    tuple(f"{k}={v}" for k, v in settings.items()))
    return float(np.median(cv_spread.values(rows, key)))


def main() -> int:
    settings = {}
    for param, key in FITTED.items():
        goal = target(key)
        medians = [simulated_median(key, {**settings, param: sigma}) for sigma in GRID]
        best = GRID[int(np.argmin(np.abs(np.array(medians) - goal)))]
        settings[param] = float(best)
        print(f"{param} = {best}  ({key}: simulated median {medians[list(GRID).index(best)]:.3f}, "
              f"Jilin median {goal:.3f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
