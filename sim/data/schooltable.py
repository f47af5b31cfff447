"""A county's own school table, read as the bureau keeps it and validated row by row.

The file is a CSV (UTF-8 or GBK) or an .xlsx workbook in the official form: Chinese or English
headers with their units, title rows, 合计 rows, extra columns, nine-year schools on one row,
teaching points naming their parent school. Everything the reader does to it (rows skipped,
columns ignored, units converted, schools split) is a note shown to the user; every problem is
collected, and all of them raise one InputError whose one line counts them and names the first
(file, sheet or line, school, field), so the CLI can exit 2 before anything is written; ``edusim
check`` lists every one.
"""

import datetime
import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from agents.school import LOCATIONS, ROLES, SchoolTable
from sim.assessment.standards import (
    BASIC,
    COUNT_COLUMNS,
    HIGH_QUALITY,
    SPECIAL_ROOMS,
    STAGES,
    STOCK_COLUMNS,
    TEACHER_COLUMNS,
)
from sim.data import aliases
from sim.data.errors import MAX_ERROR_TEXT, InputError
from sim.data.forms import Sheet, asked_lang, name_lang, read_sheets
from sim.data.synth import (
    MANAGEMENT_MEAN,
    MANAGEMENT_SD,
    resolve_parents,
    speciality_profiles,
    teachers_from_counts,
)
from sim.wording import say

ID_COLUMNS = ("school", "stage", "enrollment")
#: A nine-year or complete secondary school on one row gives its pupils by stage.
ENROLLMENT_PARTS = ("primary_enrollment", "junior_enrollment", "senior_enrollment")
OPTIONAL_COLUMNS = ("county", "community", "role", "location", "parent")
#: Read to know a row better, not kept: 学校类别 says which rows are teaching points.
HINT_COLUMNS = ("school_type",)
#: Optional counts for the rest of the assessment: classes (class size) and special rooms.
ASSESSMENT_COLUMNS = ("classes", "music_rooms", "art_rooms")
#: Optional for ``edusim plan``: land on the site free for sports ground (docs/model.md 13).
PLANNING_COLUMNS = ("spare_land_m2",)
HQ_COLUMNS = tuple(i.key for i in HIGH_QUALITY)
KNOWN_COLUMNS = ID_COLUMNS + ENROLLMENT_PARTS + COUNT_COLUMNS + ASSESSMENT_COLUMNS + PLANNING_COLUMNS + OPTIONAL_COLUMNS \
    + HINT_COLUMNS
