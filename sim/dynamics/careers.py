"""Teachers' year: learning, recognition, retirement, leaving or moving to town, hiring (docs/model.md, section 5)."""

import numpy as np

from agents.school import URBAN
from agents.teacher import NO_EXCHANGE
from sim.data.synth import SKILL_MEAN, SKILL_SD, staffing_target
from sim.dynamics.grouping import cap_total, rank_within, weighted_pick
from sim.dynamics.resources import standard_need

#: A new hire starts this far below the location's mean skill (SD units): novices.
NOVICE_SKILL_GAP = 0.3
BACKBONE_MIN_YEARS = 5
TITLE_MIN_YEARS = 8


def end_exchange_terms(model):
    """Teachers whose exchange term ended last school year go back to their home school."""
    r = model.teachers
    done = r.active & (r.exchange_end != NO_EXCHANGE) & (r.exchange_end < model.year)
    r.school[done] = r.home[done]
    r.exchange_end[done] = NO_EXCHANGE


def learn(model):
    """Skill grows with experience, faster under good management, with mentoring and policy bonuses."""
    r, s, p = model.teachers, model.schools, model.params
    x = r.experience
    growth = p["skill_growth_early"] * np.exp(-x / p["skill_growth_tau"]) + p["skill_growth_late"]
    growth *= model.growth_multiplier * np.maximum(0.0, 1.0 + p["management_growth_effect"] * (s.management[r.school] - 0.5))
    young = x < p["young_years"]
    n = len(s)
    n_young = r.count_by_school(n, young)
    n_backbone = r.count_by_school(n, r.backbone)
    coverage = np.minimum(1.0, n_backbone / np.maximum(n_young, 1.0))
    growth += young * p["mentoring_effect"] * coverage[r.school]
    growth += model.school_bonus[r.school] + r.bonus
    act = r.active
    r.skill[act] += growth[act]
    r.experience[act] += 1.0
    r.bonus[:] = 0.0


def recognise(model):
    """The county keeps each school's backbone corps at its launch share of the school's staff
    (backbone status is a designation with quotas): open places go, each with probability
    ``backbone_rate`` a year, to the school's most skilled teachers of 5+ years, never taking the
    county's corps above its launch share of the county's teachers (a backbone teacher who moves
    to town keeps the title, and the county's quota counts them). Experienced teachers get
    intermediate titles at ``promotion_rate``."""
    r, p, s, n = model.teachers, model.params, model.schools, len(model.schools)
    rng = model.career_rng("recognise")
    promote = rng.random(r.n) < p["promotion_rate"]  # first: one draw per teacher id, whatever else differs
    staff, backbone = r.count_by_school(n, by="home"), r.count_by_school(n, r.backbone, by="home")
    open_places = np.maximum(0.0, np.round(model.backbone_share * staff) - backbone).astype(np.int64)
    filled = rng.binomial(open_places, p["backbone_rate"])
    eligible = np.flatnonzero(r.active & ~r.backbone & (r.experience >= BACKBONE_MIN_YEARS))
    named = eligible[rank_within(r.home[eligible], -r.skill[eligible]) < filled[r.home[eligible]]]
    ev = s.evaluated
    county_room = max(0, int(np.round(model.county_backbone_share * staff[ev].sum()) - backbone[ev].sum()))
    inside = named[ev[r.home[named]]]
    if inside.size > county_room:  # the county's quota is full: some places wait
        named = np.concatenate([named[~ev[r.home[named]]], rng.choice(inside, county_room, replace=False)])
    r.backbone[named] = True
    can_title = r.active & ~r.senior_title & (r.experience >= TITLE_MIN_YEARS)
    r.senior_title[can_title & promote] = True


def attrition_probability(model) -> np.ndarray:
    """Each teacher's chance of leaving their school this year, by home location, title and allowance."""
    r, p = model.teachers, model.params
    loc = model.schools.location[r.home]
    base = np.array([p["attrition_urban"], p["attrition_township"], p["attrition_village"]])[loc]
    base = base * np.where(r.senior_title, p["senior_title_attrition_factor"], 1.0)
    allowance = np.exp(-p["allowance_attrition_effect"] * model.rural_allowance / 1000.0)
    return np.minimum(1.0, base * np.where(loc == URBAN, 1.0, allowance))


def establishment(model) -> np.ndarray:
    """Posts (编制) each school hires towards: its staff per pupil at launch applied to today's
    pupils, never below the staffing norm; a closed school has none."""
    s = model.schools
    posts = np.maximum(staffing_target(s, model.params), np.round(model.staff_per_pupil * s.enrollment))
    return np.where(s.open, posts, 0.0)


