"""A pure-numpy projection of the model's core yearly dynamics: the yardstick `bench_projection.py`
divides the model's time by (issue 21).

Not the model: no policies, communities, classes, titles or assessment beyond the CVs; the same
kinds of work on arrays of the same sizes, each a vectorised pass, so the ratio measures what the
model's structure (agents, policies, bookkeeping) costs on top of the arithmetic it cannot avoid.
Each year: teachers learn (skill grows with experience), retire and leave (Bernoulli by location),
posts are refilled by hires placed by vacancy, stocks depreciate and are renewed, pupils drift to
town, school quality follows mean skill, and the 7 resource CVs of each stage are taken.
"""

import numpy as np


def weighted_cv(values: np.ndarray, weights: np.ndarray) -> float:
    share = weights / weights.sum()
    mean = share @ values
    return float(np.sqrt(share @ (values - mean) ** 2) / mean)


def reference_projection(schools: int, teachers: int, years: int, seed: int = 0) -> list[float]:
    """Project ``schools`` school parts with ``teachers`` teachers for ``years`` years; the CVs."""
    rng = np.random.default_rng(seed)
    location = rng.integers(0, 3, schools)
    stage = rng.integers(0, 2, schools)
    pupils = rng.lognormal(6.0, 0.6, schools)
    stocks = rng.lognormal(0.0, 0.3, (schools, 7)) * pupils[:, None]
    posts = np.maximum(1, np.round(pupils / pupils.sum() * teachers)).astype(np.int64)
    school = np.repeat(np.arange(schools), posts)
    n = school.size
    skill, experience = rng.normal(0.0, 1.0, n), rng.integers(0, 35, n).astype(float)
    quality = np.zeros(schools)
    leave_rate = np.array([0.03, 0.05, 0.08])
    cvs = []
    for _ in range(years):
        skill += 0.15 * np.exp(-experience / 5.0) + 0.01  # learn
        experience += 1
        gone = (experience >= 40) | (rng.random(n) < leave_rate[location[school]])  # retire and leave
        have = np.bincount(school[~gone], minlength=schools)
        vacancy = np.maximum(posts - have, 0)
        school[gone] = np.repeat(np.arange(schools), vacancy)[: gone.sum()]  # refill posts with hires
        skill[gone], experience[gone] = rng.normal(-0.5, 1.0, gone.sum()), 0.0
        stocks *= 0.94  # depreciate
        stocks += 0.06 * pupils[:, None] * rng.lognormal(0.0, 0.1, (schools, 1))  # renew
        drift = 0.01 * pupils * (location > 0)  # pupils to town
        pupils += np.where(location == 0, drift.sum() / max((location == 0).sum(), 1), 0.0) - drift
        mean_skill = np.bincount(school, weights=skill, minlength=schools) / np.maximum(
            np.bincount(school, minlength=schools), 1)
        quality += 0.5 * (mean_skill - quality)  # quality follows teaching
        per_pupil = stocks / pupils[:, None]
        cvs += [weighted_cv(per_pupil[stage == s, k], pupils[stage == s]) for s in (0, 1) for k in range(7)]
    return cvs