TEXT_COLUMNS = ("school", "stage") + OPTIONAL_COLUMNS + HINT_COLUMNS
#: Columns of whole things: a split nine-year school gives each part a whole number of them.
WHOLE_COLUMNS = TEACHER_COLUMNS + ("multimedia_rooms", "computers", "books") + ASSESSMENT_COLUMNS
CHOICES = {"stage": STAGES, "role": ROLES, "location": LOCATIONS}
#: Pupil weights for splitting one row's shared resources (balance-index.md: primary 1 : junior 1.1;
#: junior 1 : senior 1.2 in a complete secondary school). The simulation's ``junior_weight`` is the same 1.1.
JUNIOR_WEIGHT, SENIOR_WEIGHT = 1.1, 1.2
MAX_ERRORS = 1000
#: The official Chinese name of each column (the first of its wordings).
HEADER_NAME = {key: words[0] for key, words in aliases.HEADER_ALIASES.items()}
#: Pupils of one school part: an assumption, well above any school part we know of (a bound, not a standard).
MAX_PUPILS = 50_000
#: A single row may exceed a plausible county median by this factor before it is refused.
ROW_SLACK = 10
#: Plausible county medians per pupil (per 100 pupils for the per-100 indicators), to catch a wrong
#: unit (equipment in 万元 read as yuan): far outside the widest county values seen, by design.
PLAUSIBLE = {"equipment_yuan": (50.0, 100_000.0), "teaching_space_m2": (0.5, 100.0),
             "sports_area_m2": (0.2, 300.0), "books": (1.0, 2_000.0), "computers": (0.1, 300.0),
             "teachers": (0.5, 100.0), "teachers_above_degree": (0.0, 100.0), "backbone_teachers": (0.0, 100.0),
             "pe_art_teachers": (0.0, 100.0), "senior_title_teachers": (0.0, 100.0),
             "multimedia_rooms": (0.0, 50.0), "classes": (0.5, 50.0), "music_rooms": (0.0, 50.0),
             "art_rooms": (0.0, 50.0), "spare_land_m2": (0.0, 300.0)}


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
    parent: list[str] = field(default_factory=list)  # the school a teaching point belongs to, '' for none
    notes: list[str] = field(default_factory=list)  # what the reader did to the file, for the user
    lang: str = "en"  # "zh" when the headers were Chinese: the reports follow the table
    rows: list[str] = field(default_factory=list)  # where each part was read (file, sheet or line, row)
    year: int | None = None  # the year of the data, as its title, 填报日期 or file name says (None: not said)

    def __len__(self) -> int:
        return len(self.school)

    def stage_rows(self, stage: int) -> np.ndarray:
        return np.flatnonzero(self.stage == stage)

    def check_simulable(self):
        """The columns a simulation needs beyond the indices: every count, and each part's location."""
        missing = [c for c in COUNT_COLUMNS if c not in self.counts]
        if missing:
            names = ("；".join(aliases.HEADER_ALIASES[c][0] for c in missing) if self.lang == "zh"
                     else ", ".join(missing))
            raise InputError(say("needs_columns", self.lang, path=self.path, columns=names), self.lang)
        if not all(self.location):
            i = self.location.index("")
            where = self.rows[i] if self.rows else f"{self.path}: {self.school[i]}"
            choices = "、".join(("城区", "镇区", "乡村")) if self.lang == "zh" else ", ".join(LOCATIONS)
            raise InputError(say("needs_location", self.lang, where=where, choices=choices), self.lang)

    def build(self, params: dict, rng: np.random.Generator) -> tuple[SchoolTable, dict]:
        """The simulation's starting state: stocks and teacher counts from the table; teacher
        skills, experience and school management drawn as in the synthetic county."""
        self.check_simulable()
        coms = sorted({c for c in self.community if c})
        com_id = np.array([coms.index(c) if c else -1 for c in self.community], dtype=np.int32)
        role = np.array([ROLES.index(r or "member") for r in self.role], dtype=np.int8)
        loc = np.array([LOCATIONS.index(x) for x in self.location], dtype=np.int8)
        sites = {name: i for i, name in enumerate(dict.fromkeys(self.school))}
        site = np.array([sites[s] for s in self.school], dtype=np.int32)
        mean = np.array([MANAGEMENT_MEAN[ROLES[r]] for r in role]) + 0.05 * (loc == 0)
        schools = SchoolTable(
            name=list(self.school), stage=self.stage.astype(np.int8), community=com_id, role=role,
            location=loc, parent=resolve_parents(self.school, self.stage, self.parent or [""] * len(self), self.path),
            site=site, profile=speciality_profiles(site, rng),
            enrollment=self.enrollment.astype(float),
            stocks={k: self.counts[k].astype(float) for k in STOCK_COLUMNS + tuple(SPECIAL_ROOMS) if k in self.counts},
            management=np.clip(rng.normal(mean, MANAGEMENT_SD), 0.05, 0.95), county=self.county,
            community_names=coms)
        return schools, teachers_from_counts(schools, self.counts, params, rng)

    def frame(self, lang: str = "en"):
        """The table in the schema's form (one row per school part), e.g. to write a patched table: its
        keys and values in English, or with ``lang`` "zh" the official headers and words (学段 小学)."""
        import pandas as pd

        out = pd.DataFrame({"school": self.school, "stage": [STAGES[s] for s in self.stage],
                            "enrollment": self.enrollment})
        for key, values in self.counts.items():
            out[key] = values
        for key in OPTIONAL_COLUMNS:
            values = [self.county] * len(self) if key == "county" else getattr(self, key) or [""] * len(self)
            if any(values):
                out[key] = values
        if lang != "zh":
            return out
        for key, words in aliases.VALUE_ALIASES.items():
            if key in out:
                out[key] = [words[v][0] if v in words else v for v in out[key]]
        return out.rename(columns=HEADER_NAME)


_TABLES: dict[tuple, list[UserCounty]] = {}
#: The tables this process read, ``(path, language)``, last one last: a command's own errors take the
#: language when they come before the command has settled on one (a --set key checked as the table
#: loads), and its run folder must not hold any of them (a scenario's ``schools`` is an input too).
TABLES_READ: list[tuple[str, str]] = []


def cached_table(path: str, accept_units: bool = False) -> UserCounty:
    """``read_school_table``, once per file version and process (``cached_counties``)."""
    return one_county(path, cached_counties(path, accept_units))


def cached_counties(path: str, accept_units: bool = False) -> list[UserCounty]:
    """``read_counties``, once per file version and process, however the path is written (a
    forecast names it as typed, then as the scenario's absolute path; a sweep's runs share one
    reading). Messages name the path as first given."""
    try:
        stat = Path(path).stat()
        key = (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size, accept_units, asked_lang())
    except OSError:
        return read_counties(path, accept_units)  # it names the problem
    if key in _TABLES:
        TABLES_READ.append((str(path), _TABLES[key][0].lang))  # read again, as far as the command knows
        return _TABLES[key]
    if len(_TABLES) >= 8:
        _TABLES.pop(next(iter(_TABLES)))
    _TABLES[key] = read_counties(path, accept_units)
    return _TABLES[key]


