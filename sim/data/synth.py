"""Synthetic county data: school sizes, resources and teachers drawn from documented distributions.

The seeds name the schools but give no sizes or resources. Until a user supplies the
real table (``edusim forecast --schools FILE.csv``) these are drawn here, seeded, from
the distributions in docs/model.md ("Initialisation"), anchored on the national
averages of balance-index.md. Every output that uses them says they are synthetic.
"""

import numpy as np

from agents.school import CORE, LOCATIONS, ROLES, TEACHING_POINT, URBAN, VILLAGE, SchoolTable
from sim.assessment.standards import STAGES, STANDARDS, STOCK_COLUMNS
from sim.data.errors import InputError
from sim.dynamics.grouping import rank_within

#: Median enrollment of a school part by location and stage (pupils); teaching points apart.
ENROLLMENT_MEDIAN = {"urban": (2000, 1500), "township": (500, 450), "village": (90, 120)}
TEACHING_POINT_ENROLLMENT = 25
ENROLLMENT_SIGMA = 0.35
#: Stock per pupil as a multiple of the national standard, by location (crowded town
#: schools are short of space and sports ground, village schools of equipment).
STOCK_FACTOR = {
    "teaching_space_m2": (0.9, 1.1, 1.6),
    "sports_area_m2": (0.55, 1.0, 1.5),
    "equipment_yuan": (1.2, 0.9, 0.55),
    "multimedia_rooms": (1.1, 0.9, 0.6),
}
#: Stocks the 2017 method sets no standard for: per pupil, by location.
EXTRA_STOCK_PER_PUPIL = {"computers": (0.12, 0.10, 0.06), "books": (28.0, 25.0, 18.0)}
#: Teacher attributes: shares by location (urban, township, village).
TEACHER_SHARES = {
    "degree_above": (0.85, 0.70, 0.50),
    "pe_art": (0.18, 0.13, 0.07),
}
SKILL_MEAN = (0.3, 0.0, -0.3)  # by location, SD units
#: Core schools are chosen as the strong schools of their community (seed: 优质学校 as core):
#: their teacher shares are multiplied, and their skill raised, by these.
CORE_SHARE_FACTOR = {"degree_above": 1.1, "backbone": 1.6, "pe_art": 1.2}
CORE_SKILL_PREMIUM = 0.2
SKILL_SD = 0.8
BACKBONE_SKILL_PREMIUM = 0.6
SENIOR_TITLE_SHARE = 0.6  # among teachers with 8+ years
MANAGEMENT_MEAN = {"core": 0.75, "member": 0.45, "teaching_point": 0.35}
MANAGEMENT_SD = 0.08
#: Areas of a school's speciality profile (e.g. arts, sports, science, culture).
PROFILE_DIMS = 4
#: Stocks counted in whole units.
WHOLE_UNITS = ("multimedia_rooms", "computers", "books")


def expand_roster(communities: list[dict], where: str) -> dict[str, list]:
    """Turn the scenario's communities of physical schools into rows of school parts."""
    rows = {k: [] for k in ("name", "stage", "community", "role", "location", "parent_name", "site",
                            "evaluated", "tightness", "years")}
    sites: dict[str, int] = {}
    for c_id, com in enumerate(communities):
        for s in com["schools"]:
            if s["name"] in sites:
                raise InputError.worded("school_twice", where=where, school=s["name"])
            sites[s["name"]] = len(sites)
            for stage in s["stages"]:
                rows["name"].append(s["name"])
                rows["stage"].append(STAGES.index(stage))
                rows["community"].append(-1 if com.get("unpaired") else c_id)
                rows["evaluated"].append(not s.get("external", False))
                rows["tightness"].append(com.get("tightness", np.nan))
                rows["years"].append((com.get("start", 0), com.get("end", 9999)))
                rows["role"].append(ROLES.index(s["role"]))
                rows["location"].append(LOCATIONS.index(s["location"]))
                rows["parent_name"].append(s.get("parent"))
                rows["site"].append(sites[s["name"]])
    return rows


def resolve_parents(names, stages, parent_names, where: str) -> np.ndarray:
    """Row of each part's parent: the part of the named school in the same stage."""
    index = {(n, st): i for i, (n, st) in enumerate(zip(names, stages))}
    any_stage = {n: i for i, n in enumerate(names)}
    out = np.full(len(names), -1, dtype=np.int32)
    for i, (p, st) in enumerate(zip(parent_names, stages)):
        if p:
            if p not in any_stage:
                raise InputError.worded("parent_not_school", where=where, parent=p, school=names[i])
            out[i] = index.get((p, st), any_stage[p])
    return out


