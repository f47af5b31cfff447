"""Schools: a columnar table of every school's state, and the Mesa agent that is its handle.

One row is one *school part* of one stage: a nine-year school is two rows (its primary
and junior parts) that share a ``site``, as in the official forms. Bulk state lives in
numpy columns so a yearly step is a handful of vector operations; the ``School`` agent
reads and writes its own row.
"""

from dataclasses import dataclass, field

import mesa
import numpy as np

from sim.assessment.standards import STAGES, STOCK_COLUMNS

ROLES = ("core", "member", "teaching_point")
LOCATIONS = ("urban", "township", "village")
CORE, MEMBER, TEACHING_POINT = range(3)
URBAN, TOWNSHIP, VILLAGE = range(3)


@dataclass
class SchoolTable:
    """Every school part's state, one numpy column per variable (see docs/model.md, State)."""

    name: list[str]
    stage: np.ndarray  # int: index into STAGES
    community: np.ndarray  # int: community id, -1 when in none
    role: np.ndarray  # int: index into ROLES
    location: np.ndarray  # int: index into LOCATIONS
    parent: np.ndarray  # int: row of the parent school part (teaching points), -1 otherwise
    site: np.ndarray  # int: physical school shared by the parts of one nine-year school
    enrollment: np.ndarray  # float pupils
    stocks: dict[str, np.ndarray]  # STOCK_COLUMNS -> absolute amounts
    management: np.ndarray  # float in [0, 1]
    quality: np.ndarray = field(default=None)  # float: latent yearly learning, 1 = reference school
    county: str = ""
    evaluated: np.ndarray = field(default=None)  # bool: in the county's indices (False: a partner from elsewhere)
    tightness: np.ndarray = field(default=None)  # float: the community's pairing tightness, NaN = the policy's
    profile: np.ndarray = field(default=None)  # (n, k) speciality emphasis, rows sum to 1
    community_years: np.ndarray = field(default=None)  # (n, 2) first and last school year of the community
    open: np.ndarray = field(default=None)  # bool: False once merged into another school (consolidation)
    community_names: list = field(default_factory=list)  # name of each community id, as the user gave it

    def community_label(self, rows) -> list[str]:
        """The community name of each row ('' for schools in none), for tables and charts."""
        ids = self.community[rows]
        return [self.community_names[c] if 0 <= c < len(self.community_names) else "" for c in ids]

    def __len__(self) -> int:
        return len(self.name)

    def __post_init__(self):
        n = len(self.name)
        if self.quality is None:
            self.quality = np.ones(n)
        if self.evaluated is None:
            self.evaluated = np.ones(n, dtype=bool)
        if self.tightness is None:
            self.tightness = np.full(n, np.nan)
        if self.profile is None:
            self.profile = np.full((n, 1), 1.0)
        if self.open is None:
            self.open = np.ones(n, dtype=bool)
        if self.community_years is None:
            self.community_years = np.tile(np.array([0, 9999]), (n, 1))
        missing = set(STOCK_COLUMNS) - set(self.stocks)
        if missing:
            raise ValueError(f"stocks missing {sorted(missing)}")

    def stage_name(self, row: int) -> str:
        return STAGES[self.stage[row]]


class School(mesa.Agent):
    """Handle on one school part; the decisions a school makes are vectorised in ``sim/``."""

    def __init__(self, model, row: int):
        super().__init__(model)
        self.row = row

    @property
    def table(self) -> SchoolTable:
        return self.model.schools

    @property
    def name(self) -> str:
        return self.table.name[self.row]

    @property
    def stage(self) -> str:
        return STAGES[self.table.stage[self.row]]

    @property
    def role(self) -> str:
        return ROLES[self.table.role[self.row]]

    @property
    def location(self) -> str:
        return LOCATIONS[self.table.location[self.row]]

    @property
    def county(self) -> str:
        return self.table.county

    @property
    def community(self) -> int:
        return int(self.table.community[self.row])

    @property
    def enrollment(self) -> float:
        return float(self.table.enrollment[self.row])

    @property
    def management(self) -> float:
        return float(self.table.management[self.row])

    @property
    def quality(self) -> float:
        return float(self.table.quality[self.row])

    @property
    def budget(self) -> float:
        """Money this school spends on resources this year, after any pooling (yuan)."""
        return float(self.model.budget[self.row])

    def stock(self, key: str) -> float:
        return float(self.table.stocks[key][self.row])

    def teachers(self):
        """Handles of the teachers teaching here now (exchange teachers count where they teach)."""
        return [self.model.teacher(i) for i in self.model.teachers.teaching_at(self.row)]

    def __repr__(self) -> str:
        return f"School({self.name!r}, {self.stage}, {self.role}, {self.location})"