class Problems:
    """Every error of a table, raised together as one InputError; the first ``MAX_ERRORS`` are kept,
    the rest counted (a table of 500,000 bad rows must not hold millions of messages)."""

    def __init__(self, path):
        self.path, self.items, self.summary, self.detected, self.more = path, [], [], "en", 0
        self.dashes, self.invisible = Tally(), Tally()  # cells read as 0 from a dash, text cleared of invisible marks

    @property
    def lang(self) -> str:
        """The language of what is said of the table: --lang if given, else Chinese for Chinese headers."""
        return asked_lang() or self.detected

    def add(self, key: str, summary: bool = False, **fields):
        """Record a problem, the catalogue's message ``key`` (``sim.wording.say``), worded when raised in
        the table's language; a ``summary`` one (a whole column) is shown before the rows' own."""
        if summary:
            self.summary.append((key, fields))
        elif len(self.items) < MAX_ERRORS:
            self.items.append((key, fields))
        else:
            self.more += 1

    def raise_any(self, notes: list[tuple[str, dict]]):
        """One InputError: the problem itself when there is one; else one line that counts them and
        shows the first (summary ones first) as far as the line goes, and every one, a line each, in
        its ``problems``, with the reader's ``notes`` that may explain them (``edusim check`` prints both)."""
        found = self.summary + self.items
        if not found:
            return
        items = [say(key, self.lang, **fields) for key, fields in found]
        notes = [say(key, self.lang, **fields) for key, fields in notes]
        if self.more:
            items.append(say("more_problems", self.lang, n=self.more))
        count = len(found) + self.more
        if count == 1:
            raise InputError(items[0], self.lang, items, notes=notes)
        head = say("problems", self.lang, path=self.path, n=count)
        tail = say("problems_all", self.lang, path=self.path)
        room = MAX_ERROR_TEXT - len(head) - len(tail) - 4
        first = items[0] if len(items[0]) <= room else items[0][:max(room - 3, 0)] + "..."
        raise InputError(say("problems_line", self.lang, head=head, first=first, tail=tail), self.lang, items, count,
                         notes)


class Tally:
    """Cells the reader changed in one way: how many, and the first (for the note that names it)."""

    def __init__(self):
        self.n, self.first = 0, None

    def add(self, **cell):
        self.n += 1
        self.first = self.first or cell


@dataclass
class Column:
    key: str
    header: str
    factor: float  # stated unit -> schema unit
    unit: str


def read_school_table(path: str | Path, accept_units: bool = False) -> UserCounty:
    """Read, convert and validate one county's school table; InputError listing every problem found.

    A table of several counties (a ``county`` column with more than one name) is refused here:
    each county is assessed on its own, so ``read_counties`` reads such a table."""
    return one_county(path, read_counties(path, accept_units))


def one_county(path, counties: list[UserCounty]) -> UserCounty:
    if len(counties) > 1:
        names = ", ".join(c.county for c in counties[:5]) + (", ..." if len(counties) > 5 else "")
        raise InputError(say("several_counties", counties[0].lang, path=path, n=len(counties), names=names),
                         counties[0].lang)
    return counties[0]


def read_counties(path: str | Path, accept_units: bool = False) -> list[UserCounty]:
    """Every county of a school table, each its own ``UserCounty`` in the order first met; rows of
    a table of several counties must each name their county (nothing is pooled across counties)."""
    path = Path(path)
    sheets = read_sheets(path)
    problems, notes = Problems(path), []
    records, county_title, titles_all = [], "", []
    tables = 0
    for sheet in sheets:
        if sheet.hidden:
            notes.append(("sheet_hidden", {"sheet": sheet.name}))
            continue
        found = _header(sheet)
        if found is None:
            if sheet.name is not None and any(any(_text(c) for c in r) for r in sheet.rows):
                notes.append(("sheet_no_header", {"sheet": sheet.name}))
            continue
        tables += 1
        head, columns, ignored, hint, top = found
        if any(aliases.has_chinese(c.header) for c in columns.values()):
            problems.detected = "zh"  # a Chinese header anywhere: the table's messages are Chinese
        titles = [" ".join(_text(c) for c in r if _text(c)) for r in sheet.rows[:top]]  # above a two-row header
        titles = [t for t in titles if t]
        titles_all += titles
        if titles:
            notes.append(("title_rows", {"where": sheet.place(0), "n": len(titles), "title": titles[0]}))
            county_title = county_title or _county_from_title(titles[0])
        shown = [c.header for j, c in columns.items() if j in sheet.hidden_columns]
        if shown:
            notes.append(("columns_hidden", {"where": sheet.place(head), "n": len(shown), "columns": "、".join(shown)}))
        if ignored:
            notes.append(("ignored_columns", {"where": sheet.place(head), "columns": ("、" if any(
                aliases.has_chinese(c.header) for c in columns.values()) else ", ").join(ignored)}))
        if sheet.encoding == "gb18030":
            notes.append(("read_gbk", {"path": path}))
        records += _records(sheet, head, columns, problems, notes, hint)
        sheet.rows = []  # read: its cells need not stay in memory beside the records
    lang = problems.lang
    if not tables:
        raise InputError(say("no_header", name_lang(path), path=path), name_lang(path))
    parts = _split_parts(records, problems, notes)
    named = {p["text"].get("county", "") for p in parts} - {""}
    if len(named) > 1:
        for p in parts:
            if not p["text"].get("county"):
                problems.add("county_empty", where=p["where"])
    default = named.pop() if len(named) == 1 else county_title or path.stem
    groups: dict[str, list[dict]] = {}
    for p in parts:
        groups.setdefault(p["text"].get("county") or default, []).append(p)
    for group in groups.values():
        _check_table(path, group, problems, accept_units, notes, len(groups) > 1)
    if problems.dashes.n:
        notes.append(("dashes", {"n": problems.dashes.n, "first": say("cell", lang, **problems.dashes.first)}))
    if problems.invisible.n:
        notes.append(("invisible", {"n": problems.invisible.n, "first": say("cell", lang, **problems.invisible.first)}))
    problems.raise_any(notes)
    if not parts:
        raise InputError(say("no_rows", lang, path=path), lang)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    year, said = data_year(titles_all, path)
    if year:
        notes.append(("data_year", {"path": path, "year": year, "said": said}))
    worded = [say(key, lang, **fields) for key, fields in notes]
    TABLES_READ.append((str(path), lang))
    return [_county(path, name, group, sha, worded, lang, year) for name, group in groups.items()]



