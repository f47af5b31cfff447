"""CountyModel: one county's schools and teachers, stepped one school year at a time."""

import zlib

import mesa
import numpy as np

from agents.school import CORE, School, SchoolTable
from agents.teacher import NO_EXCHANGE, Teacher, TeacherRoster
from sim.assessment.monitoring import school_means
from sim.assessment.observe import yearly_row
from sim.assessment.standards import SPECIAL_ROOMS
from sim.data.scenario import Scenario, load_scenario
from sim.data.synth import expand_roster, synthetic_schools, synthetic_teachers, teacher_posts
from sim.dynamics import careers, enrollment, quality, resources
from sim.dynamics.classes import initial_special_rooms
from sim.dynamics.grouping import rank_within
from sim.policies.pairing import community_spillover


class CountyModel(mesa.Model):
    """Urban-rural convergence of a county's compulsory schools under pairing, rotation and sharing.

    Each step is one school year: policies act, teachers learn, leave and are hired,
    budgets buy resources, families move pupils, quality updates and the official
    balance indices are recorded in ``history`` (docs/model.md, Process overview).
    """

    def __init__(self, scenario: Scenario | None = None, seed=0):
        """``seed`` is an int or a ``numpy.random.SeedSequence``. The schools are the scenario's
        ``table`` (a county's own, a ``UserCounty``) when it has one, else its synthetic county."""
        scenario = scenario or load_scenario("ziyang")
        if isinstance(seed, np.random.SeedSequence):  # a fresh copy: spawning must not depend on earlier use
            seq = np.random.SeedSequence(seed.entropy, spawn_key=seed.spawn_key, pool_size=seed.pool_size)
        else:
            seq = np.random.SeedSequence(seed)
        mesa_seq, synth_seq, self._career_seq, policy_root = seq.spawn(4)
        super().__init__(rng=np.random.default_rng(mesa_seq))
        self.scenario_spec = scenario  # Mesa's own `scenario` attribute is its parameter object
        self.params = dict(scenario.params)
        self.year = scenario.start_year
        self.end_year = scenario.end_year
        synth_rng = np.random.default_rng(synth_seq)
        schools = scenario.table
        if schools is None:
            roster = expand_roster(scenario.communities, scenario.source)
            self.schools: SchoolTable = synthetic_schools(roster, synth_rng, self.params["junior_weight"],
                                                          scenario.county, scenario.source,
                                                          self.params["synth_stock_sigma"])
            self.schools.community_names = [c["name"] or f"community {i}" for i, c in enumerate(scenario.communities)]
            cols = synthetic_teachers(self.schools, self.params, synth_rng)
            self.synthetic = True
        else:
            self.schools, cols = schools.build(self.params, synth_rng)
            self.synthetic = False
        if not set(SPECIAL_ROOMS) <= set(self.schools.stocks):
            self.schools.stocks.update(initial_special_rooms(self.schools, self.params))
        self.teachers = TeacherRoster(len(cols["home"]))
        self.teachers.add(**cols)
        self._start_credentials(seq)
        self._start_backbone_terms(seq)
        self.head = pairing_heads(self.schools)
        self._record_status_quo()
        School.create_agents(self, len(self.schools), row=list(range(len(self.schools))))
        self._teacher_handles: dict[int, Teacher] = {}
        self.policies = [pol.bind(self, np.random.default_rng(keyed(policy_root, zlib.crc32(pol.id.encode()))))
                         for pol in scenario.policies]
        for index, pol in enumerate(self.policies):
            pol.index = index  # tags the teachers it posts
        self.live_years = np.zeros(len(self.schools))  # school years each school has received live classes
        self._reset_year()
        self.schools.quality[:] = quality.target_quality(self)
        self.start_means = school_means(self.schools, self.params)  # the quality monitoring's baseline
        self.flows = self._flows(0, 0, 0, {pol.id: 0.0 for pol in self.policies}, 0)
        self.history = [yearly_row(self)]

    def _record_status_quo(self):
        """What the county keeps unless a policy moves it (docs/model.md 5.3, 5.5): teacher posts
        per pupil (a user table's: the staffing norm's, or the launch staff where more; a synthetic
        county's: the posts it was drawn at), degree holders and PE/art teachers per pupil, each school's backbone share of its
        staff and the county's."""
        r, n = self.teachers, len(self.schools)
        pupils = np.maximum(self.schools.enrollment, 1.0)
        staff = r.count_by_school(n, by="home")
        # a synthetic county was drawn at its posts; a user's table is held to the norm, or its staff where more
        posts = staff if self.synthetic else np.maximum(teacher_posts(self.schools, self.params), staff)
        self.posts_per_pupil = posts / pupils
        self.launch_stocks = resources.stock_per_pupil(self.schools)
        self.launch_per_pupil = {key: r.count_by_school(n, careers.teacher_flag(r, key), by="home") / pupils
                                 for key in ("teachers_above_degree", "pe_art_teachers")}
        backbone = r.count_by_school(n, r.backbone, by="home")
        self.backbone_share = np.divide(backbone, staff, out=np.zeros(n), where=staff > 0)
        self.title_share = np.divide(r.count_by_school(n, r.senior_title, by="home"), staff, out=np.zeros(n),
                                     where=staff > 0)
        ev = self.schools.evaluated
        self.county_backbone_share = float(backbone[ev].sum() / max(1.0, staff[ev].sum()))
        self.launch_corps = int(backbone[ev].sum())  # backbone teachers of the evaluated schools at launch

    def _start_credentials(self, seq):
        """Training hours of the last five years at the ordinary pace for everyone, and the
        uncertified share of today's teachers (drawn on its own stream, only when below 1)."""
        r = self.teachers
        for year in range(5):
            r.hours(year)[:] = self.params["training_hours_per_year"]
        share = self.params["certified_share"]
        if share < 1.0:
            rng = np.random.default_rng(keyed(seq, 100))
            r.certified[:] = rng.random(r.n) < share

    def _start_backbone_terms(self, seq):
        """Today's backbone titles were given in the last term's rounds: each ends in one of the
        next ``backbone_term_years`` school years, drawn on its own stream."""
        r, term = self.teachers, self.params["backbone_term_years"]
        rng = np.random.default_rng(keyed(seq, 101))
        r.backbone_until[:] = self.year + rng.integers(0, term, r.n)

    # -- handles -----------------------------------------------------------------------
    def teacher(self, tid: int) -> Teacher:
        """The Mesa agent for roster row ``tid``, created the first time it is asked for."""
        if tid not in self._teacher_handles:
            if not 0 <= tid < self.teachers.n:
                raise IndexError(f"no teacher {tid}")
            self._teacher_handles[tid] = Teacher(self, tid)
        return self._teacher_handles[tid]

    @property
    def school_agents(self) -> list[School]:
        return sorted(self.agents_by_type[School], key=lambda a: a.row)

    # -- the year ------------------------------------------------------------------------
    def _reset_year(self):
        n = len(self.schools)
        s = self.schools
        working = (s.community_years[:, 0] <= self.year) & (self.year <= s.community_years[:, 1])
        self.community = np.where(working & s.open, s.community, -1)  # communities working together this year
        self.budget = resources.yearly_budgets(self.schools, self.params, self.launch_stocks)
        self.school_bonus = np.zeros(n)
        self.spillover = {"management": np.zeros(n), "practice": np.zeros(n), "profile": np.zeros(n)}
        self.live_boost = np.zeros(n)
        self.live_received = np.zeros(n, dtype=bool)  # streamed lessons reached the school this year
        self.facility_boost = np.zeros(n)
        self.extra_pe_art = np.zeros(n)  # PE/art teachers' time lent by travelling teachers (FTE)
        self.growth_multiplier = 1.0  # lowered by weak pay incentives
        self.mentee_effect = np.zeros(self.teachers.n)  # extra growth a mentoring policy gives its mentees
        self.backbone_quota_factor = 1.0  # raised by a backbone designation policy
        self.backbone_steer = False  # a policy steers backbone places to schools below the standard
        self.hired_by_policy = 0  # teachers a recruitment drive hired into open posts this year
        self.unplaced = 0  # teachers a posting policy could not place at a host below the standard
        self.intake_cap = None  # per school part: the most pupils it may hold after this year's moves
        self.turned_away = np.zeros(n)  # per school part: pupils the intake cap turned away this year
        self.rural_allowance = self.params["rural_allowance_yuan"]
        self.declared = dict(self.scenario_spec.declared)  # a policy may switch an item on for the year

    def step(self):
        """One school year, from September of ``year`` to the next autumn census."""
        self._reset_year()
        careers.end_exchange_terms(self)
        self.teachers.hours(self.year)[:] = 0.0  # this school year's slot of the five-year window
        for pol in self.policies:
            if pol.active(self.year):
                pol.prepare(self)
        costs = {pol.id: pol.step(self) for pol in self.policies}
        community_spillover(self)
        careers.learn(self)
        retired, left, transferred = careers.leave(self)
        for pol in self.policies:
            if pol.active(self.year):
                costs[pol.id] += pol.after_leaving(self)
        hired = self.hired_by_policy + careers.hire(self, self.career_rng("hire")).size
        careers.recognise(self)
        r = self.teachers
        r.hours(self.year)[r.active] += self.params["training_hours_per_year"]
        before = resources.depreciate(self.schools, self.params)
        resources.spend(self.schools, self.budget, self.params, before)
        self.turned_away = enrollment.shift(self.schools, self.params, self.intake_cap)  # pupils each school refused
        quality.update(self)
        self.live_years += self.live_received
        self.flows = self._flows(hired, retired, left, costs, transferred)
        self.year += 1
        self.history.append(yearly_row(self))

    def _flows(self, hired, retired, left, costs, transferred) -> dict:
        """This year's flows: teachers hired, retired, left the county, moved to town, on exchange;
        posts without a teacher and teachers beyond their school's posts (evaluated schools);
        postings that found no host; yuan booked per policy."""
        r = self.teachers
        ev = self.schools.evaluated
        gap = careers.establishment(self) - r.count_by_school(len(self.schools), by="home")
        flows = {"hired": hired, "retired": retired, "left": left, "moved_to_town": transferred,
                 "vacant_posts": int(np.maximum(0.0, gap)[ev].sum()), "over_establishment": int(np.maximum(0.0, -gap)[ev].sum()),
                 "unplaced": self.unplaced,
                 "on_exchange": int((r.active & (r.exchange_end != NO_EXCHANGE)).sum()),
                 "policy_cost_yuan": float(sum(costs.values()))}
        flows.update({f"cost_{pid}": float(c) for pid, c in costs.items()})
        return flows

    def career_rng(self, purpose: str) -> np.random.Generator:
        """The careers' random stream for one purpose in this school year, keyed by both: what one
        policy changes leaves every other draw of an existing teacher as it was."""
        return np.random.default_rng(keyed(self._career_seq, self.year, CAREER_PURPOSES.index(purpose)))

    def run(self):
        """Step until the scenario's end year has been recorded."""
        while self.year < self.end_year:
            self.step()
        return self.history


