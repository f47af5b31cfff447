"""The official balance indices (enrollment-weighted CV) and the quality-inequality measures.

The CV is the evaluators' one: weights are enrollment shares, the variance is the
population form (no n-1), and the mean is the enrollment-weighted mean. See
``docs/model.md`` section "Observation" for the conventions (teaching points, exchange
teachers, nine-year schools).
"""

from dataclasses import dataclass, field

import numpy as np

from sim.assessment.standards import (
    BASIC,
    BASIC_COMPOSITE_THRESHOLD,
    HIGH_QUALITY,
    HQ_CV_THRESHOLD,
    HQ_MIN_SHARE_OF_STANDARD,
    HQ_MIN_STANDARDS_MET,
    STANDARDS,
    Indicator,
)


def weighted_cv(values, weights) -> float:
    """Enrollment-weighted population coefficient of variation, S / mean.

    ``values`` are per-student (or per-100-students) indicator values, ``weights`` the
    schools' enrollments. Returns 0 for a single school or identical values.
    """
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.shape != w.shape or x.ndim != 1 or x.size == 0:
        raise ValueError("values and weights must be non-empty 1-d arrays of the same length")
    if np.any(w <= 0) or not np.all(np.isfinite(w)):
        raise ValueError("weights (enrollments) must be positive and finite")
    if not np.all(np.isfinite(x)):
        raise ValueError("indicator values must be finite")
    share = w / w.sum()
    mean = float(share @ x)
    if mean == 0.0:
        return 0.0 if np.all(x == 0) else float("inf")
    spread = float(np.sqrt(share @ (x - mean) ** 2))
    return spread / abs(mean)


def indicator_values(counts, enrollment, indicator: Indicator) -> np.ndarray:
    """A school's indicator from its raw count: per student, or per 100 students."""
    return np.asarray(counts[indicator.key], dtype=float) * indicator.per / np.asarray(enrollment, float)


@dataclass
class StageReport:
    """Both official tests for one stage of one county."""

    stage: str
    n_schools: int
    enrollment: float
    indicators: dict = field(default_factory=dict)  # key -> {cv, mean, standard, threshold, below}
    basic_cvs: dict = field(default_factory=dict)  # key -> cv (8 indicators)
    composite_cv: float | None = None  # None when a basic-balance column is missing
    high_quality_cv_pass: bool = False
    schools_meeting_rule: int = 0
    high_quality_pass: bool = False
    basic_pass: bool | None = None
    school_rule: np.ndarray | None = None  # per school: meets the 6-of-7 / 85 % rule
    standards_met: np.ndarray | None = None  # per school: how many of the 7 standards met
    rows: np.ndarray | None = None  # the simulation's school rows evaluated (set by sim.assessment.observe)
    counts: dict | None = None  # the counts evaluated, after the teaching-point rule
    pupils: np.ndarray | None = None  # the enrollments evaluated

    def as_dict(self, names=None) -> dict:
        """JSON-ready form; ``names`` turns school positions into names in ``below``."""
        def name(i):
            return names[i] if names is not None else int(i)
        return {
            "schools": self.n_schools,
            "enrollment": self.enrollment,
            "indicators": {
                k: {**{f: v[f] for f in ("cv", "mean", "standard", "threshold", "unit")},
                    "below_standard": [name(i) for i in v["below"]]}
                for k, v in self.indicators.items()
            },
            "basic_cvs": self.basic_cvs,
            "composite_cv": self.composite_cv,
            "composite_threshold": BASIC_COMPOSITE_THRESHOLD[self.stage],
            "schools_meeting_6_of_7_rule": self.schools_meeting_rule,
            "high_quality_pass": self.high_quality_pass,
            "basic_pass": self.basic_pass,
        }


