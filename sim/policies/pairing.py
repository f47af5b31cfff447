"""Pairing: core schools lead member schools' management and teaching practice.

Pairing, six-unified and any other community policy act through one channel each year: the
strongest of them sets how much of the member-core gap closes (``community_spillover``), so
two policies of the same kind never add up, and nothing multiplies them.
"""

import dataclasses

import numpy as np

from sim.dynamics.params import ASSUMPTION, Param
from sim.dynamics.quality import teaching_strength
from sim.policies.base import Policy, member_rows, register

#: The spillover channels a community policy sets, with the parameter that sizes each.
CHANNELS = {"management": "management_spillover", "practice": "practice_spillover", "profile": "homogenisation"}


@register
class Pairing(Policy):
    """Each year a member closes part of its management gap to its core school, and its teachers
    learn part of the practice gap (joint lesson planning, demonstration lessons); its speciality
    profile drifts towards the core's (the homogenisation risk). A community's own ``tightness``
    (scenario file) overrides the policy's."""

    name = "pairing"
    summary = "core-member communities: management and teaching practice spill over to members"
    OUTCOMES = (("urban_rural_gap", -1), ("diversity", -1))
    PARAMS = {
        "tightness": Param(1.0, "share", 0.0, 1.0,
                           "Ziyang seed: 'tight' communities (紧密型) = 1; loose alliances lower (Pingdingshan seed)",
                           "how closely members are run with their core; scales both spillovers"),
        "management_spillover": Param(0.05, "share of gap / year", 0.0, 0.2,
                                      "direction: members gain (Lei & Deng 2025, cross-section); size " + ASSUMPTION,
                                      "share of the member-core management gap closed each year"),
        "practice_spillover": Param(0.03, "share of gap / year", 0.0, 0.1,
                                    "direction: members gain (Lei & Deng 2025, cross-section); size " + ASSUMPTION,
                                    "share of the core-member mean skill gap added to members' teachers' growth"),
        "homogenisation": Param(0.05, "share of gap / year", 0.0, 0.5,
                                "Pingdingshan seed (members copy the lead school's brand); size " + ASSUMPTION,
                                "share of the gap between a member's speciality profile and its core's closed each year"),
    }

    def apply(self, model) -> float:
        rows = member_rows(model)
        community_tightness = model.schools.tightness[rows]
        tight = np.where(np.isnan(community_tightness), self.p["tightness"], community_tightness)
        for channel, param in CHANNELS.items():
            share = model.spillover[channel]
            share[rows] = np.maximum(share[rows], tight * self.p[param])
        return 0.0


def community_spillover(model):
    """Members close this year's share of each gap to their pairing head, once, whatever set it."""
    s, head, sp = model.schools, model.head, model.spillover
    rows = np.flatnonzero(sp["management"] + sp["practice"] + sp["profile"] > 0)
    if rows.size == 0:
        return
    lead = head[rows]
    s.management[rows] += sp["management"][rows] * np.maximum(0.0, s.management[lead] - s.management[rows])
    mean_skill, _ = teaching_strength(model)
    model.school_bonus[rows] += sp["practice"][rows] * np.maximum(0.0, mean_skill[lead] - mean_skill[rows])
    s.profile[rows] += sp["profile"][rows, None] * (s.profile[lead] - s.profile[rows])


def _default(param: Param, value, source: str) -> Param:
    return dataclasses.replace(param, default=value, source=source)


@register
class SixUnified(Pairing):
    """"Six unified" (六统一): one teaching management, training, curriculum, pace, quality
    monitoring and assessment across the community. It sets the same channel as pairing, with
    specialities converging faster; with pairing on as well, the stronger setting holds."""

    name = "six_unified"
    summary = "unified management, training, curriculum, pace, monitoring and assessment in a community"
    PARAMS = {
        **Pairing.PARAMS,
        "management_spillover": _default(Pairing.PARAMS["management_spillover"], 0.05, "Ziyang seed task 15; " + ASSUMPTION),
        "practice_spillover": _default(Pairing.PARAMS["practice_spillover"], 0.03, "Ziyang seed task 15; " + ASSUMPTION),
        "homogenisation": _default(Pairing.PARAMS["homogenisation"], 0.15,
                                   "Ziyang seed task 15 (统一课程设置, 统一教学进度); " + ASSUMPTION),
    }
