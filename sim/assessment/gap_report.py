"""The gap report a county director asks for: which school misses which standard, by how much in the
indicator's own unit (teachers, m2, yuan, rooms), which CV binds and which schools move it most.

Tables are pandas frames with English column keys; ``localise`` renames them for a Chinese workbook.
"""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.assessment.indices import indicator_values, weighted_cv
from sim.assessment.standards import (
    HIGH_QUALITY,
    HQ_CV_THRESHOLD,
    HQ_MIN_SHARE_OF_STANDARD,
    HQ_MIN_STANDARDS_MET,
    STAGES,
    STANDARDS,
)

#: The unit a shortfall is counted in, per indicator (the count column's own unit).
SHORTFALL_UNIT = {"teachers_above_degree": "teachers", "backbone_teachers": "teachers", "pe_art_teachers": "teachers",
                  "teaching_space_m2": "m2", "sports_area_m2": "m2", "equipment_yuan": "yuan",
                  "multimedia_rooms": "rooms"}
WHOLE = {"teachers", "rooms"}
#: Column names of the report's tables in Chinese (the workbook a bureau files).
COLUMNS_ZH = {
    "year": "年份", "decided": "决策学年", "counts_from": "计入统计学年",
    "school": "学校名称", "stage": "学段", "community": "共同体", "location": "城乡类型", "enrollment": "在校生数",
    "indicator": "指标", "value": "实际值", "standard": "标准值", "ratio": "达标率", "meets": "是否达标",
    "shortfall": "缺口", "unit": "缺口单位", "standards_met": "达标指标数", "lowest_ratio": "最低达标率",
    "meets_rule": "是否至少6项达标、其余不低于85%", "missing": "未达标指标", "cv": "差异系数", "threshold": "阈值",
    "cv_to_threshold": "差异系数/阈值", "binding": "是否约束性指标", "passes": "是否达标", "mean": "县域均值",
    "top_schools": "影响最大的学校（方差贡献）", "item": "项目", "ok": "是否达标", "failing": "未达标学校",
    "action": "措施", "from_school": "调出学校", "quantity": "数量", "cost_yuan": "费用（元）",
    "cv_before": "实施前差异系数", "cv_after": "实施后差异系数", "limit": "阈值", "target": "规划目标",
    "role": "角色", "quality": "教学质量（模型，参照校=1）", "meets_school_rule": "是否至少6项达标、其余不低于85%",
    "teachers_received": "调入教师（人）", "teachers_given": "调出教师（人）", "works_yuan": "建设与购置费用（元）",
    "teachers_hired": "招聘教师（人）", "backbone_designated": "认定骨干教师（人）", "degrees_upgraded": "学历提升（人）",
    "lead_years": "见效所需学年", "pupils_received": "分流接收学生（人）",
    # a pathway's tables (pathway.xlsx): costs and P(pass) by year, the candidate schedules, the futures
    "kind": "类别", "part": "评估方面", "p_pass": "达标概率", "low": "区间下限", "high": "区间上限",
    "margin": "安全余量", "spare_teachers": "每校每类富余教师（人）", "size_headroom": "学校规模预留",
    "exchange_rate": "交流轮岗比例", "upkeep": "逐年补齐", "status": "状态", "plan_cost_yuan": "起始年措施费用（元）",
    "message": "说明", "policy_cost_yuan": "政策费用（元）", "p_hold": "达标情景比例",
    "median_regret_yuan": "遗憾值中位数（元）", "max_regret_yuan": "最大遗憾值（元）", "pareto": "是否帕累托最优",
    "chosen": "是否选定", "holds": "是否达标", "regret_yuan": "遗憾值（元）", "exchange_counted_at": "交流教师计入",
}
ACTIONS_ZH = {"move_teacher": "调配教师", "hire": "招聘教师（空编）", "hire_new_post": "招聘教师（新增编制）",
              "designate": "认定县级骨干教师", "train_backbone": "培养市级、省级骨干教师", "buy": "购置设备",
              "build": "建设校舍或运动场", "build_hall": "建设室内体育馆", "upgrade": "在职学历提升",
              "open_school": "新建学校（分流学生）", "transfer": "教师随学生调动",
              "merge_point": "教学点并入所属学校", "rezone": "调整学区（分流至有余量学校）",
              "turn_away": "控制招生（不再接收转入学生）"}
UNIT_ZH = {"teachers": "人", "m2": "平方米", "yuan": "元", "rooms": "间", "pupils": "人"}
#: The words of a pathway's cells: a cost's kind, a candidate's status and note, a part of the
#: assessment, where exchange teachers count.
CELLS_ZH = {
    "kind": {**ACTIONS_ZH, "policies": "政策"},
    "status": {"run": "已模拟", "pruned": "未模拟（已剪枝）", "no plan": "无可行方案", "late": "措施在目标年后才见效"},
    "part": {"whole": "整体评估"},
    "exchange_counted_at": {"host": "接收校", "home": "派出校"},
}
SHEETS_ZH = {"schools": "学校达标情况", "shortfalls": "指标缺口明细", "cvs": "差异系数", "other": "其他指标"}


