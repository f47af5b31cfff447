"""Policies on teachers: mentoring, travelling teachers, secondments, training, pools, recruitment, allowances."""

import numpy as np

from agents.school import TEACHING_POINT, URBAN
from sim.assessment.standards import STAGES, STANDARDS
from sim.dynamics import careers
from sim.dynamics.grouping import (
    fill_slots,
    pick_quota,
    share_by_need,
    top_within,
    weighted_pick,
)
from sim.dynamics.params import ASSUMPTION, Param
from sim.dynamics.quality import teaching_strength
from sim.policies.base import (
    Policy,
    free_teachers,
    host_capacity,
    member_rows,
    on_post,
    post,
    register,
)


def community_groups(model) -> np.ndarray:
    """A group id per school: its community, or a group of its own when it is in none."""
    s = model.schools
    return np.where(model.community >= 0, model.community, model.community.max() + 1 + np.arange(len(s)))


@register
class Mentoring(Policy):
    """Each backbone teacher of a community mentors ``mentees_per_backbone`` young teachers a
    year, anywhere in the community, the weakest first; a mentored teacher grows ``effect`` faster
    in all (not on top of the ordinary mentoring of their own school, 5.2)."""

    name = "mentoring"
    summary = "backbone teachers mentor young teachers across the community, weakest first"
    OUTCOMES = (("mean_quality", +1),)
    PARAMS = {
        "mentees_per_backbone": Param(1, "teachers / year", 0, 5,
                                      "Ziyang seed task 5: each backbone teacher guides at least 1 young teacher a year",
                                      "young teachers each backbone teacher mentors a year"),
        "effect": Param(0.1, "SD / year", 0.0, 0.5, ASSUMPTION, "extra skill growth of a mentored young teacher"),
    }

    def apply(self, model) -> float:
        r = model.teachers
        group = community_groups(model)[r.school]
        capacity = np.bincount(group[r.active & r.backbone], minlength=group.max() + 1) * self.p["mentees_per_backbone"]
        young = np.flatnonzero(r.active & (r.experience < model.params["young_years"]))
        mentored = young[top_within(group[young], r.skill[young], capacity)]
        # one channel: a mentee grows ``effect`` faster in all, not on top of their school's own mentoring
        model.mentee_effect[mentored] = np.maximum(model.mentee_effect[mentored], self.p["effect"])
        self.mentored = mentored.size
        return 0.0


@register
class TravellingTeachers(Policy):
    """PE, music and art teachers of schools above the standard teach part of their week at
    member schools below it (走教). They stay on their home school's staff list (the official
    count does not move); the receivers' curriculum coverage rises (quality, section 6.4)."""

    name = "travelling_teachers"
    summary = "PE/music/art teachers above the standard teach part-time at members below it"
    OUTCOMES = (("urban_rural_gap", -1),)
    PARAMS = {
        "share_of_time": Param(0.3, "share of a week", 0.0, 0.8, "Ziyang seed task 4 (优秀教师走教); share " + ASSUMPTION,
                               "most of a travelling teacher's week spent at other schools"),
        "cost_yuan": Param(10000.0, "yuan / full-time equivalent / year", 0.0, 60000.0, ASSUMPTION,
                           "travel and allowance per full-time equivalent lent"),
    }

    def apply(self, model) -> float:
        s, r = model.schools, model.teachers
        count = r.count_by_school(len(s), r.pe_art)
        need = np.array([STANDARDS[st]["pe_art_teachers"] for st in STAGES])[s.stage] * s.enrollment / 100.0
        spare = np.minimum(np.maximum(0.0, count - need), self.p["share_of_time"] * count)
        received, used = share_by_need(model.community, spare, np.maximum(0.0, need - count))
        model.extra_pe_art += received
        return self.p["cost_yuan"] * float((spare * used).sum())


