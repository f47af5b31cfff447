"""A synthetic province or country: counties whose numbers of schools are drawn around published
national totals per county, each county's schools drawn as in the synthetic county.

Only the school counts per county are anchored (``NATIONAL``, each with its source); pupils and
teachers then follow from the synthetic county's distributions (``sim/data/synth.py``) and are
reported beside the published totals, not tuned to them. Which county is how unequal is an
assumption (``STOCK_SIGMA``), so that a province holds counties near and far from passing.
"""

import numpy as np
import pandas as pd

from agents.school import LOCATIONS, ROLES, TEACHING_POINT
from sim.assessment.standards import COUNT_COLUMNS, STAGES
from sim.data.synth import (
    ENROLLMENT_MEDIAN,
    expand_roster,
    synthetic_schools,
    synthetic_teachers,
)
from sim.dynamics.params import MODEL_PARAMS, resolve

#: Published national totals: school counts of the 2024 national statistical bulletin on education
#: (教育部, 2024年全国教育事业发展统计公报, released June 2025), and the county-level divisions at the
#: end of 2023 (docs/model.md section 14 quotes each and says how firm it is).
NATIONAL = {
    "counties": 2844,  # 县级行政区划单位, end of 2023 (a secondary page citing the NBS; another says 2,843)
    "primary_schools": 136_300,  # 普通小学13.63万所
    "junior_schools": 52_100,  # 初中5.21万所 (含职业初中4所)
    "teaching_points": 52_200,  # 不计校数小学教学点5.22万个
}
#: The bulletin's totals the synthetic country is compared with (not tuned to).
PUBLISHED = {"pupils": 159_705_400, "teachers": 10_738_900}  # 义务教育阶段在校生15970.54万人, 专任教师1073.89万人
#: Spread (log SD) of a county's number of schools around the national mean: an assumption.
SIZE_SIGMA = 0.6
#: Shares of a county's schools in town (urban), township and village locations: an assumption.
LOCATION_SHARE = (0.15, 0.35, 0.50)
#: Range of the per-county spread of school stocks (log SD, as the model's synth_stock_sigma): an assumption.
STOCK_SIGMA = (0.1, 0.45)
#: How well a county's schools are equipped and staffed: a county-level multiplier, drawn from this
#: range, on its synthetic stocks and on its degree, backbone and PE/art teachers (never more than its
#: teachers): an assumption, so that a province holds counties near and far from the standards.
READINESS = (0.9, 1.8)
#: Median pupils of a town school part, drawn per county from this range (junior parts 0.8 of it): an
#: assumption, so that some counties' town schools are within the 2,000-pupil rule and some are not.
TOWN_MEDIAN = (900.0, 2000.0)
#: Schools per community (one core, the rest members): an assumption.
COMMUNITY_SIZE = 6
#: School counts of a province drawn at the national means per county.
MEANS = {k: NATIONAL[k] / NATIONAL["counties"] for k in ("primary_schools", "junior_schools", "teaching_points")}


def county_sizes(rng: np.random.Generator) -> dict[str, int]:
    """Primary schools, junior schools and teaching points of one county: the national means per
    county times one lognormal size factor (mean 1), so large counties are large in every kind."""
    factor = rng.lognormal(-SIZE_SIGMA ** 2 / 2, SIZE_SIGMA)
    return {"primary": max(2, int(rng.poisson(MEANS["primary_schools"] * factor))),
            "junior": max(1, int(rng.poisson(MEANS["junior_schools"] * factor))),
            "teaching_points": int(rng.poisson(MEANS["teaching_points"] * factor))}


