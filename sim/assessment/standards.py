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
