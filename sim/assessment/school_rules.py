"""The per-school rules of government assurance (2017 method, items 3-5): school size, class size
and special rooms. Pure functions of arrays, so the simulation and a user's own table are judged
by the same code (docs/model.md 6.27)."""

import numpy as np

from sim.assessment.standards import (
    CLASSES_PER_SPECIAL_ROOM,
    MAX_CLASS_PUPILS,
    MAX_SCHOOL_PUPILS,
    MAX_SCHOOL_PUPILS_NINE_YEAR,
    SPECIAL_ROOMS,
    STAGES,
)


def school_size(site, stage, enrollment, include) -> dict[str, np.ndarray]:
    """Pupils of each physical school (the parts that share a ``site``, ``include``d ones only)
    against its limit: 2,500 where the site has both stages (a nine-year school), else 2,000."""
    site, stage, pupils = np.asarray(site), np.asarray(stage), np.asarray(enrollment, float)
    sites, idx = np.unique(site[include], return_inverse=True)
    total = np.bincount(idx, weights=pupils[include], minlength=sites.size)
    stages = np.bincount(idx, weights=(stage[include] == 0), minlength=sites.size)
    parts = np.bincount(idx, minlength=sites.size)
    both = (stages > 0) & (stages < parts)  # a primary and a junior part on one site
    limit = np.where(both, MAX_SCHOOL_PUPILS_NINE_YEAR, MAX_SCHOOL_PUPILS)
    return {"site": sites, "pupils": total, "limit": limit, "ok": total <= limit}


def class_size(stage, enrollment, classes) -> dict[str, np.ndarray]:
    """Pupils per class of each school part (rounded up) against its stage's limit (45 / 50).
    With pupils spread evenly over a part's classes this is its largest class; a part whose
    average is over the limit certainly has a class over it."""
    pupils, classes = np.asarray(enrollment, float), np.asarray(classes, float)
    size = np.ceil(np.divide(pupils, classes, out=np.zeros_like(pupils), where=classes > 0) - 1e-9)
    limit = np.array([MAX_CLASS_PUPILS[s] for s in STAGES])[np.asarray(stage)]
    return {"size": size, "limit": limit, "ok": (size <= limit) & (classes > 0)}


def rooms_needed(classes) -> np.ndarray:
    """Music (or art) rooms a school of ``classes`` classes needs: one per 12 classes, at least one."""
    return np.maximum(1.0, np.ceil(np.asarray(classes, float) / CLASSES_PER_SPECIAL_ROOM - 1e-9))


def special_rooms(site, classes, rooms: dict, include) -> dict[str, np.ndarray]:
    """Each physical school's music and art rooms against one of each per 12 classes (its parts'
    classes and rooms summed over the site)."""
    sites, idx = np.unique(np.asarray(site)[include], return_inverse=True)

    def by_site(x):
        return np.bincount(idx, weights=np.asarray(x, float)[include], minlength=sites.size)

    need = rooms_needed(by_site(classes))
    out = {"site": sites, "classes": by_site(classes), "needed": need}
    ok = np.ones(sites.size, dtype=bool)
    for key in SPECIAL_ROOMS:
        out[key] = by_site(rooms[key])
        ok &= out[key] >= need
    out["ok"] = ok
    return out
