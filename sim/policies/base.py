"""The lifecycle every policy shares: validated parameters, active years, one apply per school year."""

import copy
from typing import ClassVar

import numpy as np

from agents.school import TEACHING_POINT
from agents.teacher import NO_EXCHANGE
from sim.data.errors import InputError
from sim.dynamics.careers import establishment, standard_count, teacher_flag
from sim.dynamics.grouping import fill_slots
from sim.dynamics.params import Param, resolve

REGISTRY: dict[str, type["Policy"]] = {}


def register(cls):
    """Class decorator: make a policy available to scenario files under ``cls.name``."""
    REGISTRY[cls.name] = cls
    return cls


class Policy:
    """A policy acts from school year ``start`` to ``end`` (inclusive) and books what it spends.

    Subclasses declare ``name``, ``summary`` and ``PARAMS`` and implement ``apply``;
    parameters arrive validated as ``self.p``. Years are school years: 2024 is 2024-25.
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    PARAMS: ClassVar[dict[str, Param]] = {}
    #: The documented direction: (yearly.csv column, -1 if the policy lowers it / +1 if it raises it),
    #: compared over the projection years against the same-seed run without the policy.
    OUTCOMES: ClassVar[tuple[tuple[str, int], ...]] = ()

    def __init__(self, start: int, end: int, params: dict | None = None, where: str = "policy"):
        self.start, self.end = start, end
        self.id = self.name  # unique within a scenario; the scenario file may set it
        self.p = resolve(self.PARAMS, params or {}, where)
        self.model = None
        self.rng: np.random.Generator | None = None

    @classmethod
    def from_config(cls, cfg: dict, where: str, first_year: int, last_year: int) -> "Policy":
        """Build from a scenario table; years must fall inside the simulated school years."""
        cfg = dict(cfg)
        start = cfg.pop("start", first_year)
        end = cfg.pop("end", last_year)
        for field, year in (("start", start), ("end", end)):
            if isinstance(year, bool) or not isinstance(year, int) or not first_year <= year <= last_year:
                raise InputError.worded("community_years", where=where, key=field, value=repr(year)[:40],
                                        first=first_year, last=last_year)
        if end < start:
            raise InputError.worded("end_before_start", where=where, end=end, start=start)
        return cls(start, end, cfg, where)

    def bind(self, model, rng: np.random.Generator) -> "Policy":
        """A fresh copy of this policy for one model run, with its own random stream."""
        run = copy.copy(self)
        run.p = dict(self.p)
        run.model, run.rng = model, rng
        run.done = []  # (school year, action, indicator, unit, quantity per school, yuan per unit, lead): did()
        return run

    def did(self, model, action: str, indicator: str, unit: str, quantity: np.ndarray, yuan_per_unit: float,
            lead_years: int = 0):
        """Record what the policy did this school year at each school (``quantity``, one per school part),
        in use ``lead_years`` later: the pathway's yearly schedule reads it (``sim.planning.yearly``). One
        entry a year per action; the per-school rows are made only when read."""
        if quantity.any():
            self.done.append((model.year, action, indicator, unit, quantity, float(yuan_per_unit), int(lead_years)))

    def active(self, year: int) -> bool:
        return self.start <= year <= self.end

    def prepare(self, model):
        """Set this year's conditions before any policy applies (budgets, multipliers); most need none."""

    def after_leaving(self, model) -> float:
        """Act after this year's leavers have gone, before ordinary hiring (recruitment drives);
        return the yuan spent. Most policies need nothing here."""
        return 0.0

    def step(self, model) -> float:
        """Apply if active this year, else keep up what the policy left behind; return the yuan spent."""
        return float(self.apply(model) if self.active(model.year) else self.upkeep(model))

    def upkeep(self, model) -> float:
        """What the policy keeps doing after its end year (posts it created, projects it approved);
        return the yuan spent. Most policies leave nothing behind."""
        return 0.0

    def apply(self, model) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def config(self) -> dict:
        """The scenario-file form of this policy (for meta.json and exports)."""
        ident = {} if self.id == self.name else {"id": self.id}
        return {"type": self.name, **ident, "start": self.start, "end": self.end, **self.p}


