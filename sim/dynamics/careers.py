"""Teachers' year: learning, recognition, retirement, leaving or moving to town, hiring (docs/model.md, section 5)."""

import numpy as np

from agents.school import URBAN
from agents.teacher import NO_EXCHANGE
from sim.data.synth import SKILL_MEAN, SKILL_SD
from sim.dynamics.grouping import cap_total, rank_within, top_within
from sim.dynamics.resources import standard_need

#: A new hire starts this far below the location's mean skill (SD units): novices.
NOVICE_SKILL_GAP = 0.3


def end_exchange_terms(model):
    """Teachers whose exchange term ended last school year go back to their home school."""
    r = model.teachers
    done = r.active & (r.exchange_end != NO_EXCHANGE) & (r.exchange_end < model.year)
    r.school[done] = r.home[done]
    r.exchange_end[done] = NO_EXCHANGE


def ordinary_mentoring(model) -> np.ndarray:
    """Each teacher's extra growth this year from their own school's backbone teachers: young
    teachers fully covered by backbone mentors grow ``mentoring_effect`` faster."""
    r, p, n = model.teachers, model.params, len(model.schools)
    young = r.experience < p["young_years"]
    coverage = np.minimum(1.0, r.count_by_school(n, r.backbone) / np.maximum(r.count_by_school(n, young), 1.0))
    return young * p["mentoring_effect"] * coverage[r.school]


def learn(model):
    """Skill grows with experience, faster under good management, with mentoring and policy bonuses."""
    r, s, p = model.teachers, model.schools, model.params
    x = r.experience
    growth = p["skill_growth_early"] * np.exp(-x / p["skill_growth_tau"]) + p["skill_growth_late"]
    growth *= model.growth_multiplier * np.maximum(0.0, 1.0 + p["management_growth_effect"] * (s.management[r.school] - 0.5))
    growth += np.maximum(ordinary_mentoring(model), model.mentee_effect)  # one channel: the larger mentoring
    growth += model.school_bonus[r.school] + r.bonus
    act = r.active
    r.skill[act] += growth[act]
    r.experience[act] += 1.0
    r.bonus[:] = 0.0


def round_year(model) -> bool:
    """Whether the county designates backbone teachers this school year (a round every
    ``backbone_round_years`` from the start)."""
    return (model.year - model.scenario_spec.start_year) % model.params["backbone_round_years"] == 0


def designate_backbone(model, rng):
    """County-level backbone designation in rounds (docs/model.md 5.3). At a round, holders whose
    term has ended keep the title for a new term with probability ``backbone_renewal_rate``; then
    each school's open places (its launch share of its staff, times the quota factor a policy may
    raise, at least its standard where a policy steers places there) go to its most skilled teachers
    of ``backbone_min_years``+ years, never taking the county's corps above its quota (the launch
    share of its teachers, times the factor); when places must wait, rural schools' are filled
    first. A holder who moves keeps the title; the quota counts them."""
    if not round_year(model):
        return
    r, p, s, n = model.teachers, model.params, model.schools, len(model.schools)
    renew = rng.random(r.n) < p["backbone_renewal_rate"]  # draws per teacher id, whatever else differs
    tie = rng.random(r.n)  # order among places that wait
    ended = r.active & r.backbone & (r.backbone_until < model.year)
    dropped = ended & ~renew  # not eligible again in this round
    r.backbone[dropped] = False
    r.backbone_until[ended & renew] = model.year + p["backbone_term_years"] - 1
    factor = model.backbone_quota_factor
    staff, backbone = r.count_by_school(n, by="home"), r.count_by_school(n, r.backbone, by="home")
    places = np.round(model.backbone_share * staff * factor)
    below = np.zeros(n, dtype=bool)
    if model.backbone_steer:
        need = standard_count(s, "backbone_teachers")
        below = backbone < need
        places = np.maximum(places, need)
    open_places = np.maximum(0.0, places - backbone).astype(np.int64)
    eligible = np.flatnonzero(r.active & ~r.backbone & ~dropped & (r.experience >= p["backbone_min_years"]))
    named = eligible[top_within(r.home[eligible], -r.skill[eligible], open_places)]
    ev = s.evaluated
    county_room = max(0, int(np.round(model.county_backbone_share * factor * staff[ev].sum()) - backbone[ev].sum()))
    inside = named[ev[r.home[named]]]
    if inside.size > county_room:  # the quota is full: places wait, those of schools below the standard
        # (under a steering policy) and of rural schools (向农村学校倾斜) filled first
        rural = s.location[r.home[inside]] != URBAN
        order = inside[np.lexsort((tie[inside], ~rural, ~below[r.home[inside]]))]
        named = np.concatenate([named[~ev[r.home[named]]], order[:county_room]])
    r.backbone[named] = True
    r.backbone_until[named] = model.year + p["backbone_term_years"] - 1


