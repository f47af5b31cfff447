"""Teaching points merged into their parent school as an action of the plan (docs/model.md 13).

Where the evaluators count teaching points as schools (``--teaching-points separate`` or
``exclude_small``), a small point far below the standards can cost more to equip than to merge.
Merging changes pupils, so it cannot be a variable of the MILP: starting from every point merged,
each is tried as a school again, largest first, and kept one when the plan on that table plus the
remaining merges' yearly cost (``merge_yuan_per_pupil``, transport or boarding) is cheaper. A
greedy search, not an optimum over all subsets of points; offered only when asked (``--merge-points``), since closing a
rural school needs the due process of the State Council's 2012 opinion on rural school layout."""

import dataclasses

import numpy as np

from agents.school import ROLES, TEACHING_POINT
from sim.assessment.standards import STAGES
from sim.data.schooltable import TEACHER_COLUMNS
from sim.data.synth import resolve_parents


def parents(county) -> np.ndarray:
    """Row of each teaching point's parent school part in the table (-1: not a point, or its parent
    is not in the table)."""
    found = resolve_parents(county.school, county.stage, county.parent or [""] * len(county), county.path)
    points = np.array([r == ROLES[TEACHING_POINT] for r in county.role])
    return np.where(points, found, -1)


#: What a merged teaching point brings to its school: its teachers, classes and what can be carried;
#: its buildings, ground, rooms and land stay on the closed site.
MOVABLE = TEACHER_COLUMNS + ("classes", "equipment_yuan", "computers", "books")


def merge_point(county, i: int):
    """The table with teaching point ``i``'s pupils and movable counts (``MOVABLE``) added to its
    parent's part (same stage) and its row dropped."""
    j = int(parents(county)[i])
    keep = np.array([r for r in range(len(county)) if r != i])
    enrollment = county.enrollment.astype(float).copy()
    enrollment[j] += enrollment[i]
    counts = {}
    for key, v in county.counts.items():
        v = v.astype(float).copy()
        v[j] += v[i] if key in MOVABLE else 0.0
        counts[key] = v[keep]

    def take(values):
        return [values[r] for r in keep] if values else values

    return dataclasses.replace(county, school=take(county.school), stage=county.stage[keep],
                               enrollment=enrollment[keep], counts=counts, community=take(county.community),
                               role=take(county.role), location=take(county.location), parent=take(county.parent),
                               rows=take(county.rows), sha256="")


def merge_row(county, i: int, params: dict) -> dict:
    """The action row of merging teaching point ``i``: its pupils, at a year's transport or boarding."""
    pupils = float(county.enrollment[i])
    return {"action": "merge_point", "stage": STAGES[county.stage[i]], "school": county.school[int(parents(county)[i])],
            "from_school": county.school[i], "indicator": "pupils", "quantity": pupils, "unit": "pupils",
            "cost_yuan": pupils * params["merge_yuan_per_pupil"]}


def merged(county, points):
    """The table with the teaching points ``points`` ((name, stage) pairs) merged into their parents."""
    for name, stage in points:
        county = merge_point(county, next(i for i in range(len(county))
                                          if county.school[i] == name and county.stage[i] == stage))
    return county


def cheapest_merges(county, params: dict, plan_of):
    """``(plan, merges)``: the plan (``plan_of(table)``) of the table with the teaching points whose
    merge makes it cheaper, and the merge action rows (their yearly cost not yet in the plan's).
    Greedy from every point merged (its buildings left on the closed site): each point,
    largest first, is kept a school when the plan is then cheaper."""
    rows = {(county.school[i], county.stage[i]): merge_row(county, i, params) for i in np.flatnonzero(parents(county) >= 0)}

    def total(p, names):
        return p.cost_yuan + sum(rows[n]["cost_yuan"] for n in names) if p.patched is not None else np.inf

    names = sorted(rows, key=lambda n: -rows[n]["quantity"])
    best = plan_of(merged(county, names))
    for name in list(names):
        rest = [n for n in names if n != name]
        candidate = plan_of(merged(county, rest))
        if total(candidate, rest) < total(best, names):
            best, names = candidate, rest
    return best, [rows[n] for n in names]
