"""``edusim plan``: the cheapest teacher moves and purchases that make a school table pass the
high-quality resource test with a margin (formulation: docs/model.md section 13).

The CV limits are second-order cones; they are imposed by outer approximation: solve the MILP
(HiGHS via ``scipy.optimize.milp``), compute the exact CVs, add the tangent cuts of every violated
one at the current point, repeat. Cuts only remove points that violate a CV, so each MILP's bound
is a lower bound on the true optimum, and a solution whose exact CVs all meet the limits is
optimal for the true problem up to the gap. Between MILP rounds the integers are fixed and the
same loop runs on the LP left (fast); its plan, when it meets every CV, is the incumbent, and its
cuts tighten the next MILP. The loop ends when the incumbent is within OPT_GAP of the bound.
"""

import contextlib
import dataclasses
import math
import os
import sys
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from sim.assessment.indices import weighted_cv
from sim.assessment.standards import (
    HQ_CV_THRESHOLD,
    HQ_MIN_SHARE_OF_STANDARD,
    STAGES,
    STANDARDS,
)
from sim.dynamics.params import MODEL_PARAMS
from sim.wording import label, say, separator, term
from sim.dynamics.resources import unit_cost
from sim.planning.costs import PLAN_PARAMS, lead_years
from sim.planning.formulation import (
    BOUGHT,
    CV_SLACK,
    FLAGS,
    HIRES,
    KEYS,
    KINDS,
    PER,
    ROOMS,
    UNITS,
    build,
    cv_cuts,
    designation_room,
    line_cost,
    new_posts,
    spread_cuts,
    table_vacancies,
    train_room,
    upgrade_room,
)
from sim.planning.margin import DEFAULT_MARGIN, DEFAULT_SPARE
from sim.planning.points import cheapest_merges, parents
from sim.planning.sites import open_schools, spare_land
from sim.policies.exchange import TeacherExchange
from sim.policies.people import BackboneDesignation, Recruitment

#: Cut rounds before giving up on the CV limits (each round is one MILP solve).
MAX_ROUNDS = 60
#: A CV within this relative tolerance of its (slackened) target ends the cut loop.
CV_TOL = 1e-6
#: HiGHS's relative gap at which a MILP counts as solved.
MIP_REL_GAP = 1e-6
#: A plan is reported optimal when its cost is within this share of the best proven lower bound.
OPT_GAP = 1e-4
#: LP rounds of the polishing cut loop (integers fixed) per MILP round.
POLISH_ROUNDS = 100


@dataclass
class Plan:
    """A plan: what to do, what it costs, the table after it, and how sure the solver is."""

    status: str  # optimal | time limit | round limit | infeasible
    message: str
    actions: pd.DataFrame
    patched: object  # UserCounty with the actions applied; None when no plan was found
    cost_yuan: float
    mip_gap: float  # (cost - best lower bound) / cost; the bound is HiGHS's on the cut MILP (nan: no plan)
    cut_rounds: int  # MILP solves in the cut loop
    margin: float
    cvs: pd.DataFrame = field(default_factory=pd.DataFrame)  # stage, indicator, before, after, limit, target
    spare_teachers: int = 0

    def as_dict(self) -> dict:
        """JSON-ready form (NaN, for no plan, becomes None)."""
        def num(v):
            return None if v is None or math.isnan(v) else float(v)
        return {"status": self.status, "message": self.message, "cost_yuan": num(self.cost_yuan),
                "mip_gap": num(self.mip_gap), "cut_rounds": self.cut_rounds, "margin": self.margin,
                "spare_teachers": self.spare_teachers,
                "actions": self.actions.to_dict(orient="records"), "cvs": self.cvs.to_dict(orient="records")}

    def summary(self, lang: str = "en") -> str:
        """One screen: status, cost by kind of action, the CVs before and after, the actions, in ``lang``
        (Chinese: the official names of actions, indicators and columns)."""
        from sim.assessment.gap_report import localise

        status = term(self.status, lang)
        head = say("pl_head", lang, margin=self.margin, spare=self.spare_teachers, status=status)
        if self.patched is not None:
            head += say("pl_cost", lang, cost=self.cost_yuan, gap=self.mip_gap, rounds=self.cut_rounds)
        lines = [head]
        if self.message:
            lines.append(f"  {self.message}")
        if len(self.actions):
            by = self.actions.groupby(["stage", "action", "indicator"], sort=False).agg(
                quantity=("quantity", "sum"), unit=("unit", "first"), cost_yuan=("cost_yuan", "sum"))
            by = by.to_string(float_format=lambda v: f"{v:,.1f}") if lang == "en" else \
                localise(by.reset_index(), lang).to_string(index=False, float_format=lambda v: f"{v:,.1f}")
            lines += ["", by]
            lines += ["", localise(self.actions, lang).to_string(index=False, float_format=lambda v: f"{v:,.1f}")]
        elif self.patched is not None:
            lines.append(say("pl_nothing", lang))
        if len(self.cvs):
            lines += ["", localise(self.cvs, lang).to_string(index=False, float_format=lambda v: f"{v:.3f}")]
        return "\n".join(lines)


