"""Intake cap: the county holds its town schools at the size limit by their enrolment plans."""

import numpy as np

from agents.school import TEACHING_POINT
from sim.assessment.school_rules import school_size
from sim.dynamics.params import ASSUMPTION, Param
from sim.policies.base import Policy, register


@register
class IntakeCap(Policy):
    """Each school year a school whose site holds (1 - ``headroom``) x its size limit (2,000 pupils,
    2,500 with both stages: the assessment's school-size item) takes in no more pupils from the
    county's township and village schools; the families who would have moved stay where they are.
    A site's room is shared among its parts by their pupils. It is the enrolment plan (招生计划) a
    county sets where it has no new school to open: a decision rule, no magnitude to source; what it
    moves is the model's drift to town (Submodel 7). It costs nothing it books: the pupils keep their
    places."""

    name = "intake_cap"
    summary = "town schools at the size limit admit no more pupils from rural schools (enrolment plans)"
    OUTCOMES = (("ind_school_size", +1),)
    PARAMS = {
        "headroom": Param(0.0, "share of the limit", 0.0, 0.3, ASSUMPTION + " (the pathway's lever, as the plan's "
                          "size_headroom)", "share of the 2,000 / 2,500-pupil limit kept free"),
    }

    def prepare(self, model):
        s = model.schools
        whole = s.evaluated & s.open & (s.role != TEACHING_POINT)
        size = school_size(s.site, s.stage, s.enrollment, whole)
        at = np.searchsorted(size["site"], s.site[whole])
        room = np.floor(size["limit"] * (1.0 - self.p["headroom"]))[at]
        cap = np.full(len(s), np.inf)
        cap[whole] = room * np.divide(s.enrollment[whole], size["pupils"][at], out=np.ones(at.size),
                                      where=size["pupils"][at] > 0)
        model.intake_cap = cap

    def apply(self, model) -> float:
        """It acts through this year's cap (``prepare``)."""
        return 0.0