def member_rows(model, include_teaching_points: bool = True) -> np.ndarray:
    """School parts that have a pairing head other than themselves, in a community working this year."""
    s, head = model.schools, model.head
    rows = np.flatnonzero((head >= 0) & (head != np.arange(len(s))) & (model.community >= 0))
    if not include_teaching_points:
        rows = rows[s.role[rows] != TEACHING_POINT]
    return rows


#: What a posted teacher carries to a host, in order: the first indicator whose flag it holds.
CARRIED = ("backbone_teachers", "pe_art_teachers", "teachers_above_degree")


def host_capacity(model, key: str | None) -> np.ndarray:
    """Teachers each school can take before it is over the standard of indicator ``key`` (counted
    where teachers teach), or, for ``None``, over its posts."""
    r, s = model.teachers, model.schools
    if key is None:
        return np.maximum(0.0, establishment(model) - r.count_by_school(len(s)))
    return np.maximum(0.0, standard_count(s, key) - r.count_by_school(len(s), teacher_flag(r, key)))


def place_by_need(model, teachers: np.ndarray, heads: np.ndarray, hosts: np.ndarray,
                  rng: np.random.Generator, limit: np.ndarray | None = None) -> np.ndarray:
    """A host for each teacher among the ``hosts`` led by the teacher's head (``heads``), or -1.

    A teacher carries the first indicator of CARRIED whose flag it holds (a plain post if none): a
    host takes it only while below that indicator's standard, the most short first, and no more
    teachers than its ``limit`` (per school) if one is given. Teachers are placed backbone first
    and, within what they carry, those with the fewest other flags first; every placement uses
    up the host's room on each flag the teacher holds and a post, so a later teacher is never
    sent to fill what an earlier one already did. A teacher's other flags can still take a host
    past those standards (a backbone teacher usually holds a degree too): the trade-off favours
    the scarcer indicator. A teacher no host of its head has room for stays home (counted in
    ``model.unplaced``).
    """
    r = model.teachers
    flags = np.array([teacher_flag(r, key)[teachers] for key in CARRIED])  # (indicator, teacher)
    room = np.array([host_capacity(model, key) for key in (*CARRIED, None)])  # (indicator + post, school)
    left = np.full(room.shape[1], np.inf) if limit is None else limit.astype(float).copy()
    carried = np.where(flags.any(axis=0), np.argmax(flags, axis=0), len(CARRIED))
    kinds = np.unique(np.c_[carried, flags.sum(axis=0), flags.T], axis=0)  # by what is carried, then fewest flags
    dest = np.full(teachers.size, -1, dtype=np.int64)
    for carry, _, *held in kinds:
        held = np.array(held, dtype=bool)
        mine = np.flatnonzero((carried == carry) & np.all(flags.T == held, axis=1))
        cap = np.maximum(0.0, np.minimum(room[carry], left))[hosts]  # earlier flags may have overfilled
        order = np.lexsort((-cap, model.head[hosts]))  # by head, most room first
        dest[mine] = fill_slots(heads[mine], rng.random(mine.size), hosts[order], model.head[hosts][order], cap[order])
        used = np.bincount(dest[mine][dest[mine] >= 0], minlength=room.shape[1])
        room[:len(CARRIED)][held] -= used
        room[-1] = np.maximum(0.0, room[-1] - used)
        left -= used
    model.unplaced += int((dest < 0).sum())
    return dest


def post(model, teachers: np.ndarray, hosts: np.ndarray, term_years: int, by: "Policy"):
    """Send ``teachers`` to teach at ``hosts`` until the end of their term, tagged as posted ``by``
    this policy (each policy pays for and learns from its own); their home is unchanged."""
    r = model.teachers
    r.school[teachers] = hosts
    r.exchange_end[teachers] = model.year + term_years - 1
    r.posted_by[teachers] = by.index
    r.posted_year[teachers] = model.year  # counted against the exchange rule (docs/model.md 6.27)


def free_teachers(model) -> np.ndarray:
    """Mask of active teachers at their home school and on no exchange: those a policy may post."""
    r = model.teachers
    return r.active & (r.school == r.home) & (r.exchange_end == NO_EXCHANGE)


def on_post(model, hosts_mask: np.ndarray, by: "Policy") -> np.ndarray:
    """Ids of active teachers that policy ``by`` posted, on exchange at a school where ``hosts_mask`` is true."""
    r = model.teachers
    return np.flatnonzero(r.active & (r.exchange_end != NO_EXCHANGE) & (r.posted_by == by.index) & hosts_mask[r.school])
