"""The mixed-integer programme behind ``edusim plan`` (docs/model.md section 13).

Every indicator is written as a *ratio to its stage's standard*, r = value / standard, which is
affine in the decision vector: r = r0 + R @ x. Ratios keep every row of the programme O(1) (a
yuan of equipment and a teacher per 100 pupils live on the same scale) and the CV is the same in
ratio units as in indicator units.

Teacher moves are aggregated per school into integer in- and out-flows of each *kind* of mover
(the 7 non-empty combinations of the 3 flags, so a backbone teacher who also holds the higher
degree counts for both). Because a move costs the same allowance whichever pair of schools it
joins, and any pair inside a group (community x stage) is allowed, a set of per-school flows that
balances in each group is exactly a set of pairwise moves (``pairs`` recovers one).

Each CV limit sd <= c mean is carried by variables t_i >= (r_i - mean)^2 / mean (one per school
and indicator) and the row sum_i w_i t_i <= c^2 mean; the bounds on t come only from the tangent
cuts that ``cv_cuts`` and ``spread_cuts`` write, added by the loop in ``optimise.py``.
"""

from dataclasses import dataclass
from itertools import combinations
from types import SimpleNamespace

import numpy as np
import scipy.sparse as sp

from agents.school import LOCATIONS, ROLES
from sim.assessment.standards import (
    HIGH_QUALITY,
    HQ_CV_THRESHOLD,
    HQ_MIN_SHARE_OF_STANDARD,
    HQ_MIN_STANDARDS_MET,
    STAGES,
    STANDARDS,
)
from sim.data.synth import teacher_posts
from sim.dynamics.resources import unit_cost

#: Teacher indicators: changed by moving whole teachers, hiring into open posts and designating
#: backbone teachers.
FLAGS = ("teachers_above_degree", "backbone_teachers", "pe_art_teachers")
#: Kinds of mover: each non-empty set of flags a moved teacher carries.
KINDS = tuple(c for n in (1, 2, 3) for c in combinations(FLAGS, n))
#: Kinds of hire: a new graduate above the required degree, general or PE/music/art (nobody is
#: hired a backbone teacher).
HIRES = (("teachers_above_degree",), ("teachers_above_degree", "pe_art_teachers"))
#: Stocks bought in continuous amounts, one line each as (indicator, action): sports area is laid
#: as ground ("build") where the site has land (``sites.spare_land``) and built as a hall elsewhere.
BOUGHT = (("teaching_space_m2", "build"), ("sports_area_m2", "build"), ("sports_area_m2", "build_hall"),
          ("equipment_yuan", "buy"))
#: The stock bought in whole units.
ROOMS = "multimedia_rooms"
UNITS = {"teaching_space_m2": "m2", "sports_area_m2": "m2", "equipment_yuan": "yuan", ROOMS: "rooms"}
KEYS = tuple(i.key for i in HIGH_QUALITY)
PER = np.array([i.per for i in HIGH_QUALITY], dtype=float)
assert set(FLAGS) | {key for key, _ in BOUGHT} | {ROOMS} == set(KEYS)
#: Safety on each standard row, in ratio points (purchases are topped up after the solve anyway,
#: see plan.apply, so this only keeps float ties on the right side).
STANDARD_SLACK = 1e-9
#: The CV rows aim this much (relative) below their target, so that a cut loop stopped at a
#: relative tolerance of 1e-6 still leaves every exact CV at or below the target.
CV_SLACK = 4e-6