def leave(model) -> tuple[int, int, int]:
    """Retirements, then leavers: a township or village leaver transfers to a town school of the
    same stage and county with probability ``transfer_to_town`` (about half of teachers first posted
    to villages later move to county or town schools, a report quoted second-hand), weighted by
    the town schools' open posts; the rest leave the county.
    Returns (retired, left, transferred). Leavers stay in the roster, inactive."""
    r, p, s = model.teachers, model.params, model.schools
    rng, transfer_rng = model.career_rng("leave"), model.career_rng("transfer")
    retire = r.active & (r.experience >= p["career_years"])
    quit_ = r.active & ~retire & (rng.random(r.n) < attrition_probability(model))
    town = (s.location == URBAN) & s.evaluated & s.open
    movers = np.flatnonzero(quit_ & (s.location[r.home] != URBAN) & s.evaluated[r.home])
    movers = movers[transfer_rng.random(r.n)[movers] < p["transfer_to_town"]]
    movers = movers[np.isin(s.stage[r.home[movers]], s.stage[town])]
    if movers.size:
        towns = np.flatnonzero(town)
        open_posts = np.maximum(0.0, establishment(model) - r.count_by_school(len(s), by="home"))[towns]
        dest = towns[weighted_pick(s.stage[r.home[movers]].astype(np.int64), s.stage[towns].astype(np.int64),
                                   open_posts + 0.01 * s.enrollment[towns], transfer_rng)]
        r.home[movers] = dest
        r.school[movers] = dest
        quit_[movers] = False
    gone = retire | quit_
    r.active[gone] = False
    r.exchange_end[gone] = NO_EXCHANGE
    r.exchange_end[movers] = NO_EXCHANGE
    return int(retire.sum()), int(quit_.sum()), int(movers.size)


def fill_rate(model) -> np.ndarray:
    """Share of vacancies filled per school: all in town, ``rural_fill_rate`` in villages, halfway between."""
    f = model.params["rural_fill_rate"]
    return np.array([1.0, (1.0 + f) / 2.0, f])[model.schools.location]


def teacher_flag(r, key: str) -> np.ndarray:
    """The roster column that makes a teacher count for the teacher indicator ``key``."""
    return {"teachers_above_degree": r.degree_above, "backbone_teachers": r.backbone, "pe_art_teachers": r.pe_art}[key]


def standard_count(schools, key: str) -> np.ndarray:
    """Whole teachers of indicator ``key`` each school needs to meet its stage's standard today."""
    return np.ceil(standard_need(schools, key) - 1e-9)


def replacement_shortfall(model, key: str) -> np.ndarray:
    """Teachers of indicator ``key`` a school lacks against its launch level per pupil: what
    replacement hiring restores (like is replaced with like)."""
    s, r = model.schools, model.teachers
    target = np.round(model.launch_per_pupil[key] * s.enrollment)
    return np.maximum(0.0, target - r.count_by_school(len(s), teacher_flag(r, key), by="home"))


def novice_skill(location: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Skills of new teachers at schools of ``location``: novices, below the location's mean."""
    return rng.normal(np.array(SKILL_MEAN)[location] - NOVICE_SKILL_GAP, SKILL_SD)


def hire(model, rng, fill=None, limit=None) -> np.ndarray:
    """Schools hire towards their posts (rural vacancies filled less often, or at ``fill``; at most
    ``limit`` hires in all, drawn at random among the vacancies), like for like: a school's first
    hires of the year are PE/music/art teachers and degree holders up to its replacement
    shortfall; the rest teach other subjects and hold a degree above the requirement with
    probability ``hire_degree_share`` (new graduates increasingly do).
    Returns the ids of the new teachers."""
    s, p, r = model.schools, model.params, model.teachers
    vacancies = np.maximum(0.0, establishment(model) - r.count_by_school(len(s), by="home"))
    hires = rng.binomial(vacancies.astype(np.int64), fill_rate(model) if fill is None else fill)
    if limit is not None:
        hires = cap_total(hires, limit, rng)
    home = np.repeat(np.arange(len(s)), hires).astype(np.int32)
    k = home.size
    if not k:
        return np.zeros(0, dtype=np.int64)
    rank = rank_within(home, np.arange(k))
    return r.add(home=home,
                 skill=novice_skill(s.location[home], rng),
                 degree_above=(rank < replacement_shortfall(model, "teachers_above_degree")[home])
                 | (rng.random(k) < p["hire_degree_share"]),
                 pe_art=rank < replacement_shortfall(model, "pe_art_teachers")[home])