def default_params(params: dict | None) -> dict:
    """Model parameter defaults; the yearly costs of a move, a hire and a designation from the
    defaults of the policies that pay them (teacher exchange's allowance, a recruitment drive's
    salary, backbone designation's allowance) and the plan's own (``PLAN_PARAMS``); then ``params``."""
    out = {k: p.default for k, p in declared_params().items()}
    out.update(params or {})
    return out


def declared_params() -> dict:
    """Every parameter a plan reads, as declared (name -> Param): the model's, the yearly costs of the
    policies that pay for moves, hires and designations, and the plan's own."""
    return MODEL_PARAMS | {"allowance_yuan": TeacherExchange.PARAMS["allowance_yuan"],
                           "salary_yuan": Recruitment.PARAMS["salary_yuan"],
                           "designation_yuan": BackboneDesignation.PARAMS["allowance_yuan"]} | PLAN_PARAMS


def plan_overrides(texts) -> dict:
    """``--set KEY=VALUE`` of ``edusim plan``: each key a parameter the plan reads (the close ones
    suggested otherwise), each value checked against its declared type and range."""
    from sim.data.errors import InputError
    from sim.data.scenario import set_value
    from sim.dynamics.params import unknown_key_error

    known, out = declared_params(), {}
    for text in texts:
        if "=" not in text:
            raise InputError.worded("set_shape", text=text, example="new_post_share=0.05")
        key, value = (part.strip() for part in text.split("=", 1))
        if key not in known:
            raise unknown_key_error(key, known, f"--set {text}")
        if key == "teaching_points":
            raise InputError.worded("plan_set_points", text=text)
        out[key] = known[key].check(key, set_value(value), f"--set {text}")
    return out


