"""A user's own school table (CSV, schema in balance-index.md), validated row by row.

Every problem is an InputError that names the file, the line, the row and the field,
so the CLI can print one line and exit 2 before anything is written.
"""

import csv
import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from agents.school import LOCATIONS, ROLES, SchoolTable
from sim.assessment.standards import (
    COUNT_COLUMNS,
    HIGH_QUALITY,
    SPECIAL_ROOMS,
    STAGES,
    STOCK_COLUMNS,
    TEACHER_COLUMNS,
)
from sim.data.errors import InputError
from sim.data.synth import (
    MANAGEMENT_MEAN,
    MANAGEMENT_SD,
    speciality_profiles,
    teachers_from_counts,
)

ID_COLUMNS = ("school", "stage", "enrollment")
OPTIONAL_COLUMNS = ("county", "community", "role", "location")
#: Optional counts for the rest of the assessment: classes (class size) and special rooms.
ASSESSMENT_COLUMNS = ("classes", "music_rooms", "art_rooms")
HQ_COLUMNS = tuple(i.key for i in HIGH_QUALITY)
KNOWN_COLUMNS = ID_COLUMNS + COUNT_COLUMNS + ASSESSMENT_COLUMNS + OPTIONAL_COLUMNS
CHOICES = {"stage": STAGES, "role": ROLES, "location": LOCATIONS}


@dataclass
class UserCounty:
    """A validated school table: one entry per school part (school x stage)."""

    path: str
    school: list[str]
    stage: np.ndarray
    enrollment: np.ndarray
    counts: dict[str, np.ndarray]
    community: list[str]
    role: list[str]
    location: list[str]
    county: str
    sha256: str = ""

    def __len__(self) -> int:
        return len(self.school)

    def stage_rows(self, stage: int) -> np.ndarray:
        return np.flatnonzero(self.stage == stage)

    def build(self, params: dict, rng: np.random.Generator) -> tuple[SchoolTable, dict]:
        """The simulation's starting state: stocks and teacher counts from the table; teacher
        skills, experience and school management drawn as in the synthetic county."""
        missing = [c for c in COUNT_COLUMNS if c not in self.counts]
        if missing:
            raise InputError(f"{self.path}:1: header: column(s) {', '.join(missing)} needed to start a "
                             f"simulation (the balance command works without them)")
        if not all(self.location):
            row = self.location.index("") + 1
            raise InputError(f"{self.path}:{row + 1}: row {row}, field 'location': needed to start a simulation "
                             f"(one of {', '.join(LOCATIONS)})")
        coms = sorted({c for c in self.community if c})
        com_id = np.array([coms.index(c) if c else -1 for c in self.community], dtype=np.int32)
        role = np.array([ROLES.index(r or "member") for r in self.role], dtype=np.int8)
        loc = np.array([LOCATIONS.index(x) for x in self.location], dtype=np.int8)
        sites = {name: i for i, name in enumerate(dict.fromkeys(self.school))}
        site = np.array([sites[s] for s in self.school], dtype=np.int32)
        mean = np.array([MANAGEMENT_MEAN[ROLES[r]] for r in role]) + 0.05 * (loc == 0)
        schools = SchoolTable(
            name=list(self.school), stage=self.stage.astype(np.int8), community=com_id, role=role,
            location=loc, parent=np.full(len(self), -1, dtype=np.int32),
            site=site, profile=speciality_profiles(site, rng),
            enrollment=self.enrollment.astype(float),
            stocks={k: self.counts[k].astype(float) for k in STOCK_COLUMNS + tuple(SPECIAL_ROOMS) if k in self.counts},
            management=np.clip(rng.normal(mean, MANAGEMENT_SD), 0.05, 0.95), county=self.county)
        return schools, teachers_from_counts(schools, self.counts, params, rng)


def _number(text: str, where: str, field: str, positive: bool = False) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{where}, field '{field}': not a number: {text!r}") from None
    if not np.isfinite(value):
        raise InputError(f"{where}, field '{field}': must be finite, got {text!r}")
    if positive and value <= 0:
        raise InputError(f"{where}, field '{field}': must be positive, got {text!r}")
    if value < 0:
        raise InputError(f"{where}, field '{field}': must not be negative, got {text!r}")
    return value


def read_school_table(path: str | Path) -> UserCounty:
    """Read and validate a school table; raise InputError at the first problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(f"{path}: empty file; expected a header row with {', '.join(ID_COLUMNS)}, ...")
    header = [h.strip() for h in rows[0]]
    _check_header(path, header)
    cols = {name: [] for name in header}
    seen = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        where = f"{path}:{line}: row {line - 1}"
        if len(cells) != len(header):
            raise InputError(f"{where}: expected {len(header)} fields as in the header, found {len(cells)}")
        rec = dict(zip(header, (c.strip() for c in cells)))
        for field, options in CHOICES.items():
            if field in rec and (rec[field] or field == "stage") and rec[field] not in options:
                raise InputError(f"{where}, field '{field}': must be one of {', '.join(options)}, got {rec[field]!r}")
        if not rec["school"]:
            raise InputError(f"{where}, field 'school': empty")
        key = (rec["school"], rec["stage"])
        if key in seen:
            raise InputError(f"{where}, field 'school': '{key[0]}' ({key[1]}) already given on line {seen[key]}")
        seen[key] = line
        enrollment = _number(rec["enrollment"], where, "enrollment", positive=True)
        if enrollment != int(enrollment):
            raise InputError(f"{where}, field 'enrollment': must be a whole number of pupils, got {rec['enrollment']!r}")
        rec["enrollment"] = enrollment
        for column in COUNT_COLUMNS:
            if column in rec:
                rec[column] = _number(rec[column], where, column)
        for column in ASSESSMENT_COLUMNS:
            if column in rec:
                rec[column] = _number(rec[column], where, column)
                if rec[column] != int(rec[column]):
                    raise InputError(f"{where}, field '{column}': must be a whole number, got {rec[column]:g}")
        if "teachers" in rec:
            for column in TEACHER_COLUMNS[1:]:
                if column in rec and rec[column] > rec["teachers"]:
                    raise InputError(f"{where}, field '{column}': {rec[column]:g} is more than the "
                                     f"{rec['teachers']:g} teachers of the school")
        for name in header:
            cols[name].append(rec[name])
    if not cols["school"]:
        raise InputError(f"{path}: no school rows after the header")
    n = len(cols["school"])
    return UserCounty(
        path=str(path), school=cols["school"], stage=np.array([STAGES.index(s) for s in cols["stage"]]),
        enrollment=np.array(cols["enrollment"]),
        counts={k: np.array(cols[k]) for k in COUNT_COLUMNS + ASSESSMENT_COLUMNS if k in cols},
        community=cols.get("community", [""] * n), role=cols.get("role", [""] * n),
        location=cols.get("location", [""] * n), county=(cols.get("county") or [""])[0],
        sha256=hashlib.sha256(raw).hexdigest())


def _check_header(path, header):
    for name in header:
        if name not in KNOWN_COLUMNS:
            close = difflib.get_close_matches(name, KNOWN_COLUMNS, n=2, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else \
                f"; known columns: {', '.join(KNOWN_COLUMNS)}"
            raise InputError(f"{path}:1: header, field '{name}': unknown column{hint}")
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise InputError(f"{path}:1: header, field '{dup}': column given twice")
    missing = [c for c in ID_COLUMNS + HQ_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{path}:1: header: missing column(s) {', '.join(missing)}")
