"""Write the example county as a statistics system exports it (issue 23), from its English CSV.

    python experiments/data/make_export_example.py

``export_county.xlsx`` holds the rows of ``bureau_county_converted.csv`` (SYNTHETIC numbers, see
make_bureau_example.py) laid out the way county forms come out of the statistics systems:
- one sheet per stage (小学, 初中), a nine-year school with a row in each;
- a merged title row, a 填报单位 / 填报日期 row, a two-row merged header whose group cells
  (教师队伍（人）, 办学条件) span their columns while 学校名称, 在校生数 ... are merged down over
  both rows, and a 栏次 row (甲 乙 1 2 ...);
- 城乡分类 as the national codes (111 城区, 121 镇区, 220 乡村), 学校类别 with 教学点 rows;
- pupils as text with thousands separators, one count in full-width digits, equipment in 万元,
  sports grounds in 亩, a 备注 column, 合计 rows above and below the schools and a 填表人 footer.
Reading it must give the CSV's table exactly (tests/test_bureau_forms.py). ``export_county_小学.csv`` is
its 小学 sheet saved as a GBK CSV: merged cells empty, the stage only in the file's name.
``handkept_county.xlsx`` is the county as a bureau keeps it by hand in WPS (``handkept``).
"""

import csv
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
MU = 2000 / 3  # m2 per 亩
CODE = {"urban": 111, "township": 121, "village": 220}
TYPE = {"primary": "小学", "junior": "初级中学"}
ROLE = {"core": "牵头校", "member": "成员校", "teaching_point": "教学点"}
GROUPS = (("", 1), ("", 1), ("", 1), ("", 1), ("", 1), ("", 1), ("", 1),
          ("教师队伍（人）", 5), ("办学条件", 9), ("", 1))
LOWER = ("学校名称", "学校类别", "城乡分类代码", "共同体", "角色", "所属学校", "在校生数（人）",
         "专任教师", "其中：高于规定学历教师", "县级及以上骨干教师", "体育、艺术（美术、音乐）专任教师",
         "中级及以上专业技术职务教师", "教学及辅助用房面积（平方米）", "体育运动场馆面积（亩）",
         "教学仪器设备值（万元）", "网络多媒体教室（间）", "教学用计算机（台）", "图书（册）", "班级数",
         "音乐专用教室", "美术专用教室", "备注")


def sheet(book, stage: str, title: str, rows: list[dict]):
    ws = book.create_sheet(title)
    width = len(LOWER)
    ws.append([f"示例县2024年义务教育学校办学条件统计表（{title}）"] + [None] * (width - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append(["填报单位：示例县教育局", None, None, None, None, None, None, None, None, None, "填报日期：2024年9月"]
              + [None] * (width - 11))
    upper, col = [], 1
    for name, span in GROUPS:
        upper += [name or LOWER[col - 1]] + [None] * (span - 1)
        col += span
    ws.append(upper)
    ws.append([None if upper[j] == LOWER[j] else LOWER[j] for j in range(width)])
    col = 1
    for name, span in GROUPS:  # group cells across their columns, single columns down both rows
        if name:
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + span - 1)
        else:
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
        col += span
    ws.append(["甲", "乙", "丙", "丁", "戊", "己"] + list(range(1, width - 5)))
    total = sum(int(r["enrollment"]) for r in rows)
    ws.append(["合计", None, None, None, None, None, f"{total:,}"] + [None] * (width - 7))
    for k, r in enumerate(rows):
        pupils = f"{int(r['enrollment']):,}"
        if k == 3:  # one count typed in full-width digits
            pupils = pupils.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
        kind = "教学点" if r["role"] == "teaching_point" else TYPE[stage]
        ws.append([r["school"], kind, CODE[r["location"]], r["community"], ROLE.get(r["role"], ""), r["parent"],
                   pupils, int(r["teachers"]), int(r["teachers_above_degree"]), int(r["backbone_teachers"]),
                   int(r["pe_art_teachers"]), int(r["senior_title_teachers"]), float(r["teaching_space_m2"]),
                   float(r["sports_area_m2"]) / MU, float(r["equipment_yuan"]) / 10000, int(r["multimedia_rooms"]),
                   int(r["computers"]), int(r["books"]), int(r["classes"]), int(r["music_rooms"]), int(r["art_rooms"]),
                   "" if k % 7 else "新建校舍在建"])
    ws.append(["合计", None, None, None, None, None, f"{total:,}"] + [None] * (width - 7))
    ws.append(["填表人：张三", None, None, "审核人：李四"] + [None] * (width - 4))


def handkept(rows: list[dict]):
    """``handkept_county.xlsx``: one sheet kept by hand in WPS: a 学段 column, schools grouped by
    community with the community's name and the stage written once and merged down over its rows,
    城乡类型 in words, units in full-width brackets, no title and no totals."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "学校情况"
    ws.append(["共同体", "学段", "学校名称", "城乡类型", "角色", "所属学校", "在校生数", "专任教师数",
               "高于规定学历教师数", "县级及以上骨干教师数", "体育、艺术（美术、音乐）专任教师数", "中级及以上职称教师数",
               "教学及辅助用房面积（平方米）", "体育运动场馆面积（平方米）", "教学仪器设备值（元）", "网络多媒体教室数",
               "教学用计算机数", "图书册数", "班级数", "音乐专用教室数", "美术专用教室数"])
    place = {"urban": "城区", "township": "镇区", "village": "乡村"}
    ordered = sorted(rows, key=lambda r: (r["community"], r["stage"] != "primary"))
    start = 2
    for k, r in enumerate(ordered):
        same = k and (r["community"], r["stage"]) == (ordered[k - 1]["community"], ordered[k - 1]["stage"])
        ws.append([None if same else r["community"], None if same else {"primary": "小学", "junior": "初中"}[r["stage"]],
                   r["school"], place[r["location"]], ROLE.get(r["role"], ""), r["parent"], int(r["enrollment"]),
                   int(r["teachers"]), int(r["teachers_above_degree"]), int(r["backbone_teachers"]),
                   int(r["pe_art_teachers"]), int(r["senior_title_teachers"]), float(r["teaching_space_m2"]),
                   float(r["sports_area_m2"]), float(r["equipment_yuan"]), int(r["multimedia_rooms"]),
                   int(r["computers"]), int(r["books"]), int(r["classes"]), int(r["music_rooms"]), int(r["art_rooms"])])
        end = k + 1 == len(ordered) or (ordered[k + 1]["community"], ordered[k + 1]["stage"]) != (r["community"], r["stage"])
        if end:
            row = k + 2
            if row > start:
                for col in (1, 2):
                    ws.merge_cells(start_row=start, start_column=col, end_row=row, end_column=col)
            start = row + 1
    book.save(HERE / "handkept_county.xlsx")


def main():
    with open(HERE / "bureau_county_converted.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    book = openpyxl.Workbook()
    book.remove(book.active)
    for stage, title in (("primary", "小学"), ("junior", "初中")):
        sheet(book, stage, title, [r for r in rows if r["stage"] == stage])
    book.save(HERE / "export_county.xlsx")
    # the 小学 sheet saved as CSV from Excel on Chinese Windows (GBK): merged cells come out empty, and
    # only the file's name says the stage
    with open(HERE / "export_county_小学.csv", "w", encoding="gbk", newline="") as f:
        writer = csv.writer(f)
        for row in book["小学"].iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    handkept(rows)
    print(f"wrote {HERE / 'export_county.xlsx'}, {HERE / 'export_county_小学.csv'} and {HERE / 'handkept_county.xlsx'}")


if __name__ == "__main__":
    main()
