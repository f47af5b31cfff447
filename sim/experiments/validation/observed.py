"""The observed data of the hindcasts: shipped in ``data/`` beside this module (sources in its README),
or the same files from a folder the user names. A missing or malformed file is an InputError
naming the file, the line and the field.

Standard library only: the CLI's help reads the national figures from here.
"""

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from sim.data.errors import InputError

#: The shipped observations (package data, see pyproject.toml).
DATA = Path(__file__).resolve().parent / "data"
CV_FILE = "county_level_indicator_cvs_2012.csv"
NATIONAL_FILE = "national_per_pupil_2012_2021.csv"
BALANCE_FILE = "basic_balance_counties_2013_2021.csv"
HIGH_QUALITY_FILE = "county_high_quality_cvs.csv"


@dataclass(frozen=True)
class Figure:
    """A national per-pupil figure: its model stock, its 2012 and 2021 values and where they come from."""

    key: str  # stock column (sim.assessment.standards)
    label: str
    unit: str
    start: float  # 2012: sets the initial condition
    target: float  # 2021: with the start, the observed change
    source: str


def rows(folder, name: str, columns) -> list[tuple[int, dict]]:
    """(line number, row) of a CSV file that must have ``columns`` and at least one row."""
    path = Path(folder) / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.worded("obs_missing", path=path, name=name) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError.worded("obs_unreadable", path=path, why=str(e)[:120]) from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError.worded("obs_columns", path=path, columns=", ".join(missing))
    out = list(enumerate(reader, start=2))
    if not out:
        raise InputError.worded("obs_no_rows", path=path)
    return out


def number(folder, name: str, line: int, row: dict, column: str, low: float = 0.0, high: float = math.inf) -> float:
    """The field as a finite number in [low, high], else an InputError naming file, line and field."""
    where = f"{Path(folder) / name}:{line}: field '{column}'"
    try:
        value = float(row[column])
    except (TypeError, ValueError):
        raise InputError.worded("obs_number", where=where, value=repr(row[column])[:40]) from None
    if not (math.isfinite(value) and low <= value <= high):
        raise InputError.worded("obs_range", where=where, low=low, high=high, value=repr(row[column])[:40])
    return value


def read_national(folder) -> tuple[Figure, ...]:
    """The national per-pupil figures, 2012 and 2021."""
    out = []
    for line, row in rows(folder, NATIONAL_FILE, ("key", "label", "unit", "value_2012", "value_2021", "source")):
        start, end = (number(folder, NATIONAL_FILE, line, row, c) for c in ("value_2012", "value_2021"))
        if start == end:
            raise InputError.worded("obs_no_change", where=f"{Path(folder) / NATIONAL_FILE}:{line}")
        out.append(Figure(row["key"], row["label"], row["unit"], start, end, row["source"]))
    return tuple(out)


def read_balance(folder) -> dict[int, float]:
    """{year: share of counties certified as basically balanced by that year's round}."""
    out = {}
    for line, row in rows(folder, BALANCE_FILE, ("year", "counties", "share", "source")):
        year = int(number(folder, BALANCE_FILE, line, row, "year", 2013, 2021))
        number(folder, BALANCE_FILE, line, row, "counties")
        out[year] = number(folder, BALANCE_FILE, line, row, "share", 0.0, 1.0)
    return dict(sorted(out.items()))