def plan(county, margin: float = DEFAULT_MARGIN, params: dict | None = None, time_limit: float = 60.0,
         cv_margin: float | None = None, spare_teachers: int = DEFAULT_SPARE, county_wide: bool = False,
         merge_points: bool = False) -> Plan:
    """The cheapest plan that makes ``county`` pass with ``margin``: every school's 6-of-7 / 85 %
    rule at standard x (1 + margin) and every CV at threshold x (1 - cv_margin), where
    ``cv_margin`` defaults to ``margin``. ``params``: the plan's parameters over their defaults
    (``declared_params``: the model's unit costs, the yearly costs of moves, hires and designations,
    and ``PLAN_PARAMS``).
    ``spare_teachers``: each teacher standard a school counts on must still hold after it loses that
    many teachers of the kind (a small school's margin is a whole teacher, not a percentage).
    ``county_wide``: teachers move anywhere in their stage (县管校聘), not only within their community.
    ``merge_points``: teaching points counted as schools may be merged into their parent (``points``)."""
    p = default_params(params)
    cv_margin = margin if cv_margin is None else cv_margin
    if merge_points and (parents(county) >= 0).any():
        share = max(5.0, time_limit / (1 + (parents(county) >= 0).sum()))  # each candidate's part of the time
        best, merges = cheapest_merges(county, p, lambda table: plan(table, margin, params, share, cv_margin,
                                                                      spare_teachers, county_wide))
        if merges and best.patched is not None:
            rows = pd.DataFrame(merges).assign(lead_years=lead_years("merge_point", p))
            best.actions = pd.concat([rows[best.actions.columns], best.actions], ignore_index=True)
            best.cost_yuan = float(best.actions["cost_yuan"].sum())
            best.cvs = cv_table(county, best.patched, cv_margin)
        return best
    given = county
    county, opened, fresh = open_schools(given, p)
    prob = build(county, margin, p, float(p["allowance_yuan"]), cv_margin, spare_teachers, spare_land(county, fresh),
                 county_wide)
    pupils = county.enrollment.astype(float)
    reason = teacher_shortage(county, prob, margin, spare_teachers, p)
    if reason:
        return _empty(county, margin, spare_teachers, "infeasible", reason + widest(given, margin, p, time_limit,
                                                                                     cv_margin, spare_teachers,
                                                                                     county_wide))
    deadline = time.monotonic() + time_limit
    seen = set()
    cuts = violated_cuts(prob, prob.r0.ravel(), pupils, seen)  # cuts at today's table
    rounds, status, best, bound = 0, "round limit", None, -math.inf
    while rounds < MAX_ROUNDS:
        if time.monotonic() >= deadline:
            status = "time limit"
            break
        res = solve(prob, cuts, deadline - time.monotonic())
        rounds += 1
        if res.x is None:
            if res.status == 2:
                why = diagnose(county, prob, pupils, margin, cv_margin)
                why += widest(given, margin, p, deadline - time.monotonic(), cv_margin, spare_teachers, county_wide)
                return _empty(county, margin, spare_teachers, "infeasible", why, rounds)
            status = "time limit"
            break
        bound = max(bound, 1000.0 * res.mip_dual_bound)  # the cut MILP relaxes the true problem
        new = violated_cuts(prob, prob.r0.ravel() + prob.R @ res.x, pupils, seen)
        if not new:
            best = (1000.0 * res.fun, res.x)
            status = "optimal" if res.status == 0 else "time limit"
            break
        cuts += new
        # Cheap refinement: integers fixed, the LP's own cut loop; its cuts feed the next MILP.
        found, extra = polish(prob, cuts, res.x, pupils, seen, deadline)
        cuts += extra
        if found is not None and (best is None or found[0] < best[0]):
            best = found
        if best is not None and best[0] - bound <= OPT_GAP * best[0]:
            status = "optimal"
            break
    if best is None:
        why = say("pl_time_none", lang_of(county), rounds=rounds) if status == "time limit" else \
            say("pl_no_converge", lang_of(county), most=MAX_ROUNDS, rounds=rounds)
        return _empty(county, margin, spare_teachers, status, why, rounds)
    gap = max(0.0, (best[0] - bound) / best[0]) if best[0] > 0 else 0.0
    actions, counts = apply(county, prob, best[1], p, margin)
    actions = pd.concat([pd.DataFrame(opened, columns=actions.columns), actions], ignore_index=True) \
        if opened else actions
    actions["lead_years"] = [lead_years(a, p) for a in actions["action"]]
    moving = (actions["action"] == "transfer").to_numpy()  # teachers go when their pupils go (the row before)
    actions.loc[moving, "lead_years"] = actions["lead_years"].shift(1)[moving]
    patched = dataclasses.replace(county, counts=counts, sha256="")
    cvs = cv_table(given, patched, cv_margin)
    msg = ""
    if status != "optimal":
        msg = say("pl_stopped", lang_of(county), status=term(status, lang_of(county)), gap=gap)
    return Plan(status=status, message=msg, actions=actions, patched=patched,
                cost_yuan=float(actions["cost_yuan"].sum()), mip_gap=gap, cut_rounds=rounds, margin=margin, cvs=cvs,
                spare_teachers=spare_teachers)


#: The county-wide limits on creating teachers, in the order a message names them (the backbone quota's
#: top, 0.24, is the same corps as the default quota plus ``backbone_train_share``, so it is not widened).
CAPS = ("new_post_share", "backbone_train_share", "upgrade_cap_share")


def widest(county, margin, params, time_limit, cv_margin, spare, county_wide=False) -> str:
    """What an infeasible plan would take: the plan again with every county-wide limit on creating
    teachers (``CAPS``) at the top of its documented range, its cost and the new posts, designations,
    training and upgrades it uses; "" when the limits are already there or no time is left."""
    tops = {k: PLAN_PARAMS[k].high for k in CAPS if params[k] < PLAN_PARAMS[k].high}
    if not tops or time_limit <= 1.0:
        return ""
    lang = lang_of(county)
    wide = plan(county, margin, {**params, **tops}, time_limit, cv_margin, spare, county_wide)
    named = ", ".join(f"{k}={v:g}" for k, v in tops.items())
    if wide.patched is None:
        if wide.status == "infeasible":
            return say("pl_wide_none", lang, named=named)
        return say("pl_wide_unknown", lang, named=named, status=term(wide.status, lang))
    used = wide.actions.groupby("action")["quantity"].sum()
    parts = [say(f"pl_used_{a}", lang, n=used[a]) for a in ("hire_new_post", "designate", "train_backbone", "upgrade")
             if used.get(a, 0)]
    return say("pl_wide_cost", lang, named=named, cost=wide.cost_yuan,
               used=separator(lang).join(parts) or say("pl_used_none", lang))