@dataclass
class Layout:
    """Where each block of variables sits in the decision vector (n = school parts)."""

    n: int

    @property
    def kinds(self) -> int:
        return len(KINDS)

    def inflow(self, i, c):  # teachers of kind c received by school i
        return i * self.kinds + c

    def outflow(self, i, c):  # teachers of kind c sent by school i
        return self.n * self.kinds + i * self.kinds + c

    def bought(self, i, b):  # ratio points of BOUGHT[b] added at school i (continuous)
        return 2 * self.n * self.kinds + i * len(BOUGHT) + b

    def rooms(self, i):  # multimedia rooms bought by school i (integer)
        return 2 * self.n * self.kinds + self.n * len(BOUGHT) + i

    def meets(self, i, k):  # binary: school i meets standard k with the margin
        return 2 * self.n * self.kinds + self.n * (len(BOUGHT) + 1) + i * len(KEYS) + k

    def spread(self, i, k):  # t >= (r - mean)^2 / mean: school i's share of indicator k's variance
        return self.meets(self.n, 0) + i * len(KEYS) + k

    def hire(self, i, h):  # teachers of hire kind h taken on by school i into its open posts (integer)
        return self.spread(self.n, 0) + i * len(HIRES) + h

    def designate(self, i):  # teachers of school i designated county-level backbone teachers (integer)
        return self.hire(self.n, 0) + i

    def upgrade(self, i):  # teachers of school i brought to the higher degree (integer)
        return self.designate(self.n) + i

    def post(self, i, h):  # teachers of hire kind h taken on by school i into new posts (integer)
        return self.upgrade(self.n) + i * len(HIRES) + h

    def train(self, i):  # teachers of school i trained to city- or province-level backbone teachers (integer)
        return self.post(self.n, 0) + i

    @property
    def size(self) -> int:
        return self.train(self.n)


@dataclass
class Problem:
    """The programme without its CV cuts: ratios r = r0 + R @ x, costs, bounds and rows."""

    layout: Layout
    r0: np.ndarray  # (n, 7) ratios to standard today
    R: sp.csr_matrix  # (n * 7, size): ratio of school i, indicator k at row i * 7 + k
    cost: np.ndarray  # yuan per unit of each variable
    integrality: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    A: sp.csr_matrix
    row_lb: np.ndarray
    row_ub: np.ndarray
    stage_rows: dict  # stage index -> school rows
    cv_target: dict  # stage index -> CV the cuts aim at (threshold x (1 - cv_margin), less CV_SLACK)
    group: np.ndarray  # group id per school (-1: may not exchange teachers)
    staff: np.ndarray  # teachers per school (or the fewest the flags allow when not given)
    allowance: float
    salary: float  # yuan a year of a teacher hired into an open post
    designation: float  # yuan a year of a newly designated backbone teacher
    upgrading: float  # yuan to bring a teacher to the higher degree
    new_post: float  # yuan a year of a teacher hired into a new post (salary and the post's one-off cost)
    training: float  # yuan to train a teacher to a city- or province-level backbone teacher
    land: np.ndarray  # m2 of sports ground each school may lay (inf: no limit)
    scale: np.ndarray  # per (school, BOUGHT) amount bought per ratio point
    share: np.ndarray  # each school's enrollment share of its stage
    M: dict  # stage -> (7, size) matrix: the weighted mean ratio of each indicator is m0 + M @ x
    m0: dict  # stage -> (7,) weighted mean ratios today


def groups(county, county_wide: bool = False) -> np.ndarray:
    """Exchange groups: community x stage when the table names communities (schools without one
    exchange with nobody), else, or when ``county_wide`` (县管校聘), the whole stage."""
    names = list(county.community)
    if any(names) and not county_wide:
        labels = [f"{c}|{s}" if c else "" for c, s in zip(names, county.stage)]
    else:
        labels = [str(s) for s in county.stage]
    known = sorted({x for x in labels if x})
    return np.array([known.index(x) if x else -1 for x in labels], dtype=np.int64)


def _sparse(entries, shape) -> sp.csr_matrix:
    """A CSR matrix from ``(rows, cols, values)`` triples of broadcastable arrays."""
    parts = [np.broadcast_arrays(np.asarray(r), np.asarray(c), np.asarray(v, dtype=float)) for r, c, v in entries]
    r, c, v = (np.concatenate([p[i].ravel() for p in parts]) if parts else np.zeros(0) for i in range(3))
    return sp.csr_matrix((v, (r.astype(np.int64), c.astype(np.int64))), shape=shape)


