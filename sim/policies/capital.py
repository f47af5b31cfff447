"""Capital programmes and school consolidation: how counties build to the space and sports standards.

Recurrent funds renew equipment but cannot build (sim/dynamics/resources.py); teaching space and sports
grounds come from capital budgets (the 2014-2018 programme to improve weak rural schools, 全面改薄,
and local construction), and small village schools are merged into centre schools (Ziyang seed
task 8: 适当整合小、散、弱的乡村小规模学校).
"""

import numpy as np

from agents.school import TEACHING_POINT, URBAN, VILLAGE
from agents.teacher import NO_EXCHANGE
from sim.assessment.school_rules import rooms_needed
from sim.assessment.standards import SPECIAL_ROOMS
from sim.dynamics.classes import classes
from sim.dynamics.params import ASSUMPTION, Param
from sim.dynamics.resources import BUILT, STANDARD_STOCKS, standard_need, unit_cost
from sim.policies.base import Policy, register

LOCATION_CHOICES = {"all": (0, 1, 2), "rural": (1, 2), "urban": (0,)}
#: Capital money by purpose: which standard stocks each share pays for.
PURPOSES = {"space_share": ("teaching_space_m2",), "sports_share": ("sports_area_m2",),
            "equipment_share": ("equipment_yuan", "multimedia_rooms")}
#: The unit of each stock it records (rooms otherwise).
UNITS = {"teaching_space_m2": "m2", "sports_area_m2": "m2", "equipment_yuan": "yuan"}


