"""The county analyst's pains as tests: the official form as a bureau keeps it reads as its hand
conversion does, wrong units never pass silently, and every error of a table is reported at once."""

import csv
import io
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.assessment.balance import county_reports, evaluation_county
from sim.data import aliases
from sim.data.errors import InputError
from sim.data.schooltable import read_school_table
from tests.running import run_cli

DATA = Path(__file__).resolve().parents[1] / "experiments" / "data"
WORKBOOK, GBK, CONVERTED = DATA / "bureau_county.xlsx", DATA / "bureau_county_gbk.csv", DATA / "bureau_county_converted.csv"


def form_rows() -> list[list]:
    """The example workbook's cells (title row, header, 40 schools, 合计)."""
    book = openpyxl.load_workbook(WORKBOOK, read_only=True)
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    book.close()
    return rows


def write_xlsx(path, rows, title="学校基本情况"):
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def column(rows, header) -> int:
    return rows[1].index(header)


def same_county(a, b):
    assert a.school == b.school and (a.stage == b.stage).all() and np.array_equal(a.enrollment, b.enrollment)
    assert sorted(a.counts) == sorted(b.counts)
    for key in a.counts:
        np.testing.assert_allclose(a.counts[key], b.counts[key], rtol=1e-9, err_msg=key)
    assert (a.community, a.role, a.location, a.parent, a.county) == (b.community, b.role, b.location, b.parent, b.county)


@pytest.mark.parametrize("path", [WORKBOOK, GBK], ids=["xlsx", "gbk-csv"])
def test_the_official_form_reads_as_its_hand_conversion(path):
    county, hand = read_school_table(path), read_school_table(CONVERTED)
    same_county(county, hand)
    assert county.lang == "zh" and hand.lang == "en"
    notes = "\n".join(county.notes)
    assert "行标题" in notes and "已跳过合计行（合计）" in notes and "“序号”、“所在乡镇”" in notes  # in Chinese
    assert notes.count("九年一贯制学校拆分为小学部") == 3


EXPORT = DATA / "export_county.xlsx"


def parts_of(county) -> dict:
    """Each school part's pupils, counts and text fields, by (school, stage), in any row order."""
    return {(s, int(st)): (county.enrollment[i], {k: v[i] for k, v in county.counts.items()},
                           county.community[i], county.role[i], county.location[i], county.parent[i])
            for i, (s, st) in enumerate(zip(county.school, county.stage))}


def same_parts(got: dict, want: dict):
    """Each wanted part's pupils and text fields equal, and every count within 1e-12."""
    for part, (pupils, counts, *text) in want.items():
        assert got[part][0] == pupils and got[part][2:] == tuple(text), part
        for key, value in counts.items():
            assert got[part][1][key] == pytest.approx(value, rel=1e-12, abs=1e-9), (part, key)


def test_a_statistics_export_reads_with_no_hand_change():
    """Issue 23: stage sheets, a merged title, a 填报单位 row, a two-row merged header with group cells,
    a 栏次 row, 合计 rows above and below, 城乡分类 codes, 学校类别 teaching points, pupils as text with
    thousands separators and one in full-width digits, 万元 and 亩, a 备注 column and a 填表人
    footer: the table equals its English CSV to 1e-12."""
    county, hand = read_school_table(EXPORT), read_school_table(CONVERTED)
    got, want = parts_of(county), parts_of(hand)
    assert sorted(got) == sorted(want) and county.county == hand.county == "示例县"
    assert all(sorted(got[part][1]) == sorted(want[part][1]) for part in want)  # the same columns
    same_parts(got, want)
    notes = "\n".join(county.notes)
    assert notes.count("已跳过栏次行") == 2 and notes.count("已跳过合计行") == 4
    assert notes.count("已跳过表头上方的2行标题") == 2  # title and 填报单位, not the header's own first row


