"""A school's education quality: what its teachers can teach, capped by its resources (Submodel 8)."""

import numpy as np

from sim.assessment.standards import STAGES, STANDARDS
from sim.dynamics.resources import STANDARD_STOCKS, standard_need


def resource_adequacy(schools, sharing_boost) -> np.ndarray:
    """Mean over the 4 physical standards of min(1, stock / standard), raised by shared facilities."""
    ratios = [np.minimum(1.0, schools.stocks[k] / np.maximum(standard_need(schools, k), 1e-9))
              for k in STANDARD_STOCKS]
    a = np.mean(ratios, axis=0)
    return a + sharing_boost * (1.0 - a)


def teaching_strength(model) -> tuple[np.ndarray, np.ndarray]:
    """Mean skill and degree-above share of the teachers teaching at each school now."""
    r, n = model.teachers, len(model.schools)
    count = r.count_by_school(n)
    skill = np.bincount(r.school[r.active], weights=r.skill[r.active], minlength=n)
    degree = r.count_by_school(n, r.degree_above)
    has = count > 0
    mean_skill = np.divide(skill, count, out=np.full(n, -1.0), where=has)
    degree_share = np.divide(degree, count, out=np.zeros(n), where=has)
    return mean_skill, degree_share


def pe_art_coverage(model) -> np.ndarray:
    """min(1, PE/music/art teachers per 100 pupils / standard), travelling teachers' time included."""
    s = model.schools
    count = model.teachers.count_by_school(len(s), model.teachers.pe_art) + model.extra_pe_art
    std = np.array([STANDARDS[st]["pe_art_teachers"] for st in STAGES])[s.stage]
    per_100 = np.divide(count * 100.0, s.enrollment, out=np.zeros(len(s)), where=s.enrollment > 0)
    return np.minimum(1.0, per_100 / std)


def target_quality(model) -> np.ndarray:
    p = model.params
    mean_skill, degree_share = teaching_strength(model)
    teaching = (1.0 + p["teacher_effect"] * mean_skill + p["degree_effect"] * degree_share
                + p["pe_art_effect"] * (pe_art_coverage(model) - 1.0) + model.live_boost)
    adequacy = resource_adequacy(model.schools, model.facility_boost)
    return np.maximum(0.05, teaching) * adequacy ** p["resource_quality_exponent"]


def update(model):
    """Quality moves part of the way towards its target each school year."""
    q = model.schools.quality
    q += model.params["quality_inertia"] * (target_quality(model) - q)