def table_vacancies(county, params: dict) -> np.ndarray:
    """Posts each school has no teacher for: the staffing norm's (sim.data.synth.teacher_posts) less its
    teachers; none where the table does not give its teachers."""
    if "teachers" not in county.counts:
        return np.zeros(len(county))
    schools = SimpleNamespace(stage=county.stage, enrollment=county.enrollment.astype(float),
                              location=np.array([LOCATIONS.index(x) if x in LOCATIONS else -1 for x in county.location]),
                              role=np.array([ROLES.index(x) if x in ROLES else -1 for x in county.role]))
    return np.maximum(0.0, teacher_posts(schools, params) - county.counts["teachers"])


def designation_room(county, staff: np.ndarray, params: dict) -> float:
    """Backbone teachers the county may still designate: ``params['backbone_quota_share']`` of its
    teachers (``costs.PLAN_PARAMS``) less those it has."""
    quota = np.floor(params["backbone_quota_share"] * staff.sum() + 1e-9)
    return float(max(0.0, quota - county.counts["backbone_teachers"].sum()))


def upgrade_room(county, staff: np.ndarray, params: dict) -> float:
    """Teachers the county's in-service programmes may bring to the higher degree in one plan:
    ``params['upgrade_cap_share']`` of its teachers without it."""
    return float(np.floor(params["upgrade_cap_share"] * (staff - county.counts["teachers_above_degree"]).sum() + 1e-9))


def train_room(staff: np.ndarray, params: dict) -> float:
    """City- and province-level backbone teachers the county may have trained: ``params['backbone_train_share']``
    of its teachers."""
    return float(np.floor(params["backbone_train_share"] * staff.sum() + 1e-9))


def new_posts(staff: np.ndarray, params: dict) -> float:
    """Posts beyond the staffing norm the county may ask for: ``params['new_post_share']`` of its teachers."""
    return float(np.floor(params["new_post_share"] * staff.sum() + 1e-9))


def line_cost(params: dict, key: str, action: str) -> float:
    """Yuan per unit of a purchase line: a hall's square metre, or the stock's unit cost."""
    return params["cost_sports_hall_yuan_m2"] if action == "build_hall" else unit_cost(params, key)