@register
class CapitalProgramme(Policy):
    """A yearly capital budget per pupil of the county builds teaching space and sports grounds and
    buys equipment for the schools furthest below the standards (in ``locations``), each purpose its
    share of the budget, no school funded beyond its deficit against (1 + ``margin``) x the standard
    (a margin builds ahead of the pupils who arrive while a project is built). Projects approved in a
    school year are in use ``lag_years`` later; their cost is booked when approved. With
    ``locations = "urban"`` it is the extension of crowded town schools."""

    name = "capital_programme"
    summary = "capital budget builds space and sports grounds and buys equipment where the standards are missed"
    OUTCOMES = (("mean_quality", +1),)
    PARAMS = {
        "budget_yuan_per_pupil": Param(300.0, "yuan / pupil / year", 0.0, 3000.0,
                                       "全面改薄 2014-2018: 1,699 + 4,457 亿 yuan over five years, about 850 yuan per "
                                       "compulsory pupil a year nationally; a county's level " + ASSUMPTION,
                                       "capital money a year per pupil of the county (all its schools)"),
        "space_share": Param(0.5, "share", 0.0, 1.0, "全面改薄: 2.24 亿 m2 of buildings, 2.22 亿 m2 of grounds; shares " + ASSUMPTION,
                             "share of the budget for teaching and auxiliary space"),
        "sports_share": Param(0.3, "share", 0.0, 1.0, ASSUMPTION, "share of the budget for sports grounds"),
        "equipment_share": Param(0.2, "share", 0.0, 1.0, "全面改薄 plan: over 1,000 亿 of about 5,000 亿 for equipment",
                                 "share of the budget for equipment and multimedia rooms"),
        "lag_years": Param(1, "years", 0, 3, ASSUMPTION + " (approval, tender and building)",
                           "school years from approval to use"),
        "margin": Param(0.0, "share", 0.0, 0.5, ASSUMPTION + " (the pathway's lever, as standards_upkeep's)",
                        "schools are built up to (1 + margin) x each standard"),
        "locations": Param("all", "all / rural / urban", None, None, "Ziyang seed task 8; scenario",
                           "which schools the programme serves", tuple(LOCATION_CHOICES)),
    }

    def bind(self, model, rng):
        run = super().bind(model, rng)
        run.pipeline = []  # (school year in use, {stock: amount per school})
        return run

    def apply(self, model) -> float:
        s = model.schools
        target = np.isin(s.location, LOCATION_CHOICES[self.p["locations"]]) & s.evaluated & s.open
        budget = self.p["budget_yuan_per_pupil"] * s.enrollment[s.evaluated & s.open].sum()
        waiting = {k: sum(p[1][k] for p in self.pipeline) for k in STANDARD_STOCKS}
        approved = {}
        money_for = {share: self.p[share] * budget for share in PURPOSES}
        spent = self.special_rooms(model, target, money_for, approved)
        # the school's own funds this year (cuts and pooling so far) go to these deficits first only under
        # "benchmark" funding; under "renewal" they renew what the school has (sim/dynamics/resources.py)
        recurrent = model.budget if model.params["recurrent_funding"] == "benchmark" else np.zeros(len(s))
        scale = 1.0 + self.p["margin"]
        for share, stocks in PURPOSES.items():
            need = {k: np.where(target, np.maximum(0.0, standard_need(s, k) * scale - s.stocks[k] - waiting[k]), 0.0)
                    * unit_cost(model.params, k) for k in stocks}
            if not set(stocks) & set(BUILT):
                gross = sum(need.values())
                net = np.divide(np.maximum(0.0, gross - recurrent), gross, out=np.zeros(len(s)), where=gross > 0)
                need = {k: n * net for k, n in need.items()}
            total = sum(n.sum() for n in need.values())
            money = min(money_for[share], total)
            for k, n in need.items():
                approved[k] = approved.get(k, 0.0) + n * (money / total if total > 0 else 0.0) / unit_cost(model.params, k)
            spent += money
        self.pipeline.append((model.year + self.p["lag_years"], approved))
        for k, amount in approved.items():  # a room's floor is in the space approved, and its cost there
            self.did(model, "build" if k in BUILT or k in SPECIAL_ROOMS else "buy", k, UNITS.get(k, "rooms"), amount,
                     unit_cost(model.params, k) if k in STANDARD_STOCKS else 0.0, self.p["lag_years"])
        self.deliver(model)
        return spent

    def special_rooms(self, model, target, money_for, approved) -> float:
        """Music and art rooms missing for today's classes (x (1 + margin)) come first out of the space
        money: each room is teaching space of its floor area (96 / 90 m2), so it adds to both stocks."""
        s = model.schools
        whole = target & (s.role != TEACHING_POINT)
        need = rooms_needed(classes(s, model.params) * (1.0 + self.p["margin"])) * whole
        waiting = {k: sum(p[1].get(k, 0.0) for p in self.pipeline) for k in SPECIAL_ROOMS}
        deficit = {k: np.maximum(0.0, need - s.stocks[k] - waiting[k]) for k in SPECIAL_ROOMS}
        m2 = sum(deficit[k] * area for k, area in SPECIAL_ROOMS.items())
        cost = m2 * unit_cost(model.params, "teaching_space_m2")
        total = cost.sum()
        money = min(money_for["space_share"], total)
        scale = money / total if total > 0 else 0.0
        for k in SPECIAL_ROOMS:
            approved[k] = deficit[k] * scale
        approved["teaching_space_m2"] = m2 * scale
        money_for["space_share"] -= money
        return money

    def deliver(self, model):
        """Projects whose year has come are in use."""
        for year, amounts in [p for p in self.pipeline if p[0] <= model.year]:
            for k, a in amounts.items():
                model.schools.stocks[k] += a
        self.pipeline = [p for p in self.pipeline if p[0] > model.year]

    def upkeep(self, model) -> float:
        """After the end year, projects approved earlier keep arriving."""
        self.deliver(model)
        return 0.0