def promote(model, rng):
    """Intermediate titles are posts with school quotas (岗位设置): each school keeps its launch
    share of titled posts; an open one is filled this year with probability ``promotion_rate``,
    by the school's most experienced untitled teacher of ``title_min_years``+ years."""
    r, n = model.teachers, len(model.schools)
    staff, titled = r.count_by_school(n, by="home"), r.count_by_school(n, r.senior_title, by="home")
    open_posts = np.maximum(0.0, np.round(model.title_share * staff) - titled).astype(np.int64)
    filled = rng.binomial(open_posts, model.params["promotion_rate"])
    eligible = np.flatnonzero(r.active & ~r.senior_title & (r.experience >= model.params["title_min_years"]))
    r.senior_title[eligible[top_within(r.home[eligible], -r.experience[eligible], filled)]] = True


def recognise(model):
    """This year's recognition: backbone designation at the county's rounds, then titles, each on
    its own stream."""
    designate_backbone(model, model.career_rng("recognise"))
    promote(model, model.career_rng("promote"))


def attrition_probability(model) -> np.ndarray:
    """Each teacher's chance of leaving their school this year, by home location, title and allowance."""
    r, p = model.teachers, model.params
    loc = model.schools.location[r.home]
    base = np.array([p["attrition_urban"], p["attrition_township"], p["attrition_village"]])[loc]
    base = base * np.where(r.senior_title, p["senior_title_attrition_factor"], 1.0)
    allowance = np.exp(-p["allowance_attrition_effect"] * model.rural_allowance / 1000.0)
    return np.minimum(1.0, base * np.where(loc == URBAN, 1.0, allowance))


def establishment(model) -> np.ndarray:
    """Teacher posts (编制) of each school: its posts per pupil at launch (``model.posts_per_pupil``;
    moved only by a recruitment drive's new posts or a merger) applied to today's pupils, never
    fewer than the minimum; a closed school has none. Hiring and transfers fill open posts only."""
    s = model.schools
    posts = np.maximum(model.params["min_teachers_per_school"], np.round(model.posts_per_pupil * s.enrollment))
    return np.where(s.open, posts, 0.0)


def open_posts(model) -> np.ndarray:
    """Posts each school has no teacher for (its teachers counted at home)."""
    return np.maximum(0.0, establishment(model) - model.teachers.count_by_school(len(model.schools), by="home"))


def transfers_to_town(model, movers: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """Rural leavers who asked to move to a town school of their stage, and the posts they get:
    each open town post of the stage goes to at most one of them, drawn at random; those left
    without a post stay where they are. Returns (movers placed, their town schools)."""
    s = model.schools
    town = np.flatnonzero((s.location == URBAN) & s.evaluated & s.open)
    free = open_posts(model)[town].astype(np.int64)
    placed, dest = [], []
    for stage in np.unique(s.stage[model.teachers.home[movers]]):
        asking = movers[s.stage[model.teachers.home[movers]] == stage]
        slots = np.repeat(town[s.stage[town] == stage], free[s.stage[town] == stage])
        k = min(asking.size, slots.size)
        placed.append(rng.choice(asking, k, replace=False))
        dest.append(rng.choice(slots, k, replace=False))
    return (np.concatenate(placed), np.concatenate(dest)) if placed else (movers[:0], movers[:0])


def leave(model) -> tuple[int, int, int]:
    """Retirements, then leavers: a township or village leaver asks for a town school of the same
    stage and county with probability ``transfer_to_town`` (about half of teachers first posted to
    villages later move to county or town schools, a report quoted second-hand); a transfer needs
    an open town post and opens the post at home; one who gets no post stays; the other leavers
    leave the county. Retirements and leavers first, so this year's town vacancies are open.
    Returns (retired, left, transferred). Leavers stay in the roster, inactive."""
    r, p, s = model.teachers, model.params, model.schools
    rng, transfer_rng = model.career_rng("leave"), model.career_rng("transfer")
    retire = r.active & (r.experience >= p["career_years"])
    quit_ = r.active & ~retire & (rng.random(r.n) < attrition_probability(model))
    asking = quit_ & (s.location[r.home] != URBAN) & s.evaluated[r.home] & (transfer_rng.random(r.n) < p["transfer_to_town"])
    quit_ &= ~asking  # who asks for a town post moves or stays; never leaves
    gone = retire | quit_
    r.active[gone] = False  # their posts are open before any transfer
    r.exchange_end[gone] = NO_EXCHANGE
    movers, dest = transfers_to_town(model, np.flatnonzero(asking), transfer_rng)
    r.home[movers] = dest
    r.school[movers] = dest
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
    vacancies = open_posts(model)
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
