"""Teachers' year: learning, recognition, retirement and attrition, hiring (docs/model.md, Submodels 2-5)."""

import numpy as np

from agents.school import URBAN
from agents.teacher import NO_EXCHANGE
from sim.synth import SKILL_MEAN, SKILL_SD, staffing_target

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


def recognise(model, rng):
    """Skilled experienced teachers are named backbone; experienced ones get intermediate titles."""
    r, p = model.teachers, model.params
    u = rng.random((2, r.n))
    can_backbone = r.active & ~r.backbone & (r.experience >= BACKBONE_MIN_YEARS) & (r.skill > p["backbone_threshold"])
    r.backbone[can_backbone & (u[0] < p["backbone_rate"])] = True
    can_title = r.active & ~r.senior_title & (r.experience >= TITLE_MIN_YEARS)
    r.senior_title[can_title & (u[1] < p["promotion_rate"])] = True


def attrition_probability(model) -> np.ndarray:
    """Each teacher's chance of leaving this year, by home school location, title and allowance."""
    r, p = model.teachers, model.params
    loc = model.schools.location[r.home]
    base = np.array([p["attrition_urban"], p["attrition_township"], p["attrition_village"]])[loc]
    base = base * np.where(r.senior_title, p["senior_title_attrition_factor"], 1.0)
    allowance = np.exp(-p["allowance_attrition_effect"] * model.rural_allowance / 1000.0)
    return np.minimum(1.0, base * np.where(loc == URBAN, 1.0, allowance))


def leave(model, rng) -> tuple[int, int]:
    """Retirements and attrition; returns (retired, left). Leavers stay in the roster, inactive."""
    r, p = model.teachers, model.params
    retire = r.active & (r.experience >= p["career_years"])
    quit_ = r.active & ~retire & (rng.random(r.n) < attrition_probability(model))
    gone = retire | quit_
    r.active[gone] = False
    r.exchange_end[gone] = NO_EXCHANGE
    return int(retire.sum()), int(quit_.sum())


def fill_rate(model) -> np.ndarray:
    """Share of vacancies filled per school: all in town, ``rural_fill_rate`` in villages, halfway between."""
    f = model.params["rural_fill_rate"]
    return np.array([1.0, (1.0 + f) / 2.0, f])[model.schools.location]


def hire(model, rng) -> int:
    """Schools hire towards the staffing norm; rural vacancies are filled less often. Returns hires."""
    s, p, r = model.schools, model.params, model.teachers
    vacancies = np.maximum(0.0, staffing_target(s, p) - r.count_by_school(len(s), by="home"))
    hires = rng.binomial(vacancies.astype(np.int64), fill_rate(model))
    home = np.repeat(np.arange(len(s)), hires).astype(np.int32)
    k = home.size
    if k:
        loc = s.location[home]
        r.add(home=home,
              skill=rng.normal(np.array(SKILL_MEAN)[loc] - NOVICE_SKILL_GAP, SKILL_SD),
              degree_above=rng.random(k) < p["hire_degree_share"],
              pe_art=rng.random(k) < p["hire_pe_art_share"])
    return k


