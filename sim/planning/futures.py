"""Plausible futures: draws of the parameters the model is unsure of, from their documented ranges,
each with its own random stream, so every schedule `pathway` compares is run on the same futures
(common random numbers)."""

import numpy as np
import pandas as pd

from sim.data.errors import InputError
from sim.dynamics.params import MODEL_PARAMS, unknown_key_error

HALF = "assumption: half to one and a half times the default (no source gives a range)"
#: The ready uncertainty list (docs/model.md 15): enrollment trends, attrition and transfers, hiring, effect
#: sizes; (low, high, why). Assumptions with no range of their own span half to one and a half times their
#: default; the exchange counting convention is drawn besides (``CONVENTION``).
DEFAULT_UNCERTAIN = {
    "rural_drift": (0.005, 0.015, HALF),
    "cohort_change": (-0.03, -0.01, HALF),
    "attrition_urban": (0.01, 0.03, HALF),
    "attrition_township": (0.05, 0.10, "'rural 5-10 % a year', quoted without a primary source (evidence.md)"),
    "attrition_village": (0.05, 0.10, "'rural 5-10 % a year', quoted without a primary source (evidence.md)"),
    "transfer_to_town": (0.3, 0.5, "about 30 % wish to move (Wang 2023) to about half moved (2013-14 report)"),
    "rural_fill_rate": (0.6, 1.0, "assumption: two in five to all village vacancies filled"),
    "teacher_effect": (0.05, 0.24, "the documented range (Rockoff 2004; the 2003 working paper's upper end)"),
    "skill_growth_early": (0.075, 0.225, HALF),
    "choice_sensitivity": (0.075, 0.225, HALF),
}
#: Where an exchange teacher counts: no official rule decides (docs/model.md 6.5), so a future draws it.
CONVENTION = "exchange_counted_at"


def uncertain_ranges(given: dict[str, tuple[float, float]] | None = None) -> dict[str, tuple[float, float]]:
    """The default list, with ``given`` ranges replacing or adding keys; each range must lie within the
    parameter's documented one."""
    ranges = {k: (low, high) for k, (low, high, _) in DEFAULT_UNCERTAIN.items()}
    for key, (low, high) in (given or {}).items():
        p = MODEL_PARAMS.get(key)
        if p is None or p.low is None:
            raise unknown_key_error(key, [k for k, v in MODEL_PARAMS.items() if v.low is not None], "--uncertain")
        if not p.low <= low <= high <= p.high:
            raise InputError.worded("uncertain_range", key=key, low=low, high=high, lowest=p.low, highest=p.high,
                                    unit=p.unit)
        ranges[key] = (low, high)
    return ranges


def draw_futures(n: int, seed: int, ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """``n`` futures by Latin hypercube over ``ranges`` (whole-number parameters rounded) and the
    counting convention drawn half and half; one row per future."""
    from scipy.stats import qmc

    unit = qmc.LatinHypercube(d=len(ranges) + 1, seed=np.random.default_rng(seed)).random(n)
    futures = pd.DataFrame({key: low + unit[:, j] * (high - low) for j, (key, (low, high)) in enumerate(ranges.items())})
    for key in ranges:
        if isinstance(MODEL_PARAMS[key].default, int):
            futures[key] = futures[key].round().astype(int)
    futures[CONVENTION] = np.where(unit[:, -1] < 0.5, "host", "home")
    return futures


def future_seeds(seed: int, n: int) -> list[np.random.SeedSequence]:
    """Future k's random stream: the same for every schedule run on it."""
    return np.random.SeedSequence([seed, 1]).spawn(n)