def lang_of(county) -> str:
    """The language a plan explains itself in: its table's (a user's table knows it; a simulated one is English)."""
    return getattr(county, "lang", "en") or "en"


def _each(items: list[str], lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(items)


def _flag(flag: str, lang: str) -> str:
    """A teacher indicator as a message names it: its key in English, its official short name in Chinese."""
    return label(flag, lang, short=True) if lang == "zh" else flag


def solve(prob, cuts, time_limit: float, fixed=None):
    """One HiGHS solve with the cuts so far (objective in thousand yuan for scaling); with
    ``fixed`` (a solution), the integers are fixed at its values and the rest is an LP."""
    A, lo, hi = prob.A, prob.row_lb, prob.row_ub
    if cuts:
        A = sp.vstack([A] + [row for row, _, _ in cuts]).tocsr()
        lo = np.concatenate([lo] + [np.atleast_1d(b) for _, b, _ in cuts])
        hi = np.concatenate([hi] + [np.atleast_1d(b) for _, _, b in cuts])
    lb, ub, integrality = prob.lb, prob.ub, prob.integrality
    if fixed is not None:
        ints = integrality == 1
        lb, ub = lb.copy(), ub.copy()
        lb[ints] = ub[ints] = np.rint(fixed[ints])
        integrality = np.zeros_like(integrality)
    with _quiet_stdout():
        return milp(prob.cost / 1000.0, integrality=integrality, bounds=Bounds(lb, ub),
                    constraints=LinearConstraint(A, lo, hi),
                    options={"time_limit": max(time_limit, 0.1), "mip_rel_gap": MIP_REL_GAP, "disp": False})


@contextlib.contextmanager
def _quiet_stdout():
    """HiGHS 1.12 prints stray debug lines (``transformNewIntegerFeasibleSolution``) straight to
    file descriptor 1 even with disp=False; silence fd 1 for the solve when there is one."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), fd)
            yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def polish(prob, cuts, x, pupils, seen, deadline):
    """The cut loop on the LP left when the MILP's integers are fixed: ``((cost, x), cuts)`` with
    the cheapest completion meeting every CV, or ``(None, cuts)`` when the fixed integers cannot
    (a teacher CV) or the rounds run out. Its cuts are valid for the MILP too."""
    extra = []
    for _ in range(POLISH_ROUNDS):
        if time.monotonic() >= deadline:
            break
        res = solve(prob, cuts + extra, deadline - time.monotonic(), fixed=x)
        if res.x is None:
            break
        new = violated_cuts(prob, prob.r0.ravel() + prob.R @ res.x, pupils, seen)
        if not new:
            return (1000.0 * res.fun, res.x), extra
        extra += new
    return None, extra


#: Slopes (r_i - mean) / mean at which every school's variance term is cut the first time an
#: indicator's CV is found above its target: a coarse outer polygon before the loop refines it.
FIRST_SLOPES = (-0.8, -0.5, -0.25, 0.25, 0.5, 1.0, 2.0)


def violated_cuts(prob, r_flat, pupils, seen: set, only=None) -> list:
    """Tangent cuts at ``r_flat`` of every (stage, indicator) whose exact CV exceeds its target
    (``seen`` collects the ones cut before; the first time, the FIRST_SLOPES cuts come too)."""
    r = r_flat.reshape(-1, len(KEYS))
    out = []
    for s, rows in prob.stage_rows.items():
        for k in range(len(KEYS)):
            if only is not None and (s, k) not in only:
                continue
            if weighted_cv(r[rows, k], pupils[rows]) > prob.cv_target[s] * (1 + CV_TOL):
                out += cv_cuts(prob, s, k, r[:, k])
                if (s, k) not in seen:
                    seen.add((s, k))
                    out += [c for a in FIRST_SLOPES for c in spread_cuts(prob, s, k, np.full(rows.size, a))]
    return out


def teacher_shortage(county, prob, margin, spare: int, params: dict) -> str:
    """A reason no plan can exist, when a group has too few teachers of a kind even with every open
    post filled by a degree holder (PE/art too), the county's backbone quota designated and its degree
    programmes full: every school needs 85 % x (1 + margin) of each standard. ``params``: the plan's
    (``default_params``)."""
    names, lang = np.array(county.community), lang_of(county)
    vacant = table_vacancies(county, params)
    room, intake = designation_room(county, prob.staff, params), upgrade_room(county, prob.staff, params)
    nominate = prob.staff - county.counts["backbone_teachers"]
    untrained = prob.staff - county.counts["teachers_above_degree"]

    posts = new_posts(prob.staff, params)
    trained = train_room(prob.staff, params)

    def most(f, rows):  # teachers of flag f that hires, designations, training and upgrades could add to ``rows``
        if f == "backbone_teachers":
            return min(nominate[rows].sum(), room + trained)
        return vacant[rows].sum() + posts + (min(untrained[rows].sum(), intake) if f == "teachers_above_degree" else 0.0)

    for g in np.unique(prob.group):
        rows = np.flatnonzero(prob.group == g) if g >= 0 else np.flatnonzero(prob.group < 0)
        for f in FLAGS:
            k = KEYS.index(f)
            need_each = HQ_MIN_SHARE_OF_STANDARD * (1 + margin)
            std = np.array([STANDARDS[STAGES[s]][f] for s in county.stage[rows]])
            need = np.ceil(need_each * std * county.enrollment[rows] / PER[k] - 1e-9) + spare
            have = county.counts[f][rows]
            if g < 0:  # schools that exchange with nobody: each on its own
                more = np.array([most(f, [i]) for i in rows])
                bad = np.flatnonzero(have + more < need)
                if bad.size:
                    i = rows[bad[0]]
                    return say("pl_short_school", lang, stage=STAGES[county.stage[i]], flag=_flag(f, lang),
                               school=county.school[i], have=have[bad[0]], pupils=county.enrollment[i],
                               need=need[bad[0]], factor=1 + margin, spare=spare,
                               creates=_creates(f, more[bad[0]], lang))
            elif have.sum() + most(f, rows) < need.sum():
                full = np.ceil((1 + margin) * std * county.enrollment[rows] / PER[k] - 1e-9).sum()
                return say("pl_short_group", lang, stage=STAGES[county.stage[rows[0]]],
                           flag=_flag(f, lang), where=_community(names[rows[0]], lang), have=have.sum(),
                           pupils=county.enrollment[rows].sum(), factor=1 + margin, full=full, spare=spare,
                           need=need.sum(), creates=_creates(f, most(f, rows), lang))
    return ""


def _community(name: str, lang: str) -> str:
    return say("pl_community", lang, name=name) if name else ""


def _creates(flag: str, most: float, lang: str) -> str:
    """What besides moves could add teachers of ``flag``, and how many at most."""
    if flag == "backbone_teachers":
        return say("pl_creates_backbone", lang, most=most)
    return say("pl_creates_upgrades" if flag == "teachers_above_degree" else "pl_creates_posts", lang, most=most)


def diagnose(county, prob, pupils, margin, cv_margin) -> str:
    """Which constraint makes the MILP infeasible: the school rule alone, or a CV limit."""
    lang = lang_of(county)
    free = solve(prob, [], 10.0)
    if free.x is None and free.status != 2:
        return say("pl_diag_unknown", lang)
    if free.x is None:
        short = []
        for g in np.unique(prob.group[prob.group >= 0]):
            rows = np.flatnonzero(prob.group == g)
            for f in FLAGS:
                k = KEYS.index(f)
                std = np.array([STANDARDS[STAGES[s]][f] for s in county.stage[rows]])
                full = np.ceil((1 + margin) * std * county.enrollment[rows] / PER[k] - 1e-9).sum()
                if county.counts[f][rows].sum() < full:
                    short.append(say("pl_diag_short_item", lang, stage=STAGES[county.stage[rows[0]]],
                                     flag=_flag(f, lang), where=_community(county.community[rows[0]], lang),
                                     have=county.counts[f][rows].sum(), full=full, factor=1 + margin))
        return say("pl_diag_rule", lang, gaps=say("pl_diag_short", lang, items=_each(short, lang)) if short else "")
    # The rule alone is feasible: find the teacher CV limit(s) that are not (stocks can always be
    # bought level), each on its own, within a minute in all.
    names, deadline = [], time.monotonic() + 60.0
    for s, rows in prob.stage_rows.items():
        for k in (KEYS.index(f) for f in FLAGS):
            own, point, seen = [], prob.r0.ravel() + prob.R @ free.x, set()
            while time.monotonic() < deadline:
                new = violated_cuts(prob, point, pupils, seen, only={(s, k)})
                if not new:
                    break
                own += new
                res = solve(prob, own, min(10.0, deadline - time.monotonic()))
                if res.x is None:
                    if res.status == 2:
                        names.append(say("pl_diag_cv", lang, stage=STAGES[s], flag=_flag(KEYS[k], lang),
                                         target=prob.cv_target[s] / (1 - CV_SLACK),
                                         threshold=HQ_CV_THRESHOLD[STAGES[s]], margin=cv_margin))
                    break
                point = prob.r0.ravel() + prob.R @ res.x
    return _each(names, lang) or say("pl_diag_cvs", lang)


def apply(county, prob, x, params, margin) -> tuple[pd.DataFrame, dict]:
    """The actions table (pairwise moves, purchases) and the counts after them."""
    lay, n = prob.layout, len(county)
    idx = np.arange(n)
    counts = {k: v.astype(float).copy() for k, v in county.counts.items()}
    rows = []
    stage = [STAGES[s] for s in county.stage]
    # A school never needs to send and receive the same kind: keep the net flow of each kind.
    net = [np.rint(x[lay.inflow(idx, c)]) - np.rint(x[lay.outflow(idx, c)]) for c in range(len(KINDS))]
    out_all = sum(np.maximum(-v, 0.0) for v in net)
    # Senior-title teachers a sender cannot keep once its movers leave go with them (the flag is
    # not an HQ indicator, so the plan lets the movers carry it as the roster requires).
    senior_left = np.maximum(0.0, counts.get("senior_title_teachers", np.zeros(n)) - (prob.staff - out_all))
    for c, kind in enumerate(KINDS):
        for giver, taker, q in pairs(net[c], prob.group):
            rows.append({"action": "move_teacher", "stage": stage[taker], "school": county.school[taker],
                         "from_school": county.school[giver], "indicator": "+".join(kind), "quantity": float(q),
                         "unit": "teachers", "cost_yuan": q * prob.allowance})
            for f in kind:
                counts[f][giver] -= q
                counts[f][taker] += q
            if "teachers" in counts:
                counts["teachers"][giver] -= q
                counts["teachers"][taker] += q
            if "senior_title_teachers" in counts:
                s = min(q, senior_left[giver])
                senior_left[giver] -= s
                counts["senior_title_teachers"][giver] -= s
                counts["senior_title_teachers"][taker] += s
    for h, kind in enumerate(HIRES):
        for action, var, price in (("hire", lay.hire, prob.salary), ("hire_new_post", lay.post, prob.new_post)):
            hired = np.rint(x[var(idx, h)])
            for i in np.flatnonzero(hired > 0):
                for f in (*kind, "teachers"):
                    if f in counts:
                        counts[f][i] += hired[i]
                rows.append({"action": action, "stage": stage[i], "school": county.school[i], "from_school": "",
                             "indicator": "+".join(kind), "quantity": float(hired[i]), "unit": "teachers",
                             "cost_yuan": float(hired[i] * price)})
    for action, var, flag, price in (("designate", lay.designate, "backbone_teachers", prob.designation),
                                     ("train_backbone", lay.train, "backbone_teachers", prob.training),
                                     ("upgrade", lay.upgrade, "teachers_above_degree", prob.upgrading)):
        named = np.rint(x[var(idx)])
        for i in np.flatnonzero(named > 0):
            counts[flag][i] += named[i]
            rows.append({"action": action, "stage": stage[i], "school": county.school[i], "from_school": "",
                         "indicator": flag, "quantity": float(named[i]), "unit": "teachers",
                         "cost_yuan": float(named[i] * price)})
    # Purchases in whole steps (0.01 m2, 1 yuan): solver dust dropped, then topped up until each
    # school meets, by the evaluators' own float arithmetic, what its binaries promised.
    z = np.rint(x[lay.meets(idx[:, None], np.arange(len(KEYS))[None, :])]).astype(bool)
    need = np.where(z, 1.0 + margin, HQ_MIN_SHARE_OF_STANDARD * (1.0 + margin))
    for key in dict.fromkeys(key for key, _ in BOUGHT):
        k, step = KEYS.index(key), (1.0 if key == "equipment_yuan" else 0.01)
        std = np.array([STANDARDS[s][key] for s in stage])
        lines = [b for b, (bought, _) in enumerate(BOUGHT) if bought == key]
        room = np.floor(prob.land / step) * step if key == "sports_area_m2" else np.full(n, np.inf)
        amount = {}
        for b in lines:
            u = x[lay.bought(idx, b)]
            amount[b] = np.ceil(np.where(u > 1e-7, u, 0.0) * prob.scale[:, b] / step - 1e-3) * step
        amount[lines[0]] = np.minimum(amount[lines[0]], room)  # ground within the site's land
        for _ in range(3):
            total = sum(amount.values())
            short = (counts[key] + total) * PER[k] / county.enrollment / std < need[:, k]
            deficit = np.maximum(need[:, k] * std * county.enrollment / PER[k] - counts[key] - total, 0.0)
            more = short * (np.ceil(deficit / step) + 1) * step
            first = amount[lines[0]] + more <= room  # topped up on the ground where land is left, else the hall
            amount[lines[0]] += np.where(first, more, 0.0)
            amount[lines[-1]] += np.where(first, 0.0, more)
        if key == "sports_area_m2" and "spare_land_m2" in counts:  # the ground laid uses the land
            counts["spare_land_m2"] = np.maximum(counts["spare_land_m2"] - amount[lines[0]], 0.0)
        for b in lines:
            for i in np.flatnonzero(amount[b] > 0):
                counts[key][i] += amount[b][i]
                rows.append({"action": BOUGHT[b][1], "stage": stage[i], "school": county.school[i], "from_school": "",
                             "indicator": key, "quantity": float(amount[b][i]), "unit": UNITS[key],
                             "cost_yuan": float(amount[b][i] * line_cost(params, key, BOUGHT[b][1]))})
    rooms = np.rint(x[lay.rooms(idx)])
    for i in np.flatnonzero(rooms > 0):
        counts[ROOMS][i] += rooms[i]
        rows.append({"action": "buy", "stage": stage[i], "school": county.school[i], "from_school": "",
                     "indicator": ROOMS, "quantity": float(rooms[i]), "unit": UNITS[ROOMS],
                     "cost_yuan": float(rooms[i] * unit_cost(params, ROOMS))})
    cols = ["action", "stage", "school", "from_school", "indicator", "quantity", "unit", "cost_yuan"]
    return pd.DataFrame(rows, columns=cols), counts


def pairs(net: np.ndarray, group: np.ndarray):
    """Pairwise moves ``(giver, taker, quantity)`` that realise per-school net flows, group by group
    (greedy matching of senders to receivers; any pairing costs the same)."""
    for g in np.unique(group[group >= 0]):
        rows = np.flatnonzero(group == g)
        give = [[i, -net[i]] for i in rows if net[i] < 0]
        take = [[i, net[i]] for i in rows if net[i] > 0]
        a = b = 0
        while a < len(give) and b < len(take):
            q = min(give[a][1], take[b][1])
            yield int(give[a][0]), int(take[b][0]), int(q)
            give[a][1] -= q
            take[b][1] -= q
            a += give[a][1] == 0
            b += take[b][1] == 0


def cv_table(county, patched, cv_margin) -> pd.DataFrame:
    """Each stage's exact CVs before and after the plan, with the limit and the plan's target."""
    def cv(table, s, key):
        r = table.stage_rows(s)
        p = table.enrollment[r].astype(float)
        return weighted_cv(table.counts[key][r] / p, p)

    rows = []
    for s in np.unique(county.stage):
        for key in KEYS:
            rows.append({"stage": STAGES[s], "indicator": key, "cv_before": cv(county, s, key), "cv_after": cv(patched, s, key),
                         "limit": HQ_CV_THRESHOLD[STAGES[s]], "target": HQ_CV_THRESHOLD[STAGES[s]] * (1 - cv_margin)})
    return pd.DataFrame(rows)


def _empty(county, margin, spare, status, message, rounds=0) -> Plan:
    cols = ["action", "stage", "school", "from_school", "indicator", "quantity", "unit", "cost_yuan", "lead_years"]
    return Plan(status=status, message=message, actions=pd.DataFrame(columns=cols), patched=None,
                cost_yuan=math.nan, mip_gap=math.nan, cut_rounds=rounds, margin=margin, spare_teachers=spare)
