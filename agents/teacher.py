"""Teachers: a columnar roster of every teacher ever employed, and the Mesa agent handle.

Rows are never deleted: a teacher who retires or leaves becomes inactive, so ids stay
stable and every departure is accounted for. ``Teacher`` agents are created on demand
(``CountyModel.teacher(id)``) for the teachers a user or a decision needs to look at;
a province has 300,000 teachers and creating an object for each would cost more than
the whole simulation (see README, Performance).
"""

import mesa
import numpy as np

NO_EXCHANGE = -1

_COLUMNS = {
    "home": np.int64,  # school row the teacher belongs to (intp: np.bincount takes it without a copy)
    "school": np.int64,  # school row the teacher teaches at now (differs while on exchange)
    "pe_art": np.bool_,  # subject group: PE, music or art (else general)
    "degree_above": np.bool_,  # holds a degree above the one required for the stage
    "backbone": np.bool_,  # county-level-or-higher backbone teacher
    "backbone_until": np.int32,  # last school year of the current backbone term (holders only)
    "senior_title": np.bool_,  # intermediate-or-higher professional title
    "experience": np.float64,  # years of teaching
    "skill": np.float64,  # teaching skill, SD units of the 2024 teacher-quality distribution
    "active": np.bool_,  # employed (False after retiring or leaving)
    "exchange_end": np.int32,  # last school year of the current exchange term, or NO_EXCHANGE
    "posted_by": np.int16,  # index of the policy that posted the teacher (valid while on exchange)
    "bonus": np.float64,  # extra skill growth earned this year (reset yearly)
    "certified": np.bool_,  # holds a teaching certificate
    "posted_year": np.int32,  # school year of the last posting away from home, or NO_EXCHANGE
    **{f"hours_{k}": np.float64 for k in range(5)},  # training hours of the school years Y with Y % 5 == k
}
#: The training-hour columns, one per year of the rolling five-year window.
HOUR_COLUMNS = tuple(f"hours_{k}" for k in range(5))


class TeacherRoster:
    """Every teacher's state as numpy columns; grows by amortised doubling when hiring."""

    def __init__(self, n: int = 0):
        self.n = 0
        self._cap = max(16, n)
        for name, dtype in _COLUMNS.items():
            setattr(self, "_" + name, np.zeros(self._cap, dtype=dtype))

    def __len__(self) -> int:
        return self.n

    def add(self, **cols) -> np.ndarray:
        """Append teachers; ``cols`` gives each column's values (unspecified ones default). Returns ids."""
        k = len(next(iter(cols.values())))
        if self.n + k > self._cap:
            self._grow(self.n + k)
        ids = np.arange(self.n, self.n + k)
        defaults = {"active": True, "exchange_end": NO_EXCHANGE, "posted_year": NO_EXCHANGE, "certified": True}
        for name in _COLUMNS:
            arr = getattr(self, "_" + name)
            value = cols.get(name, defaults.get(name, 0))
            arr[ids] = value
        if "school" not in cols:
            self._school[ids] = self._home[ids]
        self.n += k
        return ids

    def _grow(self, need: int):
        cap = max(need, 2 * self._cap)
        for name in _COLUMNS:
            old = getattr(self, "_" + name)
            new = np.zeros(cap, dtype=old.dtype)
            new[: self.n] = old[: self.n]
            setattr(self, "_" + name, new)
        self._cap = cap

    def hours(self, year: int) -> np.ndarray:
        """The training-hour column of school year ``year`` (a view to add to)."""
        return getattr(self, f"hours_{year % 5}")

    def window_hours(self) -> np.ndarray:
        """Training hours of the last five school years, per teacher."""
        return sum(getattr(self, c) for c in HOUR_COLUMNS)

    def teaching_at(self, row: int) -> np.ndarray:
        return np.flatnonzero(self.active & (self.school == row))

    def count_by_school(self, n_schools: int, where=None, by="school") -> np.ndarray:
        """Active teachers per school (where they teach, or by ``home``), optionally only ``where``."""
        mask = self.active if where is None else self.active & where
        return np.bincount(getattr(self, by), weights=mask, minlength=n_schools)  # weights: no gather of rows


def _column(name):
    return property(lambda self: getattr(self, "_" + name)[: self.n], doc=f"active view of '{name}'")


for _name in _COLUMNS:
    setattr(TeacherRoster, _name, _column(_name))


class Teacher(mesa.Agent):
    """Handle on one roster row: read a teacher's state as attributes."""

    def __init__(self, model, tid: int):
        super().__init__(model)
        self.tid = int(tid)

    def __getattr__(self, name):
        if name in _COLUMNS:
            value = getattr(self.model.teachers, name)[self.tid]
            return value.item()
        raise AttributeError(name)

    @property
    def on_exchange(self) -> bool:
        return self.home != self.school

    def __repr__(self) -> str:
        return f"Teacher({self.tid}, home={self.home}, school={self.school}, skill={self.skill:.2f})"
