"""A region's school tables: one table with a ``county`` column, or a folder of one form per county.

Each county stays a ``UserCounty`` of its own; nothing here pools schools across a border.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sim.data.errors import InputError
from sim.data.schooltable import UserCounty, cached_counties

TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass
class Region:
    path: str
    counties: list[UserCounty]

    @property
    def names(self) -> list[str]:
        return [c.county for c in self.counties]

    @property
    def notes(self) -> list[str]:
        return list(dict.fromkeys(n for c in self.counties for n in c.notes))

    @property
    def lang(self) -> str:
        return "zh" if any(c.lang == "zh" for c in self.counties) else "en"

    @property
    def sha256(self) -> str:
        return hashlib.sha256("".join(sorted({c.sha256 for c in self.counties})).encode()).hexdigest()


def read_region(path: str | Path, accept_units: bool = False) -> Region:
    """Every county of ``path`` (a table, or a folder of tables: .csv and .xlsx, one or more counties each)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith("~$"))
        if not files:
            raise InputError.worded("folder_no_table", path=path)
    else:
        files = [path]
    counties, source = [], {}
    for file in files:
        for county in cached_counties(str(file), accept_units):
            if county.county in source:
                raise InputError.worded("county_twice", path=file, county=county.county, first=source[county.county])
            source[county.county] = file
            counties.append(county)
    return Region(path=str(path), counties=counties)
