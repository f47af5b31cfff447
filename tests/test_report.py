"""edusim report and edusim plan from the command line: shortfalls by hand, the binding CV, the
Chinese workbook, and a plan that balance passes."""

import json
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from sim.assessment.gap_report import gap_report
from sim.assessment.indices import weighted_cv
from sim.data.schooltable import read_school_table
from sim.planning.summary import ACTIONS
from sim.wording import label
from tests.running import run_cli

DATA = Path(__file__).resolve().parents[1] / "experiments" / "data"
HEADER = ("school,stage,enrollment,teachers_above_degree,backbone_teachers,pe_art_teachers,teaching_space_m2,"
          "sports_area_m2,equipment_yuan,multimedia_rooms,location")
#: Three primary schools. Village: 100 pupils, 0 backbone (needs 1), 400 m2 (needs 450), 150,000 yuan
#: (needs 200,000), 2 rooms (needs 2.3 -> 1 room short). Town and Township meet every standard.
ROWS = ["Town,primary,1000,50,20,10,5000,8000,2500000,25,urban",
        "Township,primary,400,20,5,4,2000,3200,900000,10,township",
        "Village,primary,100,5,0,1,400,800,150000,2,village"]


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "three.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_shortfalls_in_the_indicators_own_units(table):
    rep = gap_report(read_school_table(table))
    short = rep.shortfalls.set_index(["school", "indicator"])
    assert short.loc[("Village", "backbone_teachers"), "shortfall"] == 1
    assert short.loc[("Village", "teaching_space_m2"), "shortfall"] == pytest.approx(50.0)
    assert short.loc[("Village", "equipment_yuan"), "shortfall"] == pytest.approx(50_000.0)
    assert short.loc[("Village", "multimedia_rooms"), "shortfall"] == 1  # 2.3 needed, 2 there: a whole room
    assert short.loc[("Village", "sports_area_m2"), "shortfall"] == 0  # 800 m2 >= 750
    assert (short.xs("Town", level="school")["shortfall"] == 0).all()
    schools = rep.schools.set_index("school")
    assert schools.loc["Village", "standards_met"] == 3 and not schools.loc["Village", "meets_rule"]
    assert schools.loc["Town", "meets_rule"] and schools.loc["Township", "meets_rule"]


def test_the_binding_cv_and_the_schools_moving_it(table):
    county = read_school_table(table)
    rep = gap_report(county)
    b = rep.binding
    cvs = {k: weighted_cv(county.counts[k] / county.enrollment, county.enrollment) for k in rep.cvs["indicator"]}
    assert b["indicator"] == max(cvs, key=cvs.get) and b["cv"] == pytest.approx(cvs[b["indicator"]])
    assert rep.cvs["binding"].sum() == 1
    # the school furthest from the weighted mean contributes most of the variance of backbone teachers
    x = county.counts["backbone_teachers"] / county.enrollment
    w = county.enrollment / county.enrollment.sum()
    dev = w * (x - w @ x) ** 2
    top = rep.cvs.set_index("indicator").loc["backbone_teachers", "top_schools"]
    assert top.startswith(county.school[int(np.argmax(dev))])


def test_report_writes_a_chinese_workbook_for_a_chinese_table(tmp_path):
    out = tmp_path / "rep"
    code, stdout, err = run_cli("report", str(DATA / "bureau_county.xlsx"), "--out", str(out))
    assert code == 0, err
    assert "约束性指标" in stdout
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    assert book.sheetnames == ["学校达标情况", "指标缺口明细", "差异系数", "其他指标"]
    header = next(book["指标缺口明细"].iter_rows(values_only=True))
    assert {"学校名称", "指标", "缺口", "缺口单位"} <= set(header)
    book.close()
    book = openpyxl.load_workbook(out / "report.xlsx")  # issue 23: the year on every table, as a year reads
    for sheet in book.worksheets:
        assert sheet["A1"].value == "年份" and sheet["A2"].value == 2024 and sheet["A2"].number_format == "0"
    assert "数据年份按“示例县2024年义务教育学校办学条件统计表" in err
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["lang"] == "zh" and meta["county"] == "示例县"