@register
class PairSecondment(Policy):
    """Each school pair (core and member) sends ``principal_candidates`` reserve principals and
    ``backbone_teachers`` backbone teachers from the core to the member for ``term_years``;
    a reserve principal brings the core's management practice with them."""

    name = "pair_secondment"
    summary = "each pair posts a reserve principal and a backbone teacher from core to member for a year"
    OUTCOMES = (("cv_backbone_teachers", -1),)
    PARAMS = {
        "principal_candidates": Param(1, "people / pair / year", 0, 5,
                                      "Dingxi seed: at least 1 reserve principal (校园长储备人才) per pair", "reserve principals sent"),
        "backbone_teachers": Param(1, "people / pair / year", 0, 5, "Dingxi seed: at least 1 backbone teacher per pair",
                                   "backbone teachers sent"),
        "term_years": Param(1, "years", 1, 3, "Dingxi seed: not less than one year", "school years on post"),
        "candidate_min_years": Param(10, "years", 0, 30, ASSUMPTION, "experience of a reserve principal"),
        "management_transfer": Param(0.2, "share of gap / year", 0.0, 1.0, ASSUMPTION,
                                     "share of the host's management gap to the core closed per reserve principal on post"),
        "allowance_yuan": Param(18000.0, "yuan / person / year", 0.0, 60000.0,
                                "Dingxi seed: 1.8万元 living subsidy per person per year", "subsidy per person on post"),
    }

    def apply(self, model) -> float:
        s, r = model.schools, model.teachers
        hosts = member_rows(model)
        hosts = hosts[s.role[hosts] != TEACHING_POINT]  # teaching points are not paired schools
        is_host = np.zeros(len(s), dtype=bool)
        is_host[hosts] = True
        n = len(s)
        staffed = np.bincount(r.school[on_post(model, is_host, self)], minlength=n) > 0
        needing = hosts[~staffed[hosts]]  # pairs whose people are not (or no longer) on post
        if needing.size:
            # Backbone teachers go only to pairs below the backbone standard; the rest stay home.
            short = host_capacity(model, "backbone_teachers")[needing] > 0
            free = free_teachers(model)
            senior = np.flatnonzero(free & (r.experience >= self.p["candidate_min_years"]) & ~r.backbone)
            backbone = np.flatnonzero(free & r.backbone)
            chosen = self._send(model, senior, -r.skill[senior], self.p["principal_candidates"], needing)
            sent = self._send(model, backbone, self.rng.random(backbone.size), self.p["backbone_teachers"], needing[short])
            # unplaced: the backbone teachers a head had free for its pairs already at the standard
            per, heads = self.p["backbone_teachers"], model.head[needing]
            spare = np.bincount(r.home[backbone], minlength=n) - np.bincount(r.home[sent], minlength=n)
            held_back = np.minimum(per * np.bincount(heads[~short], minlength=n), np.maximum(0, spare))
            model.unplaced += int(held_back.sum())
            self.candidates.update(chosen.tolist())
        # reserve principals on post bring their core's management practice
        on = on_post(model, is_host, self)
        cand = on[np.isin(on, list(self.candidates))]
        if cand.size:  # k reserve principals at a host close 1 - (1 - t)^k of its gap: never past the core
            k = np.bincount(r.school[cand], minlength=n)
            host = np.flatnonzero(k)
            share = 1.0 - (1.0 - self.p["management_transfer"]) ** k[host]
            s.management[host] += share * np.maximum(0.0, s.management[model.head[host]] - s.management[host])
        return self.p["allowance_yuan"] * on.size

    def _send(self, model, pool, key, per, hosts) -> np.ndarray:
        """Post ``per`` people of ``pool`` (ranked by ``key`` within their home) to each of
        ``hosts``: the m-th host of a head takes its head's m-th batch. Returns those posted."""
        r = model.teachers
        dest = fill_slots(r.home[pool], key, hosts, model.head[hosts], np.full(hosts.size, per))
        post(model, pool[dest >= 0], dest[dest >= 0], self.p["term_years"], self)
        return pool[dest >= 0]

    def bind(self, model, rng):
        run = super().bind(model, rng)
        run.candidates = set()  # ids of the reserve principals ever posted
        return run


@register
class NoviceTraining(Policy):
    """New rural teachers spend ``days`` shadowing in a strong school in their first year."""

    name = "novice_training"
    summary = "new township and village teachers shadow in strong schools for weeks in their first year"
    OUTCOMES = (("mean_quality", +1),)
    PARAMS = {
        "days": Param(45, "days", 0, 365, "Dingxi seed: 504 new special-post teachers trained 45 days in host schools",
                      "length of the shadowing"),
        "gain_per_year": Param(0.3, "SD per year of shadowing", 0.0, 1.0, ASSUMPTION,
                               "skill gained per full year spent shadowing in a strong school"),
        "cost_yuan": Param(5000.0, "yuan / trainee", 0.0, 50000.0, ASSUMPTION, "board, travel and hosting per trainee"),
        "hours_per_day": Param(6.0, "training hours / day", 0.0, 10.0, ASSUMPTION,
                               "training hours a day of shadowing counts towards the 360 hours in 5 years"),
    }

    def apply(self, model) -> float:
        r, s = model.teachers, model.schools
        trainees = np.flatnonzero(r.active & (r.experience == 0) & (s.location[r.home] != URBAN) & s.evaluated[r.home])
        r.bonus[trainees] += self.p["gain_per_year"] * self.p["days"] / 365.0
        r.hours(model.year)[trainees] += self.p["days"] * self.p["hours_per_day"]
        return self.p["cost_yuan"] * trainees.size


