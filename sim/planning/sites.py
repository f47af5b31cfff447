"""Where the plan may build, and what becomes of sites over the size limit (docs/model.md 13).

The assessment's school-size item fails a site of more than 2,000 pupils (2,500 with both stages).
Pupils cannot be planned away inside the MILP (every ratio divides by them), so before it the
pupils beyond the limit go, with their share of the teachers, to schools of the same stage and
location with room when they all fit there (``rezoned``), else to ``k - 1`` new schools (k the
fewest campuses within the limit; ``opened``). A new school starts with no buildings, ground,
equipment or rooms: the MILP then builds and buys them like any other school's, on a new site
whose land is costed here."""

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


def over_limit(county, headroom: float = 0.0):
    """``(site of each part, sites, pupils, limit)`` of the school-size item, teaching points aside; the
    limit less a ``headroom`` share kept for pupils who arrive later."""
    names = np.array(county.school)
    whole = np.array(county.role) != ROLES[TEACHING_POINT]
    site = np.unique(names, return_inverse=True)[1]
    size = school_size(site, county.stage, county.enrollment, whole)
    return np.where(whole, site, -1), size["site"], size["pupils"], np.floor(size["limit"] * (1 - headroom))


def rezoned(county, headroom: float = 0.0):
    """Pupils beyond the limit of a one-stage site sent to other one-stage sites of its stage and
    (given) location with room, the roomiest first (a catchment change), when they all fit there (else
    a new school takes them: filling every neighbour to its limit is no plan): ``[(from row, to row,
    pupils)]``."""
    site, sites, pupils, limit = over_limit(county, headroom)
    room = dict(zip(sites, limit - pupils))
    alone = {s: np.flatnonzero(site == s) for s in sites}
    moves = []
    for s, extra in ((s, -r) for s, r in list(room.items()) if r < 0 and alone[s].size == 1):
        i = alone[s][0]
        if not county.location[i]:
            continue  # without locations, no school is known to be a neighbour
        takers = sorted((t for t in sites if room[t] > 0 and alone[t].size == 1
                         and county.stage[alone[t][0]] == county.stage[i]
                         and county.location[alone[t][0]] == county.location[i]), key=lambda t: -room[t])
        if sum(np.floor(room[t]) for t in takers) < extra:
            continue
        for t in takers:
            m = min(extra, np.floor(room[t]))
            if m > 0:
                moves.append((i, int(alone[t][0]), float(m)))
                room[t] -= m
                extra -= m
    return moves


def opened(county, headroom: float = 0.0):
    """New schools for what is still over the limit: ``[(from row, new name, pupils)]``, the fewest
    campuses that each fit, each an equal share of every part of the site."""
    site, sites, pupils, limit = over_limit(county, headroom)
    moves = []
    for s, total, cap in zip(sites, pupils, limit):
        if total <= cap:
            continue
        parts = np.flatnonzero(site == s)
        k = math.ceil(total / cap)
        while True:  # the fewest campuses that each fit once pupils are whole
            moved = np.floor(county.enrollment[parts] / k)
            if (total - (k - 1) * moved.sum() <= cap) and moved.sum() <= cap:
                break
            k += 1
        moves += [(i, campus_name(county.school[parts[0]], j, k), m) for j in range(1, k) for i, m in zip(parts, moved)]
    return moves


def open_schools(county, params: dict):
    """``(county, actions, new)``: the table with the pupils of every site over the size limit moved
    (``rezone``: to schools of the same stage and location with room; ``open_school``: to new
    schools, their rows appended) with their teachers (``transfer``), the action rows, and the new
    rows' indices."""
    land = params["cost_land_yuan_m2"] * params["site_m2_per_pupil"]
    headroom = params["size_headroom"]
    county, actions = shift(county, rezoned(county, headroom), "rezone", 0.0)
    before = len(county)
    county, more = shift(county, opened(county, headroom), "open_school", land)
    return county, actions + more, np.arange(before, len(county))


def shift(county, moves, action: str, yuan_per_pupil: float):
    """The table after ``moves`` ``(from row, to row or new school name, pupils)``, and the action
    rows. Each move takes its share of the origin's teachers and classes (``FOLLOW``), rounded down
    on the cumulative share so that shares add up; each flag (degree, backbone, ...) the same way,
    then clamped so that neither the origin nor the receiver is left with more flagged teachers than
    teachers. A new school gets one row per stage of its origin (a nine-year site, two)."""
    if not moves:
        return county, []
    counts = {key: v.astype(float).copy() for key, v in county.counts.items()}
    enrollment = county.enrollment.astype(float).copy()
    fresh = list(dict.fromkeys((t, county.stage[i]) for i, t, _ in moves if isinstance(t, str)))
    grow = {key: np.zeros(len(fresh)) for key in counts}
    pupils, origin = np.zeros(len(fresh)), [0] * len(fresh)
    given = {}  # pupils each origin has sent so far
    rows = []
    for i, to, m in moves:
        before, given[i] = given.get(i, 0.0), given.get(i, 0.0) + m
        follow = {key: np.floor(county.counts[key][i] * given[i] / county.enrollment[i] + 1e-9)
                  - np.floor(county.counts[key][i] * before / county.enrollment[i] + 1e-9) for key in FOLLOW if key in counts}
        if "teachers" in follow:
            t_left = counts["teachers"][i] - follow["teachers"]
            for key in TEACHER_COLUMNS[1:]:
                if key in follow:  # origin: flags left <= teachers left; receiver: flags <= teachers moved
                    follow[key] = min(max(follow[key], counts[key][i] - t_left), follow["teachers"], counts[key][i])
        j = fresh.index((to, county.stage[i])) if isinstance(to, str) else None
        for key, q in follow.items():
            counts[key][i] -= q
            if j is None:
                counts[key][to] += q
            else:
                grow[key][j] += q
        enrollment[i] -= m
        if j is None:
            enrollment[to] += m
        else:
            pupils[j] += m
            origin[j] = i
        stage, target = STAGES[county.stage[i]], to if j is not None else county.school[to]
        rows.append({"action": action, "stage": stage, "school": target, "from_school": county.school[i],
                     "indicator": "pupils", "quantity": float(m), "unit": "pupils", "cost_yuan": float(m * yuan_per_pupil)})
        if follow.get("teachers", 0) > 0:
            rows.append({"action": "transfer", "stage": stage, "school": target, "from_school": county.school[i],
                         "indicator": "staff", "quantity": float(follow["teachers"]), "unit": "teachers",
                         "cost_yuan": 0.0})

    def more(values, new_values):
        return list(values) + list(new_values)

    grown = dataclasses.replace(
        county, school=more(county.school, [name for name, _ in fresh]),
        stage=np.concatenate([county.stage, [st for _, st in fresh]]).astype(county.stage.dtype),
        enrollment=np.concatenate([enrollment, pupils]),
        counts={key: np.concatenate([counts[key], grow[key]]) for key in counts},
        community=more(county.community, [county.community[i] for i in origin]),
        role=more(county.role, [ROLES[1]] * len(fresh)),  # a member of its community
        location=more(county.location, [county.location[i] or LOCATIONS[0] for i in origin]),
        parent=more(county.parent or [""] * len(county), [""] * len(fresh)),
        rows=more(county.rows or [""] * len(county), [f"{county.rows[i] if county.rows else county.school[i]}: new "
                                                       f"school planned" for i in origin]),
        sha256="")
    return grown, rows


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
