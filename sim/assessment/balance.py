"""The official indices of a user's own school table, as a report or JSON."""

import dataclasses
from types import SimpleNamespace

import numpy as np

from sim.assessment.indices import stage_report
from sim.assessment.observe import evaluation_units
from sim.assessment.standards import HIGH_QUALITY, HQ_CV_THRESHOLD, STAGES
from sim.wording import item, label, say


def evaluation_county(county, rule: str = "merge"):
    """The table as the evaluators count it: with ``merge`` each teaching point's pupils and counts are
    added to its parent school's part of the same stage; ``exclude_small`` drops points under 50 pupils;
    ``separate`` keeps them as schools (docs/model.md, Observation). Notes say what was done."""
    from agents.school import ROLES, TEACHING_POINT
    from sim.data.synth import resolve_parents

    role = np.array([ROLES.index(r) if r else 1 for r in county.role])
    parent = resolve_parents(county.school, county.stage, county.parent or [""] * len(county), county.path)
    view = SimpleNamespace(role=role, parent=parent, stage=county.stage, evaluated=np.ones(len(county), bool),
                           enrollment=county.enrollment)
    keep, counts, pupils = [], {k: [] for k in county.counts}, []
    for st in np.unique(county.stage):
        rows, agg, p = evaluation_units(view, county.counts, st, rule)
        keep += list(rows)
        pupils += list(p)
        for k in counts:
            counts[k] += list(agg[k])
    keep = np.array(keep, dtype=int)
    if not keep.size:
        from sim.data.errors import InputError
        raise InputError.worded("no_school_left", path=county.path, rule=rule)
    points = np.flatnonzero(role == TEACHING_POINT)
    notes = list(county.notes)
    if points.size:
        merged = [i for i in points if rule == "merge" and parent[i] >= 0]
        alone = [county.school[i] for i in points if i not in merged and i in keep]
        dropped = [county.school[i] for i in points if i not in keep and i not in merged]
        lang, sep = county.lang, "、" if county.lang == "zh" else ", "
        notes.append(say("points_merged", lang, rule=rule, n=len(merged))
                     + (say("points_alone", lang, names=sep.join(alone)) if alone else "")
                     + (say("points_dropped", lang, names=sep.join(dropped)) if dropped else ""))

    def take(values):
        return [values[i] for i in keep] if values else values

    return dataclasses.replace(
        county, school=take(county.school), stage=county.stage[keep], enrollment=np.array(pupils),
        counts={k: np.array(v) for k, v in counts.items()}, community=take(county.community),
        role=take(county.role), location=take(county.location), parent=take(county.parent), rows=take(county.rows),
        notes=notes)


def county_reports(county) -> list:
    """``[((stage, StageReport), stage_index), ...]`` for every stage present in the table."""
    out = []
    for i, stage in enumerate(STAGES):
        rows = county.stage_rows(i)
        if rows.size:
            counts = {k: v[rows] for k, v in county.counts.items()}
            out.append(((stage, stage_report(counts, county.enrollment[rows], stage)), i))
    return out


def _yes(flag, lang: str = "en") -> str:
    return label("bal_na", lang) if flag is None else label("pass_lower" if flag else "fail_lower", lang)


def format_reports(county, reports, lang: str = "en") -> str:
    """One screen per stage: each indicator's CV against its limit and the schools below standard,
    in English or Chinese (``lang``)."""
    lines = [label("bal_county", lang, county=county.county, path=county.path, n=len(county))]
    head = label("bal_head", lang).split("|")
    for (stage, rep), i in reports:
        names = np.array(county.school)[county.stage_rows(i)]
        lines += ["", label("bal_stage", lang, stage=label(stage, lang), n=rep.n_schools, pupils=f"{rep.enrollment:,.0f}"),
                  f"  {head[0]:22s} {head[1]:>6s} {head[2]:>6s} {head[3]:>9s} {head[4]:>9s}  {head[5]:17s} {head[6]}"]
        for ind in HIGH_QUALITY:
            v = rep.indicators[ind.key]
            below = ", ".join(names[v["below"]][:4]) + (" ..." if len(v["below"]) > 4 else "")
            name = ind.key if lang == "en" else label(ind.key, lang, short=True)
            lines.append(f"  {name:22s} {v['cv']:6.3f} {HQ_CV_THRESHOLD[stage]:6.2f} {v['mean']:9.2f} "
                         f"{v['standard']:9.1f}  {label(ind.unit, lang):17s} {len(v['below'])}: {below}")
        lines.append("  " + label("bal_rule", lang, met=rep.schools_meeting_rule, n=rep.n_schools))
        lines.append("  " + label("bal_hq", lang, verdict=_yes(rep.high_quality_pass, lang)))
        comp = "n/a" if rep.composite_cv is None else f"{rep.composite_cv:.3f}"
        lines.append("  " + label("bal_basic", lang, cv=comp, verdict=_yes(rep.basic_pass, lang)))
    return "\n".join(lines)


# -- The self-assessment: every indicator the table's columns (and a declaration) allow --------