@register
class Consolidation(Policy):
    """Small village schools and teaching points below ``max_pupils`` are merged into their
    centre school: the parent school, else their community's lead school of the stage, else the
    county's largest township school of the stage. Pupils, teachers and movable stocks
    (equipment, computers, books) move; buildings, grounds and multimedia rooms are left. At most
    ``share_per_year`` of the candidates close a year, the smallest first."""

    name = "consolidation"
    summary = "small village schools and teaching points merged into centre schools (pupils, teachers move)"
    OUTCOMES = (("schools_primary", -1),)
    PARAMS = {
        "max_pupils": Param(100, "pupils", 0, 200,
                            "Ziyang seed task 8 (整合小、散、弱的乡村小规模学校): rural small-scale schools are those "
                            "under 100 pupils", "schools below this enrollment are candidates"),
        "share_per_year": Param(0.1, "share of candidates / year", 0.0, 1.0, ASSUMPTION + " ('适当', appropriately)",
                                "share of the candidates merged each year"),
        "cost_yuan_per_pupil": Param(3000.0, "yuan / pupil moved", 0.0, 20000.0, ASSUMPTION + " (boarding places, transport)",
                                     "one-off cost per pupil moved"),
    }

    def apply(self, model) -> float:
        s = model.schools
        leads = np.isin(np.arange(len(s)), model.head[model.head != np.arange(len(s))])
        cand = np.flatnonzero(s.open & s.evaluated & (s.location == VILLAGE) & ~leads
                              & (s.enrollment < self.p["max_pupils"]))
        k = int(np.ceil(self.p["share_per_year"] * cand.size))
        closing = cand[np.argsort(s.enrollment[cand], kind="stable")[:k]]
        moved, received, into = 0.0, set(), np.arange(len(s))
        for row in closing.tolist():  # a handful a year: decision points, not a hot path
            dest = self.receiver(model, row)
            if dest < 0 or row in received:  # a school that took pupils in this year stays open
                continue
            moved += s.enrollment[row]
            merge(model, row, dest)
            received.add(dest)
            into[row] = dest
        move_teachers(model, into)
        return self.p["cost_yuan_per_pupil"] * moved

    @staticmethod
    def receiver(model, row: int) -> int:
        s = model.schools
        if s.parent[row] >= 0 and s.open[s.parent[row]]:
            return int(s.parent[row])
        head = model.head[row]
        if head >= 0 and head != row and s.open[head] and s.evaluated[head]:
            return int(head)
        town = np.flatnonzero(s.open & s.evaluated & (s.location != VILLAGE) & (s.stage == s.stage[row])
                              & (s.role != TEACHING_POINT))
        town = town[s.location[town] != URBAN] if (s.location[town] != URBAN).any() else town
        return int(town[np.argmax(s.enrollment[town])]) if town.size else -1


def move_teachers(model, into: np.ndarray):
    """Teachers of the schools closed this year (``into[row]`` != row, a school that no closed school
    merged into) move with their school: home and, unless away on exchange, school go to ``into``;
    whoever taught at a closed school goes home, their exchange over. One pass over the roster."""
    r = model.teachers
    closed = into != np.arange(into.size)
    if not closed.any():
        return
    mine = r.active & closed[r.home]
    r.school[mine & (r.exchange_end == NO_EXCHANGE)] = into[r.home[mine & (r.exchange_end == NO_EXCHANGE)]]
    r.home[mine] = into[r.home[mine]]
    visitors = r.active & closed[r.school]
    r.school[visitors] = r.home[visitors]
    r.exchange_end[visitors] = NO_EXCHANGE


def merge(model, row: int, dest: int):
    """Close ``row`` into ``dest``: pupils, posts and movable stocks move; buildings stay (its
    teachers follow in ``move_teachers``, once for all of the year's mergers)."""
    s = model.schools
    staff = model.posts_per_pupil
    p_old, p_dest = s.enrollment[row], s.enrollment[dest]
    staff[dest] = (staff[dest] * p_dest + staff[row] * p_old) / (p_dest + p_old)
    for rate in (*model.launch_per_pupil.values(), *model.launch_stocks.values()):
        rate[dest] = (rate[dest] * p_dest + rate[row] * p_old) / (p_dest + p_old)
    s.enrollment[dest] += p_old
    s.enrollment[row] = 0.0
    for key in ("equipment_yuan", "computers", "books"):
        s.stocks[key][dest] += s.stocks[key][row]
        s.stocks[key][row] = 0.0
    s.open[row] = False
    s.evaluated[row] = False
    s.community[row] = -1