def school_rule(ratios: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per school: standards met (of 7) and whether the 6-of-7 / 85 % rule holds.

    ``ratios`` is (schools x 7): indicator value / standard.
    """
    met = (ratios >= 1.0).sum(axis=1)
    enough = met >= HQ_MIN_STANDARDS_MET
    floor_ok = ratios.min(axis=1) >= HQ_MIN_SHARE_OF_STANDARD
    return met, enough & floor_ok


def standard_ratios(counts, enrollment, stage: str) -> np.ndarray:
    """(schools x 7) matrix of indicator value / national standard."""
    return np.column_stack([
        indicator_values(counts, enrollment, ind) / STANDARDS[stage][ind.key] for ind in HIGH_QUALITY
    ])


def stage_report(counts, enrollment, stage: str) -> StageReport:
    """Compute the high-quality (7 indicators) and basic (8 indicators) tests for one stage.

    ``counts`` maps each count column to an array over the stage's schools (absolute
    numbers); ``enrollment`` is the matching array of pupils.
    """
    p = np.asarray(enrollment, dtype=float)
    rep = StageReport(stage=stage, n_schools=int(p.size), enrollment=float(p.sum()))
    ratios = standard_ratios(counts, p, stage)
    for j, ind in enumerate(HIGH_QUALITY):
        x = indicator_values(counts, p, ind)
        rep.indicators[ind.key] = {
            "cv": weighted_cv(x, p),
            "mean": float(p @ x / p.sum()),
            "standard": STANDARDS[stage][ind.key],
            "threshold": HQ_CV_THRESHOLD[stage],
            "unit": ind.unit,
            "below": np.flatnonzero(ratios[:, j] < 1.0),
        }
    rep.basic_cvs = {ind.key: weighted_cv(indicator_values(counts, p, ind), p) for ind in BASIC if ind.key in counts}
    complete = len(rep.basic_cvs) == len(BASIC)  # a user table may leave out the basic-only columns
    rep.composite_cv = float(np.mean(list(rep.basic_cvs.values()))) if complete else None
    rep.standards_met, rep.school_rule = school_rule(ratios)
    rep.schools_meeting_rule = int(rep.school_rule.sum())
    rep.high_quality_cv_pass = all(v["cv"] <= HQ_CV_THRESHOLD[stage] for v in rep.indicators.values())
    rep.high_quality_pass = bool(rep.high_quality_cv_pass and rep.school_rule.all())
    rep.basic_pass = bool(rep.composite_cv <= BASIC_COMPOSITE_THRESHOLD[stage]) if complete else None
    return rep


def theil(values, weights, groups=None) -> tuple[float, float, float]:
    """Enrollment-weighted Theil T index of an outcome of 0 or more, with its group decomposition.

    Returns ``(total, between, within)``; ``between + within == total`` when groups are given
    (``groups`` is an integer label per school), else between = 0 and within = total. A school at 0
    (a teaching point with no rooms of its own) adds 0, the limit of r ln r; all at 0 is no inequality.
    """
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if np.any(x < 0):
        raise ValueError("the Theil index needs values of 0 or more")
    share = w / w.sum()
    mu = share @ x
    if mu <= 0:
        return 0.0, 0.0, 0.0
    total = float(share @ _r_log_r(x / mu))
    if groups is None:
        return total, 0.0, total
    g = np.asarray(groups)
    labels, inv = np.unique(g, return_inverse=True)
    wg = np.bincount(inv, weights=share, minlength=labels.size)
    mug = np.bincount(inv, weights=share * x, minlength=labels.size) / wg
    between = float(np.sum(wg * _r_log_r(mug / mu)))
    return total, between, total - between


def _r_log_r(r: np.ndarray) -> np.ndarray:
    """r ln r, 0 at r = 0 (its limit)."""
    return np.where(r > 0, r * np.log(np.where(r > 0, r, 1.0)), 0.0)


def gini(values, weights) -> float:
    """Enrollment-weighted Gini coefficient (0 = every pupil's school equally good)."""
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    share = w / w.sum()
    cum = np.cumsum(share * x)
    total = cum[-1]
    if total == 0:
        return 0.0
    # Area under the Lorenz curve by trapezoids over population shares.
    lorenz_prev = np.concatenate(([0.0], cum[:-1])) / total
    area = np.sum(share * (lorenz_prev + cum / total) / 2.0)
    return float(1.0 - 2.0 * area)