def test_report_is_english_for_an_english_table(tmp_path, table):
    out = tmp_path / "rep"
    code, stdout, err = run_cli("report", str(table), "--out", str(out))
    assert code == 0, err
    assert "binding CV" in stdout and "Village (primary, 3/7)" in stdout
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    assert book.sheetnames == ["schools", "shortfalls", "cvs", "other"]
    assert "the table names no year" in err and "--year" in err
    code, _, err = run_cli("report", str(table), "--year", "2023", "--out", str(tmp_path / "dated"))
    assert code == 0 and "no year" not in err
    assert {line.split(",")[0] for line in (tmp_path / "dated" / "cvs.csv").read_text().splitlines()} == {"year", "2023"}


def test_plan_on_the_bureau_example_passes_balance_and_holds_next_year(tmp_path):
    out = tmp_path / "plan"
    code, stdout, err = run_cli("plan", str(DATA / "bureau_county.xlsx"), "--out", str(out))
    assert code == 0, err
    result = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert result["status"] == "optimal" and result["cost_yuan"] > 0
    assert result["checks"]["passes_today"] == {"primary": True, "junior": True}
    assert result["checks"]["next_year"]["p_pass_next_year"] >= 0.8  # 100 replicates, seed 0: deterministic
    assert result["spare_teachers"] == 1 and result["checks"]["tried"][0]["spare_teachers"] == 1
    # issue 20: beside the simple rule (every school to every standard on its own), and cheaper
    assert result["checks"]["simple_rule_yuan"] > result["cost_yuan"] and "简单做法" in stdout  # printed in the table's language
    code, stdout, err = run_cli("balance", str(out / "patched.csv"), "--json")
    assert code == 0, err
    data = json.loads(stdout)
    assert data["primary"]["high_quality_pass"] and data["junior"]["high_quality_pass"]
    assert data["year"] == 2024 and "提示：" in err  # audit: patched.csv in the table's language, dated by its title
    assert (out / "patched.csv").read_text(encoding="utf-8").startswith("示例县2024年学校表（方案实施后）\n学校名称,学段,")
    book = openpyxl.load_workbook(out / "plan.xlsx", read_only=True)
    assert book.sheetnames == ["方案摘要", "分校措施", "措施", "差异系数"]  # issue 20: it opens on the summary
    summary = dict(list(book["方案摘要"].iter_rows(values_only=True))[1:])
    assert summary["方案状态"] == "最优" and summary["总费用（元）"] == pytest.approx(result["cost_yuan"], abs=0.01)
    assert summary["简单做法费用：每校各自补足全部标准（元）"] == pytest.approx(result["checks"]["simple_rule_yuan"], abs=0.01)
    kinds = [label(f"plan_cost_{action}", "zh") for action in ACTIONS]  # every kind of action that costs
    assert sum(summary[k] for k in kinds) == pytest.approx(result["cost_yuan"], abs=0.1)
    assert summary["小学：7项差异系数均达标（实施后）"] == "是" and summary["初中：实施后优质均衡（当年）"] == "是"
    assert summary["次年仍达标的概率（现状模拟）"].startswith(f"{result['checks']['next_year']['p_pass_next_year']:.2f} ± ")
    rows = list(book["分校措施"].iter_rows(values_only=True))
    moved = [r for r in result["actions"] if r["action"] == "move_teacher"]
    total = sum(r["quantity"] for r in moved)
    assert sum(r[3] for r in rows[1:]) == total and sum(r[4] for r in rows[1:]) == total  # every move given and received
    assert summary["数据年份"] == 2024 and {r[0] for r in rows[1:]} == {2024}  # issue 23: the title's year
    year_cell = next(r[1] for r in openpyxl.load_workbook(out / "plan.xlsx")["方案摘要"].iter_rows() if r[0].value == "数据年份")
    assert year_cell.number_format == "0"  # 2024, not 2,024, though the year is a row here