def synthetic_schools(roster: dict[str, list], rng: np.random.Generator, junior_weight: float,
                      county: str = "", where: str = "scenario", stock_sigma: float = 0.3,
                      enrollment_median: dict | None = None) -> SchoolTable:
    """Draw enrollment, stocks and management for every school part of ``roster`` (median sizes
    by location and stage: ``enrollment_median``, else ``ENROLLMENT_MEDIAN``)."""
    stage = np.array(roster["stage"], dtype=np.int8)
    loc = np.array(roster["location"], dtype=np.int8)
    role = np.array(roster["role"], dtype=np.int8)
    site = np.array(roster["site"], dtype=np.int32)
    n = stage.size
    sizes = enrollment_median or ENROLLMENT_MEDIAN
    median = np.array([sizes[LOCATIONS[loc_i]][s] for loc_i, s in zip(loc, stage)], dtype=float)
    median[role == TEACHING_POINT] = TEACHING_POINT_ENROLLMENT
    enrollment = np.maximum(5.0, np.round(median * rng.lognormal(0.0, ENROLLMENT_SIGMA, n)))
    # A nine-year school's stocks are drawn for the whole site and split between its parts
    # in proportion to pupils, junior pupils weighted by junior_weight (balance-index.md).
    weight = enrollment * np.where(stage == 1, junior_weight, 1.0)
    site_weight = np.bincount(site, weights=weight)
    share = weight / site_weight[site]
    site_pupils = np.bincount(site, weights=weight)  # in primary-pupil equivalents
    stocks = {}
    for key in STOCK_COLUMNS:
        if key in STOCK_FACTOR:
            per = 100.0 if key == "multimedia_rooms" else 1.0
            std = np.array([STANDARDS[STAGES[s]][key] for s in stage]) / per
            per_pupil = std * np.array(STOCK_FACTOR[key])[loc]
        else:
            per_pupil = np.array(EXTRA_STOCK_PER_PUPIL[key])[loc]
        site_per_pupil = np.bincount(site, weights=weight * per_pupil) / site_weight
        site_total = site_per_pupil * site_pupils * rng.lognormal(0.0, stock_sigma, site_pupils.size)
        part = site_total[site] * share
        stocks[key] = np.round(part) if key in WHOLE_UNITS else part
    mgmt_mean = np.array([MANAGEMENT_MEAN[ROLES[r]] for r in role]) + 0.05 * (loc == URBAN)
    management = np.clip(rng.normal(mgmt_mean, MANAGEMENT_SD), 0.05, 0.95)
    parent = resolve_parents(roster["name"], roster["stage"], roster["parent_name"], where)
    return SchoolTable(name=list(roster["name"]), stage=stage, community=np.array(roster["community"], np.int32),
                       role=role, location=loc, parent=parent, site=site, enrollment=enrollment,
                       stocks=stocks, management=management, county=county,
                       evaluated=np.array(roster["evaluated"], dtype=bool),
                       tightness=np.array(roster["tightness"], dtype=float),
                       community_years=np.array(roster["years"], dtype=np.int64).reshape(-1, 2),
                       profile=speciality_profiles(site, rng))


