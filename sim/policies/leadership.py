"""Leadership policies: entrusted management, leaders exchanged, bundled assessment."""

import numpy as np

from agents.school import TEACHING_POINT
from sim.dynamics.grouping import top_within
from sim.dynamics.params import ASSUMPTION, Param
from sim.policies.base import (
    Policy,
    free_teachers,
    member_rows,
    on_post,
    place_by_need,
    post,
    register,
)


@register
class EntrustedManagement(Policy):
    """The weakest member schools are run by their core: an executive principal (the host's
    management closes part of its gap to the core's each year) and a posted team of cadres of at
    least ``staff_share`` of the host's teachers, never fewer than ``min_staff``, renewed term
    after term while the policy lasts."""

    name = "entrusted_management"
    summary = "weak members run by their core: executive principal plus a posted team of cadres"
    OUTCOMES = (("quality_village", +1),)
    PARAMS = {
        "share_of_members": Param(0.25, "share of member schools", 0.0, 1.0,
                                  "Chengdu seed: 50 weak/rural schools entrusted city-wide; county share " + ASSUMPTION,
                                  "share of member schools, weakest first, taken under entrusted management"),
        "staff_share": Param(0.05, "share of host teachers", 0.0, 0.5,
                             "Chengdu seed: cadres and backbone >= 5 % of the host's full-time teachers",
                             "size of the posted team relative to the host's own teachers"),
        "min_staff": Param(3, "people", 0, 20, "Chengdu seed: at least 3 people",
                           "smallest team the seed sets; members go by need, so a host at its standards gets fewer"),
        "term_years": Param(3, "years", 1, 6, ASSUMPTION + " (entrustment contracts of a few years)",
                            "school years a posted team member stays"),
        "management_transfer": Param(0.3, "share of gap / year", 0.0, 1.0, ASSUMPTION,
                                     "share of the host's management gap to its core closed each year"),
        "allowance_yuan": Param(18000.0, "yuan / person / year", 0.0, 60000.0, "Dingxi seed figure used as proxy",
                                "allowance per posted person per year"),
    }

    def bind(self, model, rng):
        run = super().bind(model, rng)
        run.hosts = None  # chosen once, when the policy starts
        return run

    def apply(self, model) -> float:
        s, r = model.schools, model.teachers
        if self.hosts is None:  # the weakest members when the policy starts
            rows = member_rows(model)
            rows = rows[(s.role[rows] != TEACHING_POINT) & s.evaluated[rows]]
            k = int(round(self.p["share_of_members"] * rows.size))
            self.hosts = rows[np.argsort(s.quality[rows], kind="stable")[:k]]
        hosts = self.hosts[s.open[self.hosts]]  # a merged school is run by its new one
        if hosts.size == 0:
            return 0.0
        n = len(s)
        heads = model.head[hosts]
        s.management[hosts] += self.p["management_transfer"] * np.maximum(0.0, s.management[heads] - s.management[hosts])
        is_host = np.zeros(n, dtype=bool)
        is_host[hosts] = True
        present = np.bincount(r.school[on_post(model, is_host, self)], minlength=n)[hosts]
        own = r.count_by_school(n, r.school == r.home)[hosts]
        team = np.maximum(self.p["min_staff"], np.ceil(self.p["staff_share"] * own)).astype(np.int64)
        need = np.zeros(n)
        need[hosts] = np.maximum(0, team - present)
        # Each head picks its most skilled free cadres, as many as its hosts' teams need. Cadres are
        # not backbone teachers (backbone teachers reach members through the exchange); they go,
        # like every posting, only where the host is below the standard of what they carry.
        wanted = np.bincount(heads, weights=need[hosts], minlength=n)
        pool = np.flatnonzero(free_teachers(model) & (wanted[r.home] > 0) & ~r.backbone)
        chosen = pool[top_within(r.home[pool], -r.skill[pool] + 1e-6 * self.rng.random(pool.size), wanted)]
        dest = place_by_need(model, chosen, r.home[chosen], hosts, self.rng, limit=need)
        post(model, chosen[dest >= 0], dest[dest >= 0], self.p["term_years"], self)
        return self.p["allowance_yuan"] * on_post(model, is_host, self).size


@register
class LeaderExchange(Policy):
    """Principals and leaders rotate inside each community, so management quality moves
    towards the community's mean: weak schools gain leaders, strong ones lend theirs."""

    name = "leader_exchange"
    summary = "principals and leaders rotate inside communities: management moves towards the community mean"
    OUTCOMES = (("quality_village", +1),)
    PARAMS = {
        "rate": Param(0.3, "share of gap / year", 0.0, 1.0,
                      "Weicheng seed: 70+ principals and leaders exchanged in 8 districts in 2020; size " + ASSUMPTION,
                      "share of each school's gap to its community's mean management closed each year"),
    }

    def apply(self, model) -> float:
        s = model.schools
        inside = model.community >= 0
        com = model.community[inside]
        size = np.bincount(com)
        mean = np.divide(np.bincount(com, weights=s.management[inside]), size, out=np.zeros(size.size), where=size > 0)
        s.management[inside] += self.p["rate"] * (mean[com] - s.management[inside])
        return 0.0


@register
class BundledAssessment(Policy):
    """Members' progress counts in the core's yearly assessment (Ziyang seed task 13). Its one
    channel is the principals: one whose school's quality fell two years running is rotated out
    and replaced by one of typical county management. It does not scale the pairing spillovers
    (one effect, one channel: the community's own spillover already stands for the core's effort)."""

    name = "bundled_assessment"
    summary = "members' progress counts for the core; principals of schools declining two years are rotated"
    OUTCOMES = (("urban_rural_gap", -1),)
    PARAMS = {
        "declines_before_rotation": Param(2, "years", 1, 5, "Ziyang seed task 13: quality falling two years running",
                                          "consecutive yearly quality declines after which the principal is rotated"),
        "replacement_quantile": Param(0.5, "quantile", 0.0, 1.0, ASSUMPTION,
                                      "management of the incoming principal: this quantile of the county's"),
    }

    def bind(self, model, rng):
        run = super().bind(model, rng)
        run.quality_log = []  # quality at the start of each active year
        run.rotations = 0
        return run

    def apply(self, model) -> float:
        s = model.schools
        self.quality_log.append(s.quality.copy())
        k = self.p["declines_before_rotation"]
        if len(self.quality_log) > k:
            recent = np.array(self.quality_log[-(k + 1):])
            falling = np.all(np.diff(recent, axis=0) < 0, axis=0) & s.evaluated
            replacement = np.quantile(s.management[s.evaluated], self.p["replacement_quantile"])
            s.management[falling] = np.maximum(s.management[falling], replacement)
            self.rotations += int(falling.sum())
        return 0.0
