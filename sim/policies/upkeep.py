"""Standards upkeep: the county re-plans its staffing every school year, as `edusim plan` does once."""

import numpy as np

from sim.dynamics import careers
from sim.dynamics.grouping import top_within
from sim.dynamics.params import ASSUMPTION, Param
from sim.dynamics.resources import standard_need
from sim.policies.base import Policy, register

#: The teacher indicators a school tops up by hiring, and the roster flag a hire holds for each.
HIRED = {"pe_art_teachers": "pe_art", "teachers_above_degree": "degree_above"}


@register
class StandardsUpkeep(Policy):
    """Each school year, after its leavers have gone and before ordinary hiring, every evaluated school
    part below (1 + ``margin``) x its standard of PE/art teachers or of teachers above the required
    degree hires the ones it lacks, novices holding that qualification, into new posts (which stay,
    like a recruitment drive's); below the backbone standard, its own most skilled eligible teachers
    are designated county-level backbone teachers, within the county's corps of ``max_backbone_share``
    of its teachers. Counted where teachers teach or at home, as the assessment counts them. It is the
    simple rule of `plan` (each school to each standard on its own) applied every year: what keeps a
    school from slipping below the 6-of-7 rule once a plan has brought it there."""

    name = "standards_upkeep"
    summary = "each year, schools below a teacher standard hire or designate the teachers they lack"
    OUTCOMES = (("ind_school_standards", +1),)
    PARAMS = {
        "margin": Param(0.0, "share", 0.0, 0.5, ASSUMPTION + " (the pathway's lever)",
                        "schools are topped up to (1 + margin) x each teacher standard"),
        "salary_yuan": Param(80000.0, "yuan / teacher / year", 0.0, 300000.0,
                             ASSUMPTION + ", as recruitment's: below the education sector's average wage of urban "
                             "non-private units, 120,422 yuan in 2022 (NBS release of 2023-05-09)",
                             "yearly cost of a teacher hired on a new post"),
        "allowance_yuan": Param(3000.0, "yuan / teacher / year", 0.0, 30000.0,
                                ASSUMPTION + " (as backbone_designation's; no allowance figure found)",
                                "yearly allowance and training of a backbone teacher it designates"),
        "max_backbone_share": Param(0.24, "share of teachers", 0.15, 0.24,
                                    "Shaanxi 2021: county-level 15 %, city 6 %, province 3 % of a county's teachers "
                                    "(the three read as one corps)", "the county's backbone corps at most"),
    }

    def bind(self, model, rng):
        run = super().bind(model, rng)
        run.hired, run.named = [], []  # teacher ids it hired and designated (paid while they serve)
        return run

    def apply(self, model) -> float:
        """It acts after the year's leavers (``after_leaving``), where it also pays."""
        return 0.0

    def paid(self, model) -> float:
        """This year's pay of the teachers it hired who still teach and of the backbone teachers it
        named who still hold the title."""
        r = model.teachers
        hired = np.concatenate(self.hired) if self.hired else np.zeros(0, dtype=np.int64)
        named = np.concatenate(self.named) if self.named else np.zeros(0, dtype=np.int64)
        return float(self.p["salary_yuan"] * r.active[hired].sum()
                     + self.p["allowance_yuan"] * (r.active[named] & r.backbone[named]).sum())

    def upkeep(self, model) -> float:
        """The posts outlast the policy and are paid every year."""
        return self.paid(model)

    def after_leaving(self, model) -> float:
        s, r, p = model.schools, model.teachers, model.params
        n, scale = len(s), 1.0 + self.p["margin"]
        by = "school" if p["exchange_counted_at"] == "host" else "home"
        evaluated = s.evaluated & s.open
        for key, flag in HIRED.items():
            lack = np.ceil(standard_need(s, key) * scale - 1e-9) - r.count_by_school(n, careers.teacher_flag(r, key), by=by)
            home = np.repeat(np.arange(n), np.where(evaluated, np.maximum(0, lack), 0).astype(np.int64))
            if home.size:
                self.hired.append(r.add(home=home.astype(np.int32), skill=careers.novice_skill(s.location[home], self.rng),
                                        **{flag: np.ones(home.size, dtype=bool)}))
                np.add.at(model.posts_per_pupil, home, 1.0 / np.maximum(s.enrollment[home], 1.0))
                model.hired_by_policy += home.size
                self.did(model, "hire_new_post", key, "teachers", np.bincount(home, minlength=n), self.p["salary_yuan"])
        lack = np.ceil(standard_need(s, "backbone_teachers") * scale - 1e-9) - r.count_by_school(n, r.backbone, by=by)
        lack = np.where(evaluated, np.maximum(0, lack), 0).astype(np.int64)
        room = int(np.floor(self.p["max_backbone_share"] * r.active.sum()) - r.backbone[r.active].sum())
        eligible = np.flatnonzero(r.active & ~r.backbone & (r.school == r.home)
                                  & (r.experience >= p["backbone_min_years"]))
        named = eligible[top_within(r.home[eligible], -r.skill[eligible], lack)]
        named = named[self.rng.permutation(named.size)[:max(0, room)]]  # a full corps: places drawn at random
        r.backbone[named] = True
        r.backbone_until[named] = model.year + p["backbone_term_years"] - 1
        self.named.append(named)
        self.did(model, "designate", "backbone_teachers", "teachers", np.bincount(r.home[named], minlength=n),
                 self.p["allowance_yuan"])
        return self.paid(model)