def build(county, margin: float, params: dict, allowance: float, cv_margin: float | None = None,
          spare: int = 0, land: np.ndarray | None = None, county_wide: bool = False) -> Problem:
    """The MILP without CV cuts; see the module docstring and docs/model.md section 13 for the rows.
    ``cv_margin`` (default: ``margin``) sets the CV targets, threshold x (1 - cv_margin);
    ``spare`` teachers of each flag a school must have beyond its (margined) standard. Hires cost
    ``params['salary_yuan']`` and designations ``params['designation_yuan']`` a year, upgrades
    ``params['upgrade_yuan']`` once; ``land``: m2 each school may lay sports ground on (default: no limit);
    ``county_wide``: teachers move anywhere in their stage, whatever the communities."""
    cv_margin = margin if cv_margin is None else cv_margin
    n, lay = len(county), Layout(len(county))
    idx, ks, cs = np.arange(n), np.arange(len(KEYS)), np.arange(len(KINDS))
    pupils = county.enrollment.astype(float)
    std = np.array([[STANDARDS[STAGES[s]][k] for k in KEYS] for s in county.stage])  # (n, 7)
    counts = np.column_stack([county.counts[k].astype(float) for k in KEYS])
    r0 = counts * PER / pupils[:, None] / std
    teacher_cols = [k for k in ("teachers", *FLAGS, "senior_title_teachers") if k in county.counts]
    staff = np.max([county.counts[k] for k in teacher_cols], axis=0).astype(float)
    step = PER / pupils[:, None] / std  # ratio points one teacher (or room) adds, (n, 7)
    bought = [KEYS.index(key) for key, _ in BOUGHT]
    scale = std[:, bought] * pupils[:, None] / PER[bought]

    # Ratios r[i, k] = r0[i, k] + R[i * 7 + k] @ x.
    entries = []
    for c, kind in enumerate(KINDS):
        for f in kind:
            k = KEYS.index(f)
            entries += [(idx * 7 + k, lay.inflow(idx, c), step[:, k]), (idx * 7 + k, lay.outflow(idx, c), -step[:, k])]
    for h, kind in enumerate(HIRES):
        entries += [(idx * 7 + KEYS.index(f), var(idx, h), step[:, KEYS.index(f)]) for f in kind
                    for var in (lay.hire, lay.post)]
    backbone, degree = KEYS.index("backbone_teachers"), KEYS.index("teachers_above_degree")
    entries += [(idx * 7 + backbone, var(idx), step[:, backbone]) for var in (lay.designate, lay.train)]
    entries.append((idx * 7 + degree, lay.upgrade(idx), step[:, degree]))
    entries += [(idx * 7 + KEYS.index(key), lay.bought(idx, b), 1.0) for b, (key, _) in enumerate(BOUGHT)]
    entries.append((idx * 7 + KEYS.index(ROOMS), lay.rooms(idx), step[:, KEYS.index(ROOMS)]))
    R = _sparse(entries, (n * 7, lay.size))

    # Costs, bounds, integrality.
    cost, integrality = np.zeros(lay.size), np.zeros(lay.size)
    lb, ub = np.zeros(lay.size), np.full(lay.size, np.inf)
    grp = groups(county, county_wide)
    for c, kind in enumerate(KINDS):
        have = np.floor(np.min(counts[:, [KEYS.index(f) for f in kind]], axis=1) + 1e-9)  # senders of the kind
        pool = np.bincount(grp[grp >= 0], weights=have[grp >= 0], minlength=grp.max() + 1)
        cost[lay.inflow(idx, c)] = allowance
        integrality[lay.inflow(idx, c)] = integrality[lay.outflow(idx, c)] = 1
        ub[lay.inflow(idx, c)] = np.where(grp >= 0, pool[grp], 0.0)
        ub[lay.outflow(idx, c)] = np.where(grp >= 0, have, 0.0)
    for b, (key, action) in enumerate(BOUGHT):
        cost[lay.bought(idx, b)] = line_cost(params, key, action) * scale[:, b]
        if key == "sports_area_m2" and action == "build" and land is not None:
            ub[lay.bought(idx, b)] = land / scale[:, b]
    cost[lay.rooms(idx)] = unit_cost(params, ROOMS)
    integrality[lay.rooms(idx)] = 1
    vacant = table_vacancies(county, params)
    for h in range(len(HIRES)):
        cost[lay.hire(idx, h)] = params["salary_yuan"]
        integrality[lay.hire(idx, h)] = 1
        ub[lay.hire(idx, h)] = vacant
    cost[lay.designate(idx)] = params["designation_yuan"]
    integrality[lay.designate(idx)] = 1
    ub[lay.designate(idx)] = staff - counts[:, backbone]
    cost[lay.upgrade(idx)] = params["upgrade_yuan"]
    integrality[lay.upgrade(idx)] = 1
    ub[lay.upgrade(idx)] = staff - counts[:, degree]
    for h in range(len(HIRES)):
        cost[lay.post(idx, h)] = params["salary_yuan"] + params["new_post_yuan"]
        integrality[lay.post(idx, h)] = 1
    cost[lay.train(idx)] = params["train_backbone_yuan"]
    integrality[lay.train(idx)] = 1
    ub[lay.train(idx)] = staff - counts[:, backbone]
    meets = lay.meets(idx[:, None], ks[None, :]).ravel()
    integrality[meets], ub[meets] = 1, 1

    blocks, lo, hi = [], [], []

    def add(matrix, low, high):
        blocks.append(matrix)
        lo.append(np.broadcast_to(np.asarray(low, dtype=float), matrix.shape[0]))
        hi.append(np.broadcast_to(np.asarray(high, dtype=float), matrix.shape[0]))

    # School rule: r - (1+m) 0.15 z >= (1+m) 0.85 + s, i.e. every indicator >= 85 % and a met one
    # (z = 1) >= 100 % of the standard x (1 + margin), teacher ones with s = `spare` teachers more;
    # at least 6 of the 7 met.
    z = _sparse([(np.arange(7 * n), meets, -(1 + margin) * (1 - HQ_MIN_SHARE_OF_STANDARD))], (7 * n, lay.size))
    spare_ratio = np.zeros((n, len(KEYS)))  # still meeting each rule after losing `spare` teachers of a flag
    for f in FLAGS:
        spare_ratio[:, KEYS.index(f)] = spare * step[:, KEYS.index(f)]
    add(R + z, (1 + margin) * HQ_MIN_SHARE_OF_STANDARD + STANDARD_SLACK - r0.ravel() + spare_ratio.ravel(), np.inf)
    add(_sparse([(np.repeat(idx, 7), meets, 1.0)], (n, lay.size)), HQ_MIN_STANDARDS_MET, np.inf)
    # In each group, every kind received is a kind sent.
    g_ids = np.unique(grp[grp >= 0])
    pos = np.searchsorted(g_ids, grp)
    member = grp >= 0
    for c in cs:
        add(_sparse([(pos[member], lay.inflow(idx[member], c), 1.0), (pos[member], lay.outflow(idx[member], c), -1.0)],
                    (g_ids.size, lay.size)), 0.0, 0.0)
    # A sender keeps a roster that can exist: with out_all teachers gone, each flag's count left
    # is at most the staff left: out_all - out_f <= staff - count_f; and out_all <= staff.
    for f in FLAGS:
        add(_sparse([(idx, lay.outflow(idx, c), 1.0) for c, kind in enumerate(KINDS) if f not in kind], (n, lay.size)),
            -np.inf, staff - counts[:, KEYS.index(f)])
    add(_sparse([(idx[:, None], lay.outflow(idx[:, None], cs[None, :]), 1.0)], (n, lay.size)), -np.inf, staff)
    # Hires fill open posts only: all kinds together at most the school's vacancies.
    add(_sparse([(idx[:, None], lay.hire(idx[:, None], np.arange(len(HIRES))[None, :]), 1.0)], (n, lay.size)),
        -np.inf, vacant)
    # A designated, trained or upgraded teacher is one of the school's own or moved teachers, never a
    # new hire: flagged teachers after the plan at most its teachers after it, hires not counted,
    # d + in_f - out_f - in_all + out_all <= staff - count_f, i.e. d - in_(no f) + out_(no f) <= staff - count_f.
    for flag, made in (("backbone_teachers", (lay.designate, lay.train)), ("teachers_above_degree", (lay.upgrade,))):
        others = [c for c, kind in enumerate(KINDS) if flag not in kind]
        add(_sparse([(idx, var(idx), 1.0) for var in made]
                    + [(idx, lay.inflow(idx, c), -1.0) for c in others] + [(idx, lay.outflow(idx, c), 1.0) for c in others],
                    (n, lay.size)),
            -np.inf, staff - counts[:, KEYS.index(flag)])
    # County-wide limits: the backbone corps within its quota, city- and province-level training within
    # theirs, degree programmes within their intake, new posts within what the province grants.
    one = np.zeros(n, dtype=np.int64)
    for var, room in ((lay.designate, designation_room(county, staff, params)),
                      (lay.train, train_room(staff, params)),
                      (lay.upgrade, upgrade_room(county, staff, params))):
        add(_sparse([(one, var(idx), 1.0)], (1, lay.size)), -np.inf, room)
    add(_sparse([(one[:, None], lay.post(idx[:, None], np.arange(len(HIRES))[None, :]), 1.0)], (1, lay.size)),
        -np.inf, new_posts(staff, params))
    # Variance rows: sum_i w_i t_ik <= c^2 mean_k (a CV <= c once cuts make t_i >= (r_i - mean)^2 / mean).
    stages = np.unique(county.stage)
    target = {s: HQ_CV_THRESHOLD[STAGES[s]] * (1 - cv_margin) * (1 - CV_SLACK) for s in stages}
    share, M, m0 = np.zeros(n), {}, {}
    for s in stages:
        rows = county.stage_rows(s)
        share[rows] = pupils[rows] / pupils[rows].sum()
        M[s] = _sparse([(ks[None, :], (rows[:, None] * 7 + ks[None, :]), share[rows][:, None])], (7, 7 * n)) @ R
        m0[s] = share[rows] @ r0[rows]
        T = _sparse([(ks[None, :], lay.spread(rows[:, None], ks[None, :]), share[rows][:, None])], (7, lay.size))
        add(T - target[s] ** 2 * M[s], -np.inf, target[s] ** 2 * m0[s])
    return Problem(layout=lay, r0=r0, R=R, cost=cost, integrality=integrality, lb=lb, ub=ub,
                   A=sp.vstack(blocks).tocsr(), row_lb=np.concatenate(lo), row_ub=np.concatenate(hi),
                   stage_rows={s: county.stage_rows(s) for s in stages}, cv_target=target,
                   group=grp, staff=staff, allowance=allowance, salary=float(params["salary_yuan"]),
                   designation=float(params["designation_yuan"]), upgrading=float(params["upgrade_yuan"]),
                   new_post=float(params["salary_yuan"] + params["new_post_yuan"]),
                   training=float(params["train_backbone_yuan"]),
                   land=np.full(n, np.inf) if land is None else np.asarray(land, dtype=float), scale=scale, share=share, M=M, m0=m0)


