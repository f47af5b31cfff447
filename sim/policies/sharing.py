"""Resource sharing: pooled budgets for the weakest schools, shared facilities, live classes."""

import numpy as np

from sim.assessment.standards import STAGES, STANDARDS
from sim.dynamics.grouping import rank_within, share_by_need
from sim.dynamics.params import ASSUMPTION, Param
from sim.dynamics.resources import recurrent_needs
from sim.policies.base import Policy, member_rows, register

#: Live classes' effect, shared by every policy that streams lessons (gain_year1 and gain_year2).
LIVE_CLASS_PARAMS = {
    "gain_year1": Param(0.1, "pupil SD", 0.0, 0.21,
                        "Johnston & Ksoll 2022 (Ghana RCT): numeracy +0.21 SD after one year; halved for fidelity ("
                        + ASSUMPTION + ")", "first-year learning gain of a receiving school with standard multimedia rooms"),
    "gain_year2": Param(0.025, "pupil SD", 0.0, 0.05,
                        "Johnston & Ksoll 2022: +0.26 SD after two years, i.e. +0.05 in the second; halved",
                        "second-year learning gain; none after (no evidence of further gains)"),
}


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
        **{f"live_class_{k}": v for k, v in LIVE_CLASS_PARAMS.items()},
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
        receive_live_classes(model, receivers, self.p["live_class_gain_year1"], self.p["live_class_gain_year2"])
        return self.p["live_class_cost_yuan"] * receivers.size

    def _pool_budgets(self, model):
        """Pool, then give each school of the community its share of the pool by deficit cost."""
        s, budget = model.schools, model.budget
        inside = model.community >= 0
        if not inside.any():
            return
        pooled = np.where(inside, self.p["pool_share"] * budget, 0.0)
        need = recurrent_needs(s, model.params)
        grant, used = share_by_need(model.community, pooled, need)
        back = pooled * (1.0 - used)  # what the deficits do not absorb goes back to the contributors
        # Grants at or above the approval threshold need the core principal: a share waits a year.
        big = grant >= self.p["approval_threshold_yuan"]
        delayed = np.where(big, self.p["approval_delay_share"] * grant, 0.0)
        model.budget = budget - pooled + grant - delayed + back + self._waiting
        self._waiting = delayed


def receive_live_classes(model, receivers: np.ndarray, gain_year1: float, gain_year2: float):
    """Live-streamed lessons raise receivers' yearly learning by ``gain_year1`` in their first year
    of receipt and ``gain_year2`` in the second, nothing after: a level reached and kept, not a gain
    added every year (Johnston & Ksoll 2022). Scaled by the receivers' multimedia rooms against the
    standard. Several sources of live classes are one channel: the largest gain holds."""
    s = model.schools
    rooms = s.stocks["multimedia_rooms"][receivers] * 100.0 / s.enrollment[receivers]
    std = np.array([STANDARDS[st]["multimedia_rooms"] for st in STAGES])[s.stage[receivers]]
    years = model.live_years[receivers]
    gain = np.where(years == 0, gain_year1, np.where(years == 1, gain_year2, 0.0)) * np.minimum(1.0, rooms / std)
    model.live_boost[receivers] = np.maximum(model.live_boost[receivers], gain)
    model.live_received[receivers] = True