def _county(path: Path, name: str, parts: list[dict], sha: str, notes: list, lang: str, year: int | None
            ) -> UserCounty:
    keys = {k for p in parts for k in p["values"]}

    def text(key):
        return [p["text"].get(key, "") for p in parts]

    return UserCounty(
        path=str(path), school=text("school"), stage=np.array([STAGES.index(p["stage"]) for p in parts]),
        enrollment=np.array([p["enrollment"] for p in parts], dtype=float),
        counts={k: np.array([p["values"][k] for p in parts], dtype=float)
                for k in COUNT_COLUMNS + ASSESSMENT_COLUMNS + PLANNING_COLUMNS if k in keys},
        community=text("community"), role=text("role"), location=text("location"), county=name,
        sha256=sha, parent=text("parent"), notes=notes, lang=lang, rows=[p["where"] for p in parts], year=year)


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.isascii():  # NFKC changes no ASCII text
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime.datetime) and cell.time() == datetime.time():  # a 填报日期 cell: the day alone
        cell = cell.date()
    return unicodedata.normalize("NFKC", str(cell)).strip()


def merged_down(upper, lower) -> list:
    """A two-row header as one: each cell of ``lower``, or where it is empty the cell above it (a
    column name merged down over both rows, under which a spreadsheet leaves the lower cell empty)."""
    lower = list(lower) + [None] * (len(upper) - len(lower))  # rows are read without their empty tails
    return [c if _text(c) else (upper[j] if j < len(upper) else c) for j, c in enumerate(lower)]


def _header(sheet: Sheet):
    """``(row, {index: Column}, ignored headers, stage hint, first row)`` of the first of the sheet's
    first 15 rows that names at least two schema columns and the most of them, alone or merged down
    from the row above it (a two-row header, whose first row is that one); None when no row does."""
    def names(row):
        return sum(aliases.header_key(_text(c))[0] is not None for c in row if _text(c))

    best, best_n, header_row, top = None, 1, None, None
    for i, row in enumerate(sheet.rows[:15]):
        for above, cells in ((0, row), (1, merged_down(sheet.rows[i - 1], row) if i else None)):
            n = names(cells) if cells is not None else 0
            if n > best_n:
                best, best_n, header_row, top = i, n, cells, i - above
    if best is None:
        return None
    while top > 0 and names(sheet.rows[top - 1]) >= 2:  # merged down into it already: the header's first row
        top -= 1
    lang = asked_lang() or ("zh" if any(aliases.has_chinese(_text(c)) for c in header_row) else "en")
    columns, ignored, seen, ratios = {}, [], {}, []
    for j, cell in enumerate(header_row):
        header = _text(cell)
        if not header:
            continue
        key, unit = aliases.header_key(header)
        ratio = aliases.ratio_of(header)
        if ratio is not None and ratio not in TEXT_COLUMNS:
            ratios.append((header, ratio))
            continue
        if key is None:
            close = difflib.get_close_matches(header, KNOWN_COLUMNS, n=1, cutoff=0.75)
            ignored.append(say("did_you_mean", lang, header=header, close=close[0]) if close else
                           ("“{}”" if lang == "zh" else "'{}'").format(header))
            continue
        if key in seen:  # two wordings of one column: the official one is kept
            official = aliases.normalise(aliases.split_unit(header)[0]) == aliases.normalise(HEADER_NAME[key])
            drop = next(i for i, c in columns.items() if c.key == key) if official else None
            ignored.append(say("same_column", lang, header=columns[drop].header if official else header,
                               kept=header if official else seen[key]))
            if not official:
                continue
            del columns[drop]
        seen[key] = header
        try:
            factor = aliases.unit_factor(key, unit) if key not in TEXT_COLUMNS else 1.0
        except aliases.UnitError as e:
            raise InputError(say("header_unit", lang, where=sheet.place(best), field=header,
                                 why=say(e.key, lang, **e.fields)), lang) from None
        columns[j] = Column(key, header, factor, unit)
    for header, ratio in ratios:  # a per-pupil column beside its total is only a copy; alone, it is no count
        if ratio in seen:
            ignored.append(say("ratio_copy", lang, header=header, total=seen[ratio]))
        else:
            raise InputError(say("ratio_alone", lang, where=sheet.place(best), field=header,
                                 total=HEADER_NAME[ratio] if lang == "zh" else f"{ratio} / {HEADER_NAME[ratio]}"), lang)
    hint = stage_hint(sheet, best)
    _check_columns(sheet, best, columns, ignored, hint, lang)
    return best, columns, ignored, hint, top