def test_the_export_saved_as_a_gbk_csv_reads_the_same():
    """Issue 23: the export's 小学 sheet saved as a GBK CSV (merged cells empty, the stage in the file's
    name and title only) reads to the primary parts of the English CSV to 1e-12."""
    county, hand = read_school_table(DATA / "export_county_小学.csv"), read_school_table(CONVERTED)
    got = parts_of(county)
    want = {k: v for k, v in parts_of(hand).items() if k[1] == 0}
    assert sorted(got) == sorted(want)
    same_parts(got, want)


def test_a_hand_kept_sheet_with_merged_community_cells_reads_the_same():
    """Issue 23: a sheet kept by hand in WPS writes each community and stage once, merged down over its
    schools; every school takes them, and the table equals the English CSV's to 1e-12."""
    county, hand = read_school_table(DATA / "handkept_county.xlsx"), read_school_table(CONVERTED)
    got, want = parts_of(county), parts_of(hand)
    assert sorted(got) == sorted(want)
    same_parts(got, want)


def test_units_from_the_header_convert_wan_yuan_and_mu():
    county, rows = read_school_table(WORKBOOK), form_rows()
    first = rows[2]
    assert county.counts["equipment_yuan"][0] == pytest.approx(first[column(rows, "教学仪器设备值（万元）")] * 1e4)
    assert county.counts["sports_area_m2"][0] == pytest.approx(first[column(rows, "体育运动场馆面积（亩）")] * 2000 / 3)


def test_a_nine_year_row_splits_one_to_one_point_one(tmp_path):
    """The cvdata worked example: 166 primary + 210 junior pupils, 23,226 books -> 9,711.6 : 13,514.4
    (whole books: 9,712 and 13,514)."""
    header = form_rows()[1]
    values = {"学校名称": "示例九年一贯制学校", "学段": "九年一贯制", "在校生数": 376, "小学在校生数": 166,
              "初中在校生数": 210, "图书册数（册）": 23226, "教学及辅助用房面积（平方米）": 2322.6, "城乡类型": "乡村",
              "专任教师数": 30, "教学仪器设备值（万元）": 90, "体育运动场馆面积（亩）": 5, "教学用计算机数（台）": 40,
              "班级数": 9}
    row = [values.get(h, 0 if h not in ("序号", "学校类型", "所在乡镇", "共同体", "角色", "所属学校") else None)
           for h in header]
    county = read_school_table(write_xlsx(tmp_path / "nine.xlsx", [header, row]))
    assert county.school == ["示例九年一贯制学校"] * 2 and list(county.enrollment) == [166, 210]
    assert list(county.counts["books"]) == [9712, 13514]
    np.testing.assert_allclose(county.counts["teaching_space_m2"], [2322.6 * 166 / 397, 2322.6 * 231 / 397])
    assert county.counts["teachers"].sum() == 30 and list(county.counts["classes"]) == [4, 5]


def test_teaching_points_merge_into_their_parent():
    county = read_school_table(WORKBOOK)
    points = [i for i, r in enumerate(county.role) if r == "teaching_point"]
    assert len(points) == 10 and all(county.parent[i] for i in points)
    merged = evaluation_county(county, "merge")
    assert len(merged) == len(county) - 10 and merged.enrollment.sum() == county.enrollment.sum()
    parent = county.parent[points[0]]
    row = merged.school.index(parent)
    own = [i for i, n in enumerate(county.school) if n == parent or county.parent[i] == parent]
    assert merged.counts["teachers"][row] == county.counts["teachers"][own].sum()
    assert len(evaluation_county(county, "separate")) == len(county)
    small = sum(county.enrollment[i] < 50 for i in points)
    assert len(evaluation_county(county, "exclude_small")) == len(county) - small


def test_wan_yuan_without_its_unit_stops_with_the_likely_unit(tmp_path):
    """The analyst's silent wrong answer: equipment in 万元 under a header with no unit."""
    rows = form_rows()
    rows[1][column(rows, "教学仪器设备值（万元）")] = "教学仪器设备值"
    path = write_xlsx(tmp_path / "no_unit.xlsx", rows)
    code, out, err = run_cli("balance", str(path))
    assert code == 2 and out == ""
    assert "“教学仪器设备值”" in err and "数值看起来是以万元为单位" in err and "--accept-units" in err
    code, out, _ = run_cli("balance", str(path), "--accept-units")
    assert code == 0 and "教学仪器设备值" in out
    rows[1][column(rows, "教学仪器设备值")] = "教学仪器设备值（万元）"
    rows[1][column(rows, "体育运动场馆面积（亩）")] = "体育运动场馆面积（平方米）"  # the advice names the unit it looks like
    code, _, err = run_cli("balance", str(write_xlsx(tmp_path / "wrong_unit.xlsx", rows)))
    assert code == 2 and "请在表头注明单位，如“体育运动场馆面积（亩）”" in err


