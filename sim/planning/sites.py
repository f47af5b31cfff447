"""Where the plan may build, and new schools for sites over the size limit (docs/model.md 13).

The assessment's school-size item fails a site of more than 2,000 pupils (2,500 with both stages).
Pupils cannot be planned away inside the MILP (every ratio divides by them), so before it a site
over the limit is split: ``k - 1`` new schools (k the fewest campuses within the limit) each take
an equal share of every part's pupils, and its teachers follow its pupils in proportion. A new
school starts with no buildings, ground, equipment or rooms: the MILP then builds and buys them
like any other school's, on a new site whose land is costed here."""

import dataclasses
import math

import numpy as np

from agents.school import LOCATIONS, ROLES, TEACHING_POINT
from sim.assessment.school_rules import school_size
from sim.assessment.standards import STAGES
from sim.data.schooltable import TEACHER_COLUMNS

#: Counts that follow the pupils to a new school (rounded down); the rest stays on the old site.
FOLLOW = TEACHER_COLUMNS + ("classes",)


def campus_name(origin: str, j: int, k: int) -> str:
    """The j-th (1-based) of a site's k - 1 new schools, in the language of the school's own name:
    城关一小新校区, 城关一小新校区2, ...; North Primary new campus, ... 1, ... 2."""
    tail = "" if k == 2 else str(j)
    if any("\u4e00" <= ch <= "\u9fff" for ch in origin):
        return f"{origin}新校区{tail}"
    return f"{origin} new campus{' ' + tail if tail else ''}"


def open_schools(county, params: dict):
    """``(county, actions, new)``: the table with a new school for every site over the size limit
    (its rows appended), the ``open_school`` and ``transfer`` action rows, and the new rows' indices."""
    names = np.array(county.school)
    whole = np.array(county.role) != ROLES[TEACHING_POINT]
    site = np.unique(names, return_inverse=True)[1]
    size = school_size(site, county.stage, county.enrollment, whole)
    rows, actions = [], []
    for s, pupils, limit in zip(size["site"], size["pupils"], size["limit"]):
        if pupils <= limit:
            continue
        parts = np.flatnonzero((site == s) & whole)
        k = math.ceil(pupils / limit)
        while True:  # the fewest campuses that each fit once pupils are whole
            moved = np.floor(county.enrollment[parts] / k)
            if (pupils - (k - 1) * moved.sum() <= limit) and moved.sum() <= limit:
                break
            k += 1
        for j in range(1, k):
            name = campus_name(names[parts[0]], j, k)
            for i, m in zip(parts, moved):
                rows.append((i, name, m))
    if not rows:
        return county, [], np.zeros(0, dtype=np.int64)
    counts = {key: v.astype(float).copy() for key, v in county.counts.items()}
    new = {key: [] for key in counts}
    land = params["cost_land_yuan_m2"] * params["site_m2_per_pupil"]
    enrollment = county.enrollment.astype(float).copy()
    for i, name, m in rows:
        share = m / county.enrollment[i]
        for key in counts:
            follow = np.floor(county.counts[key][i] * share + 1e-9) if key in FOLLOW else 0.0
            counts[key][i] -= follow
            new[key].append(follow)
        enrollment[i] -= m
        stage = STAGES[county.stage[i]]
        actions.append({"action": "open_school", "stage": stage, "school": name, "from_school": county.school[i],
                        "indicator": "pupils", "quantity": float(m), "unit": "pupils", "cost_yuan": float(m * land)})
        if "teachers" in counts and new["teachers"][-1] > 0:
            actions.append({"action": "transfer", "stage": stage, "school": name, "from_school": county.school[i],
                            "indicator": "staff", "quantity": float(new["teachers"][-1]), "unit": "teachers",
                            "cost_yuan": 0.0})
    idx = [i for i, _, _ in rows]

    def more(values, fresh):
        return list(values) + list(fresh)

    grown = dataclasses.replace(
        county, school=more(county.school, [name for _, name, _ in rows]),
        stage=np.concatenate([county.stage, county.stage[idx]]),
        enrollment=np.concatenate([enrollment, [m for _, _, m in rows]]),
        counts={key: np.concatenate([counts[key], new[key]]) for key in counts},
        community=more(county.community, [county.community[i] for i in idx]),
        role=more(county.role, [ROLES[1]] * len(rows)),  # a member of its community
        location=more(county.location, [county.location[i] or LOCATIONS[0] for i in idx]),
        parent=more(county.parent or [""] * len(county), [""] * len(rows)),
        rows=more(county.rows or [""] * len(county), [f"{county.rows[i] if county.rows else county.school[i]}: new "
                                                       f"school planned" for i in idx]),
        sha256="")
    return grown, actions, np.arange(len(county), len(grown))


def spare_land(county, new) -> np.ndarray:
    """Square metres of land each school part may lay sports ground on: the table's ``spare_land_m2``
    where given, else none at a town (urban) school and no limit elsewhere (an assumption: crowded
    town sites are full, rural ones are not); no limit on a new school's site (its land is bought)."""
    if "spare_land_m2" in county.counts:
        out = county.counts["spare_land_m2"].astype(float).copy()
    else:
        out = np.where(np.array(county.location) == LOCATIONS[0], 0.0, np.inf)
    out[new] = np.inf
    return out
