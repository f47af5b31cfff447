"""The national quality monitoring, from school quality (education quality item 9, docs/model.md 6.27).

The 2017 method asks that in the monitoring "pupils' achievement in the subjects tested reaches
level III or above, and the between-school difference rate is below 0.15". An indicator note
(Anhui, reproduced at hf1d1.com/hot/1928.html; secondary) reads the first as the county's mean
score at or above the national level-III cut, and the second as the between-school share of the
total variance of pupils' scores (校间差异占总体比例); the monitoring's own report calls 0.1 small
and 0.2 large. No official formula was found: both readings are assumptions.

Pupils' scores are in SD units of pupils. A school's mean is its pupils' intake (by location,
``intake_gap_sd``) plus what the school added: ``(quality - 1)`` per school year (quality - 1 is
the yearly gain in pupil SD: ``teacher_effect`` is in pupil SD per teacher SD) over the years the
tested pupils spent there (grade 4: 4 years of primary; grade 8: 2 years of junior).
"""

import numpy as np

from agents.school import URBAN, VILLAGE
from sim.assessment.standards import STAGES

#: School years the tested pupils have spent in their stage's school: grade 4 and grade 8.
EXPOSURE_YEARS = {"primary": 4, "junior": 2}


def school_means(schools, params) -> np.ndarray:
    """Mean score of each school part's tested pupils (pupil SD, county-relative intake)."""
    gap = params["intake_gap_sd"]
    intake = np.where(schools.location == URBAN, gap / 2, np.where(schools.location == VILLAGE, -gap / 2, 0.0))
    exposure = np.array([EXPOSURE_YEARS[s] for s in STAGES], dtype=float)[schools.stage]
    return intake + exposure * (schools.quality - 1.0)


def difference_rate(means, pupils, within_sd: float) -> float:
    """Between-school share of the variance of pupils' scores: var(school means) / (that + within)."""
    w = np.asarray(pupils, float) / np.sum(pupils)
    m = np.asarray(means, float)
    between = float(w @ (m - w @ m) ** 2)
    return between / (between + within_sd**2)


def stage_monitoring(schools, params, start_means) -> dict[str, dict[str, float]]:
    """Per stage: the county's margin over the level-III cut and the difference rate. The margin
    starts at ``monitoring_margin_sd`` and moves with the county's mean score since the start
    (``start_means``, each school's mean in the launch year)."""
    means = school_means(schools, params)
    tested = schools.evaluated & schools.open & (schools.enrollment > 0)
    out = {}
    for st in np.unique(schools.stage[tested]):
        rows = tested & (schools.stage == st)
        w = schools.enrollment[rows]
        change = float(np.average(means[rows] - start_means[rows], weights=w))
        out[STAGES[st]] = {"margin": params["monitoring_margin_sd"] + change,
                           "difference_rate": difference_rate(means[rows], w, params["within_school_sd"])}
    return out