def test_the_same_county_in_any_form_gives_the_same_balance(tmp_path):
    results = []
    for path in (WORKBOOK, GBK, CONVERTED):
        code, out, err = run_cli("balance", str(path), "--json")
        assert code == 0, err
        data = json.loads(out)
        results.append({stage: data[stage]["indicators"] for stage in ("primary", "junior")})
    assert results[0] == results[1]
    for stage in ("primary", "junior"):
        for key, v in results[0][stage].items():
            assert v["cv"] == pytest.approx(results[2][stage][key]["cv"], rel=1e-9)


def test_five_errors_are_counted_in_one_line_and_check_lists_them(tmp_path):
    rows = form_rows()
    broken = {(2, "在校生数"): -5, (3, "县级及以上骨干教师数"): "许多", (4, "城乡类型"): "郊区",
              (5, "学段"): "高中", (6, "所属学校"): "不存在的学校"}
    for (r, header), value in broken.items():
        rows[r][column(rows, header)] = value
    path = write_xlsx(tmp_path / "five.xlsx", rows)
    out = tmp_path / "report"
    code, stdout, err = run_cli("report", str(path), "--out", str(out))
    assert code == 2 and not out.exists() and stdout == ""
    (line,) = [x for x in err.splitlines() if x.startswith("edusim：错误：")]
    assert "发现5个问题，未写出任何结果" in line and f"edusim check {path}" in line and len(line) <= 500
    assert "[学校基本情况]:3" in line  # the first problem, in the row order
    code, listed, err = run_cli("check", str(path))
    assert code == 2 and "共5个问题" in err and len(listed.splitlines()) == 5
    for (r, header), value in broken.items():
        school = rows[r][column(rows, "学校名称")]
        line = next(x for x in listed.splitlines() if f"[学校基本情况]:{r + 1} ({school})" in x)
        assert str(value) in line and f"“{header}”" in line  # issue 23: the user's own header
    assert "Traceback" not in err


def test_per_pupil_headers_are_refused(tmp_path):
    rows = form_rows()
    rows[1][column(rows, "教学及辅助用房面积（平方米）")] = "生均教学及辅助用房面积（平方米）"
    with pytest.raises(InputError, match="为生均比值；本表需要学校的总数"):
        read_school_table(write_xlsx(tmp_path / "ratio.xlsx", rows))