def stage_hint(sheet: Sheet, head: int) -> str:
    """The stage all of a sheet's rows share when it has no 学段 column: from the sheet's name (小学,
    初中), a line above the header (学段：小学, or a title ending （初中）), or the file's name when it
    names one stage only; "" when none does."""
    if sheet.name is not None and aliases.value_key("stage", sheet.name) in STAGES:
        return sheet.name
    above = " ".join(_text(c) for row in sheet.rows[:head] for c in row if _text(c))
    m = re.search(r"学段[:：]\s*(小学|初中)|[(（](小学|初中)[)）]", above)
    if m:
        return m.group(1) or m.group(2)
    named = [w for w in ("小学", "初中") if w in Path(sheet.path).stem]
    return named[0] if len(named) == 1 else ""


def _check_columns(sheet, head, columns, ignored, hint: str, lang: str):
    keys = {c.key for c in columns.values()}
    need = ["school"] + ([] if hint else ["stage"]) + list(HQ_COLUMNS)
    if not keys & {"enrollment", *ENROLLMENT_PARTS}:
        need.insert(2, "enrollment")
    missing = [c for c in need if c not in keys]
    if missing:
        also = say("missing_ignored", lang, columns=", ".join(ignored)) if ignored else ""
        names = ("；".join(aliases.HEADER_ALIASES[c][0] for c in missing) if lang == "zh" else
                 ", ".join(f"{c} / {aliases.HEADER_ALIASES[c][0]}" for c in missing))
        raise InputError(say("missing_columns", lang, where=sheet.place(head), columns=names, ignored=also), lang)


_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def data_year(titles: list[str], path: Path) -> tuple[int | None, str]:
    """The year of the data, ``(year, the text that says it)``: the first year 2000-2099 in the rows
    above the header (the title "示例县2024年…统计表", a 填报日期 row), else in the file name."""
    for text in [*titles, path.name]:
        found = _YEAR.search(text)
        if found:
            return int(found.group(1)), text[:60]
    return None, ""


def _county_from_title(title: str) -> str:
    """"安康市紫阳县2024年…" -> "紫阳县": the last county-level name before the year or the subject."""
    head = re.split(r"\d|义务教育|学校|中小学", title, maxsplit=1)[0]
    county = re.findall(r"[\u4e00-\u9fff]{1,8}?(?:自治县|县|区|旗)", head)
    if county:
        return re.sub(r"^.*[省市州盟](?=.)", "", county[-1])  # the province or city before it dropped
    city = re.findall(r"[\u4e00-\u9fff]{1,8}?市", head)
    return city[-1] if city else ""


