"""Resource sharing: pooled budgets for the weakest schools, shared facilities, live classes."""

import numpy as np

from sim.grouping import rank_within, share_by_need
from sim.params import ASSUMPTION, Param
from sim.policies.base import Policy, member_rows, register
from sim.resources import deficit_costs
from sim.standards import STAGES, STANDARDS


@register
class ResourceSharing(Policy):
    """A share of every school's resource budget is pooled in its community and spent on the
    schools furthest below the national standards; members use the core's facilities, and
    the weakest members receive live-streamed classes."""

    name = "resource_sharing"
    summary = "pooled community budgets spent on deficits; shared facilities; live classes"
    OUTCOMES = (("cv_equipment_yuan", -1), ("cv_multimedia_rooms", -1), ("mean_quality", +1))
    PARAMS = {
        "pool_share": Param(0.2, "share of budget", 0.0, 1.0, "Ziyang seed task 7 ('a set share' pooled); size " + ASSUMPTION,
                            "share of each school's resource budget pooled in its community"),
        "facility_sharing": Param(0.3, "share of shortfall", 0.0, 1.0, "Ziyang seed task 9 (shared facilities); " + ASSUMPTION,
                                  "share of a member's facility shortfall made good by using the core's"),
        "live_class_reach": Param(0.5, "share of members", 0.0, 1.0, "Ziyang seed task 9 (专递课堂, 名师课堂); " + ASSUMPTION,
                                  "share of member schools, weakest first, receiving live classes"),
        "live_class_effect": Param(0.1, "pupil SD / year", 0.0, 0.3,
                                   "evidence.md: Ghana satellite lessons +0.21 SD/yr; dual-teacher +4.9 points; halved for fidelity",
                                   "quality gain of a receiving school with standard multimedia rooms"),
        "live_class_cost_yuan": Param(20000.0, "yuan / school / year", 0.0, 200000.0, ASSUMPTION,
                                      "running cost of live classes per receiving school"),
        "approval_threshold_yuan": Param(100000.0, "yuan", 0.0, 1e7, "Ziyang seed task 7: 10万元以上 signed by the core principal",
                                         "pooled grants at or above this need the core principal's approval"),
        "approval_delay_share": Param(0.0, "share", 0.0, 1.0, ASSUMPTION + "; 0 = approval is immediate",
                                      "share of an above-threshold grant that waits a year for approval"),
    }

    def bind(self, model, rng):
        run = super().bind(model, rng)
        run._waiting = np.zeros(len(model.schools))  # approved-late grants carried to next year
        return run

    def apply(self, model) -> float:
        s = model.schools
        self._pool_budgets(model)
        rows = member_rows(model)
        model.facility_boost[rows] = self.p["facility_sharing"]
        group = model.head[rows]
        quota = np.round(self.p["live_class_reach"] * np.bincount(group, minlength=len(s))).astype(np.int64)
        receivers = rows[rank_within(group, s.quality[rows]) < quota[group]]
        receive_live_classes(model, receivers, self.p["live_class_effect"])
        return self.p["live_class_cost_yuan"] * receivers.size

    def _pool_budgets(self, model):
        """Pool, then give each school of the community its share of the pool by deficit cost."""
        s, budget = model.schools, model.budget
        inside = model.community >= 0
        if not inside.any():
            return
        pooled = np.where(inside, self.p["pool_share"] * budget, 0.0)
        need = sum(deficit_costs(s, model.params).values())
        grant, used = share_by_need(model.community, pooled, need)
        back = pooled * (1.0 - used)  # what the deficits do not absorb goes back to the contributors
        # Grants at or above the approval threshold need the core principal: a share waits a year.
        big = grant >= self.p["approval_threshold_yuan"]
        delayed = np.where(big, self.p["approval_delay_share"] * grant, 0.0)
        model.budget = budget - pooled + grant - delayed + back + self._waiting
        self._waiting = delayed




def receive_live_classes(model, receivers: np.ndarray, effect: float):
    """Live-streamed lessons raise receivers' quality, as far as their multimedia rooms allow."""
    s = model.schools
    rooms = s.stocks["multimedia_rooms"][receivers] * 100.0 / s.enrollment[receivers]
    std = np.array([STANDARDS[st]["multimedia_rooms"] for st in STAGES])[s.stage[receivers]]
    model.live_boost[receivers] += effect * np.minimum(1.0, rooms / std)
