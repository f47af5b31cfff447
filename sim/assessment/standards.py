"""The national indicators, standards and thresholds of the county balance evaluation.

Everything here is transcribed from the 2012 (basic balance) and 2017 (high-quality
balance) evaluation methods as summarised in ``shared/brief/balance-index.md``; the
simulator never hard-codes these numbers anywhere else.
"""

from dataclasses import dataclass

STAGES = ("primary", "junior")


@dataclass(frozen=True)
class Indicator:
    key: str  # CSV column holding the school's count or total
    label: str
    per: int  # 1 = per student, 100 = per 100 students
    unit: str


#: The 7 resource indicators of high-quality balance (2017 method), in the official order.
HIGH_QUALITY = (
    Indicator("teachers_above_degree", "teachers above required degree", 100, "per 100 students"),
    Indicator("backbone_teachers", "backbone teachers (county level+)", 100, "per 100 students"),
    Indicator("pe_art_teachers", "PE, music and art teachers", 100, "per 100 students"),
    Indicator("teaching_space_m2", "teaching and auxiliary space", 1, "m2 per student"),
    Indicator("sports_area_m2", "sports grounds and halls", 1, "m2 per student"),
    Indicator("equipment_yuan", "instruments and equipment", 1, "yuan per student"),
    Indicator("multimedia_rooms", "networked multimedia classrooms", 100, "per 100 students"),
)

#: Per-school standards of the 2017 method, by stage.
STANDARDS = {
    "primary": {
        "teachers_above_degree": 4.2, "backbone_teachers": 1.0, "pe_art_teachers": 0.9,
        "teaching_space_m2": 4.5, "sports_area_m2": 7.5, "equipment_yuan": 2000.0,
        "multimedia_rooms": 2.3,
    },
    "junior": {
        "teachers_above_degree": 5.3, "backbone_teachers": 1.0, "pe_art_teachers": 0.9,
        "teaching_space_m2": 5.8, "sports_area_m2": 10.2, "equipment_yuan": 2500.0,
        "multimedia_rooms": 2.4,
    },
}

#: High-quality balance: every indicator's CV at or below this, by stage.
HQ_CV_THRESHOLD = {"primary": 0.50, "junior": 0.45}
#: High-quality balance, per school: at least this many of the 7 standards met ...
HQ_MIN_STANDARDS_MET = 6
#: ... and the remaining one(s) at least this share of the standard.
HQ_MIN_SHARE_OF_STANDARD = 0.85

_BY_KEY = {i.key: i for i in HIGH_QUALITY}
#: The 8 indicators of basic balance (2012 method); the composite is their plain mean CV.
BASIC = (
    _BY_KEY["teaching_space_m2"],
    _BY_KEY["sports_area_m2"],
    _BY_KEY["equipment_yuan"],
    Indicator("computers", "computers", 100, "per 100 students"),
    Indicator("books", "library books", 1, "books per student"),
    Indicator("teachers", "full-time teachers", 100, "per 100 students"),
    _BY_KEY["teachers_above_degree"],
    Indicator("senior_title_teachers", "teachers with intermediate-or-higher title", 100, "per 100 students"),
)
#: Basic balance passes when the composite CV is at or below this, by stage.
BASIC_COMPOSITE_THRESHOLD = {"primary": 0.65, "junior": 0.55}

#: Every count column a school table may carry, in a stable order.
COUNT_COLUMNS = tuple(dict.fromkeys(i.key for i in HIGH_QUALITY + BASIC))
#: The columns that describe teachers (derived from the roster inside the simulation).
TEACHER_COLUMNS = ("teachers", "teachers_above_degree", "backbone_teachers", "pe_art_teachers",
                   "senior_title_teachers")
#: The columns that are physical stocks bought with budgets.
STOCK_COLUMNS = tuple(c for c in COUNT_COLUMNS if c not in TEACHER_COLUMNS)

# -- The rest of the 2017 method (教督〔2017〕6号): per-school and county rules beyond the 7 CVs --
#: Government assurance 4: pupils of a school (all its compulsory stages on one site) at most ...
MAX_SCHOOL_PUPILS = 2000
#: ... or this many for a nine-year (or twelve-year) school.
MAX_SCHOOL_PUPILS_NINE_YEAR = 2500
#: Government assurance 5: pupils in any class at most, by stage.
MAX_CLASS_PUPILS = {"primary": 45, "junior": 50}
#: Grades of each stage (the 6 + 3 system).
GRADES = {"primary": 6, "junior": 3}
#: Government assurance 3: one music room and one art room (at least) per this many classes.
CLASSES_PER_SPECIAL_ROOM = 12
#: The special-room stocks and the floor area each room must have (m2).
SPECIAL_ROOMS = {"music_rooms": 96.0, "art_rooms": 90.0}
#: Government assurance 6: small village schools and teaching points funded as if they had this many pupils.
SMALL_SCHOOL_FUNDED_AS = 100
#: Government assurance 9: training hours each teacher completes per cycle of this many years.
TRAINING_HOURS_PER_CYCLE, TRAINING_CYCLE_YEARS = 360, 5
#: Government assurance 11: teachers exchanged a year, share of those eligible, at least ...
MIN_EXCHANGE_RATE = 0.10
#: ... and county-level-or-higher backbone teachers, share of those exchanged, at least.
MIN_EXCHANGE_BACKBONE_SHARE = 0.20
#: Education quality 4: teacher-training money, share of each school's yearly public funds, at least.
MIN_TRAINING_FUNDS_SHARE = 0.05
#: Education quality 9: the between-school difference rate of the quality monitoring, below.
MAX_DIFFERENCE_RATE = 0.15