#: What a spreadsheet writes in a cell whose formula failed: never a number, never a school.
ERROR_VALUES = ("#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN = re.compile(r"[ \t]*[0-9]+(\.[0-9]*)?[ \t]*")


def _not_plain(raw: str, text: str) -> tuple[str, dict] | None:
    """Why a number's text cannot be read without guessing, as a catalogue message (None when it can):
    a spreadsheet error, a comma that is no thousands separator (7600,5: a decimal comma?), or
    superscript or subscript digits (which Unicode folding would turn into plain ones: 10² is not 102)."""
    if text.upper() in ERROR_VALUES:
        return "formula_error", {"value": text}
    if "," in text and not _THOUSANDS.fullmatch(text):
        return "decimal_comma", {"value": text, "point": text.replace(",", ".")}
    if any(unicodedata.decomposition(ch).startswith(("<super>", "<sub>")) for ch in raw):
        return "superscript", {"value": raw}
    return None


#: Cells a form fills with a dash or a slash where there is none: read as 0, with a note.
DASHES = ("-", "—", "/", "－", "–", "——")


def _field(rec: dict, key: str) -> str:
    """The header of ``key`` as the user wrote it in this row's sheet (the key itself when none)."""
    return rec.get("headers", {}).get(key, key)


def _number(cell, where: str, field: str, factor: float, problems: Problems, key: str = ""):
    """A cell as a number in the schema's unit, or None after recording the problem."""
    if isinstance(cell, bool):
        cell = str(cell)
    if isinstance(cell, (int, float)):
        value = float(cell)
    elif isinstance(cell, str) and _PLAIN.fullmatch(cell):  # most cells: ASCII digits, nothing to fold or doubt
        value = float(cell)
    else:
        text = _text(cell)
        if text in DASHES:  # the form's way of writing none
            problems.dashes.add(where=where, field=field)
            return 0.0
        if not text:
            problems.add("empty_number", where=where, field=field)
            return None
        why = _not_plain(str(cell), text)
        if why:
            problems.add(why[0], where=where, field=field, **why[1])
            return None
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            problems.add("not_number", where=where, field=field, value=text)
            return None
    if not np.isfinite(value) or abs(value) > 1e12:
        problems.add("not_finite", where=where, field=field, value=cell)
        return None
    if value < 0:
        problems.add("not_positive" if "enrollment" in (key or field) else "negative", where=where, field=field,
                     value=cell)
        return None
    return value * factor


def _records(sheet: Sheet, head: int, columns: dict, problems: Problems, notes: list, hint: str) -> list[dict]:
    """One dict per school row of the sheet: text fields, numbers in schema units, where it came from."""
    out, width = [], len(sheet.rows[head])
    zh = problems.lang == "zh"
    hidden, shown = set(sheet.hidden_rows), []  # hidden rows read as schools (a 合计 row is skipped as ever)
    headers = {c.key: c.header for c in columns.values()}  # one dict for every row (a sheet may have 500,000)
    data_row = 0
    for i in range(head + 1, len(sheet.rows)):
        cells = list(sheet.rows[i])
        if not any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
            continue
        data_row += 1
        if data_row == 1 and aliases.is_column_number_row(cells):
            notes.append(("column_numbers", {"where": sheet.place(i)}))
            continue
        if aliases.is_total_row(cells) or aliases.is_footnote_row(cells):
            kind = "total_row" if aliases.is_total_row(cells) else "footnote_row"
            notes.append((kind, {"where": sheet.place(i), "text": _text(next(c for c in cells if _text(c)))[:30]}))
            continue
        if sheet.name is None and len(cells) != width:
            problems.add("row_width", where=sheet.place(i), row=data_row, width=width, found=len(cells))
            continue
        if i in hidden:
            shown.append(i + 1)
        cells += [None] * (max(width, max(columns, default=-1) + 1) - len(cells))  # a column named only above
        rec = {"text": {}, "values": {}, "zh": zh, "failed": set(), "headers": headers}
        for j, col in columns.items():
            if col.key in TEXT_COLUMNS:
                written = _text(cells[j])
                rec["text"][col.key] = aliases.INVISIBLE.sub("", written)  # look-alike names are one name
                if rec["text"][col.key] != written:
                    problems.invisible.add(where=sheet.place(i), field=col.header)
        name = rec["text"].get("school", "")
        where = (say("row", "zh" if zh else "en", where=sheet.place(i), n=data_row) if sheet.name is None
                 else sheet.place(i)) + (f" ({name})" if name else "")
        rec["where"] = where
        if not name:
            problems.add("empty", where=where, field=_field(rec, "school"))
            continue
        if name.upper() in ERROR_VALUES:
            problems.add("school_error_value", where=where, field=_field(rec, "school"), value=name)
            continue
        stage_text = rec["text"].get("stage", "") or hint
        rec["stage"] = aliases.value_key("stage", stage_text)
        if rec["stage"] is None:
            problems.add("bad_stage", where=where, field=_field(rec, "stage"), value=stage_text)
        kind = rec["text"].pop("school_type", "")
        if aliases.value_key("school_type", kind) == "teaching_point" and not rec["text"].get("role"):
            rec["text"]["role"] = "教学点"  # 学校类别 says so; the role column, when given, decides
        for field_, choices in (("location", LOCATIONS), ("role", ROLES)):
            raw = rec["text"].get(field_, "")
            if raw:
                value = aliases.value_key(field_, raw)
                if value is None:
                    problems.add("bad_choice", where=where, field=_field(rec, field_), words=_choices(field_, choices, zh),
                                 value=raw)
                rec["text"][field_] = value or ""
        for j, col in columns.items():
            if col.key not in TEXT_COLUMNS and not (col.key in ("enrollment", *ENROLLMENT_PARTS)
                                                    and not _text(cells[j])):
                value = _number(cells[j], where, col.header, col.factor, problems, col.key)
                if value is None:
                    rec["failed"].add(col.key)
                else:
                    rec["values"][col.key] = value
        out.append(rec)
    if shown:
        comma = "、" if zh else ", "
        notes.append(("rows_hidden", {"where": sheet.place(shown[0] - 1), "n": len(shown),
                                      "rows": comma.join(map(str, shown[:20])) + (comma + "..." if len(shown) > 20 else "")}))
    return out


def _choices(field: str, choices, zh: bool) -> str:
    """The values a column takes, as its user writes them: the Chinese word and its national codes
    (城区（111、112）), with the English key in English."""
    def words(c):
        known = aliases.VALUE_ALIASES[field][c]
        codes = [w for w in known if w.isdigit()]
        return known[0] + ((f"（{'、'.join(codes)}）" if zh else f" ({', '.join(codes)})") if codes else "")

    return "、".join(map(words, choices)) if zh else "; ".join(f"{c} / {words(c)}" for c in choices)


def _split_parts(records: list[dict], problems: Problems, notes: list) -> list[dict]:
    """School parts, one per stage: a nine-year row becomes a primary and a junior part, a complete
    secondary school keeps its junior part; shared counts split by pupils weighted 1 : 1.1 (1 : 1.2)."""
    parts = []
    for rec in records:
        stage, values, where = rec["stage"], rec["values"], rec["where"]
        pupils = {k: values.pop(k) for k in ("enrollment", *ENROLLMENT_PARTS) if k in values}
        if stage is None or rec["failed"] & {"enrollment", *ENROLLMENT_PARTS}:
            continue
        if stage == "nine_year":
            a, b = pupils.get("primary_enrollment", 0), pupils.get("junior_enrollment", 0)
            if not (a > 0 and b > 0):
                problems.add("nine_year_pupils", where=where)
                continue
            share = a / (a + JUNIOR_WEIGHT * b)
            notes.append(("nine_year_split", {"where": where, "a": a, "b": b, "share": share, "rest": 1 - share,
                                              "weight": JUNIOR_WEIGHT}))
            primary, junior = _share(values, share)
            if "classes" in values:  # classes follow the pupils themselves, not the weighted shares
                primary["classes"] = float(np.round(values["classes"] * a / (a + b)))
                junior["classes"] = values["classes"] - primary["classes"]
            if values.get("teachers", 0) >= 2:  # each part keeps at least one of the school's teachers
                moved = max(0.0, 1 - primary["teachers"]) - max(0.0, 1 - junior["teachers"])
                primary["teachers"] += moved
                junior["teachers"] -= moved
                for key in TEACHER_COLUMNS[1:]:  # and no part more teachers of a kind than teachers
                    if key in values:
                        shift = max(0.0, primary[key] - primary["teachers"]) - max(0.0, junior[key] - junior["teachers"])
                        primary[key] -= shift
                        junior[key] += shift
            parts += [_part(dict(rec, text=dict(rec["text"])), "primary", a, primary), _part(rec, "junior", b, junior)]
            continue
        if stage == "complete_secondary":
            c = pupils.get("senior_enrollment", 0)
            # the junior pupils: given, else the school's pupils less its senior ones
            b = pupils.get("junior_enrollment", pupils.get("enrollment", 0) - c)
            share = b / (b + SENIOR_WEIGHT * c) if b > 0 else 0.0
            notes.append(("complete_secondary_share", {"where": where, "b": b, "share": share, "weight": SENIOR_WEIGHT})
                         if c else ("complete_secondary", {"where": where, "b": b}))
            stage, values = "junior", _share(values, share)[0]
        else:
            b = pupils.get("enrollment", pupils.get(f"{stage}_enrollment", 0))
        if "enrollment" not in pupils and f"{stage}_enrollment" not in pupils and "junior_enrollment" not in pupils:
            problems.add("empty", where=where, field=_field(rec, "enrollment"))
            continue
        if b <= 0 or b != int(b):
            problems.add("not_positive" if b <= 0 else "pupils_not_whole", where=where, field=_field(rec, "enrollment"),
                         value=b)
            continue
        parts.append(_part(rec, stage, b, values))
    return parts


def _share(values: dict, share: float) -> tuple[dict, dict]:
    """``values`` split into ``share`` and the rest; whole counts rounded so that the two add up."""
    first = {k: (float(np.round(v * share)) if k in WHOLE_COLUMNS else v * share) for k, v in values.items()}
    return first, {k: v - first[k] for k, v in values.items()}


def _part(rec: dict, stage: str, pupils: float, values: dict) -> dict:
    """``rec`` made a school part (in place: a table may have 500,000 rows)."""
    rec.update(stage=stage, enrollment=float(pupils), values=values)
    return rec


def _check_table(path, parts: list[dict], problems: Problems, accept_units: bool, notes: list,
                 named: bool = False):
    """One county's rows: whole numbers, teachers within staff, one row per school and stage,
    parents that exist in the county, and county medians plausible for each column's unit
    (``named``: the messages name the county, for a table of several)."""
    seen = {}
    per = {i.key: i.per for i in HIGH_QUALITY + BASIC} | {k: 100 for k in ASSESSMENT_COLUMNS} | {"spare_land_m2": 1}
    for p in parts:
        where, v = p["where"], p["values"]
        if p["enrollment"] > MAX_PUPILS:
            problems.add("pupils_too_many", where=where, field=_field(p, "enrollment"), value=p["enrollment"],
                         limit=MAX_PUPILS)
        for key, value in v.items():  # a row no school can have, whatever the unit (and memory stays bounded)
            cap = PLAUSIBLE[key][1] * ROW_SLACK * max(p["enrollment"], 10.0) / per[key]
            if value > cap:
                problems.add("row_implausible", where=where, field=_field(p, key), value=value, pupils=p["enrollment"],
                             cap=cap)
        for key in TEACHER_COLUMNS + ASSESSMENT_COLUMNS + ("multimedia_rooms",):
            if key in v and v[key] != int(v[key]):
                problems.add("not_whole", where=where, field=_field(p, key), value=v[key])
        if v.get("teachers", 1) < 1:
            problems.add("no_teacher", where=where, field=_field(p, "teachers"), pupils=p["enrollment"])
        if "teachers" in v:
            for key in TEACHER_COLUMNS[1:]:
                if key in v and v[key] > v["teachers"]:
                    problems.add("more_than_teachers", where=where, field=_field(p, key), value=v[key],
                                 teachers=v["teachers"])
        ident = (p["text"]["school"], p["stage"])
        if ident in seen:
            problems.add("duplicate", where=where, field=_field(p, "school"), school=ident[0], stage=ident[1],
                         first=seen[ident])
        seen.setdefault(ident, where)
    names = {p["text"]["school"] for p in parts}
    for p in parts:
        parent = p["text"].get("parent", "")
        if parent and parent not in names:
            problems.add("parent_unknown", where=p["where"], field=_field(p, "parent"), parent=parent)
        elif parent and (parent, p["stage"]) not in seen:
            problems.add("parent_no_stage", where=p["where"], field=_field(p, "parent"), parent=parent, stage=p["stage"])
        elif parent and not p["text"].get("role"):
            p["text"]["role"] = "teaching_point"
    by_name = {(p["text"]["school"], p["stage"]): p for p in parts}
    for p in parts:  # a point's parent is a school, never a point: no chains, no cycles
        above = by_name.get((p["text"].get("parent", ""), p["stage"]))
        if above is not None and (above["text"].get("parent") or above["text"].get("role") == "teaching_point"):
            problems.add("parent_is_point", where=p["where"], field=_field(p, "parent"), parent=above["text"]["school"])
    for p in parts:
        point = p["text"].get("role") == "teaching_point"
        if point and not p["text"].get("parent"):
            notes.append(("point_no_parent", {"where": p["where"]}))
        elif not point and p["text"]["school"].endswith("教学点"):
            notes.append(("point_unmarked", {"where": p["where"]}))
    if not parts:
        return
    pupils = np.array([p["enrollment"] for p in parts])
    for key, (lo, hi) in PLAUSIBLE.items():
        have = np.array([key in p["values"] for p in parts])
        if not have.any():
            continue
        med = float(np.median([p["values"][key] for p in parts if key in p["values"]] / pupils[have] * per[key]))
        if lo <= med <= hi or med == 0:  # no unit makes zeros plausible or not: the standards judge them
            continue
        lang = problems.lang
        unit = _likely_unit(key, med, lo, hi)
        fields = {"path": path, "county": f" ({parts[0]['text'].get('county')})" if named else "",
                  "field": _field(parts[0], key), "median": med, "per": say("per_100" if per[key] == 100 else "per_pupil",
                                                                             lang),
                  "lo": lo, "hi": hi, "hint": say("looks_like", lang, unit=unit) if unit else "",
                  "example": f"{aliases.HEADER_ALIASES[key][0]}（{unit or _unit_example(key)}）"}  # the unit it looks like
        if accept_units:
            notes.append(("accepted_units", {"message": say("column_unit", lang, **fields)}))
        else:
            problems.add("column_unit", summary=True, **fields)
    _row_units(parts, pupils, per, problems, notes, accept_units)


def _row_units(parts, pupils, per, problems, notes, accept_units):
    """A row whose value, per pupil, is a hundredth of the county median or less while the column's
    median is plausible: one school typed in another unit (万元 under a 元 header, 亩 under m2). An
    error naming the school, the header as written, the value and the likely unit."""
    for key in ("equipment_yuan", "teaching_space_m2", "sports_area_m2", "books"):
        rows = [i for i, p in enumerate(parts) if p["values"].get(key, 0) > 0]
        if len(rows) < 3:
            continue
        ratio = np.array([parts[i]["values"][key] / pupils[i] * per[key] for i in rows])
        med = float(np.median(ratio))
        lo, hi = PLAUSIBLE[key]
        if not lo <= med <= hi:
            continue  # the column as a whole is judged above
        for i, r in zip(rows, ratio):
            if r > med / 100:
                continue
            p = parts[i]
            header = _field(p, key)
            dim = aliases.DIMENSION[key]
            unit = min((u for u, (d, f) in aliases.UNITS.items() if d == dim and f > 1),
                       key=lambda u: abs(np.log(r * aliases.UNITS[u][1] / med)), default="")
            fields = {"where": p["where"], "field": header, "value": p["values"][key], "ratio": r, "median": med,
                      "hint": say("row_looks_like", problems.lang, unit=unit) if unit else ""}
            if accept_units:
                notes.append(("accepted_units", {"message": say("row_unit", problems.lang, **fields)}))
            else:
                problems.add("row_unit", **fields)


#: National per-pupil values of 2021 (balance-index.md: 5.0 m2, 8.2 m2, 2,285 yuan; books an
#: assumption of the order of the standards), only to pick the likeliest unit for a message.
TYPICAL = {"equipment_yuan": 2285.0, "teaching_space_m2": 5.0, "sports_area_m2": 8.2, "books": 30.0}


def _likely_unit(key: str, median: float, lo: float, hi: float) -> str:
    """The unit a column whose county median is implausible was most likely written in ("" for none)."""
    dim = aliases.DIMENSION.get(key, "count")
    fits = [u for u, (d, f) in aliases.UNITS.items() if d == dim and f != 1.0 and lo <= median * f <= hi]
    if not fits:
        return ""
    return min(fits, key=lambda u: abs(np.log(median * aliases.UNITS[u][1] / TYPICAL[key])))


def _unit_example(key: str) -> str:
    return {"money": "万元", "area": "平方米", "books": "册"}.get(aliases.DIMENSION.get(key, "count"), "个")