def test_old_xls_and_folders_get_a_clear_message(tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(InputError, match="save it as .xlsx"):
        read_school_table(xls)
    with pytest.raises(InputError, match="is a folder"):
        read_school_table(tmp_path)


def test_stage_sheets_give_the_stage(tmp_path):
    """A workbook with one sheet per stage (小学, 初中) and no 学段 column."""
    hand = read_school_table(CONVERTED)
    book = openpyxl.Workbook()
    book.remove(book.active)
    header = ["学校名称", "在校生数", *(aliases.HEADER_ALIASES[k][0] for k in list(hand.counts))]
    for i, title in enumerate(("小学", "初中")):
        ws = book.create_sheet(title)
        ws.append(header)
        for j in hand.stage_rows(i):
            ws.append([hand.school[j], int(hand.enrollment[j]), *(float(v[j]) for v in hand.counts.values())])
    book.save(tmp_path / "stages.xlsx")
    county = read_school_table(tmp_path / "stages.xlsx")
    assert sorted(zip(county.school, county.stage)) == sorted(zip(hand.school, hand.stage))


def test_a_table_without_a_scenario_runs_under_the_status_quo_named_after_its_county(tmp_path):
    out = tmp_path / "fc"
    code, stdout, err = run_cli("forecast", "--schools", str(WORKBOOK), "--replicates", "2", "--quiet",
                                "--out", str(out))
    assert code == 0, err
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["scenario"]["name"] == "示例县" and meta["scenario"]["policies"] == [] and meta["lang"] == "zh"
    assert meta["scenario"]["schools"]["path"].endswith("bureau_county.xlsx") and meta["synthetic_data"] is False
    schools = (out / "schools.csv").read_text(encoding="utf-8")
    assert "城关共同体" in schools  # community names kept


def test_forecast_from_the_workbook_equals_the_hand_converted_table(tmp_path):
    yearly = []
    for path in (WORKBOOK, CONVERTED):
        out = tmp_path / path.stem
        code, _, err = run_cli("forecast", "--schools", str(path), "--replicates", "2", "--quiet", "--seed", "3",
                               "--out", str(out))
        assert code == 0, err
        yearly.append(pd.read_csv(out / "yearly.csv"))
    # equal up to the hand conversion's 10 significant digits
    pd.testing.assert_frame_equal(yearly[0], yearly[1], check_exact=False, rtol=1e-8)


def test_a_scenario_without_schools_is_a_one_line_error(tmp_path):
    bare = tmp_path / "bare.toml"
    bare.write_text('name = "bare"\n[[policies]]\ntype = "teacher_exchange"\n', encoding="utf-8")
    code, _, err = run_cli("forecast", "--scenario", str(bare), "--replicates", "1", "--out", str(tmp_path / "o"))
    assert code == 2 and "no schools" in err and len(err.strip().splitlines()) == 1
    with_table = tmp_path / "with_table.toml"
    with_table.write_text(f'name = "mine"\nschools = "{CONVERTED}"\n[[policies]]\ntype = "teacher_exchange"\n',
                          encoding="utf-8")
    code, out, err = run_cli("forecast", "--scenario", str(with_table), "--replicates", "1", "--quiet",
                             "--out", str(tmp_path / "o2"))
    assert code == 0, err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=st.one_of(st.text(max_size=8), st.integers(-10**15, 10**15), st.floats(allow_nan=True)))
def test_any_cell_gives_a_table_or_a_clear_error(tmp_path, cell):
    lines = list(csv.reader(CONVERTED.read_text(encoding="utf-8").splitlines()))
    lines[3][5] = str(cell)  # backbone_teachers of a school
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(lines)
    path = tmp_path / "cell.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    try:
        county = read_school_table(path)
    except InputError as e:
        assert str(path) in str(e)
    else:
        assert all(r.n_schools for (_, r), _ in county_reports(evaluation_county(county)))


def test_one_school_in_the_wrong_unit_is_an_error_naming_it_and_the_likely_unit(tmp_path):
    """Issue 23: one school's equipment typed in 万元 under a 元 header (the column's median is
    plausible, so no column-wide unit slip): an error naming the school, the header as written, the
    value and 万元; nothing written; with --accept-units, a note instead."""
    rows = form_rows()
    col = column(rows, "教学仪器设备值（万元）")
    for r in rows[2:-1]:
        if isinstance(r[col], (int, float)):
            r[col] = round(r[col] * 1e4)
    rows[1][col] = "教学仪器设备值（元）"
    rows[5][col] = rows[5][col] / 1e4  # 白沙 in the issue; here the fourth school
    path = write_xlsx(tmp_path / "slip.xlsx", rows)
    code, out, err = run_cli("balance", str(path))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    assert rows[5][column(rows, "学校名称")] in err and "“教学仪器设备值(元)”" in err and "万元" in err  # the header as written (NFKC)
    code, out, err = run_cli("balance", str(path), "--accept-units")
    assert code == 0 and "已按原值使用" in err


