"""The yearly part of a pathway's schedule: what its policies do school by school in each school year
after the start (the upkeep's hires and designations, the capital programme's building, the pupils an
intake cap turns away), read from one run of the schedule at the scenario's own parameters
(docs/model.md 15). The futures differ in detail; this is the schedule a bureau files."""

import numpy as np
import pandas as pd

from sim.assessment.standards import STAGES

#: The columns of ``schedule.csv`` (the start year's actions have the same).
COLUMNS = ["action", "stage", "school", "from_school", "indicator", "quantity", "unit", "cost_yuan", "lead_years",
           "decided", "counts_from"]


def yearly_actions(scenario, seed) -> pd.DataFrame:
    """One row per school, school year and action the run's policies recorded (``Policy.did``), and per
    school that turned pupils away (``turn_away``); cost of a hire or designation: its first year's."""
    from sim.dynamics.model import CountyModel

    model = CountyModel(scenario, seed=seed)
    turned = []
    while model.year < model.end_year:
        model.step()
        if model.turned_away.any():
            turned.append((model.year - 1, "turn_away", "pupils", "pupils", model.turned_away.copy(), 0.0, 0))
    entries = [e for pol in model.policies for e in pol.done] + turned
    s = model.schools
    rows = [{"action": action, "stage": STAGES[s.stage[i]], "school": s.name[i], "from_school": "", "indicator": key,
             "quantity": float(q[i]), "unit": unit, "cost_yuan": float(q[i] * yuan), "lead_years": lead,
             "decided": year, "counts_from": year + 1 + lead}
            for year, action, key, unit, q, yuan, lead in entries for i in np.flatnonzero(q > 0)]
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(["decided", "action", "school"], kind="stable",
                                                           ignore_index=True)