def test_plan_of_a_shortage_is_a_finding_not_a_crash(tmp_path, table):
    """With no new posts and no training, one spare backbone teacher for the village is more than the
    three schools hold: asked for, the plan is infeasible with the reason and what the widest limits
    would take; left to the check, it falls back to no spare and says so."""
    out = tmp_path / "plan"
    closed = ["--set", "new_post_share=0", "--set", "backbone_train_share=0"]
    code, stdout, err = run_cli("plan", str(table), "--spare-teachers", "1", *closed, "--out", str(out))
    assert code == 0 and "infeasible" in stdout and "moves cannot create teachers" in stdout
    assert "Traceback" not in err and not (out / "patched.csv").exists()
    assert json.loads((out / "plan.json").read_text(encoding="utf-8"))["status"] == "infeasible"
    assert "(the top of their ranges) a plan costs" in stdout
    code, stdout, err = run_cli("plan", str(table), *closed, "--out", str(tmp_path / "auto"))
    assert code == 0 and "tried 1 spare teacher(s): infeasible" in stdout
    result = json.loads((tmp_path / "auto" / "plan.json").read_text(encoding="utf-8"))
    assert result["status"] == "optimal" and result["spare_teachers"] == 0


def test_plan_runs_on_the_ten_columns_of_the_high_quality_test(tmp_path):
    """Issue 20: school, stage, enrollment and the 7 indicators are enough for a plan (no teachers,
    locations or communities): it is written, passes balance, and the check says what it lacks."""
    import pandas as pd

    from sim.data.schooltable import HQ_COLUMNS

    table = tmp_path / "ten.csv"
    pd.read_csv(Path(__file__).parent / "data" / "plan_county.csv")[["school", "stage", "enrollment",
                                                                     *HQ_COLUMNS]].to_csv(table, index=False)
    out = tmp_path / "plan"
    code, stdout, err = run_cli("plan", str(table), "--out", str(out))
    assert code == 0 and (out / "patched.csv").exists(), err
    code, stdout, err = run_cli("balance", str(out / "patched.csv"), "--json")
    data = json.loads(stdout)
    assert code == 0 and data["primary"]["high_quality_pass"] and data["junior"]["high_quality_pass"], err


def test_a_new_school_is_named_and_worded_in_chinese(tmp_path):
    """Issue 20: the over-size example with Chinese output: the new school takes the Chinese suffix of
    its origin's name and every action and indicator has a Chinese word (it crashed on 'enrollment')."""
    out = tmp_path / "plan"
    code, stdout, err = run_cli("plan", str(DATA / "oversize_county.csv"), "--lang", "zh", "--check-replicates", "0",
                                "--out", str(out))
    assert code == 0, err
    rows = list(openpyxl.load_workbook(out / "plan.xlsx", read_only=True)["措施"].iter_rows(values_only=True))
    assert rows[0][0] == "年份" and rows[1][0] is None  # the table names no year (a note says how to give it)
    assert rows[1][1:6] == ("新建学校（分流学生）", "小学", "城关第一小学新校区", "城关第一小学", "学生")
    assert rows[2][1] == "教师随学生调动" and rows[2][5] == "专任教师"


def test_plan_set_checks_its_keys_and_values(tmp_path, table):
    """--set names a plan parameter or is refused in one line, exit 2, nothing written (so is
    --merge-points where the points are already merged); a valid one is used and recorded in meta.json."""
    for bad, words in (("new_post_sahre=0.1", "did you mean 'new_post_share'"),
                       ("new_post_share=2", "outside its range"), ("new_post_share", "expected KEY=VALUE")):
        out = tmp_path / "bad"
        code, stdout, err = run_cli("plan", str(table), "--set", bad, "--out", str(out))
        assert code == 2 and words in err and len(err.strip().splitlines()) == 1 and not out.exists(), err
    code, stdout, err = run_cli("plan", str(table), "--merge-points", "--out", str(tmp_path / "bad"))
    assert code == 2 and "--teaching-points separate" in err and not (tmp_path / "bad").exists(), err
    out = tmp_path / "ok"
    code, stdout, err = run_cli("plan", str(table), "--set", "new_post_share=0", "--out", str(out))
    assert code == 0, err
    assert json.loads((out / "meta.json").read_text(encoding="utf-8"))["params"] == {"new_post_share": 0.0}
    assert not [a for a in json.loads((out / "plan.json").read_text(encoding="utf-8"))["actions"]
                if a["action"] == "hire_new_post"]


