"""Teacher exchange: core teachers (backbone among them) rotate to members; members' teachers go up."""

import numpy as np

from agents.teacher import NO_EXCHANGE
from sim.dynamics.grouping import pick_quota, rank_within
from sim.dynamics.params import ASSUMPTION, Param
from sim.dynamics.quality import teaching_strength
from sim.policies.base import (
    Policy,
    free_teachers,
    member_rows,
    place_by_need,
    post,
    register,
)


@register
class TeacherExchange(Policy):
    """Each year a share of the core's eligible teachers is posted to member schools for a term,
    at least ``backbone_share`` of them backbone; members send teachers up to the core in
    return. Movers really change school, so the hosts' teacher indicators move; hosts learn
    from visitors' skill advantage, scaled by incentives (Wu 2020: no free quality transfer)."""

    name = "teacher_exchange"
    summary = "a share of eligible core teachers (backbone among them) rotate to members for a term"
    OUTCOMES = (("cv_backbone_teachers", -1), ("urban_rural_gap", -1))
    PARAMS = {
        "rate": Param(0.10, "share of eligible / year", 0.0, 0.5, "national guideline 2014: at least 10 % a year",
                      "share of the core's eligible teachers sent to members each year"),
        "backbone_share": Param(0.20, "share of those sent", 0.0, 1.0, "national guideline 2014: at least 20 % backbone",
                                "share of the teachers sent who are backbone teachers (as far as the core has them)"),
        "term_years": Param(1, "years", 1, 6, "Dingxi seed: at least one year; local rules 2-3 years (evidence.md)",
                            "school years an exchange teacher stays at the host"),
        "two_way_ratio": Param(0.5, "up per down", 0.0, 2.0, "Ziyang seed task 4 (two-way exchange); size " + ASSUMPTION,
                               "member teachers sent up to the core per core teacher sent down"),
        "knowledge_transfer": Param(0.3, "share / year", 0.0, 1.0, "Wu 2020 (transfer depends on who is sent); " + ASSUMPTION,
                                    "share of a visitor's skill advantage over the host's staff passed on per host teacher"),
        "incentive": Param(1.0, "share", 0.0, 1.0, "Wu 2020 (weak incentives blunt rotation); Ziyang seed task 17",
                           "strength of incentives; scales the knowledge transferred"),
        "allowance_yuan": Param(18000.0, "yuan / teacher / year", 0.0, 60000.0, "Dingxi seed: 18,000 yuan living subsidy",
                                "allowance paid per teacher posted down, per school year"),
        "swap_unplaced": Param(False, "true / false", None, None,
                               "Ziyang seed task 4 (two-way exchange); that a swap replaces a need-first posting is "
                               + ASSUMPTION, "a chosen teacher no member needs is swapped, like for like, with a "
                               "member teacher holding the same indicator flags (counts unchanged) instead of staying "
                               "home"),
        "include_teaching_points": Param(False, "true / false", None, None, ASSUMPTION,
                                         "whether teaching points receive exchange teachers"),
    }

    def apply(self, model) -> float:
        r, s, head = model.teachers, model.schools, model.head
        members = member_rows(model, self.p["include_teaching_points"])
        if members.size == 0:
            return 0.0
        n = len(s)
        is_lead = np.zeros(n, dtype=bool)
        is_lead[head[members]] = True
        is_member = np.zeros(n, dtype=bool)
        is_member[members] = True
        free = free_teachers(model)

        # Down: core teachers to members.
        eligible = np.flatnonzero(free & is_lead[r.home] & (r.experience >= model.params["exchange_eligible_years"]))
        n_elig = np.bincount(r.home[eligible], minlength=n)
        quota = np.ceil(self.p["rate"] * n_elig - 1e-9).astype(np.int64)  # at least the rate (the 10 % rule)
        bb_quota = np.ceil(self.p["backbone_share"] * quota).astype(np.int64)
        bb = eligible[r.backbone[eligible]]
        sent_bb = bb[pick_quota(r.home[bb], bb_quota, self.rng)]
        rest = np.setdiff1d(eligible, sent_bb, assume_unique=True)
        left_quota = quota - np.bincount(r.home[sent_bb], minlength=n)
        down = np.concatenate([sent_bb, rest[pick_quota(r.home[rest], left_quota, self.rng)]])
        # Need first: each goes to a member below the standard of what it carries, or stays home.
        self.chosen = down  # this year's choice, before need decides who goes
        dest = place_by_need(model, down, r.home[down], members, self.rng)
        placed = dest >= 0
        post(model, down[placed], dest[placed], self.p["term_years"], self)

        # Up: a member that receives teachers sends some of its own up in return (a swap), so
        # no member is emptied to feed its core.
        up_quota = np.round(self.p["two_way_ratio"] * np.bincount(dest[placed], minlength=n)).astype(np.int64)
        candidates = np.flatnonzero(free & is_member[r.home] & ~r.backbone)
        up = candidates[pick_quota(r.home[candidates], up_quota, self.rng)]
        post(model, up, head[r.home[up]], self.p["term_years"], self)
        if self.p["swap_unplaced"]:
            down_swap, up_swap = like_for_like(model, down[~placed], free_teachers(model) & is_member[r.home],
                                               self.rng)
            post(model, down_swap, r.home[up_swap], self.p["term_years"], self)
            post(model, up_swap, r.home[down_swap], self.p["term_years"], self)
            model.unplaced -= down_swap.size

        # Knowledge transfer from this policy's exchange teachers on post this year.
        mean_skill, _ = teaching_strength(model)
        away = r.active & (r.exchange_end != NO_EXCHANGE) & (r.posted_by == self.index)
        gain = self.p["knowledge_transfer"] * self.p["incentive"]
        visitors = np.flatnonzero(away & is_member[r.school])
        advantage = np.maximum(0.0, r.skill[visitors] - mean_skill[r.school[visitors]])
        staff = r.count_by_school(n)
        model.school_bonus += gain * np.divide(np.bincount(r.school[visitors], weights=advantage, minlength=n),
                                               staff, out=np.zeros(n), where=staff > 0)
        learners = np.flatnonzero(away & is_lead[r.school] & is_member[r.home])
        r.bonus[learners] += gain * np.maximum(0.0, mean_skill[r.school[learners]] - r.skill[learners])
        return self.p["allowance_yuan"] * visitors.size


def like_for_like(model, down: np.ndarray, candidates: np.ndarray, rng: np.random.Generator):
    """Pairs (down teacher, member teacher) of one community holding the same indicator flags (degree,
    backbone, PE/art, title): swapping a pair leaves every school's counts as they were. Each teacher of
    ``down`` finds at most one partner among the ``candidates`` mask, chosen at random."""
    r, head = model.teachers, model.head
    ups = np.flatnonzero(candidates)

    def kind(t):
        return (r.degree_above[t].astype(np.int64) | r.backbone[t] << 1 | r.pe_art[t] << 2 | r.senior_title[t] << 3)

    key_down = r.home[down] * 16 + kind(down)
    key_up = head[r.home[ups]] * 16 + kind(ups)
    width = max(down.size, ups.size) + 1
    rank_down = rank_within(key_down, rng.random(down.size))
    rank_up = rank_within(key_up, rng.random(ups.size))
    slot_up = key_up * width + rank_up
    order = np.argsort(slot_up)
    at = np.searchsorted(slot_up[order], key_down * width + rank_down)
    hit = at < ups.size
    hit[hit] = slot_up[order][at[hit]] == (key_down * width + rank_down)[hit]
    return down[hit], ups[order][at[hit]]