def table_rules(county) -> dict[str, dict]:
    """School size (always), class size (given ``classes``) and special rooms (given ``classes``,
    ``music_rooms`` and ``art_rooms``) per school, with the school names that fail."""
    from agents.school import ROLES, TEACHING_POINT
    from sim.assessment.school_rules import class_size, school_size, special_rooms
    from sim.assessment.standards import SPECIAL_ROOMS

    names = np.array(county.school)
    whole = np.array(county.role) != ROLES[TEACHING_POINT]  # teaching points belong to their school
    site = np.unique(names, return_inverse=True)[1]
    out = {}
    size = school_size(site, county.stage, county.enrollment, whole)
    lang = county.lang
    out["school_size"] = {"ok": bool(size["ok"].all()), "value": float(size["ok"].mean()),
                          "failing": [say("fail_size", lang, school=names[site == x][0], pupils=p, limit=lim)
                                      for x, p, lim, ok in zip(size["site"], size["pupils"], size["limit"], size["ok"])
                                      if not ok]}
    if "classes" in county.counts:
        c = class_size(county.stage, county.enrollment, county.counts["classes"])
        out["class_size"] = {"ok": bool(c["ok"].all()), "value": float(c["ok"].mean()),
                             "failing": [say("fail_class", lang, school=names[i], stage=STAGES[county.stage[i]],
                                             size=c["size"][i], limit=c["limit"][i]) if county.counts["classes"][i] > 0
                                         else say("fail_no_classes", lang, school=names[i], stage=STAGES[county.stage[i]])
                                         for i in np.flatnonzero(~c["ok"])]}
        if set(SPECIAL_ROOMS) <= set(county.counts):
            rooms = special_rooms(site, county.counts["classes"], county.counts, whole)
            out["special_rooms"] = {
                "ok": bool(rooms["ok"].all()), "value": float(rooms["ok"].mean()),
                "failing": [say("fail_rooms", lang, school=names[site == x][0], classes=cl, need=nd, music=mu, art=ar)
                            for x, cl, nd, mu, ar, ok in zip(rooms["site"], rooms["classes"], rooms["needed"],
                                                             rooms["music_rooms"], rooms["art_rooms"], rooms["ok"])
                            if not ok]}
    return out


def self_assessment(county, reports, declared: dict | None) -> dict:
    """The four parts as far as the table (and ``declared``, a resolved ``[declared]`` table) allow:
    each item ``{ok, value, failing}``, or ``None`` when neither gives it; each part PASS, FAIL or
    INCOMPLETE (nothing fails, something is not assessed)."""
    from sim.assessment.declared import DECLARED, declared_items, vetoes_applying
    from sim.assessment.whole import COMPUTED, PARTS

    names = np.array(county.school)
    items: dict[str, dict | None] = {k: None for k in COMPUTED}
    items["resource_cvs"] = {"ok": all(r.high_quality_cv_pass for (_, r), _ in reports),
                             "value": max(v["cv"] / v["threshold"] for (_, r), _ in reports for v in r.indicators.values()),
                             "failing": [say("fail_cv", county.lang, indicator=k, short=label(k, county.lang, short=True),
                                             stage=st, cv=v["cv"], threshold=v["threshold"]) for (st, r), _ in reports
                                         for k, v in r.indicators.items() if v["cv"] > v["threshold"]]}
    failing = [say("fail_standards", county.lang, school=stage_names[j], stage=st, met=int(r.standards_met[j]))
               for (st, r), i in reports for stage_names in [names[county.stage_rows(i)]]  # once a stage, not a school
               for j in np.flatnonzero(~r.school_rule)]
    items["school_standards"] = {"ok": not failing, "failing": failing,
                                 "value": sum(r.schools_meeting_rule for (_, r), _ in reports)
                                 / sum(r.n_schools for (_, r), _ in reports)}
    items.update(table_rules(county))
    parts = {k: COMPUTED[k][0] for k in COMPUTED}
    vetoes = []
    if declared is not None:
        for key, (part, value, ok) in declared_items(declared).items():
            items[key] = {"ok": ok, "value": value, "failing": [] if ok else [f"declared {value}"]}
            parts[key] = part
        vetoes = vetoes_applying(declared)
    else:
        items.update({k: None for k in DECLARED})
        parts.update({k: part for k, (part, _, _) in DECLARED.items()})
    verdicts = {}
    for part in PARTS:
        mine = {k: v for k, v in items.items() if parts[k] == part}
        verdicts[part] = ("FAIL" if any(v is not None and not v["ok"] for v in mine.values())
                          else "INCOMPLETE" if any(v is None for v in mine.values()) else "PASS")
    overall = "FAIL" if vetoes or "FAIL" in verdicts.values() else \
        "INCOMPLETE" if "INCOMPLETE" in verdicts.values() else "PASS"
    return {"overall": overall, "vetoes": vetoes,
            "parts": {part: {"verdict": verdicts[part],
                             "items": {k: v for k, v in items.items() if parts[k] == part}} for part in PARTS}}


def format_assessment(result: dict, lang: str = "en") -> str:
    """One screen: each part's verdict, what fails and where, and what the table cannot tell, in
    English or Chinese (``lang``)."""
    lines = ["", label("bal_whole", lang, verdict=label(result["overall"], lang))]
    for i, (part, info) in enumerate(result["parts"].items(), start=1):
        missing = [k for k, v in info["items"].items() if v is None]
        lines.append(f"  {i} {label(part, lang) if lang == 'zh' else part}{'：' if lang == 'zh' else ': '}"
                     f"{label(info['verdict'], lang)}")
        for key, v in info["items"].items():
            if v is not None and not v["ok"]:
                sep = "；" if lang == "zh" else "; "
                where = sep.join(v["failing"][:4]) + \
                    (f"{sep}{label('bal_more', lang, n=len(v['failing']) - 4)}" if len(v["failing"]) > 4 else "")
                lines.append("      " + label("bal_fails", lang, item=item(key, lang), where=where))
        if missing:
            lines.append(f"      {label('bal_not_in_table' if part in ('resources', 'government') else 'bal_no_data', lang)}"
                         + ("：" if lang == "zh" else ": ") + ("；" if lang == "zh" else ", ").join(item(k, lang) for k in missing))
    if result["vetoes"]:
        lines.append("  " + label("bal_veto", lang, items=", ".join(result["vetoes"])))
    lines.append("  " + label("bal_declared", lang))
    return "\n".join(lines)