def cv_cuts(prob: Problem, stage: int, k: int, r_point: np.ndarray) -> list:
    """Tangent (outer-approximation) cuts at ``r_point`` (ratios of indicator k, all schools) for
    the CV limit sd <= c mean of one stage and indicator; each is ``(row, lo, hi)`` over x.

    1. The aggregated cut. With shares w_i and the point's mean m* and sd s*, the sd is
       1-homogeneous with gradient w_i (r*_i - m*) / s*, so its tangent has no constant term:
           sum_i w_i [ (r*_i - m*) / s* - c ] r_i <= 0.
    2. Disaggregated cuts (they make the loop converge in a few rounds): sd^2 <= c^2 mean^2 is
       sum_i w_i t_i <= c^2 mean with t_i >= (r_i - mean)^2 / mean, a perspective of a square;
       its tangent at the point, with a_i = (r*_i - m*) / m*, is
           t_i >= 2 a_i (r_i - mean) - a_i^2 mean.
    """
    rows = prob.stage_rows[stage]
    w = prob.share[rows]
    m_s, s_s = weighted_stats(r_point[rows], w)
    if s_s <= 0 or m_s <= 0:
        return []
    coef = w * ((r_point[rows] - m_s) / s_s - prob.cv_target[stage])
    coef /= np.abs(coef).max()
    Rk = prob.R[rows * 7 + k]
    out = [(sp.csr_matrix(coef) @ Rk, -np.inf, float(-coef @ prob.r0[rows, k]))]
    slopes = (r_point[rows] - m_s) / m_s
    # Also at the point's radial projection onto the limit (deviations scaled by c / CV): the
    # supporting hyperplanes there are the ones a converged solution needs.
    return out + spread_cuts(prob, stage, k, slopes) + \
        spread_cuts(prob, stage, k, slopes * prob.cv_target[stage] * m_s / s_s)


def spread_cuts(prob: Problem, stage: int, k: int, slopes: np.ndarray) -> list:
    """``t_i >= 2 a_i (r_i - mean) - a_i^2 mean`` for every school i of the stage (slope a_i):
    row t_i - 2a R_i + (2a + a^2) M >= 2a r0_i - (2a + a^2) m0."""
    rows = prob.stage_rows[stage]
    a = np.asarray(slopes, dtype=float)
    Rk = prob.R[rows * 7 + k]
    Mk = prob.M[stage][k]
    t = sp.csr_matrix((np.ones(rows.size), (np.arange(rows.size), prob.layout.spread(rows, k))),
                      shape=(rows.size, prob.layout.size))
    block = (t - sp.diags(2 * a) @ Rk + sp.csr_matrix((2 * a + a ** 2)[:, None]) @ Mk).tocsr()
    lo = 2 * a * prob.r0[rows, k] - (2 * a + a ** 2) * prob.m0[stage][k]
    return [(block, lo, np.full(rows.size, np.inf))]


def weighted_stats(r: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Enrollment-weighted mean and population SD (the evaluators' CV is sd / mean)."""
    share = w / w.sum()
    mean = float(share @ r)
    return mean, float(np.sqrt(share @ (r - mean) ** 2))
