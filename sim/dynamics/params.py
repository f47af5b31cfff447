"""Parameters with their default, unit, plausible range and source, checked on the way in.

The same declarations feed the model, the scenario validator (unknown keys are errors
that suggest close ones) and the parameter tables of ``docs/model.md``
(``python -m sim.dynamics.params`` prints them; a test keeps the doc in step).
"""

import collections
import difflib
import math
from dataclasses import dataclass

from sim.data.errors import InputError


@dataclass(frozen=True)
class Param:
    default: object
    unit: str
    low: float | None
    high: float | None
    source: str
    doc: str
    choices: tuple = ()

    def check(self, name: str, value, where: str):
        """Return ``value`` coerced to the default's type, or raise InputError naming ``where``."""
        kind = type(self.default)
        if kind is bool:
            if not isinstance(value, bool):
                raise InputError.worded("key_bool", where=where, key=name, value=repr(value)[:80])
            return value
        if kind in (int, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InputError.worded("not_a_number", where=where, name=name, unit=self.unit, value=repr(value))
            if not math.isfinite(value):
                raise InputError.worded("not_finite_param", where=where, name=name, unit=self.unit, value=repr(value))
            if kind is int and value != int(value):
                raise InputError.worded("whole_number", where=where, key=name, value=repr(value)[:40])
            if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
                raise InputError.worded("out_of_range", where=where, name=name, value=value, low=self.low,
                                        high=self.high, unit=self.unit)
            return kind(value)
        if self.choices and value not in self.choices:
            raise InputError.worded("key_choice", where=where, key=name, options=", ".join(self.choices), value=repr(value)[:80])
        if not isinstance(value, kind):
            raise InputError.worded("key_type", where=where, key=name, kind=kind.__name__, value=repr(value)[:80])
        return value


def unknown_key_error(key: str, known, where: str) -> InputError:
    """The error for a key nobody declared, with the close ones suggested."""
    key = str(key)  # a value from a file may be a number, a list, a table
    close = difflib.get_close_matches(key, [str(k) for k in known], n=3, cutoff=0.6)
    if close:
        return InputError.worded("unknown_key_close", where=where, key=key,
                                 close=tuple(close))
    return InputError.worded("unknown_key", where=where, key=key, known=", ".join(sorted(str(k) for k in known)))


def given_twice(items) -> list:
    """The items named more than once, sorted (a later one would silently win, or count twice)."""
    return sorted(k for k, n in collections.Counter(items).items() if n > 1)


def check_keys(table, allowed, where: str):
    """A table (dict) whose every key is ``allowed``; else the error naming the key and its close ones."""
    if not isinstance(table, dict):
        raise InputError.worded("not_table", where=where, value=repr(table)[:80])
    for key in table:
        if key not in allowed:
            raise unknown_key_error(key, allowed, where)


def whole_number(value, where: str, key: str, low: int = 0, high: int | None = None) -> int:
    """``value`` if it is a whole number from ``low`` to ``high``, else the error that says so."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        if high is None:
            raise InputError.worded("whole_at_least", where=where, key=key, low=f"{low:,}", value=repr(value))
        raise InputError.worded("whole_between", where=where, key=key, low=f"{low:,}", high=f"{high:,}",
                                value=repr(value))
    return value


def finite_number(value, where: str, key: str, low: float | None = None, high: float | None = None) -> float:
    """``value`` if it is a finite number within [``low``, ``high``], else the error that says so."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or (low is not None and value < low) or (high is not None and value > high):
        raise InputError.worded("finite_number", where=where, key=key, low="-inf" if low is None else low,
                                high="inf" if high is None else high, value=repr(value)[:40])
    return float(value)


def resolve(declared: dict[str, Param], given: dict, where: str) -> dict:
    """Defaults overlaid with ``given``, every key known and every value in range."""
    out = {k: p.default for k, p in declared.items()}
    for key, value in given.items():
        if key not in declared:
            raise unknown_key_error(key, declared, where)
        out[key] = declared[key].check(key, value, where)
    return out


def markdown_table(declared: dict[str, Param]) -> str:
    """The ODD parameter table for ``docs/model.md``."""
    rows = ["| name | default | unit | range | source | meaning |", "|---|---|---|---|---|---|"]
    for name, p in declared.items():
        rng = "" if p.low is None and p.high is None else f"{_fmt(p.low)} to {_fmt(p.high)}"
        rows.append(f"| `{name}` | {_fmt(p.default)} | {p.unit} | {rng} | {p.source} | {p.doc} |")
    return "\n".join(rows)


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return str(v).lower()
    return f"{v:g}" if isinstance(v, float) else str(v)


ASSUMPTION = "assumption (vary in sensitivity analysis)"

#: The county model's own parameters (policies declare theirs beside their classes).
MODEL_PARAMS: dict[str, Param] = {
    # Teachers: learning, careers, attrition, hiring
    "skill_growth_early": Param(0.15, "SD of teacher quality / year", 0.0, 0.5,
                                "Kini & Podolsky 2016 (steep early growth); magnitude an assumption",
                                "extra yearly skill growth of a novice, decaying with experience"),
    "skill_growth_tau": Param(5.0, "years", 1.0, 15.0, "Kini & Podolsky 2016; " + ASSUMPTION,
                              "experience scale over which early growth decays"),
    "skill_growth_late": Param(0.01, "SD / year", 0.0, 0.05, "Kini & Podolsky 2016 (still rising later)",
                               "yearly skill growth of an experienced teacher"),
    "management_growth_effect": Param(1.0, "1 / management unit", 0.0, 3.0, ASSUMPTION,
                                      "how much a school's management quality above 0.5 speeds its teachers' growth"),
    "mentoring_effect": Param(0.05, "SD / year", 0.0, 0.2, ASSUMPTION,
                              "extra growth of a young teacher fully covered by backbone mentors"),
    "young_years": Param(5, "years", 1, 10, "Ziyang seed task 5 (青年教师); " + ASSUMPTION,
                         "experience below which a teacher counts as young (mentored)"),
    "career_years": Param(36, "years", 25, 45, "retirement at 60 after starting at about 24",
                          "experience at which a teacher retires"),
    "attrition_urban": Param(0.02, "1 / year", 0.0, 0.15, ASSUMPTION + "; lower than rural (Wei 2016: location the most consistent predictor)",
                             "yearly probability an urban teacher leaves their school"),
    "attrition_township": Param(0.05, "1 / year", 0.0, 0.2, ASSUMPTION + "; 'rural 5-10 % a year' is quoted without a primary source (evidence.md)",
                                "yearly probability a township teacher leaves their school"),
    "attrition_village": Param(0.08, "1 / year", 0.0, 0.25,
                               ASSUMPTION + "; higher than town and township: school location is the most consistent "
                               "predictor of rural Gansu teachers' turnover (Wei & Zhou 2019, GSCF data; no rate taken from it)",
                               "yearly probability a village teacher leaves their school"),
    "transfer_to_town": Param(0.5, "share of rural leavers", 0.0, 1.0,
                              "about half of teachers first posted to villages later moved to county or town schools (China Rural Education "
                              "Development Report 2013-2014, quoted second-hand); about 30 % of 5,342 rural Yunnan teachers 'always' wish to "
                              "move (Wang 2023); share " + ASSUMPTION,
                              "share of township and village leavers who transfer to a town school of the county"),
    "senior_title_attrition_factor": Param(1.3, "multiplier", 1.0, 2.0, "Wei 2016 (higher rank leaves more); size an assumption",
                                           "attrition multiplier for teachers with intermediate-or-higher title"),
    "rural_allowance_yuan": Param(0.0, "yuan / teacher / year", 0.0, 60000.0, "Ziyang seed task 17 (allowances); baseline 0 = today's level",
                                  "extra yearly allowance for township and village teachers"),
    "allowance_attrition_effect": Param(0.01, "1 / 1000 yuan", 0.0, 0.05,
                                        "living subsidies to student-teachers affect attraction, not retention; the amount matters, at least 15 % "
                                        "of monthly pay (Jiang & Yip 2024); size " + ASSUMPTION,
                                        "attrition falls by exp(-effect x allowance/1000)"),
    "pupils_per_staff_primary": Param(19.0, "pupils / post", 12.0, 25.0,
                                      "中央编办发〔2014〕72号, unified urban-rural staffing norm for all staff (教职工): "
                                      "primary 1:19 (as the 2001 norm's city level, 国办发〔2001〕74号)",
                                      "all-staff posts per pupil, primary"),
    "pupils_per_staff_junior": Param(13.5, "pupils / post", 10.0, 20.0,
                                     "中央编办发〔2014〕72号: junior 1:13.5 (all staff)", "all-staff posts per pupil, junior"),
    "teacher_share_of_staff": Param(0.92, "share", 0.85, 0.95,
                                    "MoE statistics 2022 (schools, staff and full-time teachers by type): full-time "
                                    "teachers 93.1 % of primary staff, 90.0 % of junior, 91.8 % of compulsory; "
                                    "国办发〔2001〕74号 caps other staff at 9 % (primary) and 15 % (junior)",
                                    "share of the all-staff posts that are teacher posts"),
    "village_post_factor": Param(1.3, "multiplier", 1.0, 2.0,
                                 ASSUMPTION + ": the 2014 norm adds posts by classes at village schools and teaching "
                                 "points (生师比与班师比相结合, quoted second-hand; its text was not reached)",
                                 "teacher posts of a village school or teaching point relative to the per-pupil norm"),
    "min_teachers_per_school": Param(2, "teachers", 1, 10, ASSUMPTION + "; small schools need a teacher per class",
                                     "fewest teachers hiring aims for in any school or teaching point"),
    "rural_fill_rate": Param(0.8, "share", 0.3, 1.0, ASSUMPTION + "; rural posts are hard to fill",
                             "share of village vacancies filled each year (township halfway to 1)"),
    "hire_degree_share": Param(0.0, "share", 0.0, 1.0,
                               ASSUMPTION + ": 0 = like for like (hires restore each school's launch share of "
                               "degree holders, the status quo); new graduates increasingly hold degrees, so a trend "
                               "can be set here",
                               "chance a hire beyond the school's replacement of degree holders holds a degree above the requirement"),
    "backbone_round_years": Param(1, "years", 1, 5,
                                  "Shaanxi 2021 (陕西省教育厅、人社厅, 基础教育教师队伍骨干体系建设): selection every year "
                                  "2021-2030 ('每年度组织遴选培养一次'); other counties select less often (" + ASSUMPTION + ")",
                                  "years between the county's rounds of backbone designation"),
    "backbone_term_years": Param(5, "years", 2, 6,
                                 "Shaanxi 2021: assessed and re-designated every 5 years ('每5年考核认定一次')",
                                 "years a backbone title lasts before its holder is reviewed"),
    "backbone_min_years": Param(5, "years", 3, 10, ASSUMPTION + " (no rule with a number was found)",
                                "experience a teacher needs to be designated a backbone teacher"),
    "title_min_years": Param(8, "years", 5, 12, ASSUMPTION, "experience a teacher needs for an intermediate title"),
    "backbone_renewal_rate": Param(0.9, "share", 0.5, 1.0, ASSUMPTION + " (titles are reviewed at term end; "
                                   "no pass rate was found)", "share of holders still teaching whose title is renewed"),
    "launch_backbone_share_urban": Param(0.22, "share of teachers", 0.10, 0.30,
                                         ASSUMPTION + "; Shaanxi 2021 plans county-level corps of 15 % of a county's teachers "
                                         "by 2030 (city-level 6 %, province-level 3 % of theirs); more in town schools (assumed)",
                                         "synthetic county: share of town teachers who are backbone at the start"),
    "launch_backbone_share_township": Param(0.12, "share of teachers", 0.05, 0.20, ASSUMPTION + " (as above)",
                                            "synthetic county: share of township teachers who are backbone"),
    "town_post_factor": Param(0.9, "multiplier", 0.7, 1.0,
                              ASSUMPTION + ": town posts lag town pupils (编制总量控制; crowded town schools, 大班额), "
                              "direction from the seeds, no figure",
                              "synthetic county: teacher posts of a town school relative to the per-pupil norm"),
    "synth_staff_sigma": Param(0.35, "log SD", 0.0, 1.0,
                               "fitted to the teacher-student-ratio CVs of the Jilin 2012 districts (5 districts, "
                               "both stages; experiments/fit_synthetic_spread.py); the other 13 rows validate it",
                               "synthetic county: spread of a school's teacher posts around its location's norm "
                               "(lognormal sigma)"),
    "synth_degree_sigma": Param(0.0, "log SD", 0.0, 1.0,
                                "fitted to the CVs of teachers above the required degree of the Jilin 2012 "
                                "districts (as above): 0, the staffing spread already gives their CV; used for PE/art teachers "
                                "too (assumption)",
                                "synthetic county: spread of a school's share of degree holders and of PE/art "
                                "teachers around its location's share (lognormal sigma)"),
    "synth_title_sigma": Param(0.15, "log SD", 0.0, 1.0,
                               "fitted to the CVs of mid and senior title teachers of the Jilin 2012 districts (as "
                               "above); used for backbone teachers too (assumption)",
                               "synthetic county: spread of a school's share of titled and of backbone teachers "
                               "around its location's share (lognormal sigma)"),
    "launch_backbone_share_village": Param(0.05, "share of teachers", 0.02, 0.15, ASSUMPTION + " (as above)",
                                           "synthetic county: share of village teachers who are backbone"),
    "promotion_rate": Param(0.8, "1 / year", 0.1, 1.0, ASSUMPTION + "; titles are posts with school quotas "
                            "(岗位设置), reviewed yearly",
                            "yearly chance an open intermediate-title post of a school is filled"),
    # Resources and budgets
    "recurrent_funding": Param("renewal", "renewal / benchmark", None, None,
                               ASSUMPTION + ": a county left alone holds its indices, so each school's funds renew "
                               "what it has (launch stock per pupil); 'benchmark' is the uniform per-pupil benchmark of "
                               "国发〔2015〕67号 spent on deficits first, which by itself equalises equipment",
                               "what recurrent funds for equipment, digital stocks and books follow", ("renewal", "benchmark")),
    "public_funds_primary": Param(650.0, "yuan / pupil / year", 300.0, 1000.0,
                                  "MoE 2022-06-21: raised to a uniform 650 in the east, centre and west (600 in the centre "
                                  "and west from 2014 in villages, 2016 in towns: 国发〔2015〕67号)",
                                  "recurrent public funds (生均公用经费) per primary pupil"),
    "public_funds_junior": Param(850.0, "yuan / pupil / year", 500.0, 1200.0,
                                 "MoE 2022-06-21: a uniform 850 (800 in the centre and west from 2014-2016, 国发〔2015〕67号)",
                                 "recurrent public funds per junior pupil"),
    "public_funds_resource_share": Param(0.5, "share", 0.1, 0.8, ASSUMPTION + "; the rest runs the school (utilities, training, repairs)",
                                         "share of public funds spent on equipment, multimedia kit, computers and books"),
    "budget_floor_pupils": Param(100, "pupils", 0, 200,
                                 "国发〔2015〕67号 as quoted in evidence.md: schools under 100 pupils funded as 100 (not verified "
                                 "in the sources reached)",
                                 "enrollment a small school is funded as, at least"),
    "depreciation_equipment": Param(0.06, "1 / year", 0.02, 0.15, ASSUMPTION + " (scrapped after about 15 years)",
                                    "yearly share of equipment value scrapped"),
    "depreciation_digital": Param(0.1, "1 / year", 0.05, 0.3, ASSUMPTION + " (10-year life)",
                                  "yearly loss of computers and of multimedia classrooms' kit"),
    "depreciation_books": Param(0.03, "1 / year", 0.0, 0.2, ASSUMPTION, "yearly loss of books"),
    "cost_space_yuan_m2": Param(2000.0, "yuan / m2", 1000.0, 5000.0,
                                ASSUMPTION + "; no unit cost was found in the sources (全面改薄 reports totals, not costs per m2)",
                                "cost of a square metre of teaching space"),
    "cost_sports_yuan_m2": Param(300.0, "yuan / m2", 100.0, 1000.0, ASSUMPTION, "cost of a square metre of sports ground"),
    "cost_multimedia_room_yuan": Param(40000.0, "yuan / room", 20000.0, 200000.0, ASSUMPTION,
                                       "cost of equipping a networked multimedia classroom"),
    "cost_computer_yuan": Param(5000.0, "yuan", 2000.0, 10000.0, ASSUMPTION, "cost of a computer"),
    "cost_book_yuan": Param(40.0, "yuan", 10.0, 100.0, ASSUMPTION, "cost of a library book"),
    "resource_quality_exponent": Param(0.1, "-", 0.0, 0.5, ASSUMPTION + "; kept low: the model's quality is mostly its teachers",
                                       "how hard resources below standard cap teaching (adequacy^exponent)"),
    # Quality and enrollment
    "teacher_effect": Param(0.1, "pupil SD per teacher SD", 0.05, 0.24,
                            "Rockoff 2004, AER 94(2): about 0.1 SD (reading and maths, national scale); 0.20 / 0.24 of his "
                            "2003 working paper as the upper end",
                            "achievement gain per SD of mean teacher quality"),
    "degree_effect": Param(0.05, "pupil SD", 0.0, 0.2, ASSUMPTION,
                           "achievement gain of a fully degree-above staff"),
    "quality_inertia": Param(0.5, "share / year", 0.1, 1.0, ASSUMPTION,
                             "share of the gap to the target quality closed in a school year"),
    "rural_drift": Param(0.01, "share / year", 0.0, 0.1, ASSUMPTION + "; urbanisation trend",
                         "pupils of township and village schools moving to town each year regardless of quality"),
    "choice_sensitivity": Param(0.15, "share / year per quality unit", 0.0, 1.0, ASSUMPTION + "; 'rural weak, town crowded' (Ziyang seed)",
                                "extra yearly outflow per unit of quality gap to the town schools"),
    "max_outflow": Param(0.15, "share / year", 0.0, 0.5, ASSUMPTION, "cap on a school's yearly outflow"),
    "cohort_change": Param(-0.02, "share / year", -0.1, 0.05, ASSUMPTION + "; falling births",
                           "yearly change of every school's enrollment from demography"),
    "pe_art_effect": Param(0.03, "pupil SD", 0.0, 0.15, ASSUMPTION + "; a full PE/music/art curriculum",
                           "quality lost by a school with no PE, music or art teaching at all"),
    "synth_stock_sigma": Param(0.3, "log SD", 0.05, 1.0, ASSUMPTION + "; calibrated per scenario where a target exists",
                               "spread of synthetic schools' stocks around their location's mean (lognormal sigma)"),
    # Classes, training, certificates and the quality monitoring (the whole assessment, docs/model.md 6.27)
    "classroom_share_of_space": Param(0.7, "share", 0.5, 0.85,
                                      "MoE statistics (cee.edu.cn): ordinary classrooms 78.8 % of primary teaching and "
                                      "auxiliary floor area in 2020, 69.4 % once special rooms are split out (a later year)",
                                      "share of teaching and auxiliary space that is ordinary classrooms"),
    "classroom_m2_per_pupil_primary": Param(1.36, "m2 / seat", 1.0, 2.0,
                                            "GB 50099-2011 中小学校设计规范 table 7.1.1 (usable area; building area "
                                            "taken as equal, " + ASSUMPTION + ")",
                                            "area of an ordinary primary classroom per seat, 45 seats a room"),
    "classroom_m2_per_pupil_junior": Param(1.39, "m2 / seat", 1.0, 2.0,
                                           "GB 50099-2011 table 7.1.1 (as above)",
                                           "area of an ordinary junior classroom per seat, 50 seats a room"),
    "training_hours_per_year": Param(72.0, "hours / teacher / year", 0.0, 200.0,
                                     ASSUMPTION + ": the county's ordinary programme meets the 2017 rule's pace (360 hours "
                                     "in 5 years; 72 a year for teachers of under 5 years, Anhui indicator note)",
                                     "training hours every teacher gets a year from the county's ordinary programme"),
    "exchange_eligible_years": Param(6, "years of experience", 0, 20,
                                     "教师〔2014〕4号 leaves the years to local rules; 6 in Anhui, Tianjin and Gansu, 9 in "
                                     "Sichuan", "years that make a teacher eligible for exchange (experience as a proxy "
                                     "for years in one school): who exchange policies draw from and the 10 % rule counts"),
    "certified_share": Param(1.0, "share", 0.8, 1.0,
                             ASSUMPTION + "; no national statistic of teaching certificates was found (the 99.99 % of "
                             "2023 is the degree-qualification rate, a different measure)",
                             "share of today's full-time teachers holding a teaching certificate (every new hire does)"),
    "training_funds_share": Param(0.05, "share", 0.0, 0.2,
                                  ASSUMPTION + ": counties keep the 2017 rule (education quality item 4: at least 5 % of "
                                  "each school's yearly public funds)", "share of public funds schools spend on training"),
    "monitoring_margin_sd": Param(0.1, "pupil SD", -1.0, 1.0,
                                  ASSUMPTION + ": no county's monitoring result is in the seeds; declare your own",
                                  "county mean score of the quality monitoring at the start minus the level-III cut"),
    "intake_gap_sd": Param(0.3, "pupil SD", 0.0, 1.0,
                           ASSUMPTION + " (family background sorts pupils between town and village schools)",
                           "mean score of urban pupils' intake above village pupils' (township halfway)"),
    "within_school_sd": Param(0.9, "pupil SD", 0.5, 1.0, ASSUMPTION,
                              "spread of pupils' scores within a school"),
    # Observation conventions
    "junior_weight": Param(1.1, "primary-pupil equivalents", 1.0, 1.5, "balance-index.md: common local rule 1 : 1.1",
                           "weight of a junior pupil when splitting a nine-year school's shared stocks"),
    "exchange_counted_at": Param("host", "host / home", None, None,
                                 ASSUMPTION + ": no official rule found for the 2017 indicators (the host's forms list "
                                 "who teaches there)", "where a teacher on exchange counts in the official teacher "
                                 "indicators", ("host", "home")),
    "teaching_points": Param("merge", "merge / separate / exclude_small", None, None,
                             "balance-index.md: usually merged; Hebei 2017 drops those under 50 pupils",
                             "how teaching points enter the CV", ("merge", "separate", "exclude_small")),
}


if __name__ == "__main__":
    print(markdown_table(MODEL_PARAMS))
