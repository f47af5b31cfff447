"""County-wide streamed lessons from top schools (a network school)."""

import numpy as np

from agents.school import URBAN
from sim.dynamics.grouping import rank_within
from sim.dynamics.params import ASSUMPTION, Param
from sim.policies.base import Policy, register
from sim.policies.sharing import LIVE_CLASS_PARAMS, receive_live_classes


@register
class NetworkSchool(Policy):
    """Top schools stream their lessons to the county's weakest township and village schools,
    a share of each stage, whether or not they are paired."""

    name = "network_school"
    summary = "top schools' lessons streamed to the weakest rural schools of each stage"
    OUTCOMES = (("urban_rural_gap", -1),)
    PARAMS = {
        "reach_primary": Param(0.3, "share of rural primary schools", 0.0, 1.0,
                               "Chengdu seed: network school reaches 34 primary schools of the outer rings; share " + ASSUMPTION,
                               "share of township and village primary schools, weakest first, receiving lessons"),
        "reach_junior": Param(0.6, "share of rural junior schools", 0.0, 1.0,
                              "Chengdu seed: 67 junior schools of the outer rings; share " + ASSUMPTION,
                              "share of township and village junior schools, weakest first, receiving lessons"),
        **LIVE_CLASS_PARAMS,
        "cost_yuan": Param(20000.0, "yuan / school / year", 0.0, 200000.0, ASSUMPTION, "cost per receiving school"),
    }

    def apply(self, model) -> float:
        s = model.schools
        rural = np.flatnonzero((s.location != URBAN) & s.evaluated)
        stage = s.stage[rural]
        reach = np.array([self.p["reach_primary"], self.p["reach_junior"]])
        quota = np.round(reach * np.bincount(stage, minlength=2)).astype(np.int64)
        receivers = rural[rank_within(stage, s.quality[rural]) < quota[stage]]
        receive_live_classes(model, receivers, self.p["gain_year1"], self.p["gain_year2"])
        return self.p["cost_yuan"] * receivers.size
