"""A simulated county's state as a school table: what `pathway` plans on when a scenario has no table
of its own (its schools are then drawn, once, from the scenario's seed), written to the run as
launch_table.csv so that the schedule names rows a user can open."""

import numpy as np
import pandas as pd

from agents.school import LOCATIONS, ROLES
from sim.assessment.standards import STAGES, TEACHER_COLUMNS
from sim.dynamics.careers import teacher_flag
from sim.dynamics.classes import classes


def launch_table(model) -> pd.DataFrame:
    """Every open, evaluated school part of ``model`` as it stands, in the table schema's English
    form (teachers counted at their home school, as the statistics count them; whole counts rounded)."""
    s, r = model.schools, model.teachers
    n = len(s)
    rows = np.flatnonzero(s.open & s.evaluated)
    counts = {"teachers": r.count_by_school(n, by="home"),
              "senior_title_teachers": r.count_by_school(n, r.senior_title, by="home")}
    counts |= {k: r.count_by_school(n, teacher_flag(r, k), by="home") for k in TEACHER_COLUMNS if k not in counts}
    counts |= dict(s.stocks) | {"classes": classes(s, model.params)}
    names = np.array(s.name, dtype=object)
    parent = np.where(s.parent >= 0, names[np.maximum(s.parent, 0)], "")
    frame = pd.DataFrame({"school": names[rows], "stage": [STAGES[x] for x in s.stage[rows]],
                          "enrollment": np.round(s.enrollment[rows])})
    for key, values in counts.items():
        frame[key] = np.round(values[rows], 0 if key not in ("teaching_space_m2", "sports_area_m2") else 1)
    frame["county"] = s.county
    frame["community"] = s.community_label(rows)
    frame["role"] = [ROLES[x] for x in s.role[rows]]
    frame["location"] = [LOCATIONS[x] for x in s.location[rows]]
    frame["parent"] = parent[rows]
    return frame