def test_plan_of_a_table_balance_reads_writes_a_plan_and_names_what_the_check_lacks(tmp_path):
    """Issue 20: a table with teacher counts and locations but no computers or books is planned; the
    next-year check is not run, and says which columns of the user's own file it lacks (before, it
    crashed after solving, naming a temporary file)."""
    import pandas as pd

    table = tmp_path / "no_computers.csv"
    pd.read_csv(Path(__file__).parent / "data" / "plan_county.csv").drop(columns=["computers", "books"]).to_csv(
        table, index=False)
    out = tmp_path / "plan"
    code, stdout, err = run_cli("plan", str(table), "--out", str(out))
    assert code == 0 and (out / "patched.csv").exists(), err
    assert f"not run: {table}:1: header: column(s) computers, books needed" in stdout
    assert "tmp" not in stdout.replace(str(tmp_path), "")


def test_no_formula_from_the_input_reaches_a_workbook_or_a_csv(tmp_path):
    """Issue 24: a school named like a formula is written as text: no .xlsx cell holds a formula and
    every CSV cell that a spreadsheet would read as one starts with a quote."""
    import csv

    evil = '=HYPERLINK("http://example.invalid","x")'
    path = tmp_path / "evil.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER.split(","))
        for row, name in zip(ROWS, (evil, "+Township", "@Village")):
            w.writerow([name, *row.split(",")[1:]])
    for command in ("report", "plan"):
        out = tmp_path / command
        code, stdout, err = run_cli(command, str(path), "--out", str(out))
        assert code == 0, err
        for book in out.glob("*.xlsx"):
            cells = [c for ws in openpyxl.load_workbook(book).worksheets for r in ws.iter_rows() for c in r]
            assert not [c.coordinate for c in cells if c.data_type == "f"], book
            assert any(c.value == evil for c in cells), book  # the name itself, as text
        for table in out.glob("*.csv"):
            for row in csv.reader(table.open(encoding="utf-8")):
                assert not [v for v in row if v[:1] in ("=", "+", "@")], (table, row)


def test_report_wording_a_bureau_can_trust(tmp_path):
    """Issue 23: a ratio is rounded down (0.8475 is 84.7 %, not a passing-looking 85 %); report.xlsx
    numbers carry formats; the Chinese sheets name the missed indicators and the items in Chinese;
    no CV is called binding while every CV is at most half its threshold."""
    from sim.assessment.gap_report import percent_down

    assert [percent_down(r) for r in (0.8475, 0.9999, 1.0, 0.85)] == ["84.7%", "99.9%", "100.0%", "85.0%"]
    out = tmp_path / "r"
    code, _, err = run_cli("report", str(DATA / "bureau_county.xlsx"), "--out", str(out))
    assert code == 0, err
    book = openpyxl.load_workbook(out / "report.xlsx")
    numbers = [c for ws in book.worksheets for r in ws.iter_rows(min_row=2) for c in r
               if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
    assert numbers and all(c.number_format in ("#,##0", "0.000", "#,##0.00") for c in numbers if c.column > 1)
    assert all(c.number_format == "0" for c in numbers if c.column == 1)  # the year: 2024, not 2,024
    schools = [r for r in book["学校达标情况"].iter_rows(values_only=True)]
    missing = schools[0].index("未达标指标")
    assert any("县级及以上骨干教师" in (r[missing] or "") for r in schools[1:])
    assert not any("backbone_teachers" in (r[missing] or "") for r in schools[1:])
    rep = gap_report(read_school_table(DATA / "bureau_county.xlsx"))
    assert rep.cvs["binding"].sum() == 1  # the backbone CV, above its threshold
    from sim.assessment.gap_report import format_report
    from tests.passing_county import write_passing_county

    calm = gap_report(read_school_table(write_passing_county(tmp_path / "calm.csv")))  # every CV < 0.3 x its limit
    assert calm.cvs["binding"].sum() == 0 and "CV nearest its threshold" in format_report(calm)