@register
class TeacherPool(Policy):
    """Teachers belong to the district, not one school (区管校聘): each year part of every
    school's surplus over its posts is redeployed, for good, to open posts of schools of the
    same community."""

    name = "teacher_pool"
    summary = "a district-managed teacher pool redeploys surplus teachers to understaffed schools"
    OUTCOMES = (("cv_teachers", -1),)
    PARAMS = {
        "redeploy_share": Param(0.5, "share of surplus / year", 0.0, 1.0,
                                "Weicheng seed: teachers are 'system people', not 'school people'; share " + ASSUMPTION,
                                "share of a school's surplus teachers redeployed each year"),
    }

    def apply(self, model) -> float:
        """Nothing before the year's leavers: the pool acts on the posts they open."""
        return 0.0

    def after_leaving(self, model) -> float:
        """Surplus teachers (over their school's posts) fill this year's open posts elsewhere in the
        community before the county hires for them: the posts stay, so the surplus and the vacancy
        both close."""
        s, r = model.schools, model.teachers
        inside = (model.community >= 0) & s.evaluated
        have = r.count_by_school(len(s), by="home")
        target = careers.establishment(model)
        surplus = np.where(inside, np.floor(self.p["redeploy_share"] * np.maximum(0.0, have - target)), 0)
        deficit = np.where(inside, np.maximum(0.0, target - have), 0.0)
        _, used = share_by_need(np.where(inside, model.community, -1), surplus, deficit)
        quota = np.floor(surplus * used).astype(np.int64)  # no more than the community's deficits take
        movable = np.flatnonzero(free_teachers(model) & inside[r.home])
        moved = movable[pick_quota(r.home[movable], quota, self.rng)]
        takers = np.flatnonzero(deficit > 0)
        if moved.size and takers.size:
            dest = takers[weighted_pick(model.community[r.home[moved]], model.community[takers], deficit[takers], self.rng)]
            r.home[moved] = dest
            r.school[moved] = dest
        self.redeployed = moved.size
        return 0.0


@register
class Recruitment(Policy):
    """A recruitment drive: after this year's leavers, ``hires_per_year`` new teachers, a share of
    them top-university or master's graduates, fill every open post first (rural ones too); any
    beyond the open posts are new posts, placed in proportion to pupils and to the share of
    teachers without a degree above the requirement. Filling open posts is ordinary replacement;
    only the new posts are booked as the policy's cost, every year they exist (the seed gives the
    numbers hired, not that they were extra posts)."""

    name = "recruitment"
    summary = "a recruitment drive with top graduates: open posts first, new posts only beyond them"
    OUTCOMES = (("teachers", +1),)  # its mean-quality sign is not fixed: docs/model.md 6.21
    PARAMS = {
        "hires_per_year": Param(331, "teachers / year", 0, 5000, "Weicheng seed: 331 new teachers in 2020",
                                "teachers recruited each active year"),
        "top_talent_share": Param(0.208, "share", 0.0, 1.0, "Weicheng seed: 69 of 331 from top universities or with a master's",
                                  "share of recruits who are top graduates"),
        "top_talent_skill": Param(0.5, "SD", 0.0, 2.0, ASSUMPTION, "skill premium of a top graduate over a novice"),
        "degree_share": Param(0.75, "share", 0.0, 1.0, ASSUMPTION + " (new graduates increasingly hold degrees)",
                              "share of the drive's recruits holding a degree above the requirement (top graduates all do)"),
        "salary_yuan": Param(80000.0, "yuan / teacher / year", 0.0, 300000.0,
                             ASSUMPTION + ", below the education sector's average wage of urban non-private units, "
                             "120,422 yuan in 2022 (NBS release of 2023-05-09, all levels and ages; 90,452 in the "
                             "central and 100,759 in the western region, all sectors): a recruit starts lower",
                             "yearly cost of a recruit on a new post (beyond the open posts)"),
    }

    def bind(self, model, rng):
        run = super().bind(model, rng)
        run.new_posts = 0  # posts created beyond the open ones (they outlast the drive)
        run.recruited = run.top_graduates = 0
        return run

    def apply(self, model) -> float:
        """Pay the new posts (the drive hires after leavers: ``after_leaving``)."""
        return self.p["salary_yuan"] * self.new_posts

    def upkeep(self, model) -> float:
        """The new posts outlast the drive and are paid every year."""
        return self.apply(model)

    def after_leaving(self, model) -> float:
        s, r = model.schools, model.teachers
        k = self.p["hires_per_year"]
        filled = careers.hire(model, self.rng, fill=1.0, limit=k)
        ev = np.flatnonzero(s.evaluated & s.open)
        extra = k - filled.size
        if extra > 0:  # beyond the open posts: where degree holders are fewest
            _, degree_share = teaching_strength(model)
            weight = s.enrollment[ev] * np.maximum(0.01, 1.0 - degree_share[ev])
            home = ev[weighted_pick(np.zeros(extra, dtype=np.int64), np.zeros(ev.size, dtype=np.int64), weight, self.rng)]
            new = r.add(home=home.astype(np.int32), skill=careers.novice_skill(s.location[home], self.rng))
            np.add.at(model.posts_per_pupil, home, 1.0 / np.maximum(s.enrollment[home], 1.0))
            self.new_posts += extra
            filled = np.concatenate([filled, new])
        r.degree_above[filled] |= self.rng.random(filled.size) < self.p["degree_share"]
        top = filled[self.rng.permutation(filled.size)[:int(round(self.p["top_talent_share"] * k))]]
        r.skill[top] += self.p["top_talent_skill"]
        r.degree_above[top] = True
        self.recruited += filled.size
        self.top_graduates += top.size
        model.hired_by_policy += filled.size
        return self.p["salary_yuan"] * extra if extra > 0 else 0.0