def speciality_profiles(site: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each school's own emphasis ("一校一品") over PROFILE_DIMS areas, shared by a site's parts."""
    per_site = rng.dirichlet(np.ones(PROFILE_DIMS), site.max() + 1)
    return per_site[site]


def norm_teachers(schools: SchoolTable, params: dict) -> np.ndarray:
    """Teachers the staffing norm gives a school, unrounded: the all-staff norm's posts for its pupils
    times the teacher share of staff, ``village_post_factor`` times that at village schools and
    teaching points (the norm adds posts by classes there)."""
    ratio = np.where(schools.stage == 0, params["pupils_per_staff_primary"], params["pupils_per_staff_junior"])
    rural = (schools.location == VILLAGE) | (schools.role == TEACHING_POINT)
    factor = np.where(rural, params["village_post_factor"], 1.0)
    return schools.enrollment / ratio * params["teacher_share_of_staff"] * factor


def teacher_posts(schools: SchoolTable, params: dict) -> np.ndarray:
    """Teacher posts (编制) by the staffing norm, whole, never fewer than the minimum."""
    return np.maximum(params["min_teachers_per_school"], np.ceil(norm_teachers(schools, params) - 1e-9))


def staying(location: np.ndarray, params: dict) -> np.ndarray:
    """Each teacher's chance of staying at a school of ``location`` a year: 1 - its attrition rate."""
    return 1.0 - np.array([params["attrition_urban"], params["attrition_township"], params["attrition_village"]])[location]


def launch_experience(location: np.ndarray, least: np.ndarray | float, params: dict,
                      rng: np.random.Generator) -> np.ndarray:
    """Whole years of experience at launch: the steady state of a school whose teachers leave at
    its location's attrition rate a and retire after ``career_years`` C, P(x) proportional to
    (1 - a)^x on x = least .. C - 1 (docs/model.md 4), drawn by the inverse of its distribution."""
    career = params["career_years"]
    stay = staying(location, params)
    least = np.broadcast_to(np.asarray(least, dtype=float), location.shape)
    span = career - least
    u = rng.random(location.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        geometric = np.floor(np.log1p(-u * (1.0 - stay ** span)) / np.log(stay))
    steps = np.where(stay < 1.0, geometric, np.floor(u * span))  # no attrition: uniform
    return least + np.minimum(steps, span - 1)


def synthetic_posts(schools: SchoolTable, params: dict, rng: np.random.Generator) -> np.ndarray:
    """A synthetic county's teacher posts: the norm's (``norm_teachers``) times ``town_post_factor`` at
    town schools (posts lag crowded town schools) and a school's own lognormal spread
    (``synth_staff_sigma``, mean 1), never fewer than the minimum; every post is filled at launch."""
    town = np.where((schools.location == URBAN) & (schools.role != TEACHING_POINT), params["town_post_factor"], 1.0)
    spread = school_spread(schools.enrollment.size, params["synth_staff_sigma"], rng)
    return np.maximum(params["min_teachers_per_school"], np.round(norm_teachers(schools, params) * town * spread))


def school_spread(n: int, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Each school's own multiplier of a location's level: lognormal with mean 1 and log SD ``sigma``
    (schools of one location differ in staffing and in whom they attract)."""
    return rng.lognormal(-sigma ** 2 / 2.0, sigma, n)


def share_at_least(location: np.ndarray, years: float, params: dict) -> np.ndarray:
    """Share of a location's launch teachers with at least ``years`` of experience (the law above)."""
    career = params["career_years"]
    stay = staying(location, params)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (stay ** years - stay ** career) / (1.0 - stay ** career)
    return np.where(stay < 1.0, share, (career - years) / career)


def synthetic_teachers(schools: SchoolTable, params: dict, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Draw a roster for ``schools``: every post filled (the status quo is the county at its
    establishment), attributes by location, each school's shares spread around its location's
    (degree and PE/art by ``synth_degree_sigma``, titles and backbone by ``synth_title_sigma``)."""
    counts = synthetic_posts(schools, params, rng)
    home = np.repeat(np.arange(len(schools)), counts.astype(int)).astype(np.int32)
    loc = schools.location[home]
    core = schools.role[home] == CORE
    k = home.size
    experience = launch_experience(loc, 0.0, params, rng)
    # backbone teachers are designated among teachers of backbone_min_years+ (5.3): the location's
    # share of all teachers, drawn among those
    senior = experience >= params["backbone_min_years"]
    shares = {**TEACHER_SHARES, "backbone": [params[f"launch_backbone_share_{name}"] for name in LOCATIONS]}
    among = {"backbone": np.where(senior, 1.0 / share_at_least(loc, params["backbone_min_years"], params), 0.0)}
    n = len(schools)
    degree_spread = school_spread(n, params["synth_degree_sigma"], rng)
    title_spread = school_spread(n, params["synth_title_sigma"], rng)
    spread = {"degree_above": degree_spread, "pe_art": degree_spread, "backbone": title_spread}
    cols = {name: rng.random(k) < np.array(share)[loc] * np.where(core, CORE_SHARE_FACTOR[name], 1.0)
            * among.get(name, 1.0) * spread[name][home]
            for name, share in shares.items()}
    cols["senior_title"] = (experience >= params["title_min_years"]) & (rng.random(k) < SENIOR_TITLE_SHARE * title_spread[home])
    cols["skill"] = (rng.normal(np.array(SKILL_MEAN)[loc] + CORE_SKILL_PREMIUM * core, SKILL_SD)
                     + BACKBONE_SKILL_PREMIUM * cols["backbone"])
    return {"home": home, "experience": experience, **cols}


def teachers_from_counts(schools: SchoolTable, counts: dict[str, np.ndarray], params: dict,
                         rng: np.random.Generator) -> dict[str, np.ndarray]:
    """A roster that reproduces a user table's teacher counts exactly; skills and experience drawn."""
    home = np.repeat(np.arange(len(schools)), counts["teachers"].astype(int)).astype(np.int32)
    k = home.size
    cols = {}
    for flag, key in (("degree_above", "teachers_above_degree"), ("backbone", "backbone_teachers"),
                      ("pe_art", "pe_art_teachers"), ("senior_title", "senior_title_teachers")):
        cols[flag] = rank_within(home, rng.random(k)) < counts[key][home]
    loc = schools.location[home]
    # titled teachers have 8+ years and backbone teachers 5+ (the rules of 5.3), the others any
    least = np.where(cols["senior_title"], params["title_min_years"], np.where(cols["backbone"], params["backbone_min_years"], 0))
    cols["experience"] = launch_experience(loc, least, params, rng)
    cols["skill"] = rng.normal(np.array(SKILL_MEAN)[loc], SKILL_SD) + BACKBONE_SKILL_PREMIUM * cols["backbone"]
    return {"home": home, **cols}


def random_communities(n_schools: int, community_size: int = 8) -> list[dict]:
    """Communities for benchmarks and tests of scale, in scenario form: each one urban core,
    then township and village members, alternating primary and junior communities."""
    out = []
    for com in range(-(-n_schools // community_size)):
        size = min(community_size, n_schools - com * community_size)
        stage = STAGES[com % 2]
        schools = [{"name": f"c{com}-s{pos}", "role": "core" if pos == 0 else "member",
                    "location": "urban" if pos == 0 else ("township" if pos <= community_size // 2 else "village"),
                    "stages": [stage]} for pos in range(size)]
        out.append({"name": f"community {com}", "schools": schools})
    return out