@dataclass
class GapReport:
    county: str
    schools: pd.DataFrame  # one row per school part: standards met, lowest ratio, the 6-of-7 / 85 % status
    shortfalls: pd.DataFrame  # one row per school part x indicator
    cvs: pd.DataFrame  # one row per stage x indicator: CV, threshold, binding, schools moving it most
    other: pd.DataFrame  # school size, class size, special rooms where the table allows

    @property
    def binding(self) -> pd.Series:
        return self.cvs.loc[self.cvs["cv_to_threshold"].idxmax()]


def gap_report(county, top: int = 3) -> GapReport:
    """The report of ``county`` (a UserCounty of evaluation units: teaching points already merged)."""
    from sim.assessment.balance import table_rules

    rows, cv_rows, school_rows = [], [], []
    for st_i, stage in enumerate(STAGES):
        idx = county.stage_rows(st_i)
        if not idx.size:
            continue
        pupils = county.enrollment[idx]
        names = np.array(county.school)[idx]
        ratios = {}
        for ind in HIGH_QUALITY:
            value = indicator_values({ind.key: county.counts[ind.key][idx]}, pupils, ind)
            standard = STANDARDS[stage][ind.key]
            ratio = value / standard
            ratios[ind.key] = ratio
            need = standard * pupils / ind.per - county.counts[ind.key][idx]
            unit = SHORTFALL_UNIT[ind.key]
            short = np.maximum(need, 0.0)
            short = np.ceil(short - 1e-9) if unit in WHOLE else short
            for j, i in enumerate(idx):
                rows.append({"school": names[j], "stage": stage, "community": _at(county.community, i),
                             "location": _at(county.location, i), "enrollment": pupils[j], "indicator": ind.key,
                             "value": value[j], "standard": standard, "ratio": ratio[j], "meets": bool(ratio[j] >= 1),
                             "shortfall": short[j], "unit": unit})
            share = pupils / pupils.sum()
            dev = share * (value - float(share @ value)) ** 2  # each school's part of the variance
            mean, cv = float(share @ value), weighted_cv(value, pupils)  # the evaluators' CV, as balance has it
            order = np.argsort(-dev, kind="stable")[:top]
            cv_rows.append({"stage": stage, "indicator": ind.key, "cv": cv, "threshold": HQ_CV_THRESHOLD[stage],
                            "cv_to_threshold": cv / HQ_CV_THRESHOLD[stage], "mean": mean,
                            "passes": bool(cv <= HQ_CV_THRESHOLD[stage]),
                            "top_schools": "; ".join(f"{names[k]} ({value[k]:.3g}, {dev[k] / dev.sum():.0%})"
                                                     for k in order if dev.sum() > 0)})
        table = np.column_stack([ratios[i.key] for i in HIGH_QUALITY])
        met = (table >= 1).sum(axis=1)
        lowest = table.min(axis=1)
        for j, i in enumerate(idx):
            school_rows.append({
                "school": names[j], "stage": stage, "community": _at(county.community, i),
                "location": _at(county.location, i), "enrollment": pupils[j], "standards_met": int(met[j]),
                "lowest_ratio": lowest[j],
                "meets_rule": bool(met[j] >= HQ_MIN_STANDARDS_MET and lowest[j] >= HQ_MIN_SHARE_OF_STANDARD),
                "missing": ", ".join(k.key for k, r in zip(HIGH_QUALITY, table[j]) if r < 1)})
    cvs = pd.DataFrame(cv_rows)
    # the binding CV: the one nearest its threshold, once some CV is at least half of it (below that
    # none binds: every CV could double and still pass)
    cvs["binding"] = (cvs["cv_to_threshold"] == cvs["cv_to_threshold"].max()) & (cvs["cv_to_threshold"] >= 0.5)
    other = pd.DataFrame([{"item": k, "ok": v["ok"], "failing": "; ".join(v["failing"])}
                          for k, v in table_rules(county).items()])
    return GapReport(county.county, pd.DataFrame(school_rows), pd.DataFrame(rows), cvs, other)


def percent_down(ratio: float) -> str:
    """A ratio to its standard as a percentage rounded down to 0.1 %: 0.8475 is 84.7 %, never the 85 % a
    school below the 85 % rule would read as passing, and 0.9999 is 99.9 %, not 100 %."""
    return f"{math.floor(ratio * 1000 + 1e-9) / 10:.1f}%"


def _at(values, i) -> str:
    return values[i] if values else ""


