"""Write the example county as a bureau keeps it, and the same county converted by hand.

    python experiments/data/make_bureau_example.py

A 40-row county (town primaries and juniors, township centre schools, three nine-year schools
on one row each, village primaries and ten teaching points naming their school), SYNTHETIC
numbers drawn around the national standards. Three files:
- ``bureau_county.xlsx``: the official form: a title row, Chinese headers with units
  (equipment in 万元, sports grounds in 亩), extra columns (序号, 学校类型, 所在乡镇), a 合计 row;
- ``bureau_county_gbk.csv``: the same sheet saved as a GBK CSV, as Excel on Chinese Windows does;
- ``bureau_county_converted.csv``: the schema's English CSV, converted by hand here (nine-year
  rows split 1 : 1.1, yuan, m2), which the reader's result must equal.
"""

import csv
from pathlib import Path

import numpy as np
import openpyxl

HERE = Path(__file__).resolve().parent
MU = 2000 / 3  # m2 per 亩
COMMUNITIES = ("城关共同体", "东区共同体", "西区共同体", "北区共同体")
STANDARD = {"primary": (4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3), "junior": (5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4)}
KEYS = ("teachers_above_degree", "backbone_teachers", "pe_art_teachers", "teaching_space_m2", "sports_area_m2",
        "equipment_yuan", "multimedia_rooms")
HEADERS = ("序号", "学校名称", "学段", "学校类型", "所在乡镇", "城乡类型", "共同体", "角色", "所属学校",
           "在校生数", "小学在校生数", "初中在校生数", "专任教师数", "高于规定学历教师数", "县级及以上骨干教师数",
           "体育、艺术（美术、音乐）专任教师数", "中级及以上专业技术职务教师数", "教学及辅助用房面积（平方米）",
           "体育运动场馆面积（亩）", "教学仪器设备值（万元）", "网络多媒体教室数（间）", "教学用计算机数（台）",
           "图书册数（册）", "班级数", "音乐专用教室数", "美术专用教室数")
LOCATION_ZH = {"urban": "城区", "township": "镇区", "village": "乡村"}
ROLE_ZH = {"core": "牵头校", "member": "成员校", "teaching_point": "教学点"}


def schools(rng) -> list[dict]:
    """One dict per row of the form: name, kind, location, community, role, parent, pupils by stage."""
    out = []

    def add(name, kind, loc, com, role, pupils, parent=""):
        out.append({"name": name, "kind": kind, "location": loc, "community": com, "role": role,
                    "parent": parent, "pupils": pupils, "town": name[:2] + "镇" if loc != "urban" else "城关镇"})

    for i in range(4):
        add(f"城关第{'一二三四'[i]}小学", "primary", "urban", COMMUNITIES[i], "core", {"primary": int(rng.integers(1500, 1900))})
    for i in range(2):
        add(f"城关第{'一二'[i]}中学", "junior", "urban", COMMUNITIES[i], "core", {"junior": int(rng.integers(1300, 1700))})
    towns = ("东坪", "红椿", "高桥", "洞河", "双桥", "毛坝")
    for i, t in enumerate(towns):
        add(f"{t}镇中心小学", "primary", "township", COMMUNITIES[i % 4], "member", {"primary": int(rng.integers(400, 800))})
    for i, t in enumerate(towns[:3]):
        add(f"{t}初级中学", "junior", "township", COMMUNITIES[i % 2], "member", {"junior": int(rng.integers(500, 900))})
    for i, t in enumerate(("焕古", "蒿坪", "汉王")):
        add(f"{t}九年制学校", "nine_year", "township", COMMUNITIES[i % 2], "member",
            {"primary": int(rng.integers(200, 400)), "junior": int(rng.integers(150, 350))})
    villages = ("枫树", "金竹", "堰塘", "三坪", "麻柳", "松树", "向阳", "团结", "新华", "茶园", "竹园", "桃园")
    for i, v in enumerate(villages):
        add(f"{v}村小学", "primary", "village", COMMUNITIES[i % 4], "member", {"primary": int(rng.integers(60, 200))})
    for i in range(10):
        parent = f"{villages[i]}村小学" if i % 2 else f"{towns[i % 6]}镇中心小学"
        com = next(s["community"] for s in out if s["name"] == parent)
        add(f"{villages[i]}{'上下'[i % 2]}组教学点", "primary", "village", com, "teaching_point",
            {"primary": int(rng.integers(8, 40))}, parent)
    return out