#: The careers' random draws, each its own stream (``CountyModel.career_rng``).
CAREER_PURPOSES = ("leave", "transfer", "hire", "recognise", "promote")


def keyed(seq: np.random.SeedSequence, *key: int) -> np.random.SeedSequence:
    """The child of ``seq`` at ``key``: the same key always gives the same stream."""
    return np.random.SeedSequence(seq.entropy, spawn_key=(*seq.spawn_key, *key), pool_size=seq.pool_size)


def pairing_heads(schools: SchoolTable) -> np.ndarray:
    """Each school part's pairing head: the core part of its community in the same stage.

    Where the core school has no part in that stage (a junior core with primary members),
    the member part with the best management leads. -1 for schools in no community.
    """
    group = schools.community.astype(np.int64) * 2 + schools.stage
    in_com = schools.community >= 0
    key = np.where(schools.role == CORE, -10.0, 0.0) - schools.management  # core first, then best managed
    head = np.full(len(schools), -1, dtype=np.int64)
    if in_com.any():
        idx = np.flatnonzero(in_com)
        first = idx[rank_within(group[idx], key[idx]) == 0]
        leader_of = dict(zip(group[first].tolist(), first.tolist()))
        head[idx] = [leader_of[g] for g in group[idx].tolist()]
    return head