def county_communities(sizes: dict[str, int], rng: np.random.Generator) -> list[dict]:
    """Scenario-form communities: per stage, the schools ordered town, township, village, dealt in
    turn into one community per ``COMMUNITY_SIZE`` schools (at least one per town school); the first
    dealt into each, a town school where there are enough, is its core. Teaching points join the
    primary community of their parent, its last member."""
    communities, points = [], sizes["teaching_points"]
    for stage in STAGES:
        n = sizes[stage]
        counts = rng.multinomial(n - 1, LOCATION_SHARE) + np.array([1, 0, 0])  # every county has a town school
        locs = np.repeat(np.arange(3), counts)
        n_com = max(counts[0], round(n / COMMUNITY_SIZE))  # every town school leads one
        members = [[] for _ in range(n_com)]
        for i, loc in enumerate(locs):
            members[i % n_com].append((f"{stage[0]}{i}", int(loc)))
        for c, group in enumerate(members):
            schools = [{"name": name, "location": LOCATIONS[loc], "stages": [stage],
                        "role": "core" if k == 0 else "member"} for k, (name, loc) in enumerate(group)]
            if stage == "primary":
                for j in range(points * c // n_com, points * (c + 1) // n_com):
                    parent = group[-1][0]
                    schools.append({"name": f"t{j}", "location": "village", "stages": ["primary"],
                                    "role": "teaching_point", "parent": parent})
            communities.append({"name": f"{stage}-{c}", "schools": schools})
    return communities


def synthetic_county(name: str, seed: np.random.SeedSequence, stock_sigma=STOCK_SIGMA) -> pd.DataFrame:
    """One county's school table in the schema's English form (one row per school part); its stocks'
    spread drawn from the ``stock_sigma`` range (a validation band sets both ends equal)."""
    rng = np.random.default_rng(seed)
    params = resolve(MODEL_PARAMS, {}, "defaults")
    communities = county_communities(county_sizes(rng), rng)
    roster = expand_roster(communities, name)
    sigma = rng.uniform(*stock_sigma)
    town = rng.uniform(*TOWN_MEDIAN)
    sizes = {**ENROLLMENT_MEDIAN, "urban": (town, 0.8 * town)}
    schools = synthetic_schools(roster, rng, params["junior_weight"], name, name, sigma, sizes)
    teachers = synthetic_teachers(schools, params, rng)
    n = len(schools)
    flags = {"teachers": np.ones(teachers["home"].size, dtype=bool), "teachers_above_degree": teachers["degree_above"],
             "backbone_teachers": teachers["backbone"], "pe_art_teachers": teachers["pe_art"],
             "senior_title_teachers": teachers["senior_title"]}
    frame = pd.DataFrame({"county": name, "school": schools.name, "stage": [STAGES[s] for s in schools.stage],
                          "enrollment": schools.enrollment.astype(int)})
    ready = rng.uniform(*READINESS)
    staff = np.bincount(teachers["home"], minlength=n)
    for key in COUNT_COLUMNS:
        if key in flags:
            count = np.bincount(teachers["home"], weights=flags[key], minlength=n)
            frame[key] = (count if key == "teachers" else np.minimum(staff, np.round(count * ready))).astype(int)
        else:
            values = schools.stocks[key] * ready
            frame[key] = np.round(values, 1) if key.endswith(("_m2", "_yuan")) else values.astype(int)
    frame["community"] = [communities[c]["name"] if c >= 0 else "" for c in schools.community]
    frame["role"] = [ROLES[r] for r in schools.role]
    frame["location"] = [LOCATIONS[x] for x in schools.location]
    frame["parent"] = [schools.name[p] if r == TEACHING_POINT and p >= 0 else ""
                       for r, p in zip(schools.role, schools.parent)]
    return frame


def county_names(n: int) -> list[str]:
    return [f"county-{i:04d}" for i in range(n)]


def synthetic_region(n_counties: int, seed: int = 0):
    """Yield ``(name, table)`` for ``n_counties`` counties, one at a time (a country fits in the
    memory of one county); county ``i`` is the same whatever ``n_counties`` is."""
    for i, name in enumerate(county_names(n_counties)):
        yield name, synthetic_county(name, np.random.SeedSequence(seed, spawn_key=(i,)))


def county_table(frame: pd.DataFrame):
    """A synthetic county's frame as the ``UserCounty`` a table reader would give (no file between)."""
    from sim.data.schooltable import UserCounty

    name = str(frame["county"].iloc[0])
    return UserCounty(
        path=f"synthetic:{name}", school=frame["school"].tolist(),
        stage=np.array([STAGES.index(s) for s in frame["stage"]]), enrollment=frame["enrollment"].to_numpy(float),
        counts={k: frame[k].to_numpy(float) for k in COUNT_COLUMNS}, community=frame["community"].tolist(),
        role=frame["role"].tolist(), location=frame["location"].tolist(), county=name,
        parent=frame["parent"].fillna("").tolist())