def test_codes_types_dashes_and_a_parentless_teaching_point(tmp_path):
    """Issue 23: 城乡分类 codes read as locations; a dash reads as 0 with a note; a 学校类别 教学点 with
    no 所属学校 is counted as a school with a note, never silently."""
    rows = form_rows()
    loc, kind, parent, role = (column(rows, h) for h in ("城乡类型", "学校类型", "所属学校", "角色"))
    codes = {"城区": 111, "镇区": 121, "乡村": 220}
    for r in rows[2:-1]:
        if r[loc] in codes:
            r[loc] = codes[r[loc]]
    point = next(i for i, r in enumerate(rows) if r[kind] == "教学点")
    rows[point][parent] = rows[point][role] = None
    rows[2][column(rows, "美术专用教室数")] = "—"
    path = write_xlsx(tmp_path / "codes.xlsx", rows)
    county = read_school_table(path)
    hand = read_school_table(WORKBOOK)
    assert county.location == hand.location
    notes = "\n".join(county.notes)
    assert "教学点未填所属学校" in notes and rows[point][column(rows, "学校名称")] in notes
    assert "按0（无）读取" in notes and "“美术专用教室数”" in notes and county.counts["art_rooms"][0] == 0
    assert county.role[county.school.index(rows[point][column(rows, "学校名称")])] == "teaching_point"


def test_balance_speaks_the_tables_language():
    """Issue 23: `balance` on a Chinese table prints Chinese (indicators, units, verdicts, the four parts
    and their items); --lang en gives the English report; the numbers are the same."""
    code, zh, err = run_cli("balance", str(WORKBOOK))
    assert code == 0, err
    assert "县级及以上骨干教师" in zh and "每百名学生" in zh and "资源配置" in zh and "县域义务教育优质均衡评估" in zh
    assert "high-quality balance" not in zh and "not assessed" not in zh
    code, en, err = run_cli("balance", str(WORKBOOK), "--lang", "en")
    assert code == 0 and "high-quality balance: fail" in en and "backbone_teachers" in en
    assert [line.split()[1] for line in zh.splitlines() if "县级及以上骨干教师 " in line][0] == "0.609"  # the same CV


def test_the_stage_comes_from_a_title_line_or_the_file_name(tmp_path):
    """Issue 23: a one-stage table without a 学段 column takes its stage from a '学段：初中' line above
    the header, or from a file name that names one stage; with neither, the missing column is named."""
    import pandas as pd

    junior = pd.read_csv(CONVERTED).query("stage == 'junior'").drop(columns=["stage"])
    body = junior.to_csv(index=False)
    (tmp_path / "titled.csv").write_text("示例县义务教育学校统计表\n学段：初中\n" + body, encoding="utf-8")
    (tmp_path / "示例县初中学校.csv").write_text(body, encoding="utf-8")
    (tmp_path / "plain.csv").write_text(body, encoding="utf-8")
    for name in ("titled.csv", "示例县初中学校.csv"):
        county = read_school_table(tmp_path / name)
        assert set(county.stage) == {1} and len(county) == len(junior), name
    with pytest.raises(InputError, match="missing column.*stage"):
        read_school_table(tmp_path / "plain.csv")


def test_a_status_quo_forecast_of_a_table_says_so_and_dates_its_schools(tmp_path):
    """Issue 23: the chart of a forecast of the table with no new policy is titled the status quo (not
    "the policies of scenario ... on the schools"), and the schools table has its year and whole pupils."""
    import pandas as pd

    from sim.app.plots import chart_style, figure_texts, forecast_figure, load_run

    out = tmp_path / "f"
    code, _, err = run_cli("forecast", "--schools", str(WORKBOOK), "--replicates", "2", "--out", str(out), "--quiet")
    assert code == 0, err
    yearly, meta = load_run(out)
    with chart_style("zh"):
        texts = figure_texts(forecast_figure(yearly, meta, "zh"))
    assert any("现状（不加新政策）" in t for t in texts) and not any("的政策作用于" in t for t in texts)
    schools = pd.read_csv(out / "schools.csv")
    assert (schools["year"] == yearly["year"].max()).all()
    book = openpyxl.load_workbook(out / "schools.xlsx", read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    pupils = rows[0].index("在校生数")
    assert rows[0][0] == "年份" and all(float(r[pupils]).is_integer() for r in rows[1:])
