"""Families move pupils towards better schools (docs/model.md, Submodel 7)."""

import numpy as np

from agents.school import URBAN


def shift(schools, params, cap=None):
    """Outflow from the county's township and village schools grows with their gap to its town schools.

    The pupils who leave are taken in by the urban schools of the same stage in proportion
    to their size; then every school changes by the demographic ``cohort_change``. With ``cap`` (per
    school part, the most pupils it may hold after the year's moves; an ``intake_cap`` policy), an urban
    part takes in no more than its room, and the pupils refused stay in the schools they would have
    left, in proportion to their outflow. Returns the pupils each school turned away (zeros without a cap).
    """
    p = params
    q, pupils, stage = schools.quality, schools.enrollment, schools.stage
    urban = (schools.location == URBAN) & schools.evaluated  # partners elsewhere take in nobody
    n_stage = 2
    urban_pupils = np.bincount(stage[urban], weights=pupils[urban], minlength=n_stage)
    urban_q = np.divide(np.bincount(stage[urban], weights=(pupils * q)[urban], minlength=n_stage),
                        urban_pupils, out=np.zeros(n_stage), where=urban_pupils > 0)
    gap = np.maximum(0.0, urban_q[stage] - q)
    rate = np.minimum(p["max_outflow"], p["rural_drift"] + p["choice_sensitivity"] * gap)
    moves = ~urban & schools.evaluated & (urban_pupils[stage] > 0)
    out = np.where(moves, pupils * rate, 0.0)
    inflow = np.bincount(stage, weights=out, minlength=n_stage)
    share = np.divide(pupils, urban_pupils[stage], out=np.zeros_like(pupils), where=urban)
    taken = share * inflow[stage]
    turned = np.zeros_like(pupils)
    if cap is not None:
        turned = np.maximum(0.0, taken - np.maximum(0.0, cap / (1.0 + p["cohort_change"]) - pupils))
        refused = np.bincount(stage, weights=turned, minlength=n_stage)
        taken = taken - turned
        out = out - out * np.divide(refused, inflow, out=np.zeros(n_stage), where=inflow > 0)[stage]
    pupils += taken - out
    pupils *= 1.0 + p["cohort_change"]
    pupils[schools.open] = np.maximum(pupils[schools.open], 1.0)  # a merged school stays empty
    return turned