@register
class BackboneDesignation(Policy):
    """The county designates more backbone teachers at its rounds (a quota above its launch share,
    as Shaanxi's 2021 plan raises county corps to 15 % of teachers by 2030) and steers the places
    to schools below the backbone standard: teachers are designated at their home school, none moves.
    The designation itself is the careers' (docs/model.md 5.3); this sets its quota and order."""

    name = "backbone_designation"
    summary = "a larger county backbone quota at the rounds, steered to schools below the standard"
    OUTCOMES = (("cv_backbone_teachers", -1),)
    PARAMS = {
        "quota_factor": Param(1.2, "x launch quota", 1.0, 3.0,
                              "Shaanxi 2021 (县级骨干 15 %, 市级 6 %, 省级 3 % of teachers by 2030); the factor " + ASSUMPTION,
                              "the county's backbone quota relative to its launch share of teachers"),
        "steer_to_standard": Param(True, "true / false", None, None,
                                   ASSUMPTION + "; a county rule read second-hand tilts places to rural schools "
                                   "(统筹分配指标，向农村学校倾斜, direction only)",
                                   "schools below the backbone standard get places up to it, and are filled first"),
        "allowance_yuan": Param(3000.0, "yuan / teacher / year", 0.0, 30000.0, ASSUMPTION + " (no allowance figure found)",
                                "yearly allowance and training of each backbone teacher beyond the launch corps"),
    }

    def apply(self, model) -> float:
        """Set this year's quota and order for the round; pay for the corps beyond the launch one."""
        model.backbone_quota_factor = self.p["quota_factor"]
        model.backbone_steer = self.p["steer_to_standard"]
        return self.upkeep(model)

    def upkeep(self, model) -> float:
        """Titles given outlast the policy's years: after them, the allowance is paid while the corps
        exceeds the launch one (nothing before the policy starts)."""
        if model.year < self.start:
            return 0.0
        r, s = model.teachers, model.schools
        corps = int((r.backbone & r.active & s.evaluated[r.home]).sum())
        return self.p["allowance_yuan"] * max(0, corps - model.launch_corps)


@register
class RuralAllowance(Policy):
    """An extra yearly allowance for township and village teachers lowers their attrition."""

    name = "rural_allowance"
    summary = "extra allowance for township and village teachers; attrition falls"
    OUTCOMES = (("left", -1),)
    PARAMS = {
        "allowance_yuan": Param(12000.0, "yuan / teacher / year", 0.0, 60000.0,
                                "Ziyang seed task 17 (乡镇工作津贴, 乡村教师生活补助); amount " + ASSUMPTION,
                                "extra allowance per township or village teacher"),
    }

    def prepare(self, model):
        model.rural_allowance += self.p["allowance_yuan"]

    def apply(self, model) -> float:
        r, s = model.teachers, model.schools
        rural = r.active & (s.location[r.home] != URBAN) & s.evaluated[r.home]
        return self.p["allowance_yuan"] * int(rural.sum())


@register
class PayParity(Policy):
    """The county raises teachers' average pay to local civil servants' (2017 method, government
    assurance item 8): the declared item is true while the policy runs, at its yearly cost."""

    name = "pay_parity"
    summary = "teachers' average pay raised to civil servants' (declared item 8), at a cost per teacher"
    OUTCOMES = (("ok_teacher_pay_parity", +1),)
    PARAMS = {
        "gap_yuan": Param(5000.0, "yuan / teacher / year", 0.0, 50000.0, ASSUMPTION + "; declare your county's gap",
                          "yearly pay a teacher lacks to match a local civil servant"),
    }

    def apply(self, model) -> float:
        model.declared["teacher_pay_parity"] = True
        r = model.teachers
        return self.p["gap_yuan"] * int((r.active & model.schools.evaluated[r.home]).sum())
