"""Music and art rooms: the one government-assurance rule a county meets by building alone (one of each
per 12 classes, 2017 method item 3), which the plan's MILP leaves out because no CV reads them.
Each school independently: no trade-off between schools, so no optimiser is needed."""

import dataclasses

import numpy as np
import pandas as pd

from agents.school import ROLES, TEACHING_POINT
from sim.assessment.school_rules import rooms_needed
from sim.assessment.standards import SPECIAL_ROOMS, STAGES


def room_actions(county, margin: float, cost_space_yuan_m2: float):
    """``(county, actions)``: each physical school short of music or art rooms for its classes x
    (1 + ``margin``) gets the rooms it lacks on its first part, at the rule's floor area (96 / 90 m2)
    x ``cost_space_yuan_m2``. A table without classes or rooms is returned as it is."""
    counts = county.counts
    if not {"classes", *SPECIAL_ROOMS} <= set(counts):
        return county, pd.DataFrame()
    whole = np.array(county.role) != ROLES[TEACHING_POINT]
    site = np.unique(np.asarray(county.school), return_inverse=True)[1]
    added = {key: counts[key].astype(float).copy() for key in SPECIAL_ROOMS}
    rows = []
    for s in np.unique(site[whole]):
        parts = np.flatnonzero((site == s) & whole)
        need = rooms_needed(counts["classes"][parts].sum() * (1 + margin))
        for key, m2 in SPECIAL_ROOMS.items():
            lack = need - counts[key][parts].sum()
            if lack > 0:
                i = parts[0]
                added[key][i] += lack
                rows.append({"action": "build", "stage": STAGES[county.stage[i]], "school": county.school[i],
                             "from_school": "", "indicator": key, "quantity": float(lack), "unit": "rooms",
                             "cost_yuan": float(lack * m2 * cost_space_yuan_m2)})
    return dataclasses.replace(county, counts={**counts, **added}, sha256=""), pd.DataFrame(rows)