def format_report(rep: GapReport, lang: str = "en") -> str:
    """One screen: the binding CV, the schools failing the school rule and their shortfalls."""
    from sim.wording import item, label

    zh = lang == "zh"
    b = rep.binding
    fail = rep.schools[~rep.schools["meets_rule"]]
    binds = bool(b["binding"])  # below half its threshold no CV binds: the nearest one is named as such
    lines = [f"{rep.county}: " + (f"{'约束性指标' if binds else '最接近阈值的指标（各项差异系数均不超过阈值的一半）'} "
                                  f"{label(b['stage'], lang)} {label(b['indicator'], lang)}，差异系数 "
                                  f"{b['cv']:.3f}（阈值 {b['threshold']}）" if zh else
                                  f"{'binding CV' if binds else 'CV nearest its threshold (every CV at most half of it)'}: "
                                  f"{b['indicator']} ({b['stage']}) {b['cv']:.3f} against {b['threshold']} "
                                  f"({b['cv_to_threshold']:.0%} of it)"),
             ("  影响最大的学校: " if zh else "  schools moving it most (share of its variance): ") + b["top_schools"]]
    failing_cvs = rep.cvs[~rep.cvs["passes"]]
    for _, c in failing_cvs.iterrows():
        lines.append(f"  CV over threshold: {c['indicator']} ({c['stage']}) {c['cv']:.3f} > {c['threshold']}"
                     if not zh else f"  差异系数超标: {label(c['stage'], lang)} {label(c['indicator'], lang)} "
                                    f"{c['cv']:.3f} > {c['threshold']}")
    lines.append((f"未达到“6项达标、其余不低于85%”要求的学校: {len(fail)} / {len(rep.schools)}" if zh else
                  f"schools failing the 6-of-7 / 85 % rule: {len(fail)} of {len(rep.schools)}"))
    short = rep.shortfalls
    for _, s in fail.iterrows():
        gaps = short[(short["school"] == s["school"]) & (short["stage"] == s["stage"]) & ~short["meets"]]
        parts = ", ".join(f"{label(g['indicator'], lang, short=True) if zh else g['indicator']} "
                          f"{g['shortfall']:,.0f} {UNIT_ZH[g['unit']] if zh else g['unit']} ({percent_down(g['ratio'])})"
                          for _, g in gaps.iterrows())
        stage = label(s["stage"], lang) if zh else s["stage"]
        lines.append(f"  {s['school']} ({stage}, {s['standards_met']}/7): {parts}")
    for _, o in rep.other.iterrows():
        if not o["ok"]:
            failing = o["failing"].replace("; ", "；") if zh else o["failing"]
            lines.append(f"  {item(o['item'], lang)}{'：' if zh else ': '}{failing}")
    return "\n".join(lines)


def localise(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Chinese column names, indicator names and stage, location, role and unit words, for the tables a
    bureau files (the gap report, a plan, a forecast's schools); English frames pass unchanged."""
    from sim.wording import item, keys, label

    if lang != "zh":
        return frame
    out = frame.copy()
    names = {}
    for ind in HIGH_QUALITY:  # a forecast's schools table: one column per indicator, its standard, met
        names |= {ind.key: label(ind.key, "zh"), f"{ind.key}_standard": f"{label(ind.key, 'zh')}（标准）",
                  f"{ind.key}_meets": f"{label(ind.key, 'zh')}是否达标"}
        if f"{ind.key}_meets" in out:
            out[f"{ind.key}_meets"] = out[f"{ind.key}_meets"].map({True: "是", False: "否"})
    for col in ("stage", "location", "role"):
        if col in out:
            out[col] = out[col].map(lambda v: label(v, "zh") if v else v)
    if "indicator" in out:  # a moved teacher may carry several: backbone_teachers+pe_art_teachers
        out["indicator"] = out["indicator"].map(lambda v: "+".join(label(k, "zh") for k in v.split("+")))
    if "action" in out:
        out["action"] = out["action"].map(ACTIONS_ZH)
    if "missing" in out:  # the indicators a school misses, by their Chinese names
        out["missing"] = out["missing"].map(lambda v: "、".join(label(k, "zh") for k in v.split(", ")) if v else v)
    if "item" in out:
        out["item"] = out["item"].map(lambda k: item(k, "zh"))
    if "unit" in out:
        out["unit"] = out["unit"].map(UNIT_ZH)
    for col in ("meets", "meets_rule", "meets_school_rule", "passes", "binding", "ok", "pareto", "chosen", "holds"):
        if col in out:
            out[col] = out[col].map({True: "是", False: "否"})
    for col, words in CELLS_ZH.items():
        if col in out:
            out[col] = out[col].map(lambda v: words.get(v, label(v, "zh") if v in keys() else v))
    return out.rename(columns=COLUMNS_ZH | names)


def write_workbook(rep: GapReport, path, lang: str = "en"):
    """The report as an .xlsx workbook, one sheet per table, in the table's language."""
    from sim.data.results import workbook

    with workbook(path) as book:
        for name in ("schools", "shortfalls", "cvs", "other"):
            sheet = SHEETS_ZH[name] if lang == "zh" else name
            localise(getattr(rep, name), lang).to_excel(book, sheet_name=sheet, index=False)