def resources(s: dict, rng) -> dict:
    """Totals of the whole school (both stages of a nine-year school), around the standards."""
    pupils = sum(s["pupils"].values())
    ratio = {"urban": (1.05, 1.5), "township": (0.95, 1.35), "village": (0.9, 1.6)}[s["location"]]
    out = {k: 0.0 for k in KEYS}
    for stage, p in s["pupils"].items():
        for key, std in zip(KEYS, STANDARD[stage]):
            per = 100 if key in ("teachers_above_degree", "backbone_teachers", "pe_art_teachers", "multimedia_rooms") else 1
            r = rng.uniform(*ratio)
            if key == "backbone_teachers":
                r = {"urban": rng.uniform(2.4, 3.2), "township": rng.uniform(0.7, 1.2), "village": rng.uniform(0, 0.9)}[s["location"]]
            out[key] += std * r * p / per
    teachers = max(2, round(pupils / (16 if "primary" in s["pupils"] else 12)))
    out = {k: (max(0, round(v)) if k in ("teachers_above_degree", "backbone_teachers", "pe_art_teachers",
                                         "multimedia_rooms") else round(v, -1 if k == "equipment_yuan" else 0))
           for k, v in out.items()}
    out["equipment_yuan"] = round(out["equipment_yuan"], -2)  # whole hundreds of yuan: exact in 万元 to 2 places
    out["sports_area_m2"] = round(out["sports_area_m2"] / MU, 2) * MU  # the form keeps 亩 to 2 places
    out["teachers"] = max(teachers, out["teachers_above_degree"], out["backbone_teachers"] + out["pe_art_teachers"])
    out["senior_title_teachers"] = round(out["teachers"] * rng.uniform(0.3, 0.6))
    out["computers"] = round(pupils * rng.uniform(0.08, 0.15))
    out["books"] = round(pupils * rng.uniform(20, 35))
    out["classes"] = sum(max(1, -(-p // 45)) for p in s["pupils"].values())
    rooms = 1 if out["classes"] <= 12 else 2
    out["music_rooms"] = out["art_rooms"] = rooms
    return out


def main():
    rng = np.random.default_rng(20241130)
    rows = [(s, resources(s, rng)) for s in schools(rng)]
    write_form(rows)
    write_converted(rows)
    print(f"wrote {HERE}/bureau_county.xlsx, bureau_county_gbk.csv, bureau_county_converted.csv ({len(rows)} rows)")


def form_rows(rows) -> list[list]:
    out = []
    for i, (s, r) in enumerate(rows, start=1):
        kind = {"primary": ("小学", "完全小学"), "junior": ("初中", "初级中学"), "nine_year": ("九年一贯制", "九年一贯制学校")}[s["kind"]]
        if s["role"] == "teaching_point":
            kind = ("小学", "教学点")
        total = sum(s["pupils"].values())
        nine = s["kind"] == "nine_year"
        out.append([i, s["name"], kind[0], kind[1], s["town"], LOCATION_ZH[s["location"]], s["community"],
                    ROLE_ZH[s["role"]], s["parent"], total, s["pupils"]["primary"] if nine else None,
                    s["pupils"]["junior"] if nine else None, r["teachers"], r["teachers_above_degree"],
                    r["backbone_teachers"], r["pe_art_teachers"], r["senior_title_teachers"], r["teaching_space_m2"],
                    round(r["sports_area_m2"] / MU, 2), r["equipment_yuan"] / 1e4, r["multimedia_rooms"],
                    r["computers"], r["books"], r["classes"], r["music_rooms"], r["art_rooms"]])
    total = ["合计"] + [None] * 8 + [sum(r[9] for r in out)] + [None] * 2 + [sum(r[j] for r in out) for j in range(12, 26)]
    return out + [total]


def write_form(rows):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "学校基本情况"
    ws.append(["示例县2024年义务教育学校办学条件统计表（单位：人、平方米、亩、万元）"])
    ws.append(list(HEADERS))
    for row in form_rows(rows):
        ws.append(row)
    book.properties.creator = "edusim"
    book.properties.created = book.properties.modified = __import__("datetime").datetime(2024, 11, 30)
    book.save(HERE / "bureau_county.xlsx")
    with open(HERE / "bureau_county_gbk.csv", "w", encoding="gbk", newline="") as f:
        w = csv.writer(f)
        w.writerow(["示例县2024年义务教育学校办学条件统计表（单位：人、平方米、亩、万元）"])
        w.writerow(HEADERS)
        w.writerows([["" if c is None else c for c in row] for row in form_rows(rows)])


def write_converted(rows):
    """By hand: each nine-year school's primary part takes P / (P + 1.1 J) of the shared totals
    (whole things rounded, the junior part the rest) and P / (P + J) of the classes."""
    cols = ["school", "stage", "enrollment", *KEYS, "computers", "books", "teachers", "senior_title_teachers",
            "classes", "music_rooms", "art_rooms", "county", "community", "role", "location", "parent"]
    whole = {"teachers", "teachers_above_degree", "backbone_teachers", "pe_art_teachers", "senior_title_teachers",
             "multimedia_rooms", "computers", "books", "classes", "music_rooms", "art_rooms"}
    with open(HERE / "bureau_county_converted.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for s, r in rows:
            shares = {s["kind"]: 1.0} if s["kind"] != "nine_year" else {
                "primary": s["pupils"]["primary"] / (s["pupils"]["primary"] + 1.1 * s["pupils"]["junior"])}
            if s["kind"] == "nine_year":
                shares["junior"] = 1 - shares["primary"]
            primary_whole = {k: round(r[k] * shares.get("primary", 0)) for k in whole}
            if s["kind"] == "nine_year":  # classes split by plain pupils
                primary_whole["classes"] = round(r["classes"] * s["pupils"]["primary"] / sum(s["pupils"].values()))
            for stage, share in shares.items():
                vals = {k: (primary_whole[k] if stage == "primary" else r[k] - primary_whole[k]) if k in whole
                        and s["kind"] == "nine_year" else r[k] * share for k in r}
                w.writerow([s["name"], stage, s["pupils"][stage], *[f"{vals[k]:.10g}" for k in cols[3:17]],
                            "示例县", s["community"], s["role"], s["location"], s["parent"]])


if __name__ == "__main__":
    main()
